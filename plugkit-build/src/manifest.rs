//! A package manifest (`Cargo.toml`), read for what linking plugins needs: the package, its
//! dependencies as declared (renames, optional, target-specific, sources), its features and
//! `[package.metadata.plugkit]`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::Error;

/// The keys of `[package.metadata.plugkit]`.
pub(crate) const METADATA_KEYS: &[&str] = &["host", "host-api", "enabled", "features"];

/// The parts of a `Cargo.toml` plugkit-build reads.
#[derive(Clone, Debug, Default)]
pub(crate) struct Manifest {
    pub(crate) path: PathBuf,
    /// `[package] name`, if the manifest has a package.
    pub(crate) name: Option<String>,
    /// `[package] version`, when written out (not inherited).
    pub(crate) version: Option<String>,
    pub(crate) dependencies: Vec<Dependency>,
    pub(crate) features: BTreeMap<String, Vec<String>>,
    /// `[package.metadata.plugkit]`.
    pub(crate) plugkit: Option<Table>,
    /// The library target's crate name, if the package has a library.
    pub(crate) lib_name: Option<String>,
    /// The whole document, for workspace keys.
    pub(crate) table: Table,
}

/// Which table a dependency is declared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Normal,
    Build,
    Dev,
}

/// One dependency as declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dependency {
    /// The key: the name Rust code uses (after `-` → `_`).
    pub(crate) key: String,
    /// The package it names (`package = "..."`, else the key).
    pub(crate) package: String,
    pub(crate) kind: Kind,
    pub(crate) optional: bool,
    /// The `target.<this>.dependencies` key: `cfg(...)` or a target triple.
    pub(crate) target: Option<String>,
    /// `path = "..."`, absolute.
    pub(crate) path: Option<PathBuf>,
    pub(crate) git: bool,
    pub(crate) version: Option<String>,
    pub(crate) features: Vec<String>,
    /// `default-features = false` turns this off.
    pub(crate) default_features: bool,
}

