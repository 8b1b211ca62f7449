//! What the plugin crate's own `Cargo.toml` says about a name in `requires`: whether it is a
//! dependency, and under which `cfg` (target, features, tests) it is compiled in.
//!
//! A crate the plugin depends on is part of the plugin whether or not the linker keeps it, so
//! `requires = ["trimesh"]` with `trimesh` in `[dependencies]` is met without any code naming
//! `trimesh`. Everything is decided from the manifest text when the macro expands; a manifest
//! that cannot be read or parsed leaves the requirement to the run-time check (a linked crate or
//! a declared capability of that name).
//!
//! Without the `manifest` feature (plugkit's `requires-manifest`), the manifest is not parsed
//! and toml is not compiled: every name is left to the run-time check.

#[cfg(feature = "manifest")]
use toml::{Table, Value};

/// One way the plugin crate depends on the required crate: one entry of one dependency table.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "manifest"), allow(dead_code))] // only the manifest makes one
pub(crate) struct Way {
    /// The `cfg` predicate of a `[target.'cfg(..)'.dependencies]` table (the text inside
    /// `cfg(..)`); `None` for a table of every target.
    pub(crate) target: Option<String>,
    /// For an optional dependency, the plugin's features that enable it (any one is enough),
    /// sorted; `None` for a dependency that is always compiled in.
    pub(crate) features: Option<Vec<String>>,
    /// Whether it is a `[dev-dependencies]` entry: compiled in for tests and benches only.
    pub(crate) dev: bool,
}

