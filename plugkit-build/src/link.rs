//! Linking every plugin crate among a host package's dependencies: the `cargo add` way.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::env::BuildEnv;
use crate::lock::{self, Lockfile, PLUGKIT};
use crate::manifest::{Dependency, Kind, Manifest};
use crate::names;
use crate::{Error, output};

/// The file [`Linker::link`] writes into `OUT_DIR`, which `plugkit::linked_plugins!()` includes.
pub const LINKED_FILE: &str = "plugkit_linked_plugins.rs";

/// The environment variable through which [`Linker::link`] gives rustc that file's path: a
/// build script that no longer calls it leaves `plugkit::linked_plugins!()` a compile error,
/// never a stale list.
pub const LINKED_ENV: &str = "PLUGKIT_LINKED_PLUGINS";

/// Whether a `.rs` file under `dir` writes `linked_plugins!`.
fn mentions_macro(dir: &Path) -> bool {
    let pattern = dir.join("**").join("*.rs");
    glob::glob(&pattern.to_string_lossy())
        .map(|paths| {
            paths.flatten().any(|p| {
                std::fs::read_to_string(p).is_ok_and(|text| text.contains("linked_plugins!"))
            })
        })
        .unwrap_or(false)
}

/// Finds the plugin crates among a package's dependencies and writes the code that links them:
/// what `plugkit::linked_plugins!()` includes. [`link_plugins`](crate::link_plugins) is
/// `Linker::new().link()`.
///
/// A dependency is a plugin crate when its Cargo.lock entry depends on plugkit or on a crate
/// named with [`api`](Linker::api), when it carries `[package.metadata.plugkit]`, or when it
/// depends on another dependency that is a plugin crate by these rules (a plugin that reaches
/// plugkit through its host's re-export depends on the host alone); a crate whose metadata says
/// `host = false` or `enabled = false`, or one named with [`exclude`](Linker::exclude), is not.
/// A dependency taken for a plugin that registers nothing is an error at `init`, naming it and
/// both ways out. Only the dependencies this build uses count: an
/// optional one when its feature is on, a target-specific one when its `cfg` holds.
///
/// ```no_run
/// // build.rs of a host whose plugins depend on its API crate `myhost-api` only.
/// fn main() {
///     plugkit_build::Linker::new().api("myhost-api").exclude("myhost-testing").link();
/// }
/// ```
#[derive(Clone, Debug, Default)]
pub struct Linker {
    apis: Vec<String>,
    exclude: Vec<String>,
}

/// One plugin crate to link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Linked {
    /// The name Rust code uses for it in this package.
    pub(crate) extern_name: String,
    pub(crate) package: String,
    pub(crate) version: String,
    /// Features its registrations need that this package's dependency does not turn on.
    pub(crate) features_off: Vec<String>,
}

/// What a build script decided: the plugins, and the files whose change must rerun it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) package: String,
    pub(crate) plugins: Vec<Linked>,
    pub(crate) rerun_if_changed: BTreeSet<PathBuf>,
}

impl Linker {
    /// A linker that counts a dependency on plugkit as the mark of a plugin crate.
    pub fn new() -> Self {
        Linker::default()
    }

    /// Also counts a dependency on the host-API crate `name` as the mark of a plugin crate
    /// (for plugins that reach plugkit through the host's re-export). `name` itself is not a
    /// plugin.
    pub fn api(mut self, name: &str) -> Self {
        self.apis.push(name.to_owned());
        self
    }

    /// Never links `name`, although it looks like a plugin crate.
    pub fn exclude(mut self, name: &str) -> Self {
        self.exclude.push(name.to_owned());
        self
    }

    /// Writes `$OUT_DIR/plugkit_linked_plugins.rs` and tells cargo to rerun the build script
    /// only when the manifest or Cargo.lock changes. An error becomes a `compile_error!` in
    /// that file, so it is reported where `plugkit::linked_plugins!()` is written; this function
    /// never panics.
    pub fn link(&self) {
        output::run(LINKED_FILE, Some(LINKED_ENV), |env| {
            let plan = self.plan(env)?;
            let mut warnings = Vec::new();
            if !mentions_macro(&env.manifest_dir.join("src")) {
                warnings.push(format!(
                    "plugkit-build links the plugin crates of `{}`, but no file under its src/ \
                     writes `plugkit::linked_plugins!()`, so none of them is linked: pass it to \
                     `plugkit::init_expecting` at the start of `main`",
                    plan.package
                ));
            }
            Ok(output::Generated {
                text: render(&plan),
                rerun_if_changed: plan.rerun_if_changed,
                warnings,
            })
        });
    }

