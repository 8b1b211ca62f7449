//! A no-op `cargo plugkit sync` on a 1,000-plugin workspace, and `list` and a no-op `sync` on
//! a 300-member workspace, each beside `cargo metadata --no-deps` on the same workspace: both
//! commands run that command themselves, so its cost is the floor, and the ratio is what
//! discovery, the semver checks, generation and the byte comparisons add to it.
//!
//! Each workspace (a host-API crate and `h-*` plugin crates listed by a glob) is generated once
//! in a temporary directory and synced once before timing; the timed calls are the library's
//! and must write nothing. Target (DESIGN §6, issue 10): at most 1.5× the metadata call.

#![allow(
    clippy::expect_used,
    reason = "a benchmark whose setup fails must stop loudly"
)]

use std::hint::black_box;
use std::path::Path;
use std::process::Command;

use cargo_plugkit::{ListFormat, MessageFormat, Options, Shell, SyncArgs};
use criterion::{Criterion, criterion_group, criterion_main};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
    std::fs::write(path, text).expect("a file");
}

/// A workspace of the host-API crate and `plugins` plugin crates: `plugins + 1` members (and
/// the registration crate, once synced).
fn workspace(root: &Path, plugins: usize) {
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"api\", \"plugins/*\"]\n\n\
         [workspace.package]\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [workspace.dependencies]\nplugkit = { package = \"plugkit-framework\", version = \"0.1\" }\n\n\
         [workspace.metadata.plugkit.hosts.h]\nprefix = \"h-\"\nregistration = \"h-plugins\"\n\
         registration-path = \"registration\"\napi = \"h\"\n",
    );
    write(
        &root.join("api/Cargo.toml"),
        "[package]\nname = \"h\"\nversion.workspace = true\nedition.workspace = true\n",
    );
    write(&root.join("api/src/lib.rs"), "");
    for i in 0..plugins {
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

fn options(root: &Path) -> Options {
    Options {
        cwd: Some(root.to_owned()),
        ..Options::default()
    }
}

fn sync(root: &Path) -> cargo_plugkit::SyncReport {
    let mut shell = Shell::captured(true, false, MessageFormat::Human);
    cargo_plugkit::sync(&options(root), &SyncArgs::default(), &mut shell).expect("sync succeeds")
}

fn list(root: &Path) -> usize {
    let mut shell = Shell::captured(true, false, MessageFormat::Human);
    cargo_plugkit::list(&options(root), None, ListFormat::Human, &mut shell)
        .expect("list succeeds");
    shell.captured_stdout().len()
}

fn cargo_metadata(root: &Path) -> usize {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .current_dir(root)
        .output()
        .expect("cargo runs");
    assert!(output.status.success());
    output.stdout.len()
}

/// A synced workspace of `plugins` plugin crates in a temporary directory.
fn synced(plugins: usize) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("a temporary directory");
    workspace(temp.path(), plugins);
    let first = sync(temp.path());
    assert_eq!(first.plugins, plugins);
    assert!(!first.changed.is_empty());
    temp
}

fn bench(c: &mut Criterion) {
    let temp = synced(1_000);
    let root = temp.path();
    let mut group = c.benchmark_group("sync_noop_1000_plugins");
    group.sample_size(20);
    group.bench_function("cargo metadata --no-deps", |b| {
        b.iter(|| black_box(cargo_metadata(root)));
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

fn bench_300_members(c: &mut Criterion) {
    // 299 plugin crates and the host-API crate: 300 members before the registration crate.
    let temp = synced(299);
    let root = temp.path();
    let mut group = c.benchmark_group("workspace_300_members");
    group.sample_size(20);
    group.bench_function("cargo metadata --no-deps", |b| {
        b.iter(|| black_box(cargo_metadata(root)));
    });
    group.bench_function("cargo plugkit list", |b| {
        b.iter(|| black_box(list(root)));
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

criterion_group!(benches, bench, bench_300_members);
criterion_main!(benches);
