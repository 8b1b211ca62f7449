//! The packages as a user outside this repository gets them: `.ci/run` packages every
//! publishable crate, and a host with one plugin, written outside the workspace with the
//! dependency lines of the README's "Use it in your project", builds and runs against the
//! unpacked packages (a `[patch]` stands in for the registry).
//!
//! Offline, like every real-build test of this crate: the packages' dependencies are the
//! workspace's, already downloaded. Packaging and the build use directories under
//! `target/tmp` (a nested cargo on the main target directory would wait for the lock that
//! `cargo test` holds).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{ok, repo, write};

const README_SECTION: &str = "## Use it in your project";

/// The packages `.ci/run` names in its `cargo package` command, in its order.
fn ci_packages() -> Vec<String> {
    let script = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    let line = script
        .lines()
        .find(|l| l.starts_with("cargo package "))
        .expect(".ci/run runs `cargo package`");
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[0] == "-p")
        .map(|w| w[1].to_owned())
        .collect()
}

/// The workspace members that may be published (no `publish = false`), sorted.
fn publishable() -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(repo())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&ok(&output, "cargo metadata")).unwrap();
    let mut names: Vec<String> = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["publish"].as_array().is_none_or(|r| !r.is_empty()))
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn ci_packages_every_publishable_crate_and_the_examples_are_not_publishable() {
    let mut packaged = ci_packages();
    packaged.sort();
    assert_eq!(packaged, publishable());
    assert_eq!(
        packaged,
        [
            "cargo-plugkit",
            "plugkit-build",
            "plugkit-framework",
            "plugkit-macros",
            "plugkit-remote",
            "plugkit-remote-macros",
        ]
    );
}

/// The README's install block: the lines under `[dependencies]` and `[build-dependencies]`.
fn readme_lines() -> (String, String) {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split(README_SECTION)
        .nth(1)
        .expect("the README has the install section");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the install section has a toml block");
    let (mut normal, mut build) = (String::new(), String::new());
    let mut table = "";
    for line in block.lines() {
        match line {
            "[dependencies]" | "[build-dependencies]" => table = line,
            "" => {}
            _ if line.starts_with('#') => {}
            _ if table == "[dependencies]" => normal.push_str(&format!("{line}\n")),
            _ if table == "[build-dependencies]" => build.push_str(&format!("{line}\n")),
            _ => panic!("a line outside a table in the README's install block: {line}"),
        }
    }
    (normal, build)
}

/// Packages every crate `.ci/run` packages into `dir` and unpacks each; returns the directory
/// of each unpacked package by name.
fn package_and_unpack(dir: &Path) -> Vec<(String, PathBuf)> {
    let target = dir.join("target");
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(repo())
        .args([
            "package",
            "--no-verify",
            "--allow-dirty",
            "--offline",
            "--locked",
        ])
        .arg("--target-dir")
        .arg(&target)
        .env("CARGO_TERM_COLOR", "never");
    for package in ci_packages() {
        command.args(["-p", &package]);
    }
    ok(&command.output().unwrap(), "cargo package");
    let unpacked = dir.join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    ci_packages()
        .into_iter()
        .map(|name| {
            let file = target
                .join("package")
                .join(format!("{name}-{version}.crate"));
            // `-m`: the files get the time of unpacking, not the package's fixed one, so that
            // a build of them in the shared scaffold target dir is not taken for up to date
            // (it once ran a package of the previous run's sources).
            let output = Command::new("tar")
                .arg("-xzmf")
                .arg(&file)
                .arg("-C")
                .arg(&unpacked)
                .output()
                .unwrap();
            ok(&output, &format!("unpacking {}", file.display()));
            let at = unpacked.join(format!("{name}-{version}"));
            assert!(at.join("Cargo.toml").is_file(), "{}", at.display());
            (name, at)
        })
        .collect()
}