    pub(crate) fn plan(&self, env: &BuildEnv) -> Result<Plan, Error> {
        let manifest_path = env.manifest_dir.join("Cargo.toml");
        let mut manifest = Manifest::read(&manifest_path)?;
        let mut rerun = BTreeSet::from([manifest_path]);
        if let Some(root) = workspace_root(&env.manifest_dir) {
            let root = Manifest::read(&root)?;
            manifest.inherit(&root);
            rerun.insert(root.path.clone());
        }
        let lock_path = lock::find(&env.manifest_dir)?;
        let lock = Lockfile::read(&lock_path)?;
        lock.one_plugkit(&lock_path)?;
        rerun.insert(lock_path);
        let mut candidates = Vec::new();
        for dep in &manifest.dependencies {
            if !self.in_build(&manifest, dep, env) {
                continue;
            }
            let Some(locked) = lock.resolve(dep) else {
                continue;
            };
            let dep_manifest = dependency_manifest(dep, &locked.name, &locked.version);
            if let Some(m) = &dep_manifest {
                rerun.insert(m.path.clone());
            }
            candidates.push((dep, locked, dep_manifest));
        }
        let chosen = self.plugins_among(&candidates);
        let mut plugins = Vec::new();
        for (i, (dep, locked, dep_manifest)) in candidates.iter().enumerate() {
            if !chosen[i] {
                continue;
            }
            let extern_name = if names::same(&dep.key, &dep.package) {
                dep_manifest
                    .as_ref()
                    .and_then(|m| m.lib_name.clone())
                    .unwrap_or_else(|| names::normalise(&dep.package))
            } else {
                names::normalise(&dep.key)
            };
            let mut enabled = enabled_features_of(&manifest, dep, env);
            let features_off = match &dep_manifest {
                None => Vec::new(),
                Some(m) => {
                    if dep.default_features {
                        enabled.extend(m.default_closure());
                    }
                    match m.registration_features()? {
                        Some(needed) => {
                            let off: Vec<String> = needed
                                .into_iter()
                                .filter(|f| !enabled.contains(f))
                                .collect();
                            if !off.is_empty() {
                                return Err(needed_feature_off(&manifest, &locked.name, &off));
                            }
                            off
                        }
                        // Undeclared: any feature left off may be one its registrations need.
                        None => m
                            .features
                            .keys()
                            .filter(|f| *f != "default" && !enabled.contains(*f))
                            .cloned()
                            .collect(),
                    }
                }
            };
            plugins.push(Linked {
                extern_name,
                package: locked.name.clone(),
                version: locked.version.clone(),
                features_off,
            });
        }
        plugins.sort_by(|a, b| a.package.cmp(&b.package));
        plugins.dedup_by(|a, b| a.package == b.package && a.version == b.version);
        Ok(Plan {
            package: manifest.name.clone().unwrap_or_default(),
            plugins,
            rerun_if_changed: rerun,
        })
    }

    /// Whether cargo builds `dep` into this package in this build.
    fn in_build(&self, manifest: &Manifest, dep: &Dependency, env: &BuildEnv) -> bool {
        if dep.kind != Kind::Normal {
            return false;
        }
        if let Some(target) = &dep.target
            && !env.target_applies(target).unwrap_or(false)
        {
            return false;
        }
        !dep.optional || optional_enabled(manifest, &dep.key, env)
    }

