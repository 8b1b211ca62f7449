//! End to end, with real builds: `cargo plugkit new` scaffolds a crate of each style (and one
//! from the compas-like example's template) that builds and passes its own tests; `sync`
//! generates a registration crate whose `init()` finds every plugin; and when a plugin crate is
//! a dependency that nothing names (a hand-edited registration crate), the linker drops it and
//! `init()` reports it missing.
//!
//! The fixture workspace depends on this repository's plugkit by path and builds offline into
//! its own target directory under `target/tmp` (a nested cargo on the main one would wait for
//! the lock that `cargo test` holds), shared by all styles so that plugkit builds once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

mod support;

use std::path::Path;
use std::process::Output;

use support::{cargo, ok, repo, write};

/// A workspace with two hosts: `h` (an API crate with nothing in it) and `compas-like` (a copy
/// of the example's host, with its template).
fn fixture(root: &Path) {
    let plugkit = repo().join("plugkit");
    write(
        &root.join("Cargo.toml"),
        &format!(
            r#"[workspace]
resolver = "2"
members = ["api", "compas-like-host"]

[workspace.package]
version = "0.1.0"
edition = "2024"

[workspace.dependencies]
plugkit = {{ package = "plugkit-framework", path = {plugkit:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
thiserror = "2"

[workspace.lints.rust]
missing_docs = "deny"
unsafe_code = "forbid"

[workspace.lints.clippy]
unwrap_used = "deny"

[workspace.metadata.plugkit.hosts.h]
prefix = "h-"
registration = "h-plugins"
registration-path = "registration"
api = "h"

[workspace.metadata.plugkit.hosts.compas-like]
prefix = "compas-like-"
registration = "compas-like-plugins"
registration-path = "compas-like-registration"
api = "compas-like"
template-dir.compas = "compas-like-template"
"#
        ),
    );
    write(
        &root.join("api/Cargo.toml"),
        "[package]\nname = \"h\"\nversion.workspace = true\nedition.workspace = true\n\n\
         [dependencies]\nplugkit.workspace = true\n\n[lints]\nworkspace = true\n",
    );
    write(&root.join("api/src/lib.rs"), "//! The host's API.\n");
    let example = repo().join("examples/compas-like");
    support::copy_tree(&example.join("host"), &root.join("compas-like-host"));
    support::copy_tree(
        &example.join("template"),
        &root.join("compas-like-template"),
    );
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
}

/// A program that calls the registration crate, as a host's `main` does; it depends on the
/// registration crate before `sync` has created it.
fn app(root: &Path) {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members = manifest.replace("\"compas-like-host\",", "\"compas-like-host\", \"app\",");
    assert_ne!(manifest, members);
    write(&root.join("Cargo.toml"), &members);
    write(
        &root.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion.workspace = true\nedition.workspace = true\n\n\
         [dependencies]\nh-plugins = { path = \"../registration\" }\n\n[lints]\nworkspace = true\n",
    );
    write(
        &root.join("app/src/main.rs"),
        "//! Calls the registration crate and reports what it finds.\n\n\
         fn main() -> std::process::ExitCode {\n    match h_plugins::init() {\n        \
         Ok(registry) => {\n            println!(\"{} plugin crates\", registry.expected().len());\n            \
         std::process::ExitCode::SUCCESS\n        }\n        Err(err) => {\n            \
         eprintln!(\"error: {err}\");\n            std::process::ExitCode::from(101)\n        }\n    }\n}\n",
    );
}

fn plugkit(root: &Path, args: &[&str]) -> Output {
    support::command(root)
        .arg("plugkit")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn every_style_builds_and_passes_its_tests_and_a_dropped_plugin_is_reported() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fixture(root);

    for (path, style, host) in [
        ("plugins/compas", "compas", "h"),
        ("plugins/qik", "qik", "h"),
        ("plugins/modelgauge", "modelgauge", "h"),
        ("plugins/mesh", "compas", "compas-like"),
    ] {
        let output = plugkit(root, &["new", path, "--style", style, "--host", host]);
        ok(&output, &format!("cargo plugkit new {path}"));
    }
    app(root);
    let sync = plugkit(root, &["sync"]);
    ok(&sync, "cargo plugkit sync");
    assert!(
        String::from_utf8_lossy(&sync.stderr).contains("     Writing registration/Cargo.toml\n"),
        "{}",
        String::from_utf8_lossy(&sync.stderr)
    );
    let lib = std::fs::read_to_string(root.join("registration/src/lib.rs")).unwrap();
    assert!(
        lib.contains("use h_compas as _;\nuse h_modelgauge as _;\nuse h_qik as _;\n"),
        "{lib}"
    );

    // Every scaffold's tests and doctests, and the registration crates' doctests (which call
    // `init()` with every plugin linked). The copied host's own tests are not the point here.
    let test = cargo(
        root,
        &[
            "test",
            "--workspace",
            "--exclude",
            "compas-like",
            "--exclude",
            "app",
        ],
    );
    ok(&test, "cargo test");
    let log = String::from_utf8_lossy(&test.stderr);
    for krate in [
        "h_compas",
        "h_qik",
        "h_modelgauge",
        "compas_like_mesh",
        "h_plugins",
        "compas_like_plugins",
    ] {
        assert!(
            log.contains(&format!("Doc-tests {krate}")),
            "{krate}:\n{log}"
        );
    }

    let run = cargo(root, &["run", "-q", "-p", "app"]);
    ok(&run, "the app");
    assert_eq!(String::from_utf8_lossy(&run.stdout), "3 plugin crates\n");

    // A plugin crate that is a dependency but that nothing names: the linker drops it.
    let edited = lib.replace("use h_qik as _;\n", "");
    assert_ne!(edited, lib);
    write(&root.join("registration/src/lib.rs"), &edited);
    let run = cargo(root, &["run", "-q", "-p", "app"]);
    assert_eq!(run.status.code(), Some(101));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: the plugin registry has 1 problem:\n- plugin crate `h-qik` 0.1.0 is expected by \
         `h-plugins` but registered nothing\n  fix: run `cargo plugkit sync` so that \
         `h-plugins` names it, and call `h_plugins::init()` at the start of `main`; a plugin \
         crate must register at least one entry or capability\n"
    );
    // And `sync --check` names the fix for the edited file.
    let check = plugkit(root, &["sync", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("+use h_qik as _;\n"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
