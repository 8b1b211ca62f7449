//! Cargo features: a host that uses only pluggable functions depends on plugkit with
//! `default-features = false`, and then compiles neither toml, erased-serde, dyn-clone nor
//! zeroize; it builds and runs, and a name in `requires` is left to the run-time check.
//!
//! The host is a crate outside the workspace, in a temporary directory, that depends on this
//! plugkit by path, with the workspace's `Cargo.lock`; cargo runs offline into its own target
//! directory under `target/tmp` (a nested cargo on the main one would wait for the lock that
//! `cargo test` holds).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What the configuration kinds and instance factories compile, and the macros' manifest reader.
const FORBIDDEN: [&str; 4] = ["toml", "erased-serde", "dyn-clone", "zeroize"];

/// How many packages the host compiles without plugkit's default features, and with them: the
/// figures that the crate's front page and docs/performance.md §9 give.
const PACKAGES: (usize, usize) = (26, 36);

/// The repository's root (the parent of plugkit).
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A host with one pluggable function and two plugins, one of which requires `log`: a
/// dependency of the host that registers nothing.
fn host(root: &Path) {
    let manifest = format!(
        r#"[package]
name = "functions-only-host"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
plugkit = {{ package = {package:?}, path = {path:?}, default-features = false }}
log = "0.4"

[workspace]
"#,
        package = env!("CARGO_PKG_NAME"),
        path = Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    write(&root.join("Cargo.toml"), &manifest);
    write(
        &root.join("src/main.rs"),
        r#"//! A host that uses only pluggable functions.

/// Says `text`; the body is the default.
#[plugkit::pluggable]
pub fn shout(text: &str) -> String {
    text.to_owned()
}

#[plugkit::plugin(shout)]
fn loud(text: &str) -> String {
    text.to_uppercase()
}

// `log` is a dependency; without `requires-manifest` it is looked for at run time only.
#[plugkit::plugin(shout, tryfirst, requires = ["log"])]
fn logged(text: &str) -> String {
    format!("{text} (logged)")
}

fn main() -> Result<(), plugkit::Error> {
    plugkit::init()?;
    println!("{}", shout("hi"));
    print!("{}", plugkit::registry().explain(shout::URL)?);
    Ok(())
}
"#,
    );
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
}

fn cargo(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(root)
        .args(args)
        .arg("--offline")
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugkit-functions-only"),
        )
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap()
}

/// Asserts that `output` is a success, printing both streams if not; returns its stdout.
fn ok(output: &Output, what: &str) -> String {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// The names of the packages compiled into the host (normal and build dependencies, proc
/// macros included).
fn compiled(root: &Path, features: &[&str]) -> BTreeSet<String> {
    let mut args = vec![
        "tree",
        "-e",
        "normal,build",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ];
    args.extend_from_slice(features);
    let tree = ok(&cargo(root, &args), "cargo tree");
    tree.lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_functions_only_host_without_default_features_compiles_no_toml_nor_erased_serde() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    host(root);

    let names = compiled(root, &[]);
    for expected in [env!("CARGO_PKG_NAME"), "plugkit-macros", "linkme"] {
        assert!(names.contains(expected), "{expected} missing: {names:?}");
    }
    let found: Vec<&String> = names
        .iter()
        .filter(|n| FORBIDDEN.contains(&n.as_str()) || n.starts_with("toml"))
        .collect();
    assert!(found.is_empty(), "compiled without need: {found:?}");

    // Each default feature brings its own back, so the check above can fail.
    for (feature, brings) in [
        ("config", &["toml", "erased-serde", "dyn-clone"][..]),
        ("instances", &["toml", "zeroize"][..]),
        ("requires-manifest", &["toml"][..]),
    ] {
        let feature = format!("plugkit/{feature}");
        let names = compiled(root, &["--features", &feature]);
        for name in brings {
            assert!(names.contains(*name), "{feature} does not bring {name}");
        }
    }

    let all_defaults = compiled(
        root,
        &[
            "--features",
            "plugkit/config,plugkit/instances,plugkit/requires-manifest",
        ],
    );
    assert_eq!(
        (names.len(), all_defaults.len()),
        PACKAGES,
        "packages compiled without and with the default features: update PACKAGES, the front \
         page and docs/performance.md §9\n{names:?}\n{all_defaults:?}"
    );

    ok(&cargo(root, &["build"]), "cargo build");
    let stdout = ok(&cargo(root, &["run", "--quiet"]), "cargo run");
    assert_eq!(
        stdout,
        "HI\n\
         plugkit://functions-only-host/shout (first_match, has a default)\n  \
         declared by functions-only-host 0.1.0 (functions_only_host::shout)\n  \
         1. functions_only_host::logged (functions-only-host 0.1.0) [tryfirst]: skipped: \
         requires `log`, which is neither a linked plugin crate nor a declared capability\n  \
         2. functions_only_host::loud (functions-only-host 0.1.0): selected\n  \
         runs: functions_only_host::loud"
    );

    // With `requires-manifest`, the macro reads the host's Cargo.toml: `log` is a dependency.
    let stdout = ok(
        &cargo(
            root,
            &["run", "--quiet", "--features", "plugkit/requires-manifest"],
        ),
        "cargo run --features plugkit/requires-manifest",
    );
    assert_eq!(stdout.lines().next(), Some("hi (logged)"), "{stdout}");
}
