//! End to end, with real builds in dev and release: a plugin the host depends on is linked, or
//! the build (at the latest `init()`) says which crate and the fix. Each shape of the issue
//! "Never silently lost" is here, built for real:
//!
//! - a member with the host's prefix added before `cargo plugkit sync`: the registration
//!   crate's build fails, naming it and the fix;
//! - `cargo add` alone (a build script with `plugkit_build::link_plugins()`): plugins by path,
//!   renamed, target-specific (on and off), optional (feature on and off) are linked exactly
//!   when cargo builds them;
//! - a member named with `_` where the prefix has `-`: linked;
//! - a plugin whose registrations need a feature it declares: enabled by the registration crate;
//!   one that does not declare it: `init()` names the crate;
//! - `requires = ["semver"]` on a dependency the plugin never calls: met; on an optional
//!   dependency whose feature is off: skipped, the reason naming the feature;
//! - two plugin functions with one default id (emitted by a `macro_rules!` inside `const _`):
//!   both run.
//!
//! The workspace depends on this repository's plugkit by path and builds offline into a target
//! directory shared with the other end-to-end tests of this crate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

mod support;

use std::path::Path;

use support::{cargo, ok, repo, text, write};

/// A plugin crate that registers one capability, named after itself, behind `cfg` when given.
fn plugin(root: &Path, dir: &str, name: &str, extra_manifest: &str, gate: Option<&str>) {
    write(
        &root.join(dir).join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [dependencies]\nplugkit.workspace = true\n{extra_manifest}"
        ),
    );
    let cfg = gate.map(|g| format!("#[cfg({g})]\n")).unwrap_or_default();
    write(
        &root.join(dir).join("src/lib.rs"),
        &format!("//! A plugin.\n{cfg}plugkit::capability!(\"{name}\");\n"),
    );
}

/// A `main` that initialises plugkit with `expected` and prints the crates that registered.
fn main_rs(expected: &str) -> String {
    format!(
        "fn main() {{\n    match plugkit::init_expecting({expected}) {{\n        Ok(registry) => {{\n            \
         let mut names: Vec<&str> = registry.expected().iter().map(|p| p.crate_name).collect();\n            \
         names.sort();\n            println!(\"linked: {{}}\", names.join(\", \"));\n        }}\n        \
         Err(err) => {{\n            eprintln!(\"error: {{err}}\");\n            std::process::exit(101);\n        }}\n    }}\n}}\n"
    )
}

