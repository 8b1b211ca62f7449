//! Runs the `cargo-plugkit` binary on fixture workspaces, in the style of cargo-hakari's tests.
//!
//! A case is a directory `tests/fixtures/<case>/` holding:
//!
//! - `in/`: the workspace before the run, copied to a temporary directory;
//! - `out/`: the whole tree expected after it, compared byte for byte; absent when the run
//!   must leave `in/` exactly as it was;
//! - `args`: the command line after the program's name, split on whitespace;
//! - `cwd` (optional): the directory to run in, relative to the copy;
//! - `stderr`, `stdout`, `code`: what the run must print and exit with; the copy's path is
//!   written `[ROOT]`.
//!
//! `PLUGKIT_BLESS=1 cargo test -p cargo-plugkit` rewrites `out/`, `stderr`, `stdout` and `code`
//! from what the binary does.
#![allow(dead_code)] // each test file uses part of it

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixture directory of a case.
pub(crate) fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case)
}

/// Copies `from` into `to`, recursively.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `root` (outside `target/`), by `/`-separated relative path.
pub(crate) fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if path.is_dir() {
                if rel != "target" {
                    pending.push(path);
                }
            } else {
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// A command running the binary in `cwd`, with `$CARGO` set and no colour settings inherited.
pub(crate) fn command(cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-plugkit"));
    command
        .current_dir(cwd)
        .env("CARGO", env!("CARGO"))
        .env_remove("CARGO_TERM_COLOR")
        .env_remove("NO_COLOR")
        .env_remove("CARGO_TARGET_DIR");
    command
}

/// Replaces the temporary root (and cargo's path) with placeholders.
pub(crate) fn normalise(text: &[u8], root: &Path) -> String {
    String::from_utf8_lossy(text)
        .replace(&root.display().to_string(), "[ROOT]")
        .replace(env!("CARGO"), "[CARGO]")
}

fn bless() -> bool {
    std::env::var_os("PLUGKIT_BLESS").is_some_and(|v| v == "1")
}

/// Runs one fixture case and compares everything it produced.
pub(crate) fn run_case(case: &str) {
    let dir = fixture(case);
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    copy_tree(&dir.join("in"), root);
    let args = std::fs::read_to_string(dir.join("args")).unwrap();
    let cwd = match std::fs::read_to_string(dir.join("cwd")) {
        Ok(rel) => root.join(rel.trim()),
        Err(_) => root.to_owned(),
    };
    let output: Output = command(&cwd)
        .args(
            args.split_whitespace()
                .map(|a| a.replace("{root}", &root.display().to_string())),
        )
        .output()
        .unwrap();
    let stderr = normalise(&output.stderr, root);
    let stdout = normalise(&output.stdout, root);
    let code = format!("{}\n", output.status.code().unwrap_or(-1));
    let tree = read_tree(root);
    let before = read_tree(&dir.join("in"));
    if bless() {
        let out = dir.join("out");
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        for (rel, bytes) in tree.iter().filter(|_| tree != before) {
            let path = out.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        std::fs::write(dir.join("stderr"), &stderr).unwrap();
        std::fs::write(dir.join("stdout"), &stdout).unwrap();
        std::fs::write(dir.join("code"), &code).unwrap();
        return;
    }
    let expected = |file: &str| std::fs::read_to_string(dir.join(file)).unwrap_or_default();
    assert_eq!(stderr, expected("stderr"), "{case}: stderr differs");
    assert_eq!(stdout, expected("stdout"), "{case}: stdout differs");
    assert_eq!(code, expected("code"), "{case}: exit code differs");
    let out = dir.join("out");
    let expected_tree = if out.exists() {
        read_tree(&out)
    } else {
        before
    };
    assert_trees_equal(case, &expected_tree, &tree);
}

/// Fails, naming the first file that differs, when two trees differ.
pub(crate) fn assert_trees_equal(
    case: &str,
    expected: &BTreeMap<String, Vec<u8>>,
    actual: &BTreeMap<String, Vec<u8>>,
) {
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(actual), names(expected), "{case}: the files differ");
    for (rel, bytes) in expected {
        assert_eq!(
            String::from_utf8_lossy(&actual[rel]),
            String::from_utf8_lossy(bytes),
            "{case}: {rel} differs"
        );
    }
}

/// The repository's root (the parent of cargo-plugkit).
pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// Writes `text` to `path`, creating its directory.
pub(crate) fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Runs cargo offline in a fixture workspace, into the target directory that every real-build
/// test of this crate shares (a nested cargo on the main one would wait for the lock that
/// `cargo test` holds), so that plugkit builds once.
pub(crate) fn cargo(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(root)
        .args(args)
        .arg("--offline")
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("plugkit-scaffold"),
        )
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap()
}

/// Lossy text of a process's output.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts that `output` is a success, printing both streams if not; returns its stdout.
pub(crate) fn ok(output: &Output, what: &str) -> String {
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}
