//! The order of plugins does not depend on the build profile: `compas-like` built for dev,
//! for release, and for release with fat LTO lists the same points and the same entries in the
//! same order.
//!
//! Linkers order (and LTO may reorder) the registrations that plugin crates submit; plugkit
//! sorts them, so what a user sees must not change with the profile. Each build goes to its own
//! target directory under `target/profiles`: building in the target directory that `cargo test`
//! holds locked would wait forever.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's root, where `Cargo.toml` lists the members.
fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
}

/// `target/profiles/<name>` under the workspace's target directory (`CARGO_TARGET_DIR`, or
/// `target`).
fn target_dir(name: &str) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    workspace_root().join(target).join("profiles").join(name)
}

/// A build of the `compas-like` binary.
struct Build {
    /// For messages.
    name: &'static str,
    /// Arguments to `cargo build` beyond the package and the target directory.
    args: &'static [&'static str],
    /// `CARGO_PROFILE_RELEASE_LTO`, if set.
    lto: Option<&'static str>,
    /// Where it goes, under `target/profiles`.
    dir: &'static str,
    /// The profile's directory in there.
    profile_dir: &'static str,
}

const BUILDS: [Build; 3] = [
    Build {
        name: "dev",
        args: &[],
        lto: None,
        dir: "plain",
        profile_dir: "debug",
    },
    Build {
        name: "release",
        args: &["--release"],
        lto: None,
        dir: "plain",
        profile_dir: "release",
    },
    Build {
        name: "release with fat LTO",
        args: &["--release"],
        lto: Some("fat"),
        dir: "lto",
        profile_dir: "release",
    },
];

/// Builds `compas-like` with `$CARGO` and returns the binary's path.
fn build(build: &Build) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let dir = target_dir(build.dir);
    let mut command = Command::new(cargo);
    command
        .current_dir(workspace_root())
        .args([
            "build",
            "--quiet",
            "--package",
            "compas-like-cli",
            "--bin",
            "compas-like",
            "--target-dir",
        ])
        .arg(&dir)
        .args(build.args)
        .env_remove("CARGO_PROFILE_RELEASE_LTO");
    if let Some(lto) = build.lto {
        command.env("CARGO_PROFILE_RELEASE_LTO", lto);
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "building compas-like ({}) failed:\n{}",
        build.name,
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join(build.profile_dir)
        .join(format!("compas-like{}", std::env::consts::EXE_SUFFIX))
}

/// What `compas-like ARGS` prints on stdout, with `COMPAS_LIKE_RHINO` as given.
fn stdout(binary: &Path, args: &[&str], rhino: &str) -> String {
    let output = Command::new(binary)
        .args(args)
        .env_remove("PLUGKIT_DEBUG")
        .env("COMPAS_LIKE_RHINO", rhino)
        .output()
        .expect("compas-like runs");
    assert!(
        output.status.success(),
        "{} {args:?}: {}",
        binary.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Every entry id of every point, in order, from `plugins --json`.
fn order(json: &str) -> Vec<(String, Vec<String>)> {
    let json: serde_json::Value = serde_json::from_str(json).unwrap();
    let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
    json["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                text(&p["url"]),
                p["entries"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| text(&e["id"]))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn plugin_order_is_the_same_in_dev_release_and_lto_builds() {
    let binaries: Vec<(&str, PathBuf)> = BUILDS.iter().map(|b| (b.name, build(b))).collect();
    let queries: [(&[&str], &str); 4] = [
        (&["plugins", "--json"], "0"),
        (&["plugins", "--json"], "1"),
        (&["plugins"], "0"),
        (&["installable"], "0"),
    ];
    for (args, rhino) in queries {
        let (first, first_binary) = &binaries[0];
        let expected = stdout(first_binary, args, rhino);
        for (name, binary) in &binaries[1..] {
            assert_eq!(
                stdout(binary, args, rhino),
                expected,
                "`compas-like {}` (COMPAS_LIKE_RHINO={rhino}) differs between the {first} and the {name} build",
                args.join(" ")
            );
        }
    }

    // And the order they agree on is the documented one.
    let id = |s: &str| s.to_owned();
    let url = |tail: &str| format!("https://plugins.compas-like.example/{tail}");
    assert_eq!(
        order(&stdout(&binaries[0].1, &["plugins", "--json"], "0")),
        [
            (
                url("booleans/boolean_union_polygon_polygon"),
                vec![
                    id("compas_like_rhino::booleans::union_in_rhino"),
                    id("compas_like_geo::booleans::union"),
                    id("compas_like_fallback::booleans::union"),
                ]
            ),
            (
                url("install/installable_packages"),
                vec![
                    id("compas_like::install::core_packages"),
                    id("compas_like_geo::install::installable_packages"),
                    id("compas_like_rhino::install::installable_packages"),
                    id("compas_like_fallback::install::installable_packages"),
                ]
            ),
            (
                url("measure/area"),
                vec![
                    id("compas_like_geo::measure::area"),
                    id("compas_like_fallback::measure::area")
                ]
            ),
            // plugkit's own point for plugin configuration sections, in every program.
            (id("plugkit://plugkit/config/plugins"), vec![]),
        ]
    );
}
