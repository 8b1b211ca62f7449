//! `benches/compile/compile.py`, the compile-time, binary-size and start-up measurement, run at a
//! tiny size so that it cannot rot: it generates its crates (3 `#[plugin]`s, 3 `#[config_type]`s
//! and 3 `#[instance]`s, each beside its hand-written table, and the same with none; a start-up
//! host of 2 pluggables with 2 plugins each, and one with none), builds each in debug, runs each
//! and checks what it prints, times one more build of each, and writes its JSON.
//!
//! The crates go to a temporary directory outside the workspace; cargo builds them offline into
//! `target/tmp/compile-bench` (the target directory that `cargo test` holds locked cannot be
//! used), which stays warm between runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The script, from the workspace's root.
fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("benches/compile/compile.py")
}

fn run(args: &[&str]) -> Output {
    Command::new("python3")
        .arg(script())
        .args(args)
        .output()
        .expect("python3 runs")
}

/// A fresh directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_generated_crates_build_run_and_are_measured() {
    let dir = TempDir::new("plugkit-compile-bench-test");
    let crates = dir.0.join("crates");
    let json = dir.0.join("results.json");
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compile-bench");
    let output = run(&[
        "--n",
        "3",
        "--runs",
        "1",
        "--profiles",
        "debug",
        "--startup",
        "2x2",
        "--startup-runs",
        "3",
        "--startup-profile",
        "debug",
        "--out",
        crates.to_str().unwrap(),
        "--target-dir",
        target.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "compile.py failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("plugkit / hand-written table, 3 registrations"),
        "{stdout}"
    );
    assert!(
        stdout.contains("start-up, 4 registrations over 2 pluggables"),
        "{stdout}"
    );

    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let debug = results["compile"]["debug"].as_object().unwrap();
    let mut names: Vec<&str> = debug.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "config-types-hand-0",
            "config-types-hand-3",
            "config-types-plugkit-0",
            "config-types-plugkit-3",
            "instances-hand-0",
            "instances-hand-3",
            "instances-plugkit-0",
            "instances-plugkit-3",
            "plugins-hand-0",
            "plugins-hand-3",
            "plugins-plugkit-0",
            "plugins-plugkit-3",
        ]
    );
    for (name, crate_) in debug {
        assert_eq!(crate_["wall_s"].as_array().unwrap().len(), 1, "{name}");
        assert!(crate_["wall_median_s"].as_f64().unwrap() > 0.0, "{name}");
        assert!(crate_["cpu_median_s"].as_f64().unwrap() > 0.0, "{name}");
        assert!(crate_["stripped_bytes"].as_u64().unwrap() > 0, "{name}");
    }
    for kind in ["plugins", "config_types", "instances"] {
        let ratios = &results["ratios"]["debug"][kind];
        for key in ["wall", "cpu", "size"] {
            assert!(ratios[key].as_f64().unwrap() > 0.0, "{kind} {key}");
        }
    }
    let startup = &results["startup"];
    assert_eq!(startup["entries"], 4);
    assert_eq!(startup["points"], 2);
    assert!(startup["full"]["wall_median_ms"].as_f64().unwrap() > 0.0);
    assert!(startup["empty"]["wall_median_ms"].as_f64().unwrap() > 0.0);
}

#[test]
fn bad_options_are_refused_with_the_fix() {
    for (args, message) in [
        (
            &["--n", "0"][..],
            "compile.py: error: --n must be at least 1",
        ),
        (
            &["--runs", "0"][..],
            "compile.py: error: --runs and --startup-runs must be at least 1",
        ),
        (
            &["--profiles", "bench"][..],
            "compile.py: error: unknown profile 'bench': expected release or debug",
        ),
        (
            &["--startup", "3y"][..],
            "compile.py: error: --startup is POINTSxPLUGINS, such as 100x100; got '3y'",
        ),
        (
            &["--startup", "0x5"][..],
            "compile.py: error: --startup needs at least one point and one plugin each; got '0x5'",
        ),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().last(), Some(message), "{args:?}: {stderr}");
    }
}

#[test]
fn a_directory_it_did_not_write_is_left_alone() {
    let dir = TempDir::new("plugkit-compile-bench-foreign");
    std::fs::write(dir.0.join("keep.txt"), "mine").unwrap();
    let output = run(&["--n", "1", "--out", dir.0.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "{} is not empty and was not written by this script: give --out a new or empty directory",
            dir.0.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.0.join("keep.txt")).unwrap(),
        "mine"
    );
}