    /// Which of the dependencies are plugin crates: those that depend on plugkit or on a named
    /// API crate, or carry plugkit metadata; then, until nothing changes, those that depend on
    /// one of these (a plugin that reaches plugkit through its host's re-export depends on the
    /// host alone). Excluded and opted-out crates never are.
    fn plugins_among(
        &self,
        candidates: &[(&Dependency, &crate::lock::Locked, Option<Manifest>)],
    ) -> Vec<bool> {
        let eligible: Vec<bool> = candidates
            .iter()
            .map(|(_, locked, manifest)| {
                let named = |list: &[String]| list.iter().any(|n| names::same(n, &locked.name));
                !(named(&self.exclude)
                    || named(&self.apis)
                    || manifest.as_ref().is_some_and(Manifest::opted_out))
            })
            .collect();
        let mut chosen: Vec<bool> = candidates
            .iter()
            .zip(&eligible)
            .map(|((_, locked, manifest), &eligible)| {
                eligible
                    && (locked.depends_on(PLUGKIT)
                        || self.apis.iter().any(|api| locked.depends_on(api))
                        || manifest.as_ref().is_some_and(|m| m.plugkit.is_some()))
            })
            .collect();
        loop {
            let marks: Vec<String> = candidates
                .iter()
                .zip(&chosen)
                .filter(|(_, c)| **c)
                .map(|((_, locked, _), _)| locked.name.clone())
                .collect();
            let mut changed = false;
            for (i, (_, locked, _)) in candidates.iter().enumerate() {
                if eligible[i] && !chosen[i] && marks.iter().any(|m| locked.depends_on(m)) {
                    chosen[i] = true;
                    changed = true;
                }
            }
            if !changed {
                return chosen;
            }
        }
    }
}

