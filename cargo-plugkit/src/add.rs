//! `cargo plugkit add`: record a published plugin crate for a host, then sync.

use std::path::{Path, PathBuf};

use toml_edit::{InlineTable, Item, Table, Value};

use crate::config;
use crate::metadata::same_name;
use crate::paths::{normalise, relative};
use crate::update::{self, SyncArgs, SyncReport};
use crate::workspace::Workspace;
use crate::{Error, Options, Shell};

/// What `add` is asked to record.
///
/// ```
/// let args = cargo_plugkit::AddArgs { spec: "compas-like-trimesh@0.3".into(), ..Default::default() };
/// assert!(args.path.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddArgs {
    /// `<crate>[@<version requirement>]`.
    pub spec: String,
    /// `--path`: a local directory holding the crate (relative to the working directory).
    pub path: Option<PathBuf>,
    /// `--host`: the host it plugs into; inferred from the prefix, or the only host.
    pub host: Option<String>,
}

/// Records a published plugin in `[workspace.metadata.plugkit.hosts.<host>.published]` (keeping
/// the manifest's formatting) and syncs: the plugin is checked and linked like a member.
/// Nothing is written unless the whole sync succeeds.
///
/// ```no_run
/// use cargo_plugkit::{AddArgs, MessageFormat, Options, Shell};
///
/// let args = AddArgs { spec: "compas-like-trimesh".into(), path: Some("vendor/trimesh".into()), host: None };
/// let mut shell = Shell::captured(false, false, MessageFormat::Human);
/// cargo_plugkit::add(&Options::default(), &args, &mut shell)?;
/// # Ok::<(), cargo_plugkit::Error>(())
/// ```
pub fn add(options: &Options, args: &AddArgs, shell: &mut Shell) -> Result<SyncReport, Error> {
    record_and_sync(options, args, shell).map_err(Error::with_line)
}

fn record_and_sync(
    options: &Options,
    args: &AddArgs,
    shell: &mut Shell,
) -> Result<SyncReport, Error> {
    let (given_name, req) = match args.spec.split_once('@') {
        Some((name, req)) => (name, Some(req)),
        None => (args.spec.as_str(), None),
    };
    check_name(given_name)?;
    // With `--path`, the name the crate has (`-` and `_` the same) is the one recorded.
    let mut name = given_name.to_owned();
    if let Some(req) = req {
        semver::VersionReq::parse(req).map_err(|e| Error::Invalid {
            message: format!("`{req}` is not a version requirement: {e}"),
            fix: format!("write `{name}@1.2` or `{name}@=1.2.3`"),
        })?;
    }
    let mut workspace = Workspace::load(options, shell)?;
    if workspace.metadata.members.iter().any(|p| p.name == name) {
        return Err(Error::Invalid {
            message: format!("`{name}` is a member of this workspace"),
            fix: "`cargo plugkit sync` finds members by themselves; `add` is for published plugin crates".to_owned(),
        });
    }
    let host = match (&args.host, workspace.hosts.as_slice()) {
        (Some(h), _) => workspace.one(Some(h))?.clone(),
        (None, [only]) => only.clone(),
        (None, hosts) => hosts
            .iter()
            .filter(|h| name.starts_with(&h.prefix))
            .max_by_key(|h| h.prefix.len())
            .cloned()
            .ok_or_else(|| Error::AmbiguousHost {
                known: hosts.iter().map(|h| h.name.clone()).collect(),
            })?,
    };
    let path = match &args.path {
        None => None,
        Some(p) => {
            let cwd = match &options.cwd {
                Some(cwd) => cwd.clone(),
                None => std::env::current_dir().map_err(|e| Error::read(".", e))?,
            };
            let dir = cwd.join(p);
            let manifest = dir.join("Cargo.toml");
            if !manifest.is_file() {
                return Err(Error::Invalid {
                    message: format!("{} has no Cargo.toml", dir.display()),
                    fix: "give `--path` the directory of the plugin crate".to_owned(),
                });
            }
            name = check_crate_at(&manifest, given_name, req, &p.display().to_string())?;
            Some(relative(&workspace.root, &normalise(&dir)))
        }
    };
    if req.is_none() && path.is_none() {
        return Err(Error::Invalid {
            message: format!("no version given for `{name}`"),
            fix: format!(
                "give a version requirement (`cargo plugkit add {name}@1.2`) or a local \
                 directory (`--path`); `add` does not search the registry"
            ),
        });
    }
    let value = match (&path, req) {
        (None, Some(req)) => Value::from(req),
        (Some(path), req) => {
            let mut table = InlineTable::new();
            if let Some(req) = req {
                table.insert("version", Value::from(req));
            }
            table.insert("path", Value::from(path.as_str()));
            Value::InlineTable(table)
        }
        (None, None) => Value::from("*"),
    };
    let manifest_path = workspace.manifest_path.clone();
    let host_table =
        config::host_table_mut(&mut workspace.manifest, &host.name).ok_or_else(|| {
            Error::config(
                &manifest_path,
                format!("{}.{}", config::HOSTS_KEY, host.name),
                "is not a table",
                "write it as a `[table]`",
            )
        })?;
    let published = host_table
        .entry("published")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| {
            Error::config(
                &manifest_path,
                format!("{}.{}.published", config::HOSTS_KEY, host.name),
                "is not a table",
                "write it as `[workspace.metadata.plugkit.hosts.<host>.published]`",
            )
        })?;
    let replaced = published.insert(&name, Item::Value(value)).is_some();
    workspace.hosts = config::hosts(&manifest_path, &workspace.manifest)?;
    shell.status(
        if replaced { "Updating" } else { "Adding" },
        format!(
            "{name}{} to the published plugins of host `{}`",
            req.map(|r| format!(" {r}")).unwrap_or_default(),
            host.name
        ),
    );
    let sync_args = SyncArgs {
        host: Some(host.name.clone()),
        ..SyncArgs::default()
    };
    update::run(
        &workspace,
        options,
        &sync_args,
        &crate::write::Created::default(),
        shell,
    )
}