impl Manifest {
    /// Reads and parses `path`.
    pub(crate) fn read(path: &Path) -> Result<Manifest, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
        Manifest::parse(path, &text)
    }

    /// Parses a manifest's text; `path` is where it lives (paths in it are relative to its
    /// directory).
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Manifest, Error> {
        let table: Table = toml::from_str(text).map_err(|e| Error::Invalid {
            path: path.to_owned(),
            message: e.to_string().trim_end().to_owned(),
            fix: "correct the TOML; `cargo metadata` shows how cargo reads it".to_owned(),
        })?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let package = table.get("package").and_then(Value::as_table);
        let name = package
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let version = package
            .and_then(|p| p.get("version"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let plugkit = package
            .and_then(|p| p.get("metadata"))
            .and_then(|m| m.get("plugkit"))
            .and_then(Value::as_table)
            .cloned();
        let mut dependencies = Vec::new();
        for (kind, keys) in [
            (Kind::Normal, ["dependencies", "dependencies"]),
            (Kind::Build, ["build-dependencies", "build_dependencies"]),
            (Kind::Dev, ["dev-dependencies", "dev_dependencies"]),
        ] {
            for key in dedup(keys) {
                if let Some(deps) = table.get(key).and_then(Value::as_table) {
                    read_dependencies(dir, deps, kind, None, &mut dependencies);
                }
                if let Some(targets) = table.get("target").and_then(Value::as_table) {
                    for (target, t) in targets {
                        if let Some(deps) = t.get(key).and_then(Value::as_table) {
                            read_dependencies(dir, deps, kind, Some(target), &mut dependencies);
                        }
                    }
                }
            }
        }
        let features = table
            .get("features")
            .and_then(Value::as_table)
            .map(|f| {
                f.iter()
                    .map(|(name, list)| (name.clone(), strings(list)))
                    .collect()
            })
            .unwrap_or_default();
        let lib = table.get("lib").and_then(Value::as_table);
        let autolib = package
            .and_then(|p| p.get("autolib"))
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let has_lib = lib.is_some() || (autolib && dir.join("src/lib.rs").is_file());
        let lib_name = has_lib.then(|| {
            lib.and_then(|l| l.get("name"))
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| name.as_deref().map(crate::names::normalise))
                .unwrap_or_default()
        });
        Ok(Manifest {
            path: path.to_owned(),
            name,
            version,
            dependencies,
            features,
            plugkit,
            lib_name,
            table,
        })
    }

    /// The manifest's directory.
    pub(crate) fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Replaces `x.workspace = true` dependencies with what `[workspace.dependencies]` of
    /// `root` says, as cargo does.
    pub(crate) fn inherit(&mut self, root: &Manifest) {
        let Some(shared) = root
            .table
            .get("workspace")
            .and_then(|w| w.get("dependencies"))
            .and_then(Value::as_table)
        else {
            return;
        };
        let mut inherited = Vec::new();
        read_dependencies(root.dir(), shared, Kind::Normal, None, &mut inherited);
        for dep in &mut self.dependencies {
            if let Some(from) = inherited.iter().find(|d| d.key == dep.key)
                && dep.path.is_none()
                && dep.version.is_none()
                && !dep.git
            {
                dep.package.clone_from(&from.package);
                dep.path.clone_from(&from.path);
                dep.git = from.git;
                dep.version.clone_from(&from.version);
                dep.features.extend(from.features.iter().cloned());
                dep.default_features &= from.default_features;
            }
        }
    }

    /// A string setting of `[package.metadata.plugkit]`.
    pub(crate) fn plugkit_str(&self, key: &str) -> Option<&str> {
        self.plugkit.as_ref()?.get(key)?.as_str()
    }

    /// Whether `[package.metadata.plugkit]` says this crate is not a plugin (`host = false` or
    /// `enabled = false`).
    pub(crate) fn opted_out(&self) -> bool {
        let Some(meta) = &self.plugkit else {
            return false;
        };
        meta.get("host").and_then(Value::as_bool) == Some(false)
            || meta.get("enabled").and_then(Value::as_bool) == Some(false)
    }

    /// The features that `[package.metadata.plugkit] features` says the registrations need:
    /// `None` when the key is absent. Fails on a key plugkit does not know, on a value of the
    /// wrong type, and on a feature the package does not have.
    pub(crate) fn registration_features(&self) -> Result<Option<Vec<String>>, Error> {
        let Some(meta) = &self.plugkit else {
            return Ok(None);
        };
        let invalid = |message: String, fix: String| Error::Invalid {
            path: self.path.clone(),
            message,
            fix,
        };
        for key in meta.keys() {
            if !METADATA_KEYS.contains(&key.as_str()) {
                let close = METADATA_KEYS
                    .iter()
                    .find(|k| strsim::levenshtein(k, key) <= 2)
                    .map(|k| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                return Err(invalid(
                    format!("`[package.metadata.plugkit]` has an unknown key `{key}`"),
                    format!("{close}the keys are {}", METADATA_KEYS.join(", ")),
                ));
            }
        }
        let Some(value) = meta.get("features") else {
            return Ok(None);
        };
        let names: Option<Vec<String>> = value
            .as_array()
            .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect());
        let Some(names) = names else {
            return Err(invalid(
                "`[package.metadata.plugkit] features` must be an array of feature names".into(),
                "write `features = [\"plugin\"]`".into(),
            ));
        };
        if let Some(unknown) = names.iter().find(|f| !self.features.contains_key(*f)) {
            let known: Vec<&str> = self.features.keys().map(String::as_str).collect();
            return Err(invalid(
                format!(
                    "`[package.metadata.plugkit] features` names `{unknown}`, which is not a \
                     feature of `{}`",
                    self.name.as_deref().unwrap_or("this package")
                ),
                if known.is_empty() {
                    "declare it in `[features]`, or remove it".to_owned()
                } else {
                    format!("use one of its features: {}", known.join(", "))
                },
            ));
        }
        Ok(Some(names))
    }

    /// The features that `default` turns on, directly or through other features.
    pub(crate) fn default_closure(&self) -> BTreeSet<String> {
        let mut on = BTreeSet::new();
        let mut pending = vec!["default".to_owned()];
        while let Some(f) = pending.pop() {
            for enabled in self.features.get(&f).into_iter().flatten() {
                if self.features.contains_key(enabled) && on.insert(enabled.clone()) {
                    pending.push(enabled.clone());
                }
            }
        }
        on
    }
}

