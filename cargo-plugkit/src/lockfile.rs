//! Reading package versions from Cargo.lock directly (no cargo call, a TOML parse), and finding
//! versions of one crate that semver says are incompatible.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use semver::Version;
use serde::Deserialize;

use crate::Error;

/// The part of Cargo.lock that plugkit reads.
#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    package: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    version: String,
    #[serde(default)]
    source: Option<String>,
}

/// The versions of each package that Cargo.lock records, and where each comes from.
#[derive(Debug, Default)]
pub(crate) struct Lockfile {
    versions: BTreeMap<String, BTreeSet<Version>>,
    /// Per package, each copy: its version and source (`None` for a path or a member).
    copies: BTreeMap<String, BTreeSet<(Version, Option<String>)>>,
}

impl Lockfile {
    /// Reads `Cargo.lock` in `root`; a workspace without one has an empty lockfile.
    pub(crate) fn read(root: &Path) -> Result<Lockfile, Error> {
        let path = root.join("Cargo.lock");
        match std::fs::read_to_string(&path) {
            Ok(text) => Lockfile::parse(&text).map_err(|message| Error::Toml { path, message }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Lockfile::default()),
            Err(e) => Err(Error::read(path, e)),
        }
    }

    /// Reads the `[[package]]` entries' `name` and `version`; the message says what is wrong.
    pub(crate) fn parse(text: &str) -> Result<Lockfile, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?;
        let mut lock = Lockfile::default();
        for entry in raw.package {
            // A version cargo wrote is semver; anything else cannot be compared, so is skipped.
            if let Ok(version) = Version::parse(&entry.version) {
                lock.versions
                    .entry(entry.name.clone())
                    .or_default()
                    .insert(version.clone());
                lock.copies
                    .entry(entry.name)
                    .or_default()
                    .insert((version, entry.source));
            }
        }
        Ok(lock)
    }

    /// Every version of `name`, lowest first.
    pub(crate) fn versions(&self, name: &str) -> impl DoubleEndedIterator<Item = &Version> {
        self.versions.get(name).into_iter().flatten()
    }

    /// Every version of `name` that comes from a registry, lowest first: what a new crate may
    /// depend on by version alone.
    pub(crate) fn registry_versions(
        &self,
        name: &str,
    ) -> impl DoubleEndedIterator<Item = &Version> {
        self.copies
            .get(name)
            .into_iter()
            .flatten()
            .filter(|(_, source)| {
                source
                    .as_deref()
                    .is_some_and(|s| s.starts_with("registry+"))
            })
            .map(|(version, _)| version)
    }

    /// Fails when Cargo.lock holds more than one package `name` (two versions, or one version
    /// from two sources): for plugkit, each copy has its own registry, and plugins registered
    /// with one are not seen by a host that reads another.
    pub(crate) fn check_one(&self, name: &str) -> Result<(), Error> {
        let copies: Vec<String> = self
            .copies
            .get(name)
            .into_iter()
            .flatten()
            .map(|(version, source)| match source.as_deref() {
                Some(s) if s.starts_with("registry+") => format!("{version} (registry)"),
                Some(source) => format!("{version} from {source}"),
                None => format!("{version} (path)"),
            })
            .collect();
        if copies.len() > 1 {
            return Err(Error::SplitVersions {
                krate: name.to_owned(),
                versions: copies,
            });
        }
        Ok(())
    }

    /// Fails when `name` is locked at two versions that semver says are incompatible.
    pub(crate) fn check_single(&self, name: &str) -> Result<(), Error> {
        let mut buckets: BTreeMap<(u64, u64, u64), &Version> = BTreeMap::new();
        for version in self.versions(name) {
            buckets.entry(compatibility(version)).or_insert(version);
        }
        if buckets.len() > 1 {
            let mut versions: Vec<&Version> = buckets.into_values().collect();
            versions.sort();
            return Err(Error::SplitVersions {
                krate: name.to_owned(),
                versions: versions.iter().map(ToString::to_string).collect(),
            });
        }
        Ok(())
    }
}