fn workspace(root: &Path) {
    let plugkit = repo().join("plugkit");
    let plugkit_build = repo().join("plugkit-build");
    write(
        &root.join("Cargo.toml"),
        &format!(
            r#"[workspace]
resolver = "2"
members = ["api", "app", "added", "plugins/*"]

[workspace.dependencies]
plugkit = {{ package = "plugkit-framework", path = {plugkit:?} }}
plugkit-build = {{ path = {plugkit_build:?} }}

[workspace.metadata.plugkit.hosts.myhost]
prefix = "myhost-"
registration = "myhost-plugins"
registration-path = "registration"
api = "myhost"
"#
        ),
    );
    write(
        &root.join("api/Cargo.toml"),
        "[package]\nname = \"myhost\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nplugkit.workspace = true\n",
    );
    write(
        &root.join("api/src/lib.rs"),
        "//! The host's API.\n\n/// Every plugin's name.\n\
         #[plugkit::pluggable(selector = collect_all)]\npub fn names() -> &'static str;\n",
    );
    // Requirements on crates, and one default id twice.
    write(
        &root.join("plugins/shapes/Cargo.toml"),
        "[package]\nname = \"myhost-shapes\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nplugkit.workspace = true\nmyhost = { path = \"../../api\" }\n\
         semver = \"1\"\nglob = { version = \"0.3\", optional = true }\n\n\
         [features]\nglobs = [\"dep:glob\"]\n",
    );
    write(
        &root.join("plugins/shapes/src/lib.rs"),
        "//! Plugins with requirements on crates, and two with one default id.\n\n\
         #[plugkit::plugin(myhost::names, requires = [\"semver\"])]\n\
         fn with_semver() -> &'static str {\n    \"semver\"\n}\n\n\
         #[plugkit::plugin(myhost::names, requires = [\"glob\"])]\n\
         fn with_glob() -> &'static str {\n    \"glob\"\n}\n\n\
         macro_rules! twice {\n    ($text:literal) => {\n        const _: () = {\n            \
         #[plugkit::plugin(myhost::names)]\n            fn made() -> &'static str {\n                \
         $text\n            }\n        };\n    };\n}\n\ntwice!(\"made one\");\ntwice!(\"made two\");\n",
    );
    // The registration crate's way.
    plugin(root, "plugins/geo", "myhost-geo", "", None);
    plugin(root, "plugins/under", "myhost_under", "", None);
    plugin(
        root,
        "plugins/gated",
        "myhost-gated",
        "\n[features]\nplugin = []\n\n[package.metadata.plugkit]\nfeatures = [\"plugin\"]\n",
        Some("feature = \"plugin\""),
    );
    write(
        &root.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nplugkit.workspace = true\nmyhost = { path = \"../api\" }\n\
         myhost-plugins = { path = \"../registration\" }\n",
    );
    // As the docs write it: `?` in a `main` that returns `Box<dyn Error>`; it also runs the
    // collect_all pluggable and prints why `with_glob` did not run.
    write(
        &root.join("app/src/main.rs"),
        "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
         let registry = myhost_plugins::init()?;\n    \
         let mut names: Vec<&str> = registry.expected().iter().map(|p| p.crate_name).collect();\n    \
         names.sort();\n    println!(\"linked: {}\", names.join(\", \"));\n    \
         let ran: Vec<&str> = myhost::names().into_values();\n    \
         println!(\"ran: {}\", ran.join(\", \"));\n    \
         let why = registry.explain(myhost::names::URL)?.to_string();\n    \
         for line in why.lines().filter(|l| l.contains(\"with_glob\")) {\n        \
         println!(\"{}\", line.trim());\n    }\n    Ok(())\n}\n",
    );
    // The `cargo add` way: plugins outside the members, found by the build script.
    plugin(root, "extern/by-path", "ext-path", "", None);
    plugin(root, "extern/renamed", "ext-renamed", "", None);
    plugin(root, "extern/unix", "ext-unix", "", None);
    plugin(root, "extern/windows", "ext-windows", "", None);
    plugin(root, "extern/optional", "ext-optional", "", None);
    plugin(root, "extern/off", "ext-off", "", None);
    write(
        &root.join("added/Cargo.toml"),
        "[package]\nname = \"added\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nplugkit.workspace = true\n\
         ext-path = { path = \"../extern/by-path\" }\n\
         other-name = { package = \"ext-renamed\", path = \"../extern/renamed\" }\n\
         ext-optional = { path = \"../extern/optional\", optional = true }\n\
         ext-off = { path = \"../extern/off\", optional = true }\n\n\
         [target.'cfg(unix)'.dependencies]\next-unix = { path = \"../extern/unix\" }\n\n\
         [target.'cfg(windows)'.dependencies]\next-windows = { path = \"../extern/windows\" }\n\n\
         [build-dependencies]\nplugkit-build.workspace = true\n\n\
         [features]\ndefault = [\"with-optional\"]\nwith-optional = [\"dep:ext-optional\"]\n\
         with-off = [\"dep:ext-off\"]\n",
    );
    write(
        &root.join("added/build.rs"),
        "fn main() {\n    plugkit_build::link_plugins();\n}\n",
    );
    write(
        &root.join("added/src/main.rs"),
        &main_rs("plugkit::linked_plugins!()"),
    );
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
}

/// What the app prints with every plugin linked: the crates, the plugins that ran (the
/// requirement on `semver` met, the two default ids both there), and why `with_glob` did not.
const APP_OUTPUT: &str = "linked: myhost-gated, myhost-geo, myhost-shapes, myhost_under\n\
     ran: made one, made two, semver\n\
     3. myhost_shapes::with_glob (myhost-shapes 0.1.0): skipped: requires `glob`, an optional \
     dependency of `myhost-shapes` that is not enabled; enable its feature `globs`\n";

fn sync(root: &Path) {
    let output = support::command(root)
        .args(["plugkit", "sync"])
        .output()
        .unwrap();
    ok(&output, "cargo plugkit sync");
}

#[test]
fn every_plugin_is_linked_or_the_build_names_it_in_dev_and_release() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    workspace(root);
    sync(root);

    for profile in [&[][..], &["--release"][..]] {
        let run = |package: &str, extra: &[&str]| {
            let mut args = vec!["run", "-q", "-p", package];
            args.extend_from_slice(profile);
            args.extend_from_slice(extra);
            cargo(root, &args)
        };
        assert_eq!(ok(&run("app", &[]), "app"), APP_OUTPUT, "{profile:?}");
        let expected = if cfg!(unix) {
            "linked: ext-optional, ext-path, ext-renamed, ext-unix\n"
        } else {
            "linked: ext-optional, ext-path, ext-renamed\n"
        };
        assert_eq!(ok(&run("added", &[]), "added"), expected, "{profile:?}");
        assert_eq!(
            ok(&run("added", &["--features", "with-off"]), "added with-off"),
            expected.replace("linked: ", "linked: ext-off, "),
            "{profile:?}"
        );
        assert_eq!(
            ok(
                &run("added", &["--no-default-features"]),
                "added without features"
            ),
            expected.replace("ext-optional, ", ""),
            "{profile:?}"
        );
    }

    // A new member with the host's prefix, before `sync`: the build fails and names it.
    plugin(root, "plugins/new", "myhost-new", "", None);
    let build = cargo(root, &["build", "-q", "-p", "app"]);
    assert!(!build.status.success());
    let log = text(&build.stderr);
    // rustc indents the message's second line under its first.
    assert!(
        log.contains(
            "error: plugin crate `myhost-new` of host `myhost` is in the workspace but not linked \
             by `myhost-plugins`, so the program would run without it\n"
        ) && log.contains("  fix: run `cargo plugkit sync`"),
        "{log}"
    );
    sync(root);
    assert_eq!(
        ok(&cargo(root, &["run", "-q", "-p", "app"]), "app after sync"),
        APP_OUTPUT.replace("myhost-geo, ", "myhost-geo, myhost-new, ")
    );

    // A plugin whose registrations need a feature it does not declare: `init()` names it.
    plugin(
        root,
        "plugins/new",
        "myhost-new",
        "\n[features]\nplugin = []\n",
        Some("feature = \"plugin\""),
    );
    sync(root);
    let run = cargo(root, &["run", "-q", "-p", "app"]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    // The message and its fix, not a struct dump.
    assert_eq!(
        text(&run.stderr),
        "Error: the plugin registry has 1 problem:\n- plugin crate `myhost-new` 0.1.0 is expected \
         by `myhost-plugins` but registered nothing; its feature `plugin` is off\n  fix: if its \
         registrations need one, declare it in the Cargo.toml of `myhost-new` \
         (`[package.metadata.plugkit]` `features = [\"plugin\"]`) and run `cargo plugkit sync`, \
         which enables it; a plugin crate must register at least one entry or capability\n"
    );

    // The `cargo add` way, with a plugin that declares the feature its registrations need and
    // a dependency that leaves it off: the build fails, naming the feature.
    plugin(
        root,
        "extern/by-path",
        "ext-path",
        "\n[features]\nplugin = []\n\n[package.metadata.plugkit]\nfeatures = [\"plugin\"]\n",
        Some("feature = \"plugin\""),
    );
    let build = cargo(root, &["build", "-q", "-p", "added"]);
    assert!(!build.status.success());
    let log = text(&build.stderr);
    assert!(
        log.contains(
            "plugin crate `ext-path` registers under its feature `plugin`, which this package's \
             dependency on it does not enable"
        ),
        "{log}"
    );
    // A build script that stops writing the list leaves `linked_plugins!()` a compile error,
    // never a stale list.
    write(&root.join("added/build.rs"), "fn main() {}\n");
    let build = cargo(root, &["build", "-q", "-p", "added"]);
    assert!(!build.status.success());
    let log = text(&build.stderr);
    assert!(
        log.contains("plugkit::linked_plugins!() reads what the build script wrote"),
        "{log}"
    );
}
