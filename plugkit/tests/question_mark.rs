//! A `main` that uses `?` on plugkit's errors, as the docs show it, prints the message and its
//! `fix:` line: runs the `question_mark` example binary, which `cargo test` builds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::path::PathBuf;
use std::process::Command;

/// The example binary beside this test's own executable (`target/<profile>/examples`).
fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().and_then(|deps| deps.parent()).unwrap();
    profile
        .join("examples")
        .join(format!("question_mark{}", std::env::consts::EXE_SUFFIX))
}

/// Runs the example in `mode`: it must fail, print nothing on stdout, and print `stderr`.
fn fails_with(mode: &str, stderr: &str) {
    let output = Command::new(example())
        .arg(mode)
        .env_remove("PLUGKIT_DEBUG")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{mode}: {output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(String::from_utf8_lossy(&output.stderr), stderr, "{mode}");
}

const NO_PLUGIN: &str = "no plugin is available for `plugkit://plugkit-framework/question-mark/unclaimed`, \
    and it has no default implementation\n  no linked crate registers a plugin for it\n  \
    fix: add a plugin crate that implements it and link it (`cargo plugkit sync`, or \
    `plugkit_build::link_plugins()` in the build script); PLUGKIT_DEBUG=1 traces the selection";

#[test]
fn no_plugin_prints_its_message_and_fix() {
    fails_with("no-plugin", &format!("Error: {NO_PLUGIN}\n"));
}

#[test]
fn the_same_error_through_plugkit_error_prints_the_same() {
    fails_with("unified", &format!("Error: {NO_PLUGIN}\n"));
}

#[test]
fn a_decoding_error_prints_where_and_the_fix() {
    fails_with(
        "decode",
        "Error: app.toml:1:8: in `jobs`: invalid type: string \"four\", expected u32\n  \
         fix: write a value of the expected type\n",
    );
}

#[test]
fn an_unknown_uid_prints_its_message_and_fix() {
    fails_with(
        "instance",
        "Error: no uid `hammer` in namespace `question_mark_tools`, which is empty\n  \
         fix: link a plugin crate that registers instances in `question_mark_tools`\n",
    );
}
