//! A member may depend on a registration crate before `sync` has created it; cargo then cannot
//! load the workspace at all. `sync` recognises that failure, creates the registration crate
//! (with no plugins yet) and asks cargo again.

use std::path::{Path, PathBuf};

use crate::config::{self, HostConfig};
use crate::lockfile::Lockfile;
use crate::write::write_atomic;
use crate::{Error, Options, Shell, generate};

/// Creates the registration crate whose missing manifest made cargo fail (`stderr` is cargo's
/// message); returns whether it did.
pub(crate) fn create_missing(
    options: &Options,
    stderr: &str,
    shell: &mut Shell,
) -> Result<bool, Error> {
    let Some(missing) = missing_manifest(stderr) else {
        return Ok(false);
    };
    let Some(root) = workspace_root(options)? else {
        return Ok(false);
    };
    let manifest_path = root.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest_path).map_err(|e| Error::read(&manifest_path, e))?;
    let doc = config::parse_manifest(&manifest_path, &text)?;
    let Ok(hosts) = config::hosts(&manifest_path, &doc) else {
        return Ok(false);
    };
    let Some(host) = hosts.iter().find(|h: &&HostConfig| {
        config::resolve(&root, &h.registration_path).join("Cargo.toml") == missing
    }) else {
        return Ok(false);
    };
    let dir = config::resolve(&root, &host.registration_path);
    let lock = Lockfile::read(&root)?;
    let dependencies = generate::Dependencies {
        plugkit: early_dependency(&manifest_path, &doc, &lock, "plugkit", &dir)?,
        plugkit_build: early_dependency(&manifest_path, &doc, &lock, "plugkit-build", &dir)?,
    };
    let manifest = generate::new_manifest(host, &doc, &dependencies, "");
    let lib = generate::lib_rs(host, std::iter::empty());
    write_atomic(&missing, manifest.as_bytes())?;
    write_atomic(&dir.join("src").join("lib.rs"), lib.as_bytes())?;
    shell.status(
        "Creating",
        format!(
            "{} in {}, which a member depends on",
            host.registration, host.registration_path
        ),
    );
    Ok(true)
}

/// A dependency line for a crate created before cargo can describe the workspace: from
/// `[workspace.dependencies]` (plugkit-build also beside plugkit's path, or from plugkit's git
/// repository), else the version Cargo.lock holds; never an invented version.
fn early_dependency(
    manifest_path: &Path,
    doc: &toml_edit::DocumentMut,
    lock: &Lockfile,
    name: &str,
    dir: &Path,
) -> Result<String, Error> {
    let shared = |name: &str| {
        doc.get("workspace")
            .and_then(|w| w.get("dependencies"))
            .and_then(|d| d.get(name))
    };
    if shared(name).is_some() {
        return Ok(format!("{name}.workspace = true\n"));
    }
    if name == "plugkit-build"
        && let Some(plugkit) = shared("plugkit")
    {
        let root = manifest_path.parent().unwrap_or(Path::new("."));
        if let Some(path) = plugkit.get("path").and_then(|p| p.as_str()) {
            let parent = Path::new(path).parent().unwrap_or(Path::new(""));
            let beside = root.join(parent).join(name);
            if beside.join("Cargo.toml").is_file() {
                let rel = crate::workspace::relative(dir, &beside);
                return Ok(format!("{name} = {{ path = {} }}\n", generate::quote(&rel)));
            }
        }
        if let Some(git) = plugkit.get("git").and_then(|g| g.as_str()) {
            return Ok(format!("{name} = {{ git = {} }}\n", generate::quote(git)));
        }
        let version = plugkit
            .as_str()
            .or_else(|| plugkit.get("version").and_then(|v| v.as_str()));
        if let Some(version) = version {
            return Ok(format!("{name} = {}\n", generate::quote(version)));
        }
    }
    match lock.versions(name).next_back() {
        Some(v) => Ok(format!("{name} = \"{}.{}\"\n", v.major, v.minor)),
        None => Err(Error::config(
            manifest_path,
            "workspace.dependencies",
            format!("has no `{name}`, which the registration crate needs"),
            format!("add `{name}` to `[workspace.dependencies]` (a path, git or version)"),
        )),
    }
}

/// The manifest cargo could not read, from "failed to read `…/Cargo.toml`".
fn missing_manifest(stderr: &str) -> Option<PathBuf> {
    let rest = &stderr[stderr.find("failed to read `")? + "failed to read `".len()..];
    let path = PathBuf::from(&rest[..rest.find('`')?]);
    (path.file_name()? == "Cargo.toml").then_some(path)
}

/// The workspace root as cargo finds it: the nearest `Cargo.toml` with a `[workspace]` table
/// at or above the manifest (or the working directory).
fn workspace_root(options: &Options) -> Result<Option<PathBuf>, Error> {
    let cwd = match &options.cwd {
        Some(cwd) => cwd.clone(),
        None => std::env::current_dir().map_err(|e| Error::read(".", e))?,
    };
    let start = match &options.manifest_path {
        Some(manifest) => cwd.join(manifest).parent().map(Path::to_owned),
        None => Some(cwd),
    };
    for dir in start.iter().flat_map(|s| s.ancestors()) {
        let candidate = dir.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&candidate)
            && config::parse_manifest(&candidate, &text)?
                .get("workspace")
                .is_some()
        {
            return Ok(Some(dir.to_owned()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    #[test]
    fn reads_the_missing_manifest_from_cargos_message() {
        let stderr = "error: failed to load manifest for workspace member `/w/app`\n\nCaused by:\n  \
                      failed to read `/w/registration/Cargo.toml`\n\nCaused by:\n  No such file";
        assert_eq!(
            missing_manifest(stderr),
            Some(PathBuf::from("/w/registration/Cargo.toml"))
        );
        assert_eq!(missing_manifest("failed to read `/w/src/lib.rs`"), None);
        assert_eq!(missing_manifest("something else"), None);
    }
}