/// Versions with the same key are semver-compatible: same major, or for 0.x the same minor,
/// or for 0.0.x the same patch.
fn compatibility(v: &Version) -> (u64, u64, u64) {
    match (v.major, v.minor) {
        (0, 0) => (0, 0, v.patch),
        (0, minor) => (0, minor, 0),
        (major, _) => (major, 0, 0),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    const LOCK: &str = r#"# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "plugkit"
version = "0.1.0"

[[package]]
name = "plugkit"
version = "0.1.4"
dependencies = [
 "serde",
]

[[package]]
name = "serde"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "serde"
version = "2.0.0-alpha.1"
"#;

    #[test]
    fn reads_every_version_of_a_package() {
        let lock = Lockfile::parse(LOCK).unwrap();
        let versions: Vec<String> = lock.versions("plugkit").map(ToString::to_string).collect();
        assert_eq!(versions, ["0.1.0", "0.1.4"]);
        assert_eq!(lock.versions("none").count(), 0);
    }

    #[test]
    fn compatible_versions_pass_and_incompatible_ones_are_named() {
        let lock = Lockfile::parse(LOCK).unwrap();
        assert!(lock.check_single("plugkit").is_ok());
        assert_eq!(
            lock.check_single("serde").unwrap_err().to_string(),
            "Cargo.lock holds 2 copies of `serde`: 1.0.0 and 2.0.0-alpha.1; they would split the \
             plugin registry in two\n  fix: make every crate depend on one `serde`, from one \
             source at one version (`cargo tree -i serde` shows who pulls in which)"
        );
    }

    #[test]
    fn zero_versions_follow_cargos_caret_rules() {
        let v = |s| Version::parse(s).unwrap();
        assert_eq!(compatibility(&v("0.1.0")), compatibility(&v("0.1.9")));
        assert_ne!(compatibility(&v("0.1.0")), compatibility(&v("0.2.0")));
        assert_ne!(compatibility(&v("0.0.1")), compatibility(&v("0.0.2")));
        assert_eq!(compatibility(&v("1.0.0")), compatibility(&v("1.9.0")));
        assert_ne!(compatibility(&v("1.0.0")), compatibility(&v("2.0.0")));
    }

    #[test]
    fn reads_it_as_toml_whatever_the_layout() {
        // Keys in another order, inline tables and comments: still the same entries.
        let lock = Lockfile::parse(
            "version = 4\n# a comment\n[[package]]\nversion = \"0.2.0\" # after\nname = \"plugkit\"\n\
             \n[[package]]\n  name   =   'plugkit'\n  version = '0.2.1'\n",
        )
        .unwrap();
        let versions: Vec<String> = lock.versions("plugkit").map(ToString::to_string).collect();
        assert_eq!(versions, ["0.2.0", "0.2.1"]);
        assert!(
            Lockfile::parse("")
                .unwrap()
                .versions("plugkit")
                .next()
                .is_none()
        );
    }

    #[test]
    fn a_lockfile_that_is_not_toml_is_an_error_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.lock"), "[[package]\nname = 1\n").unwrap();
        let err = Lockfile::read(dir.path()).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "{} is not valid TOML: TOML parse error at line 1",
                dir.path().join("Cargo.lock").display()
            )),
            "{err}"
        );
        assert!(
            err.ends_with("\n  fix: correct the TOML at the line and column shown"),
            "{err}"
        );
    }

    #[test]
    fn a_missing_lockfile_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Lockfile::read(dir.path())
                .unwrap()
                .versions("plugkit")
                .count(),
            0
        );
    }

    #[test]
    fn only_registry_copies_are_versions_a_new_crate_may_name() {
        let lock = Lockfile::parse(LOCK).unwrap();
        // Both plugkit copies are paths or members: no version to write down.
        assert_eq!(lock.registry_versions("plugkit").count(), 0);
        let serde: Vec<String> = lock
            .registry_versions("serde")
            .map(ToString::to_string)
            .collect();
        assert_eq!(serde, ["1.0.0"]);
        assert_eq!(
            lock.check_one("plugkit").unwrap_err().to_string(),
            "Cargo.lock holds 2 copies of `plugkit`: 0.1.0 (path) and 0.1.4 (path); they would \
             split the plugin registry in two\n  fix: make every crate depend on one `plugkit`, \
             from one source at one version (`cargo tree -i plugkit` shows who pulls in which)"
        );
    }
}
