//! Path helpers: relative paths with `/`, `.` and `..` removed, configuration paths resolved.
//! A leaf: it uses no other module of the crate.

use std::path::{Path, PathBuf};

/// A relative path with `/` separators, whatever the platform.
pub(crate) fn slashes(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The path from directory `from` to `to`, both absolute, with `/` separators.
pub(crate) fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// Removes `.` and `..` components without touching the file system.
pub(crate) fn normalise(path: &std::path::Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The directory of a path written in the configuration, relative to the workspace root.
pub(crate) fn resolve(root: &Path, relative: &str) -> PathBuf {
    if Path::new(relative).is_absolute() {
        return PathBuf::from(relative);
    }
    relative
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .fold(root.to_owned(), |p, c| p.join(c))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    #[test]
    fn resolves_configured_paths() {
        assert_eq!(resolve(Path::new("/w"), "./a//b/"), PathBuf::from("/w/a/b"));
        assert_eq!(
            normalise(Path::new("/w/a/../b/./c")),
            PathBuf::from("/w/b/c")
        );
        assert_eq!(slashes(Path::new("a").join("b").as_path()), "a/b");
    }

    #[test]
    fn relative_paths_climb_and_descend() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b));
        assert_eq!(r("/w/registration", "/w/plugins/geo"), "../plugins/geo");
        assert_eq!(r("/w/a/b", "/w/a/b/c"), "c");
        assert_eq!(r("/w/a", "/w/a"), ".");
        assert_eq!(r("/w/a/b/c", "/w"), "../../..");
    }
}