#[test]
fn a_host_outside_the_workspace_builds_from_the_packages_with_the_readme_lines() {
    let (plugkit, plugkit_build) = readme_lines();
    assert_eq!(
        plugkit,
        "plugkit = { package = \"plugkit-framework\", version = \"0.1\" }\n"
    );
    assert_eq!(plugkit_build, "plugkit-build = \"0.1\"\n");

    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("published");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let packages = package_and_unpack(&dir);
    // The packages the host needs; the others are built by `.ci/run`'s `cargo package`.
    let patch: String = packages
        .iter()
        .filter(|(name, _)| {
            ["plugkit-framework", "plugkit-macros", "plugkit-build"].contains(&name.as_str())
        })
        .map(|(name, at)| format!("{name} = {{ path = {:?} }}\n", at.display().to_string()))
        .collect();

    // Its own workspace: `target/tmp` may lie inside this repository's.
    let root = dir.join("outside");
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [\"greet-api\", \"greet-loud\", \"greeter\"]\n\n\
             [patch.crates-io]\n{patch}"
        ),
    );
    let manifest = |name: &str, deps: &str, build: &str| {
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [dependencies]\n{deps}{plugkit}{build}"
        )
    };
    write(
        &root.join("greet-api/Cargo.toml"),
        &manifest("greet-api", "", ""),
    );
    write(
        &root.join("greet-api/src/lib.rs"),
        "//! What plugins of `greeter` can extend.\n\n\
         /// How `greeter` greets someone; the body is the default.\n\
         #[plugkit::pluggable(category = \"greetings\")]\n\
         pub fn greet(name: &str) -> String {\n    format!(\"hello, {name}\")\n}\n",
    );
    write(
        &root.join("greet-loud/Cargo.toml"),
        &manifest(
            "greet-loud",
            "greet-api = { path = \"../greet-api\" }\n",
            "",
        ),
    );
    write(
        &root.join("greet-loud/src/lib.rs"),
        "//! A louder greeting.\n\n\
         /// Replaces `greet_api::greet`'s default.\n\
         #[plugkit::plugin(greet_api::greet)]\n\
         pub fn greet(name: &str) -> String {\n    format!(\"HELLO, {name}!\")\n}\n",
    );
    write(
        &root.join("greeter/Cargo.toml"),
        &manifest(
            "greeter",
            "greet-api = { path = \"../greet-api\" }\ngreet-loud = { path = \"../greet-loud\" }\n",
            &format!("\n[build-dependencies]\n{plugkit_build}"),
        ),
    );
    write(
        &root.join("greeter/build.rs"),
        "fn main() {\n    plugkit_build::link_plugins();\n}\n",
    );
    write(
        &root.join("greeter/src/main.rs"),
        "fn main() -> Result<(), plugkit::BuildError> {\n    \
         let registry = plugkit::init_expecting(plugkit::linked_plugins!())?;\n    \
         for plugin in registry.expected() {\n        \
         println!(\"plugin crate: {} {}\", plugin.crate_name, plugin.version);\n    }\n    \
         println!(\"{}\", greet_api::greet(\"world\"));\n    Ok(())\n}\n",
    );

    let output = support::cargo(&root, &["run", "--quiet", "-p", "greeter"]);
    let stdout = ok(&output, "cargo run in the host outside the workspace");
    assert_eq!(
        stdout,
        "plugin crate: greet-api 0.1.0\nplugin crate: greet-loud 0.1.0\nHELLO, world!\n"
    );
    // Every plugkit crate came from its package, none from this repository.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    for name in ["plugkit-framework", "plugkit-macros", "plugkit-build"] {
        assert!(
            lock.contains(&format!("name = \"{name}\"\nversion = \"0.1.0\"\n")),
            "{name} is not in {lock}"
        );
    }
    let metadata = support::cargo(&root, &["metadata", "--format-version", "1"]);
    let json: serde_json::Value = serde_json::from_str(&ok(&metadata, "cargo metadata")).unwrap();
    let unpacked = dir.join("unpacked").display().to_string();
    for package in json["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap();
        if name.starts_with("plugkit") {
            let path = package["manifest_path"].as_str().unwrap();
            assert!(path.starts_with(&unpacked), "{name} comes from {path}");
        }
    }
}
