//! What the fixture format cannot show: a second `sync` writes nothing and leaves mtimes alone,
//! the binary runs as `cargo plugkit` and without `$CARGO`, colours and `-q`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A copy of a fixture's `in/` workspace.
fn workspace(case: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    support::copy_tree(&support::fixture(case).join("in"), temp.path());
    temp
}

fn mtimes(root: &Path) -> BTreeMap<String, SystemTime> {
    support::read_tree(root)
        .into_keys()
        .map(|rel| {
            let modified = std::fs::metadata(root.join(&rel))
                .unwrap()
                .modified()
                .unwrap();
            (rel, modified)
        })
        .collect()
}

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let output = support::command(root).args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        support::normalise(&output.stdout, root),
        support::normalise(&output.stderr, root),
    )
}

#[test]
fn a_second_sync_writes_nothing_and_keeps_mtimes() {
    let temp = workspace("prefix-only");
    let root = temp.path();
    assert_eq!(run(root, &["plugkit", "sync"]).0, 0);
    let tree = support::read_tree(root);
    let before = mtimes(root);
    // Coarse file-system clocks would hide a rewrite that happens within the same tick.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let (code, stdout, stderr) = run(root, &["plugkit", "sync"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "");
    assert_eq!(stderr, "   Unchanged h-plugins (2 plugins of host `h`)\n");
    assert_eq!(support::read_tree(root), tree);
    assert_eq!(mtimes(root), before);
    assert_eq!(run(root, &["plugkit", "sync", "--check"]).0, 0);
    assert_eq!(run(root, &["plugkit", "sync", "--locked"]).0, 0);
}

#[test]
fn check_passes_once_sync_has_run() {
    let temp = workspace("check");
    let root = temp.path();
    assert_eq!(run(root, &["plugkit", "sync", "--check"]).0, 1);
    assert_eq!(run(root, &["plugkit", "sync"]).0, 0);
    let (code, stdout, stderr) = run(root, &["plugkit", "sync", "--check"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    assert_eq!(stderr, "   Unchanged h-plugins (2 plugins of host `h`)\n");
}

/// The directory holding the cargo that runs these tests.
fn cargo_dir() -> PathBuf {
    Path::new(env!("CARGO")).parent().unwrap().to_owned()
}

#[test]
fn without_cargo_set_it_runs_cargo_from_path() {
    let temp = workspace("cwd-inside-member");
    let root = temp.path();
    let output = support::command(root)
        .env_remove("CARGO")
        .env("PATH", cargo_dir())
        .args(["plugkit", "sync"])
        .output()
        .unwrap();
    assert_eq!(
        support::normalise(&output.stderr, root),
        "     Writing registration/Cargo.toml\n     Writing registration/src/lib.rs\n     \
         Writing registration/build.rs\n      Synced h-plugins (1 plugin of host `h`)\n"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_cargo_that_cannot_run_is_an_error_with_the_fix() {
    let temp = workspace("cwd-inside-member");
    let root = temp.path();
    let output = support::command(root)
        .env("CARGO", root.join("no-such-cargo"))
        .args(["plugkit", "sync"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(101));
    assert_eq!(
        support::normalise(&output.stderr, root),
        "error: could not run `[ROOT]/no-such-cargo`: No such file or directory (os error 2)\n  \
         fix: install cargo, or set $CARGO to the cargo to use\n"
    );
    assert_eq!(
        support::read_tree(root),
        support::read_tree(&support::fixture("cwd-inside-member").join("in"))
    );
}

#[test]
fn runs_as_a_cargo_subcommand() {
    let temp = workspace("cwd-inside-member");
    let root = temp.path();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_cargo-plugkit"))
        .parent()
        .unwrap()
        .to_owned();
    let path = std::env::join_paths([bin_dir, cargo_dir()]).unwrap();
    let output = std::process::Command::new(env!("CARGO"))
        .current_dir(root)
        .env("PATH", path)
        .env_remove("CARGO_TERM_COLOR")
        .args(["plugkit", "sync", "--check", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = support::normalise(&output.stderr, root);
    assert!(
        stderr.ends_with(
            "error: 3 files are out of date: registration/Cargo.toml, registration/src/lib.rs, \
             registration/build.rs\n  fix: run `cargo plugkit sync`\n"
        ),
        "{stderr}"
    );
}

#[test]
fn colours_follow_the_flag_and_the_environment() {
    let temp = workspace("cwd-inside-member");
    let root = temp.path();
    let (_, _, plain) = run(root, &["plugkit", "sync", "--check", "--color", "never"]);
    assert!(
        plain.starts_with("    Outdated registration/Cargo.toml\n"),
        "{plain}"
    );
    let (_, _, coloured) = run(root, &["plugkit", "sync", "--check", "--color", "always"]);
    assert!(
        coloured.starts_with("\u{1b}[1m\u{1b}[32m    Outdated\u{1b}[0m registration/Cargo.toml\n"),
        "{coloured:?}"
    );
    assert!(
        coloured.contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m: 3 files"),
        "{coloured:?}"
    );
    let output = support::command(root)
        .env("CARGO_TERM_COLOR", "always")
        .args(["plugkit", "sync", "--check"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("\u{1b}[1m"));
    let output = support::command(root)
        .env("NO_COLOR", "1")
        .args(["plugkit", "sync", "--check"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("    Outdated"));
}

#[test]
fn quiet_prints_errors_only() {
    let temp = workspace("incompatible");
    let root = temp.path();
    assert_eq!(
        run(root, &["plugkit", "-q", "sync"]),
        (0, String::new(), String::new())
    );
    let temp = workspace("incompatible");
    let (code, _, stderr) = run(
        temp.path(),
        &["plugkit", "sync", "-q", "--deny-incompatible"],
    );
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: 2 plugin crates of host `h` are incompatible"),
        "{stderr}"
    );
}

#[test]
fn help_and_version_exit_zero() {
    let temp = workspace("cwd-inside-member");
    let (code, stdout, _) = run(temp.path(), &["plugkit", "--version"]);
    assert_eq!(
        (code, stdout),
        (0, format!("cargo-plugkit {}\n", env!("CARGO_PKG_VERSION")))
    );
    let (code, stdout, _) = run(temp.path(), &["plugkit", "sync", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("--deny-incompatible"), "{stdout}");
    assert!(stdout.contains("--manifest-path <PATH>"), "{stdout}");
}
