//! The workspace a command works on: cargo's view of it, its root manifest and its hosts.

use std::path::{Path, PathBuf};

use semver::Version;
use toml_edit::DocumentMut;

use crate::config::{self, HostConfig};
use crate::lockfile::Lockfile;
use crate::metadata::{self, Metadata};
use crate::paths::slashes;
use crate::{Error, Options, Shell, diagnose};

/// Everything a command reads before it decides anything.
#[derive(Debug)]
pub(crate) struct Workspace {
    pub(crate) root: PathBuf,
    pub(crate) manifest_path: PathBuf,
    pub(crate) manifest_text: String,
    pub(crate) manifest: DocumentMut,
    pub(crate) metadata: Metadata,
    pub(crate) hosts: Vec<HostConfig>,
    pub(crate) lock: Lockfile,
}

impl Workspace {
    /// Runs `cargo metadata --no-deps`, then reads the root manifest, its hosts and Cargo.lock.
    /// Reads only: it never writes a file.
    pub(crate) fn load(options: &Options, shell: &mut Shell) -> Result<Workspace, Error> {
        find_manifest(options)?;
        shell.verbose_status("Running", format!("`{}`", metadata::command_line(options)));
        let metadata = metadata::load(options).map_err(|err| match err {
            Error::CargoFailed {
                command,
                status,
                stderr,
                fix,
            } => Error::CargoFailed {
                command,
                status,
                stderr,
                fix: diagnose::cargo_failure(options).unwrap_or(fix),
            },
            other => other,
        })?;
        let root = metadata.workspace_root.clone();
        let manifest_path = root.join("Cargo.toml");
        let manifest_text =
            std::fs::read_to_string(&manifest_path).map_err(|e| Error::read(&manifest_path, e))?;
        let manifest = config::parse_manifest(&manifest_path, &manifest_text)?;
        let hosts = config::hosts(&manifest_path, &manifest)?;
        for member in &metadata.members {
            if let Some(value) = member.plugkit_metadata() {
                config::validate_package(&member.manifest_path, value)?;
            }
        }
        let lock = Lockfile::read(&root)?;
        Ok(Workspace {
            root,
            manifest_path,
            manifest_text,
            manifest,
            metadata,
            hosts,
            lock,
        })
    }

    /// The hosts a command works on: the one named with `--host`, or all of them.
    pub(crate) fn select(&self, host: Option<&str>) -> Result<Vec<&HostConfig>, Error> {
        match host {
            None => Ok(self.hosts.iter().collect()),
            Some(name) => self
                .hosts
                .iter()
                .find(|h| h.name == name)
                .map(|h| vec![h])
                .ok_or_else(|| self.unknown_host(name)),
        }
    }

    /// The one host a command that creates something works on.
    pub(crate) fn one(&self, host: Option<&str>) -> Result<&HostConfig, Error> {
        match (host, self.hosts.as_slice()) {
            (None, [only]) => Ok(only),
            (None, _) => Err(Error::AmbiguousHost {
                known: self.hosts.iter().map(|h| h.name.clone()).collect(),
            }),
            (Some(name), hosts) => hosts
                .iter()
                .find(|h| h.name == name)
                .ok_or_else(|| self.unknown_host(name)),
        }
    }

    fn unknown_host(&self, name: &str) -> Error {
        Error::UnknownHost {
            name: name.to_owned(),
            known: self.hosts.iter().map(|h| h.name.clone()).collect(),
        }
    }

    /// The host-API crate's version: the member's, else the highest one in Cargo.lock.
    pub(crate) fn api_version(&self, host: &HostConfig) -> Result<Version, Error> {
        let not_found = || Error::ApiNotFound {
            host: host.name.clone(),
            api: host.api.clone(),
        };
        if let Some(member) = self.metadata.members.iter().find(|p| p.name == host.api) {
            return Version::parse(&member.version).map_err(|_| not_found());
        }
        self.lock
            .versions(&host.api)
            .next_back()
            .cloned()
            .ok_or_else(not_found)
    }

    /// A path for messages: relative to the workspace root when inside it, with `/`.
    pub(crate) fn display(&self, path: &Path) -> String {
        match path.strip_prefix(&self.root) {
            Ok(rel) => slashes(rel),
            Err(_) => path.display().to_string(),
        }
    }
}

/// Fails, before cargo runs, when there is no manifest to work on: the one `--manifest-path`
/// names does not exist, or no `Cargo.toml` is in the working directory or above it.
fn find_manifest(options: &Options) -> Result<(), Error> {
    let dir = match &options.cwd {
        Some(cwd) => cwd.clone(),
        None => std::env::current_dir().map_err(|e| Error::read(".", e))?,
    };
    let found = match &options.manifest_path {
        Some(path) => dir.join(path).is_file(),
        None => dir.ancestors().any(|d| d.join("Cargo.toml").is_file()),
    };
    if found {
        Ok(())
    } else {
        Err(Error::NoWorkspace {
            dir,
            manifest_path: options.manifest_path.clone(),
        })
    }
}
