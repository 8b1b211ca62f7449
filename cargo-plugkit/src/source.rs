//! How a crate that `cargo plugkit` creates depends on plugkit, plugkit-build and the host-API
//! crate: through the source the workspace already uses for them, never an invented version.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::generate::quote;
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

/// The dependency line (`name = …` or `name.workspace = true`, with its newline) for `name`
/// in a crate created in `dest`, read from, in order: `[workspace.dependencies]`; a member's
/// own dependency on it (path, git or registry, as written); a member of that name; Cargo.lock.
///
/// `sibling` names a crate whose source this one shares when the workspace does not use it
/// (plugkit-build is found where plugkit is: beside it on disk, in the same git repository, or
/// at its version in the registry).
pub(crate) fn dependency_line(
    workspace: &Workspace,
    name: &str,
    sibling: Option<&str>,
    dest: &Path,
) -> Result<String, Error> {
    if workspace_dependency(workspace, name) {
        return Ok(format!("{name}.workspace = true\n"));
    }
    let source = source(workspace, name).or_else(|| {
        let sibling = sibling?;
        match source(workspace, sibling)? {
            Source::Path(dir) => {
                let beside = dir.parent()?.join(name);
                if beside.join("Cargo.toml").is_file() {
                    Some(Source::Path(beside))
                } else {
                    locked(workspace, sibling)
                }
            }
            other => Some(other),
        }
    });
    let Some(source) = source else {
        return Err(Error::Invalid {
            message: format!(
                "the workspace does not use `{name}` yet, so where it comes from (a path, git or \
                 a registry version) is unknown"
            ),
            fix: format!(
                "add `{name}` to `[workspace.dependencies]` of {}, or as a dependency of a member",
                workspace.display(&workspace.manifest_path)
            ),
        });
    };
    let value = match source {
        Source::Path(dir) => format!("{{ path = {} }}", quote(&relative(dest, &dir))),
        Source::Git(keys) => format!("{{ {keys} }}"),
        Source::Version(req) => quote(&req),
    };
    Ok(format!("{name} = {value}\n"))
}

fn workspace_dependency(workspace: &Workspace, name: &str) -> bool {
    workspace
        .manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table_like())
        .is_some_and(|d| d.iter().any(|(k, _)| same_name(k, name)))
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
