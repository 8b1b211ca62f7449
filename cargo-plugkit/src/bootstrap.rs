//! A member may depend on a registration crate before `sync` has created it; cargo then cannot
//! load the workspace at all. Which registration crates are missing is read from the root
//! manifest before cargo runs (reading only): `sync` creates them first, and removes them
//! again if the sync fails; `--check` and `--locked` report them as drift.

use std::path::{Path, PathBuf};

use crate::config;
use crate::known::{Crate, PLUGKIT, PLUGKIT_BUILD};
use crate::lockfile::Lockfile;
use crate::write::Created;
use crate::{Error, Options, generate};

/// A registration crate that the root manifest configures and that does not exist yet.
#[derive(Debug)]
pub(crate) struct Missing {
    /// The workspace root.
    pub(crate) root: PathBuf,
    /// The files `sync` will write for it: its manifest, `src/lib.rs` and `build.rs`.
    pub(crate) files: Vec<PathBuf>,
    /// What it is created with before cargo runs (the manifest and an empty `src/lib.rs`), or
    /// why it cannot be, when the root manifest and Cargo.lock do not say where plugkit comes
    /// from; then the crate is created with the rest of the sync, from cargo's view of the
    /// members, if cargo can load the workspace without it.
    early: Result<Vec<(PathBuf, String)>, Error>,
}

/// The registration crates that the root manifest (found as cargo finds it) configures and
/// that do not exist; empty outside a workspace or without hosts. Writes nothing.
pub(crate) fn missing(options: &Options) -> Result<Vec<Missing>, Error> {
    let Some(root) = config::find_root(options)? else {
        return Ok(Vec::new());
    };
    let manifest_path = root.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest_path).map_err(|e| Error::read(&manifest_path, e))?;
    let doc = config::parse_manifest(&manifest_path, &text)?;
    let Ok(hosts) = config::hosts(&manifest_path, &doc) else {
        // Reported, with its line, once cargo has described the workspace.
        return Ok(Vec::new());
    };
    let mut lock: Option<Lockfile> = None;
    let mut out = Vec::new();
    for host in hosts {
        let dir = crate::paths::resolve(&root, &host.registration_path);
        let manifest = dir.join("Cargo.toml");
        if manifest.exists() {
            continue;
        }
        let lock = match &mut lock {
            Some(lock) => &*lock,
            None => lock.insert(Lockfile::read(&root)?),
        };
        let lib = dir.join("src").join("lib.rs");
        let early = early_dependency(&manifest_path, &doc, lock, PLUGKIT, &dir)
            .and_then(|plugkit| {
                Ok(generate::Dependencies {
                    plugkit,
                    plugkit_build: early_dependency(
                        &manifest_path,
                        &doc,
                        lock,
                        PLUGKIT_BUILD,
                        &dir,
                    )?,
                })
            })
            .map(|dependencies| {
                vec![
                    (
                        manifest.clone(),
                        generate::new_manifest(&host, &doc, &dependencies, ""),
                    ),
                    (lib.clone(), generate::lib_rs(&host, std::iter::empty())),
                ]
            });
        out.push(Missing {
            root: root.clone(),
            files: vec![manifest, lib, dir.join("build.rs")],
            early,
        });
    }
    Ok(out)
}

/// Creates each missing registration crate (with no plugins yet) so that cargo can load a
/// workspace whose members depend on it; the sync then writes its files whole, as new ones.
/// The caller undoes it if the sync fails.
pub(crate) fn create(missing: &[Missing]) -> Result<Created, Error> {
    let files: Vec<(PathBuf, String)> = missing
        .iter()
        .filter_map(|m| m.early.as_ref().ok())
        .flatten()
        .cloned()
        .collect();
    let created = Created::write(&files)?;
    Ok(created)
}

impl Missing {
    /// Why it could not be created before cargo ran, if it could not.
    pub(crate) fn not_created(self) -> Option<Error> {
        self.early.err()
    }
}

/// A dependency line for a crate created before cargo can describe the workspace: from
/// `[workspace.dependencies]` (found by package name; plugkit-build also beside plugkit's path,
/// or from plugkit's git repository), else the version Cargo.lock holds; never an invented
/// version.
fn early_dependency(
    manifest_path: &Path,
    doc: &toml_edit::DocumentMut,
    lock: &Lockfile,
    krate: Crate<'_>,
    dir: &Path,
) -> Result<String, Error> {
    let shared = |krate: Crate<'_>| {
        doc.get("workspace")
            .and_then(|w| w.get("dependencies"))
            .and_then(|d| d.as_table_like())
            .and_then(|d| d.iter().find(|(k, v)| krate.is_declared_by(k, v)))
    };
    let root = manifest_path.parent().unwrap_or(Path::new("."));
    if let Some((key, value)) = shared(krate) {
        if krate.usable_key(key) {
            return Ok(format!("{key}.workspace = true\n"));
        }
        // Renamed: `key.workspace = true` cannot give it the name generated code uses.
        if let Some(line) = copied(krate, value, root, dir, false) {
            return Ok(line);
        }
    }
    if krate == PLUGKIT_BUILD
        && let Some((_, plugkit)) = shared(PLUGKIT)
        && let Some(line) = copied(krate, plugkit, root, dir, true)
    {
        return Ok(line);
    }
    let name = krate.package;
    match lock.registry_versions(name).next_back() {
        Some(v) => Ok(krate.line(&format!("version = \"{}.{}\"", v.major, v.minor))),
        None => Err(Error::config(
            manifest_path,
            "workspace.dependencies",
            format!("has no `{name}`, which the registration crate needs"),
            format!(
                "add `{}` to `[workspace.dependencies]` (or a `path` or `git` source)",
                krate.line("version = \"…\"").trim_end()
            ),
        )),
    }
}

/// `krate`'s dependency line for a crate in `dir`, from the source of the workspace dependency
/// `value` (`root` is the workspace root): its path (or, `beside`, the directory of the
/// package's name beside it) when a crate is there, its git repository or its version.
fn copied(
    krate: Crate<'_>,
    value: &toml_edit::Item,
    root: &Path,
    dir: &Path,
    beside: bool,
) -> Option<String> {
    if let Some(path) = value.get("path").and_then(|p| p.as_str()) {
        let mut at = root.join(path);
        if beside {
            at = at.parent()?.join(krate.package);
        }
        if at.join("Cargo.toml").is_file() {
            let rel = crate::paths::relative(dir, &at);
            return Some(krate.line(&format!("path = {}", generate::quote(&rel))));
        }
    }
    if let Some(git) = value.get("git").and_then(|g| g.as_str()) {
        return Some(krate.line(&format!("git = {}", generate::quote(git))));
    }
    let version = value
        .as_str()
        .or_else(|| value.get("version").and_then(|v| v.as_str()))?;
    Some(krate.line(&format!("version = {}", generate::quote(version))))
}