/// A plugin whose registrations need features (its `[package.metadata.plugkit] features`)
/// that this package's dependency on it leaves off: its registrations would be compiled out.
fn needed_feature_off(manifest: &Manifest, plugin: &str, off: &[String]) -> Error {
    let list = off
        .iter()
        .map(|f| format!("{f:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    Error::Invalid {
        path: manifest.path.clone(),
        message: format!(
            "plugin crate `{plugin}` registers under its feature{} {}, which this package's \
             dependency on it does not enable; without {} the plugin would be linked with no \
             registrations",
            if off.len() == 1 { "" } else { "s" },
            off.iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if off.len() == 1 { "it" } else { "them" },
        ),
        fix: format!("add `features = [{list}]` to the dependency on `{plugin}`"),
    }
}

/// Whether the optional dependency `key` is on: a feature that names `dep:key` or `key/…`
/// is enabled, or the implicit feature `key` is.
fn optional_enabled(manifest: &Manifest, key: &str, env: &BuildEnv) -> bool {
    env.feature(key)
        || manifest.features.iter().any(|(feature, enables)| {
            env.feature(feature)
                && enables.iter().any(|e| {
                    e.strip_prefix("dep:") == Some(key)
                        || e.split_once('/').is_some_and(|(d, _)| d == key)
                })
        })
}

/// The features of `dep` that this package turns on: in the dependency's declaration, or
/// through an enabled feature of its own (`key/feature`, `key?/feature`).
fn enabled_features_of(manifest: &Manifest, dep: &Dependency, env: &BuildEnv) -> BTreeSet<String> {
    let mut on: BTreeSet<String> = dep.features.iter().cloned().collect();
    for (feature, enables) in &manifest.features {
        if !env.feature(feature) {
            continue;
        }
        for e in enables {
            if let Some((d, f)) = e.split_once('/')
                && d.trim_end_matches('?') == dep.key
            {
                on.insert(f.to_owned());
            }
        }
    }
    on
}

/// The dependency's own manifest, where this machine has it: a path dependency's, or an
/// unpacked registry crate's. Git dependencies are judged by Cargo.lock alone.
fn dependency_manifest(dep: &Dependency, name: &str, version: &str) -> Option<Manifest> {
    if let Some(path) = &dep.path {
        return Manifest::read(&path.join("Cargo.toml")).ok();
    }
    if dep.git {
        return None;
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
    let pattern = home
        .join("registry/src/*")
        .join(format!("{name}-{version}"))
        .join("Cargo.toml");
    let found = glob::glob(&pattern.to_string_lossy())
        .ok()?
        .flatten()
        .next()?;
    Manifest::read(&found).ok()
}

/// The manifest of the workspace that holds the package in `dir`, if it is not its own.
pub(crate) fn workspace_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(|d| {
        let path = d.join("Cargo.toml");
        let text = std::fs::read_to_string(&path).ok()?;
        let table: toml::Table = toml::from_str(&text).ok()?;
        table.contains_key("workspace").then_some(path)
    })
}

/// The generated file: an expression of type `&'static [plugkit::ExpectedPlugin]` that also
/// links each plugin crate.
pub(crate) fn render(plan: &Plan) -> String {
    let mut out = format!(
        "// @generated by plugkit-build for `{}` from its Cargo.toml and Cargo.lock: the plugin\n\
         // crates among its dependencies, as (package, version, linking package, features left\n\
         // off). Included by `plugkit::linked_plugins!()`, which names plugkit through `$crate`,\n\
         // so this file names no path and works through a host's re-export of plugkit.\n{{\n",
        plan.package
    );
    for p in &plan.plugins {
        let _ = writeln!(out, "    extern crate {} as _;", p.extern_name);
    }
    out.push_str("    [\n");
    for p in &plan.plugins {
        let _ = writeln!(
            out,
            "        ({:?}, {:?}, {:?}, &{:?}),",
            p.package, p.version, plan.package, p.features_off
        );
    }
    out.push_str("    ]\n}\n");
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use std::collections::BTreeMap;

    use super::*;

    /// A host package `host` in a temporary directory with `deps` in its manifest, path plugins
    /// `p-path` and `p-opt` beside it, and a Cargo.lock where `p-git`, `p-reg` and `p-path`
    /// depend on plugkit (the package `plugkit-framework`), and `plain` and `deplug` (which
    /// depends on the registry's unrelated package `plugkit`) do not.
    fn host(deps: &str, features: &str, extra_lock: &str) -> (tempfile::TempDir, BuildEnv) {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "host/Cargo.toml",
            &format!(
                "[package]\nname = \"host\"\nversion = \"0.1.0\"\n\n[dependencies]\n{deps}\n\
                 [features]\n{features}\n"
            ),
        );
        for (dir, name, meta) in [
            ("p-path", "p-path", ""),
            ("p-opt", "p-opt", ""),
            (
                "p-meta",
                "p-meta",
                "\n[features]\nplugin = []\n\n[package.metadata.plugkit]\nfeatures = [\"plugin\"]\n",
            ),
            (
                "p-feat",
                "p-feat",
                "\n[features]\ndefault = [\"std\"]\nstd = []\nplugin = []\nextra = []\n",
            ),
            (
                "p-typo",
                "p-typo",
                "\n[package.metadata.plugkit]\nfeature = [\"plugin\"]\n",
            ),
            (
                "p-out",
                "p-out",
                "\n[package.metadata.plugkit]\nhost = false\n",
            ),
        ] {
            write(
                &format!("{dir}/Cargo.toml"),
                &format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n{meta}"),
            );
            write(&format!("{dir}/src/lib.rs"), "");
        }
        let mut lock = String::from("version = 4\n");
        for (name, source, deps) in [
            ("host", None, ""),
            ("p-path", None, "\"plugkit-framework\""),
            ("p-opt", None, "\"plugkit-framework\""),
            ("p-meta", None, ""),
            ("p-feat", None, "\"plugkit-framework\""),
            ("p-typo", None, "\"plugkit-framework\""),
            ("p-out", None, "\"plugkit-framework\""),
            (
                "p-git",
                Some("git+https://example.invalid/p#abc"),
                "\"plugkit-framework\"",
            ),
            (
                "p-reg",
                Some("registry+https://example.invalid/index"),
                "\"plugkit-framework\"",
            ),
            ("plain", Some("registry+https://example.invalid/index"), ""),
            (
                "via-api",
                Some("registry+https://example.invalid/index"),
                "\"host-api\"",
            ),
            // Depends on the registry's unrelated `plugkit`, not on plugkit: no plugin.
            (
                "deplug",
                Some("registry+https://example.invalid/index"),
                "\"plugkit 0.0.9 (registry+https://example.invalid/index)\"",
            ),
            ("plugkit-framework", None, ""),
            (
                "plugkit",
                Some("registry+https://example.invalid/index"),
                "",
            ),
        ] {
            lock.push_str(&format!(
                "\n[[package]]\nname = \"{name}\"\nversion = \"0.1.0\"\n{}dependencies = [{deps}]\n",
                source.map(|s| format!("source = \"{s}\"\n")).unwrap_or_default()
            ));
        }
        lock.push_str(extra_lock);
        write("Cargo.lock", &lock);
        let mut cfg = BTreeMap::new();
        cfg.insert("unix".to_owned(), Vec::new());
        cfg.insert("target_family".to_owned(), vec!["unix".to_owned()]);
        let env = BuildEnv {
            manifest_dir: root.join("host"),
            out_dir: root.join("out"),
            target: "x86_64-unknown-linux-gnu".into(),
            features: BTreeSet::new(),
            cfg,
        };
        (temp, env)
    }

    fn names(plan: &Plan) -> Vec<(&str, &str)> {
        plan.plugins
            .iter()
            .map(|p| (p.package.as_str(), p.extern_name.as_str()))
            .collect()
    }

    #[test]
    fn every_source_and_shape_of_dependency_is_linked_when_the_build_has_it() {
        let deps = "p-path = { path = \"../p-path\" }\n\
                    renamed = { package = \"p-git\", git = \"https://example.invalid/p\" }\n\
                    p-reg = \"0.1\"\n\
                    plain = \"0.1\"\n\
                    deplug = \"0.1\"\n\
                    p-opt = { path = \"../p-opt\", optional = true }\n\
                    p-out = { path = \"../p-out\" }\n\
                    [target.'cfg(unix)'.dependencies]\nunix-only = { package = \"via-api\", version = \"0.1\" }\n\
                    [target.'cfg(windows)'.dependencies]\nwin-only = { package = \"p-reg\", version = \"0.1\" }\n\
                    [dev-dependencies]\ntested = { package = \"p-reg\", version = \"0.1\" }";
        let (_temp, mut env) = host(deps, "opt = [\"dep:p-opt\"]", "");
        let plan = Linker::new().api("host-api").plan(&env).unwrap();
        assert_eq!(
            names(&plan),
            [
                ("p-git", "renamed"),
                ("p-path", "p_path"),
                ("p-reg", "p_reg"),
                ("via-api", "unix_only"),
            ]
        );
        // The optional one, once its feature is on; a crate can be left out by name.
        env.features.insert("OPT".into());
        let plan = Linker::new().exclude("p-reg").plan(&env).unwrap();
        assert_eq!(
            names(&plan),
            [
                ("p-git", "renamed"),
                ("p-opt", "p_opt"),
                ("p-path", "p_path")
            ]
        );
        assert!(
            plan.rerun_if_changed
                .iter()
                .any(|p| p.ends_with("Cargo.lock"))
        );
        assert!(
            plan.rerun_if_changed
                .iter()
                .any(|p| p.ends_with("host/Cargo.toml"))
        );
    }

    #[test]
    fn metadata_makes_a_plugin_and_names_the_features_its_registrations_need() {
        let (_temp, env) = host("p-meta = { path = \"../p-meta\" }", "", "");
        let err = Linker::new().plan(&env).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "host/Cargo.toml: plugin crate `p-meta` registers under its feature `plugin`, \
                 which this package's dependency on it does not enable; without it the plugin \
                 would be linked with no registrations\n  fix: add `features = [\"plugin\"]` to \
                 the dependency on `p-meta`"
            ),
            "{err}"
        );
        let (_temp, env) = host(
            "p-meta = { path = \"../p-meta\", features = [\"plugin\"] }",
            "",
            "",
        );
        let plan = Linker::new().plan(&env).unwrap();
        assert!(plan.plugins[0].features_off.is_empty());
        let text = render(&plan);
        assert!(text.contains("extern crate p_meta as _;"), "{text}");
        assert!(
            text.contains("        (\"p-meta\", \"0.1.0\", \"host\", &[]),\n"),
            "{text}"
        );
        assert!(!text.contains("::plugkit"), "no path: {text}");
    }

    #[test]
    fn a_plugin_that_depends_on_its_host_alone_is_linked_too() {
        // `my-host` re-exports plugkit; `via-host` reaches plugkit through it only, and
        // `via-via` through `via-host`. `plain` depends on neither.
        let extra = "\n[[package]]\nname = \"my-host\"\nversion = \"0.1.0\"\nsource = \
                     \"registry+https://example.invalid/index\"\ndependencies = [\"plugkit-framework\"]\n\
                     \n[[package]]\nname = \"via-host\"\nversion = \"0.1.0\"\nsource = \
                     \"registry+https://example.invalid/index\"\ndependencies = [\"my-host\"]\n\
                     \n[[package]]\nname = \"via-via\"\nversion = \"0.1.0\"\nsource = \
                     \"registry+https://example.invalid/index\"\ndependencies = [\"via-host\"]\n";
        let deps = "via-via = \"0.1\"\nplain = \"0.1\"\nvia-host = \"0.1\"\nmy-host = \"0.1\"";
        let (_temp, env) = host(deps, "", extra);
        let plan = Linker::new().plan(&env).unwrap();
        assert_eq!(
            names(&plan),
            [
                ("my-host", "my_host"),
                ("via-host", "via_host"),
                ("via-via", "via_via")
            ]
        );
        // Excluded, the host is no mark of a plugin: nothing else depends on plugkit.
        let plan = Linker::new().exclude("my-host").plan(&env).unwrap();
        assert!(plan.plugins.is_empty(), "{:?}", names(&plan));
    }

    #[test]
    fn undeclared_features_left_off_are_recorded_and_a_mistyped_key_is_an_error() {
        let (_temp, env) = host(
            "p-feat = { path = \"../p-feat\", features = [\"extra\"] }",
            "",
            "",
        );
        let plan = Linker::new().plan(&env).unwrap();
        assert_eq!(plan.plugins[0].features_off, ["plugin"]);
        let (_temp, env) = host(
            "p-feat = { path = \"../p-feat\", default-features = false }",
            "",
            "",
        );
        let plan = Linker::new().plan(&env).unwrap();
        assert_eq!(plan.plugins[0].features_off, ["extra", "plugin", "std"]);

        let (_temp, env) = host("p-typo = { path = \"../p-typo\" }", "", "");
        let err = Linker::new().plan(&env).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "p-typo/Cargo.toml: `[package.metadata.plugkit]` has an unknown key `feature`\n  \
                 fix: did you mean `features`? the keys are host, host-api, enabled, features"
            ),
            "{err}"
        );
    }

    #[test]
    fn two_plugkits_in_the_lockfile_are_an_error_with_the_fix() {
        let extra = "\n[[package]]\nname = \"plugkit-framework\"\nversion = \"0.1.0\"\n\
                     source = \"git+file:///elsewhere#abc\"\n";
        let (_temp, env) = host("p-path = { path = \"../p-path\" }", "", extra);
        let err = Linker::new().plan(&env).unwrap_err().to_string();
        assert!(
            err.contains(
                "the build holds 2 plugkit packages (0.1.0 (path); 0.1.0 from git+file:///elsewhere#abc)"
            ),
            "{err}"
        );
        assert!(
            err.contains(
                "fix: make every crate depend on plugkit from the same source and version \
                 (`cargo tree -i plugkit-framework` shows who brings which)"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_missing_or_broken_manifest_is_an_error_not_a_panic() {
        let (temp, env) = host("", "", "");
        std::fs::write(temp.path().join("host/Cargo.toml"), "[package\n").unwrap();
        let err = Linker::new().plan(&env).unwrap_err().to_string();
        assert!(
            err.contains("host/Cargo.toml: TOML parse error at line 1"),
            "{err}"
        );
        std::fs::remove_file(temp.path().join("host/Cargo.toml")).unwrap();
        let err = Linker::new().plan(&env).unwrap_err().to_string();
        assert!(err.starts_with("cannot read "), "{err}");
        let text = crate::output::compile_error(&Linker::new().plan(&env).unwrap_err());
        assert!(
            text.starts_with("::core::compile_error!(\"plugkit-build: cannot read "),
            "{text}"
        );
    }
}