/// The ways the crate whose manifest is `text` depends on `name` (`-` and `_` are the same; a
/// renamed dependency is found by its key or by its `package`). Empty when `name` is not a
/// dependency, when the manifest does not parse, or when it is one only under a target-triple
/// key (`[target.x86_64-pc-windows-gnu.dependencies]`: a macro cannot tell the target triple,
/// so such entries are left to the run-time check). `[build-dependencies]` are never counted:
/// they are not linked into the plugin.
#[cfg(feature = "manifest")]
pub(crate) fn ways(text: &str, name: &str) -> Vec<Way> {
    let Ok(manifest) = text.parse::<Table>() else {
        return Vec::new();
    };
    let features = manifest.get("features").and_then(Value::as_table);
    let mut ways = Vec::new();
    let mut scan = |table: &Table, target: Option<&str>| {
        for (kind, dev) in [
            ("dependencies", false),
            ("dev-dependencies", true),
            ("dev_dependencies", true),
        ] {
            let Some(deps) = table.get(kind).and_then(Value::as_table) else {
                continue;
            };
            for (key, spec) in deps {
                let package = spec
                    .as_table()
                    .and_then(|t| t.get("package"))
                    .and_then(Value::as_str);
                if !same_name(key, name) && !package.is_some_and(|p| same_name(p, name)) {
                    continue;
                }
                let optional = spec
                    .as_table()
                    .and_then(|t| t.get("optional"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                ways.push(Way {
                    target: target.map(str::to_owned),
                    features: optional.then(|| enabling_features(features, key)),
                    dev,
                });
            }
        }
    };
    scan(&manifest, None);
    if let Some(targets) = manifest.get("target").and_then(Value::as_table) {
        for (key, table) in targets {
            let (Some(table), Some(cfg)) = (table.as_table(), cfg_inside(key)) else {
                continue;
            };
            scan(table, Some(cfg));
        }
    }
    ways
}

/// Without the `manifest` feature: none, so every name is left to the run-time check.
#[cfg(not(feature = "manifest"))]
pub(crate) fn ways(_text: &str, _name: &str) -> Vec<Way> {
    Vec::new()
}

/// `unix` for the key `cfg(unix)`; `None` for a target triple.
#[cfg(feature = "manifest")]
fn cfg_inside(key: &str) -> Option<&str> {
    key.trim()
        .strip_prefix("cfg(")
        .and_then(|rest| rest.strip_suffix(')'))
        .map(str::trim)
}

/// The features of the plugin that enable its optional dependency `key`: those listing
/// `dep:key` or `key/..` (not the weak `key?/..`), and the implicit feature `key` when no
/// `dep:key` appears anywhere. Sorted.
#[cfg(feature = "manifest")]
fn enabling_features(features: Option<&Table>, key: &str) -> Vec<String> {
    let values = |f: &Value| -> Vec<String> {
        f.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let dep = format!("dep:{key}");
    let strong = format!("{key}/");
    let mut found = Vec::new();
    let mut explicit = false;
    for (feature, list) in features.into_iter().flatten() {
        let list = values(list);
        explicit |= list.contains(&dep);
        if list.iter().any(|v| *v == dep || v.starts_with(&strong)) {
            found.push(feature.clone());
        }
    }
    if !explicit {
        found.push(key.to_owned());
    }
    found.sort();
    found.dedup();
    found
}

/// Cargo's rule for package and crate names: `-` and `_` are the same.
#[cfg(feature = "manifest")]
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x == y || (matches!(x, b'-' | b'_') && matches!(y, b'-' | b'_')))
}

#[cfg(all(test, feature = "manifest"))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::{Way, ways};

    fn always() -> Way {
        Way {
            target: None,
            features: None,
            dev: false,
        }
    }

    const MANIFEST: &str = r#"
        [package]
        name = "my-plugin"
        version = "0.1.0"

        [dependencies]
        trimesh = "1"
        geo_types = { version = "0.7" }
        mesh-io = { package = "real-mesh-io", version = "2" }
        rhino = { version = "1", optional = true }
        gpu = { version = "1", optional = true }
        cuda = { version = "1", optional = true }
        weak = { version = "1", optional = true }

        [target.'cfg(windows)'.dependencies]
        winapi = "0.3"
        [target."cfg(any(unix, target_os = \"wasi\"))".dependencies]
        nix = { version = "0.29", optional = true }
        [target.x86_64-pc-windows-gnu.dependencies]
        only-triple = "1"

        [dev-dependencies]
        proptest = "1"

        [build-dependencies]
        cc = "1"

        [features]
        default = []
        mesh = ["dep:gpu"]
        full = ["mesh", "cuda/extra", "weak?/x"]
        posix = ["dep:nix"]
    "#;

    #[test]
    fn a_plain_dependency_is_always_met() {
        assert_eq!(ways(MANIFEST, "trimesh"), [always()]);
        assert_eq!(ways(MANIFEST, "geo-types"), [always()]);
    }

    #[test]
    fn a_renamed_dependency_is_found_by_its_key_or_its_package() {
        assert_eq!(ways(MANIFEST, "mesh-io"), [always()]);
        assert_eq!(ways(MANIFEST, "real_mesh_io"), [always()]);
    }

    #[test]
    fn an_optional_dependency_is_met_by_the_features_that_enable_it() {
        // No `dep:rhino` anywhere: the implicit feature `rhino`.
        let feature = |fs: &[&str]| Way {
            features: Some(fs.iter().map(|f| (*f).to_owned()).collect()),
            ..always()
        };
        assert_eq!(ways(MANIFEST, "rhino"), [feature(&["rhino"])]);
        // `dep:gpu` removes the implicit feature.
        assert_eq!(ways(MANIFEST, "gpu"), [feature(&["mesh"])]);
        // `cuda/extra` enables `cuda`, and the implicit feature stays.
        assert_eq!(ways(MANIFEST, "cuda"), [feature(&["cuda", "full"])]);
        // `weak?/x` does not enable `weak`.
        assert_eq!(ways(MANIFEST, "weak"), [feature(&["weak"])]);
    }

    #[test]
    fn a_target_dependency_is_met_on_its_cfg() {
        assert_eq!(
            ways(MANIFEST, "winapi"),
            [Way {
                target: Some("windows".to_owned()),
                ..always()
            }]
        );
        assert_eq!(
            ways(MANIFEST, "nix"),
            [Way {
                target: Some("any(unix, target_os = \"wasi\")".to_owned()),
                features: Some(vec!["posix".to_owned()]),
                dev: false,
            }]
        );
    }

    #[test]
    fn dev_dependencies_count_for_tests_only() {
        assert_eq!(
            ways(MANIFEST, "proptest"),
            [Way {
                dev: true,
                ..always()
            }]
        );
    }

    #[test]
    fn what_is_not_a_dependency_is_left_to_the_run_time_check() {
        assert!(ways(MANIFEST, "not-a-dependency").is_empty());
        assert!(
            ways(MANIFEST, "cc").is_empty(),
            "build-dependencies are not linked"
        );
        assert!(
            ways(MANIFEST, "only-triple").is_empty(),
            "a triple key is left to run time"
        );
        assert!(
            ways("[dependencies\ntrimesh = ", "trimesh").is_empty(),
            "unparsable"
        );
        assert!(ways("", "trimesh").is_empty());
    }

    #[test]
    fn a_dependency_inherited_from_the_workspace_is_found_by_its_key() {
        let text = r#"
            [dependencies]
            trimesh = { workspace = true }
            gpu = { workspace = true, optional = true }
        "#;
        assert_eq!(ways(text, "trimesh"), [always()]);
        assert_eq!(
            ways(text, "gpu"),
            [Way {
                features: Some(vec!["gpu".to_owned()]),
                ..always()
            }]
        );
    }

    #[test]
    fn a_crate_listed_twice_has_each_way() {
        let text = r#"
            [dependencies]
            gl = { version = "1", optional = true }
            [target.'cfg(unix)'.dependencies]
            gl = "1"
        "#;
        assert_eq!(
            ways(text, "gl"),
            [
                Way {
                    features: Some(vec!["gl".to_owned()]),
                    ..always()
                },
                Way {
                    target: Some("unix".to_owned()),
                    ..always()
                }
            ]
        );
    }
}
