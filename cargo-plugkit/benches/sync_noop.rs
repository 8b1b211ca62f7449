//! A no-op `cargo plugkit sync` on a 1,000-plugin workspace, beside `cargo metadata --no-deps`
//! on the same workspace: sync runs that command itself, so its cost is the floor, and the ratio
//! is what discovery, the semver checks, generation and the byte comparisons add to it.
//!
//! The workspace (a host-API crate and 1,000 `h-*` plugin crates listed by a glob) is generated
//! once in a temporary directory and synced once before timing; the timed `sync` is the library
//! call and must write nothing. Target (DESIGN §6): at most 1.5× the metadata call.

#![allow(
    clippy::expect_used,
    reason = "a benchmark whose setup fails must stop loudly"
)]

use std::hint::black_box;
use std::path::Path;
use std::process::Command;

use cargo_plugkit::{MessageFormat, Options, Shell, SyncArgs};
use criterion::{Criterion, criterion_group, criterion_main};

const PLUGINS: usize = 1_000;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
    std::fs::write(path, text).expect("a file");
}

fn workspace(root: &Path) {
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"api\", \"plugins/*\"]\n\n\
         [workspace.package]\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [workspace.dependencies]\nplugkit = \"0.1\"\n\n\
         [workspace.metadata.plugkit.hosts.h]\nprefix = \"h-\"\nregistration = \"h-plugins\"\n\
         registration-path = \"registration\"\napi = \"h\"\n",
    );
    write(
        &root.join("api/Cargo.toml"),
        "[package]\nname = \"h\"\nversion.workspace = true\nedition.workspace = true\n",
    );
    write(&root.join("api/src/lib.rs"), "");
    for i in 0..PLUGINS {
        let dir = root.join(format!("plugins/h-plugin-{i:04}"));
        write(
            &dir.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"h-plugin-{i:04}\"\nversion.workspace = true\n\
                 edition.workspace = true\n\n[dependencies]\n\
                 h = {{ path = \"../../api\", version = \"0.1\" }}\nplugkit.workspace = true\n"
            ),
        );
        write(&dir.join("src/lib.rs"), "");
    }
}

fn sync(root: &Path) -> cargo_plugkit::SyncReport {
    let options = Options {
        cwd: Some(root.to_owned()),
        ..Options::default()
    };
    let mut shell = Shell::captured(true, false, MessageFormat::Human);
    cargo_plugkit::sync(&options, &SyncArgs::default(), &mut shell).expect("sync succeeds")
}

fn bench(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("a temporary directory");
    let root = temp.path();
    workspace(root);
    let first = sync(root);
    assert_eq!(first.plugins, PLUGINS);
    assert!(!first.changed.is_empty());
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());

    let mut group = c.benchmark_group("sync_noop_1000_plugins");
    group.sample_size(20);
    group.bench_function("cargo metadata --no-deps", |b| {
        b.iter(|| {
            let output = Command::new(&cargo)
                .args(["metadata", "--no-deps", "--format-version", "1"])
                .current_dir(root)
                .output()
                .expect("cargo runs");
            assert!(output.status.success());
            black_box(output.stdout.len())
        });
    });
    group.bench_function("cargo plugkit sync (no-op)", |b| {
        b.iter(|| {
            let report = sync(root);
            assert!(report.changed.is_empty(), "a no-op sync writes nothing");
            black_box(report.plugins)
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