/// Fails unless the crate at `manifest` is `name` (`-` and `_` the same) and, when a
/// requirement is given, its version is one the requirement accepts: otherwise the
/// registration crate would name a dependency cargo cannot resolve.
fn check_crate_at(
    manifest: &Path,
    name: &str,
    req: Option<&str>,
    given: &str,
) -> Result<String, Error> {
    let text = std::fs::read_to_string(manifest).map_err(|e| Error::read(manifest, e))?;
    let doc = config::parse_manifest(manifest, &text)?;
    let package = doc.get("package");
    let Some(actual) = package.and_then(|p| p.get("name")).and_then(|n| n.as_str()) else {
        return Err(Error::Invalid {
            message: format!("{} has no `[package]` name", manifest.display()),
            fix: "give `--path` the directory of the plugin crate (not of a workspace)".to_owned(),
        });
    };
    if !same_name(actual, name) {
        return Err(Error::Invalid {
            message: format!(
                "{} is the crate `{actual}`, not `{name}`",
                manifest.display()
            ),
            fix: format!("run `cargo plugkit add {actual} --path {given}`"),
        });
    }
    let version = package
        .and_then(|p| p.get("version"))
        .and_then(|v| match v.as_str() {
            Some(text) => Some(text.to_owned()),
            // `version.workspace = true`: its own workspace's `[workspace.package]` says.
            None => inherited_version(manifest),
        })
        .and_then(|v| semver::Version::parse(&v).ok());
    if let (Some(req), Some(version)) = (req, version) {
        let parsed = semver::VersionReq::parse(req).map_err(|e| Error::Invalid {
            message: format!("`{req}` is not a version requirement: {e}"),
            fix: format!("write `{name}@1.2` or `{name}@=1.2.3`"),
        })?;
        if !parsed.matches(&version) {
            return Err(Error::Invalid {
                message: format!(
                    "`{name}` at {} is version {version}, which `{req}` does not accept",
                    manifest.display()
                ),
                fix: format!(
                    "run `cargo plugkit add {name}@{version} --path {given}`, or point `--path` \
                     at a copy that `{req}` accepts"
                ),
            });
        }
    }
    Ok(actual.to_owned())
}

/// `[workspace.package] version` of the nearest workspace root above `manifest`.
fn inherited_version(manifest: &Path) -> Option<String> {
    manifest.ancestors().skip(1).find_map(|dir| {
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        let doc = text.parse::<toml_edit::DocumentMut>().ok()?;
        let version = doc.get("workspace")?.get("package")?.get("version")?;
        version.as_str().map(str::to_owned)
    })
}

fn check_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid {
            message: format!("`{name}` is not a crate name"),
            fix: "crate names use letters, digits, `-` and `_`, and do not start with a digit"
                .to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    #[test]
    fn an_inherited_version_is_checked_against_the_requirement() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"w\"]\n\n[workspace.package]\nversion = \"0.3.1\"\n",
        )
        .unwrap();
        std::fs::create_dir(root.join("w")).unwrap();
        let manifest = root.join("w/Cargo.toml");
        std::fs::write(
            &manifest,
            "[package]\nname = \"h-w\"\nversion.workspace = true\n",
        )
        .unwrap();
        assert_eq!(
            check_crate_at(&manifest, "h_w", Some("0.3"), "v/w").unwrap(),
            "h-w"
        );
        let err = check_crate_at(&manifest, "h-w", Some("0.4"), "v/w").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "`h-w` at {} is version 0.3.1, which `0.4` does not accept\n  fix: run \
                 `cargo plugkit add h-w@0.3.1 --path v/w`, or point `--path` at a copy that \
                 `0.4` accepts",
                manifest.display()
            )
        );
    }
}
