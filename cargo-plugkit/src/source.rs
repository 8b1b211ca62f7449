//! How a crate that `cargo plugkit` creates depends on plugkit, plugkit-build and the host-API
//! crate: through the source the workspace already uses for them, never an invented version.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::generate::quote;
use crate::known::Crate;
use crate::metadata::same_name;
use crate::paths::relative;
use crate::workspace::Workspace;

/// Where a dependency comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Source {
    /// A directory (absolute).
    Path(PathBuf),
    /// A git repository: the inline table's keys after `git = …`, already written.
    Git(String),
    /// A registry version requirement.
    Version(String),
}

/// The dependency line (`key = …` or `key.workspace = true`, with its newline) for `krate`
/// in a crate created in `dest`, read from, in order: `[workspace.dependencies]`; a member's
/// own dependency on it (path, git or registry, as written); a member of that name; Cargo.lock.
/// Each is found by the package name, however the workspace names the dependency.
///
/// `sibling` names a crate whose source this one shares when the workspace does not use it
/// (plugkit-build is found where plugkit is: beside it on disk, in the same git repository, or
/// at its version in the registry).
pub(crate) fn dependency_line(
    workspace: &Workspace,
    krate: Crate<'_>,
    sibling: Option<Crate<'_>>,
    dest: &Path,
) -> Result<String, Error> {
    if let Some(key) = workspace_dependency(workspace, krate) {
        return Ok(format!("{key}.workspace = true\n"));
    }
    let source = source(workspace, krate.package).or_else(|| {
        let sibling = sibling?;
        match source(workspace, sibling.package)? {
            Source::Path(dir) => {
                let beside = dir.parent()?.join(krate.package);
                if beside.join("Cargo.toml").is_file() {
                    Some(Source::Path(beside))
                } else {
                    locked(workspace, sibling.package)
                }
            }
            other => Some(other),
        }
    });
    let Some(source) = source else {
        let name = krate.package;
        return Err(Error::Invalid {
            message: format!(
                "the workspace does not use `{name}` yet, so where it comes from (a path, git or \
                 a registry version) is unknown"
            ),
            fix: format!(
                "add `{}` (or a `path` or `git` source) to `[workspace.dependencies]` of {}, or \
                 as a dependency of a member",
                krate.line("version = \"…\"").trim_end(),
                workspace.display(&workspace.manifest_path)
            ),
        });
    };
    let keys = match source {
        Source::Path(dir) => format!("path = {}", quote(&relative(dest, &dir))),
        Source::Git(keys) => keys,
        Source::Version(req) => format!("version = {}", quote(&req)),
    };
    Ok(krate.line(&keys))
}

/// The key of the `[workspace.dependencies]` entry on `krate` that a member can inherit as
/// it is (`key.workspace = true` cannot rename).
fn workspace_dependency(workspace: &Workspace, krate: Crate<'_>) -> Option<String> {
    workspace
        .manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table_like())?
        .iter()
        .find(|(k, v)| krate.is_declared_by(k, v) && krate.usable_key(k))
        .map(|(k, _)| k.to_owned())
}

/// Where the workspace gets `name`: a member's dependency on it, a member of that name, or
/// the version Cargo.lock holds.
fn source(workspace: &Workspace, name: &str) -> Option<Source> {
    let declared = workspace
        .metadata
        .members
        .iter()
        .find_map(|p| p.dependency_on(name));
    if let Some(dep) = declared {
        if let Some(path) = &dep.path {
            return Some(Source::Path(path.clone()));
        }
        if let Some(git) = dep.source.as_deref().and_then(|s| s.strip_prefix("git+")) {
            let (url, query) = git.split_once('?').unwrap_or((git, ""));
            let url = url.split('#').next().unwrap_or(url);
            let mut keys = format!("git = {}", quote(url));
            for pair in query.split('&') {
                if let Some((key, value)) = pair.split_once('=')
                    && matches!(key, "branch" | "tag" | "rev")
                {
                    keys.push_str(&format!(", {key} = {}", quote(value)));
                }
            }
            return Some(Source::Git(keys));
        }
        return Some(Source::Version(dep.req.clone()));
    }
    if let Some(member) = workspace
        .metadata
        .members
        .iter()
        .find(|p| same_name(&p.name, name))
    {
        return Some(Source::Path(member.dir().to_owned()));
    }
    locked(workspace, name)
}

fn locked(workspace: &Workspace, name: &str) -> Option<Source> {
    let version = workspace.lock.registry_versions(name).next_back()?;
    Some(Source::Version(format!(
        "{}.{}",
        version.major, version.minor
    )))
}