fn dedup(keys: [&'static str; 2]) -> Vec<&'static str> {
    if keys[0] == keys[1] {
        vec![keys[0]]
    } else {
        keys.to_vec()
    }
}

fn read_dependencies(
    dir: &Path,
    deps: &Table,
    kind: Kind,
    target: Option<&str>,
    out: &mut Vec<Dependency>,
) {
    for (key, spec) in deps {
        let table = spec.as_table();
        let get = |k: &str| table.and_then(|t| t.get(k));
        out.push(Dependency {
            key: key.clone(),
            package: get("package")
                .and_then(Value::as_str)
                .unwrap_or(key)
                .to_owned(),
            kind,
            optional: get("optional").and_then(Value::as_bool).unwrap_or(false),
            target: target.map(str::to_owned),
            path: get("path").and_then(Value::as_str).map(|p| dir.join(p)),
            git: get("git").is_some(),
            version: spec
                .as_str()
                .or_else(|| get("version").and_then(Value::as_str))
                .map(str::to_owned),
            features: get("features").map(strings).unwrap_or_default(),
            default_features: get("default-features")
                .or_else(|| get("default_features"))
                .and_then(Value::as_bool)
                .unwrap_or(true),
        });
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    #[test]
    fn every_kind_of_dependency_is_read() {
        let m = Manifest::parse(
            Path::new("/w/host/Cargo.toml"),
            r#"
            [package]
            name = "host"
            version = "0.2.0"
            [dependencies]
            plain = "1"
            renamed = { package = "host-extra", path = "../extra" }
            maybe = { version = "0.3", optional = true, features = ["a"] }
            shared.workspace = true
            [target.'cfg(unix)'.dependencies]
            unixy = { git = "https://example.invalid/unixy" }
            [dev-dependencies]
            tested = "1"
            [features]
            plugin = ["dep:maybe"]
            [package.metadata.plugkit]
            features = ["plugin"]
            "#,
        )
        .unwrap();
        let keys: Vec<(&str, &str, Kind)> = m
            .dependencies
            .iter()
            .map(|d| (d.key.as_str(), d.package.as_str(), d.kind))
            .collect();
        assert_eq!(
            keys,
            [
                ("maybe", "maybe", Kind::Normal),
                ("plain", "plain", Kind::Normal),
                ("renamed", "host-extra", Kind::Normal),
                ("shared", "shared", Kind::Normal),
                ("unixy", "unixy", Kind::Normal),
                ("tested", "tested", Kind::Dev),
            ]
        );
        let renamed = &m.dependencies[2];
        assert_eq!(renamed.path.as_deref(), Some(Path::new("/w/host/../extra")));
        assert!(m.dependencies[0].optional);
        assert_eq!(m.dependencies[4].target.as_deref(), Some("cfg(unix)"));
        assert!(m.dependencies[4].git);
        assert_eq!(m.registration_features().unwrap().unwrap(), ["plugin"]);
        assert_eq!(m.features["plugin"], ["dep:maybe"]);
    }

    #[test]
    fn workspace_dependencies_are_inherited() {
        let root = Manifest::parse(
            Path::new("/w/Cargo.toml"),
            "[workspace.dependencies]\nshared = { path = \"libs/shared\", package = \"the-shared\" }\n",
        )
        .unwrap();
        let mut m = Manifest::parse(
            Path::new("/w/host/Cargo.toml"),
            "[package]\nname = \"host\"\n[dependencies]\nshared = { workspace = true, optional = true }\n",
        )
        .unwrap();
        m.inherit(&root);
        let dep = &m.dependencies[0];
        assert_eq!(dep.package, "the-shared");
        assert_eq!(dep.path.as_deref(), Some(Path::new("/w/libs/shared")));
        assert!(dep.optional);
    }

    #[test]
    fn a_manifest_that_is_not_toml_says_where() {
        let err = Manifest::parse(Path::new("/w/Cargo.toml"), "[package\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("/w/Cargo.toml: TOML parse error at line 1"),
            "{text}"
        );
        assert!(text.ends_with("fix: correct the TOML; `cargo metadata` shows how cargo reads it"));
    }
}
