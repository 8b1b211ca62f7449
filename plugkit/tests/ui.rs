//! The compile errors of plugkit's macros, as users see them, and programs that use every
//! macro and compile and run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}

/// `plugin_commands!` and `plugin_command!` exist with the `clap` feature only.
#[cfg(feature = "clap")]
#[test]
fn ui_clap() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/clap/*.rs");
}
