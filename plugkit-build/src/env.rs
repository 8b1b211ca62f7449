//! What cargo tells a build script about the build: the package, its enabled features and the
//! target's `cfg` values.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use cfg_expr::{Expression, Predicate, TargetPredicate};

use crate::Error;

/// The build a build script runs for, as cargo describes it in the environment.
#[derive(Clone, Debug, Default)]
pub(crate) struct BuildEnv {
    pub(crate) manifest_dir: PathBuf,
    pub(crate) out_dir: PathBuf,
    /// The target triple.
    pub(crate) target: String,
    /// Enabled features, in the form of `CARGO_FEATURE_<NAME>`: upper case, `-` as `_`.
    pub(crate) features: BTreeSet<String>,
    /// `CARGO_CFG_<KEY>` values, the key lower-case, multi-valued keys split at commas.
    pub(crate) cfg: BTreeMap<String, Vec<String>>,
}

impl BuildEnv {
    /// Reads the environment cargo gives a build script.
    pub(crate) fn from_env() -> Result<BuildEnv, Error> {
        let var = |name: &'static str| std::env::var_os(name).ok_or(Error::MissingEnv { name });
        let mut env = BuildEnv {
            manifest_dir: var("CARGO_MANIFEST_DIR")?.into(),
            out_dir: var("OUT_DIR")?.into(),
            target: var("TARGET")?.to_string_lossy().into_owned(),
            ..BuildEnv::default()
        };
        for (key, value) in std::env::vars_os() {
            let (Some(key), value) = (key.to_str(), value.to_string_lossy()) else {
                continue;
            };
            if let Some(feature) = key.strip_prefix("CARGO_FEATURE_") {
                env.features.insert(feature.to_owned());
            } else if let Some(cfg) = key.strip_prefix("CARGO_CFG_") {
                env.cfg.insert(
                    cfg.to_ascii_lowercase(),
                    value
                        .split(',')
                        .filter(|v| !v.is_empty())
                        .map(str::to_owned)
                        .collect(),
                );
            }
        }
        Ok(env)
    }

    /// Whether the package's feature `name` is enabled.
    pub(crate) fn feature(&self, name: &str) -> bool {
        self.features
            .contains(&name.to_ascii_uppercase().replace('-', "_"))
    }

    /// Whether a `target.<key>.dependencies` table applies to this build: `key` is a
    /// `cfg(...)` expression or a target triple. An expression cargo would reject counts as
    /// not applying, and is returned as the error.
    pub(crate) fn target_applies(&self, key: &str) -> Result<bool, String> {
        if !key.starts_with("cfg(") {
            return Ok(key == self.target);
        }
        let expr = Expression::parse(key).map_err(|e| e.to_string())?;
        Ok(expr.eval(|p| self.predicate(p)))
    }

    fn predicate(&self, p: &Predicate<'_>) -> bool {
        let has = |key: &str, val: &str| {
            self.cfg
                .get(key)
                .is_some_and(|vs| vs.iter().any(|v| v == val))
        };
        match p {
            Predicate::Target(t) => match t {
                TargetPredicate::Abi(v) => has("target_abi", v.as_str()),
                TargetPredicate::Arch(v) => has("target_arch", v.as_str()),
                TargetPredicate::Endian(v) => {
                    has("target_endian", &format!("{v:?}").to_ascii_lowercase())
                }
                TargetPredicate::Env(v) => has("target_env", v.as_str()),
                TargetPredicate::Family(v) => has("target_family", v.as_str()),
                TargetPredicate::HasAtomic(v) => has("target_has_atomic", &v.to_string()),
                TargetPredicate::Os(v) => has("target_os", v.as_str()),
                TargetPredicate::Panic(v) => has("panic", v.as_str()),
                TargetPredicate::PointerWidth(w) => has("target_pointer_width", &w.to_string()),
                TargetPredicate::Vendor(v) => has("target_vendor", v.as_str()),
            },
            Predicate::Feature(f) => self.feature(f),
            Predicate::TargetFeature(f) => has("target_feature", f),
            Predicate::Flag(flag) => self.cfg.contains_key(*flag),
            Predicate::KeyValue { key, val } => has(key, val),
            Predicate::Test | Predicate::DebugAssertions | Predicate::ProcMacro => false,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    fn linux() -> BuildEnv {
        let mut env = BuildEnv {
            target: "x86_64-unknown-linux-gnu".into(),
            ..BuildEnv::default()
        };
        for (k, v) in [
            ("target_os", "linux"),
            ("target_family", "unix"),
            ("unix", ""),
            ("target_arch", "x86_64"),
            ("target_pointer_width", "64"),
            ("target_endian", "little"),
        ] {
            env.cfg.insert(
                k.into(),
                v.split(',')
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
        env.features.insert("PLUGIN_SET".into());
        env
    }

    #[test]
    fn cfg_keys_are_evaluated_for_the_target() {
        let env = linux();
        assert_eq!(env.target_applies("cfg(unix)"), Ok(true));
        assert_eq!(env.target_applies("cfg(windows)"), Ok(false));
        assert_eq!(env.target_applies("cfg(target_os = \"linux\")"), Ok(true));
        assert_eq!(
            env.target_applies("cfg(all(target_arch = \"x86_64\", not(target_os = \"macos\")))"),
            Ok(true)
        );
        assert_eq!(
            env.target_applies("cfg(target_pointer_width = \"32\")"),
            Ok(false)
        );
        assert_eq!(
            env.target_applies("cfg(target_endian = \"little\")"),
            Ok(true)
        );
        assert_eq!(env.target_applies("x86_64-unknown-linux-gnu"), Ok(true));
        assert_eq!(env.target_applies("aarch64-apple-darwin"), Ok(false));
        assert!(env.target_applies("cfg(all(").is_err());
        assert!(env.feature("plugin-set"));
        assert!(!env.feature("plugin"));
    }
}
