//! Cargo.lock, parsed as the TOML it is: the resolved packages and what each depends on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Error;

/// The resolved dependency graph as Cargo.lock records it.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct Lockfile {
    #[serde(default, rename = "package")]
    pub(crate) packages: Vec<Locked>,
    /// The indices of `packages` by name with `-` as `_`: each dependency is looked up once,
    /// not by a scan of every package.
    #[serde(skip)]
    by_name: HashMap<String, Vec<usize>>,
}

/// One resolved package.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct Locked {
    pub(crate) name: String,
    pub(crate) version: String,
    /// `registry+…` or `git+…`; absent for path dependencies and workspace members.
    #[serde(default)]
    pub(crate) source: Option<String>,
    /// `name`, `name version` or `name version (source)`.
    #[serde(default)]
    pub(crate) dependencies: Vec<String>,
}

impl Locked {
    /// Whether this package depends on a package called `name` (`-` and `_` the same).
    pub(crate) fn depends_on(&self, name: &str) -> bool {
        self.dependencies
            .iter()
            .any(|d| crate::names::same(d.split(' ').next().unwrap_or(d), name))
    }
}

impl Lockfile {
    /// Parses `path`.
    pub(crate) fn read(path: &Path) -> Result<Lockfile, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
        Lockfile::parse(path, &text)
    }

    pub(crate) fn parse(path: &Path, text: &str) -> Result<Lockfile, Error> {
        let mut lock: Lockfile = toml::from_str(text).map_err(|e| Error::Invalid {
            path: path.to_owned(),
            message: e.to_string().trim_end().to_owned(),
            fix: "delete Cargo.lock and let cargo write it again".to_owned(),
        })?;
        for (i, p) in lock.packages.iter().enumerate() {
            lock.by_name
                .entry(crate::names::normalise(&p.name))
                .or_default()
                .push(i);
        }
        Ok(lock)
    }

    /// The locked package a declared dependency resolved to: same name, and among several
    /// versions the one whose source kind and version requirement fit.
    pub(crate) fn resolve(&self, dep: &crate::manifest::Dependency) -> Option<&Locked> {
        let mut candidates = self
            .by_name
            .get(&crate::names::normalise(&dep.package))
            .into_iter()
            .flatten()
            .map(|&i| &self.packages[i]);
        let first = candidates.next()?;
        let rest: Vec<&Locked> = candidates.collect();
        if rest.is_empty() {
            return Some(first);
        }
        let req = dep
            .version
            .as_deref()
            .and_then(|v| semver::VersionReq::parse(v).ok());
        std::iter::once(first)
            .chain(rest)
            .filter(|p| {
                let source_fits = match (&p.source, dep.path.is_some(), dep.git) {
                    (None, true, _) => true,
                    (Some(s), false, true) => s.starts_with("git+"),
                    (Some(s), false, false) => !s.starts_with("git+"),
                    _ => false,
                };
                let version_fits = req.as_ref().is_none_or(|r| {
                    semver::Version::parse(&p.version).is_ok_and(|v| r.matches(&v))
                });
                source_fits && version_fits
            })
            .max_by(|a, b| {
                let v = |p: &Locked| semver::Version::parse(&p.version).ok();
                v(a).cmp(&v(b))
            })
    }
}

/// The package name plugkit is published under, which Cargo.lock records whatever name a
/// dependent gives it (`plugkit` is another project's package in the registry).
pub(crate) const PLUGKIT: &str = "plugkit-framework";

impl Lockfile {
    /// Fails when Cargo.lock (at `path`) holds two plugkit packages (two versions, or one
    /// package from two sources): each has its own registry, and plugins registered with one
    /// are not seen by a host that reads the other.
    pub(crate) fn one_plugkit(&self, path: &Path) -> Result<(), Error> {
        let found: Vec<String> = self
            .packages
            .iter()
            .filter(|p| p.name == PLUGKIT)
            .map(|p| match p.source.as_deref() {
                Some(s) if s.starts_with("registry+") => format!("{} (registry)", p.version),
                Some(source) => format!("{} from {source}", p.version),
                None => format!("{} (path)", p.version),
            })
            .collect();
        if found.len() < 2 {
            return Ok(());
        }
        Err(Error::Invalid {
            path: path.to_owned(),
            message: format!(
                "the build holds {} plugkit packages ({}); each has its own registry, so plugins \
                 registered with one are not seen by a host that reads another",
                found.len(),
                found.join("; ")
            ),
            fix: format!(
                "make every crate depend on plugkit from the same source and version (`cargo \
                 tree -i {PLUGKIT}` shows who brings which); for a git or path plugin, a \
                 `[patch]` section can point them at one"
            ),
        })
    }
}

/// The Cargo.lock that governs the package in `dir`: in it or the nearest directory above.
pub(crate) fn find(dir: &Path) -> Result<PathBuf, Error> {
    dir.ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|p| p.is_file())
        .ok_or_else(|| Error::NoLockfile {
            dir: dir.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;
    use crate::manifest::Manifest;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "extra"
version = "0.1.0"
dependencies = ["plugkit-framework"]

[[package]]
name = "extra"
version = "0.2.0"
source = "registry+https://example.invalid/index"
dependencies = ["plugkit-framework 0.1.0 (registry+https://example.invalid/index)"]

[[package]]
name = "plugkit-framework"
version = "0.1.0"
"#;

    #[test]
    fn a_dependency_resolves_to_the_locked_package_of_its_source() {
        let lock = Lockfile::parse(Path::new("Cargo.lock"), LOCK).unwrap();
        let manifest = |spec: &str| {
            Manifest::parse(
                Path::new("/w/Cargo.toml"),
                &format!("[package]\nname = \"h\"\n[dependencies]\nextra = {spec}\n"),
            )
            .unwrap()
            .dependencies
            .remove(0)
        };
        let by_path = lock.resolve(&manifest("{ path = \"extra\" }")).unwrap();
        assert_eq!(by_path.version, "0.1.0");
        let by_registry = lock.resolve(&manifest("\"0.2\"")).unwrap();
        assert_eq!(by_registry.version, "0.2.0");
        assert!(by_registry.depends_on(PLUGKIT));
        assert!(!by_registry.depends_on("plugkit"));
    }

    #[test]
    fn a_broken_lockfile_says_how_to_recover() {
        let err =
            Lockfile::parse(Path::new("/w/Cargo.lock"), "[[package]]\nname = 1\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("/w/Cargo.lock: TOML parse error"),
            "{text}"
        );
        assert!(
            text.ends_with("fix: delete Cargo.lock and let cargo write it again"),
            "{text}"
        );
    }
}
