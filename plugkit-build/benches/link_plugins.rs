//! What `plugkit_build::link_plugins()` costs a host with 200 dependencies, paid as a user pays
//! it: a build script is a process that cargo starts, so each iteration starts one and waits for
//! it. Beside it, in the same group and the same run, the limit: a build script that does
//! nothing. Target (issue 9): under 100 ms.
//!
//! Both are this benchmark's own executable, started again with `PLUGKIT_BENCH_BUILD_SCRIPT`
//! set to `noop` (return at once) or `link` (call `link_plugins()`), with the environment cargo
//! gives a build script (`CARGO_MANIFEST_DIR`, `OUT_DIR`, `TARGET`, `CARGO_CFG_*`,
//! `CARGO_FEATURE_*`, …) and nothing else, so the two differ only by the work of
//! `link_plugins()`.
//!
//! The host is generated once in a temporary directory: a workspace whose host package has 200
//! dependencies (path plugin crates, path libraries, registry crates of which some are plugins;
//! some renamed, inherited from `[workspace.dependencies]`, optional with the feature on and
//! off, and target-specific for a target that applies and one that does not), a Cargo.lock
//! with those and 200 more transitive packages, and a `CARGO_HOME` whose `registry/src` holds
//! the manifest of every registry package, where the build script reads them. Before timing,
//! one run checks that the generated file links exactly the plugin crates this build uses.
//!
//! With `PLUGKIT_BENCH_WORKSPACE=<dir>` it only generates the host in `<dir>` and writes the
//! build script's environment to `<dir>/build-script.env` (one `KEY=value` a line), then exits,
//! so that the build script can be run and counted by other tools (`docs/performance.md` §8).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark whose setup fails must stop loudly"
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group};

/// The environment variable that makes this executable a build script.
const ROLE: &str = "PLUGKIT_BENCH_BUILD_SCRIPT";
/// The environment variable that asks for the host to be generated in a directory and kept.
const KEEP: &str = "PLUGKIT_BENCH_WORKSPACE";
const DEPENDENCIES: usize = 200;
/// Packages in Cargo.lock that the host reaches only through its dependencies.
const TRANSITIVE: usize = 200;
const REGISTRY: &str = "registry+https://github.com/rust-lang/crates.io-index";
const INDEX_DIR: &str = "index.crates.io-1949cf8c6b5b557f";

/// Where a dependency comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Path,
    Registry,
    /// Registry, through `x.workspace = true`.
    Workspace,
}

/// One dependency of the host.
struct Dep {
    /// The key in `[dependencies]`.
    key: String,
    package: String,
    version: String,
    source: Source,
    /// Its Cargo.lock entry depends on plugkit.
    plugin: bool,
    /// `Some(on)`: optional, and whether this build's features turn it on.
    optional: Option<bool>,
    /// `Some((cfg, applies))`: under `[target.'<cfg>'.dependencies]`.
    target: Option<(&'static str, bool)>,
}

impl Dep {
    /// Whether cargo builds it into the host in this build.
    fn in_build(&self) -> bool {
        self.optional != Some(false) && self.target.is_none_or(|(_, on)| on)
    }

    /// Whether `link_plugins()` must link it in this build.
    fn linked(&self) -> bool {
        self.plugin && self.in_build()
    }

    fn dir(&self) -> String {
        match self.source {
            Source::Path if self.plugin => format!("plugins/{}", self.package),
            Source::Path => format!("libs/{}", self.package),
            _ => String::new(),
        }
    }
}

/// The host's 200 dependencies: a quarter path plugins, a quarter path libraries, half from
/// the registry (a quarter of those plugins); one in five path plugins renamed; half the
/// registry ones inherited from the workspace; ten optional (three on), ten target-specific
/// (five for `cfg(unix)`, which applies, five for `cfg(windows)`).
fn dependencies() -> Vec<Dep> {
    (0..DEPENDENCIES)
        .map(|i| {
            let (source, plugin, package) = match i % 4 {
                0 => (Source::Path, true, format!("bench-host-plugin-{i:03}")),
                1 => (Source::Path, false, format!("bench-lib-{i:03}")),
                2 => (Source::Registry, i % 8 == 2, format!("reg-crate-{i:03}")),
                _ => (Source::Workspace, false, format!("reg-crate-{i:03}")),
            };
            let key = if source == Source::Path && plugin && i % 20 == 0 {
                format!("alias-{i:03}")
            } else {
                package.clone()
            };
            let version = match source {
                Source::Path => "0.1.0".to_owned(),
                _ => format!("1.{i}.3"),
            };
            Dep {
                key,
                package,
                version,
                source,
                plugin,
                optional: (i % 20 == 10).then_some(i % 80 == 10),
                target: match i % 40 {
                    4 | 15 => Some(("cfg(unix)", true)),
                    24 | 35 => Some(("cfg(windows)", false)),
                    _ => None,
                },
            }
        })
        .collect()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
    std::fs::write(path, text).expect("a file");
}

/// The inline table (or string) declaring `dep` in the host's manifest.
fn declaration(dep: &Dep) -> String {
    let mut keys = Vec::new();
    if dep.key != dep.package {
        keys.push(format!("package = {:?}", dep.package));
    }
    match dep.source {
        Source::Path => keys.push(format!("path = \"../{}\"", dep.dir())),
        Source::Registry => keys.push(format!("version = \"{}\"", &dep.version[..3])),
        Source::Workspace => keys.push("workspace = true".to_owned()),
    }
    if dep.optional.is_some() {
        keys.push("optional = true".to_owned());
    }
    if dep.source == Source::Registry && dep.optional.is_none() && keys.len() == 1 {
        return format!("\"{}\"", &dep.version[..3]);
    }
    format!("{{ {} }}", keys.join(", "))
}

/// Writes the workspace under `root` and the registry under `cargo_home`; returns the host's
/// directory.
fn generate(root: &Path, cargo_home: &Path, deps: &[Dep]) -> PathBuf {
    let mut shared = String::new();
    for dep in deps.iter().filter(|d| d.source == Source::Workspace) {
        let _ = writeln!(shared, "{} = \"{}\"", dep.package, &dep.version[..3]);
    }
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [\"host\", \"plugins/*\", \"libs/*\"]\n\n\
             [workspace.package]\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [workspace.dependencies]\nplugkit = {{ path = \"plugkit\", package = \"plugkit-framework\" }}\n{shared}"
        ),
    );
    write(
        &root.join("plugkit/Cargo.toml"),
        "[package]\nname = \"plugkit-framework\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [lib]\nname = \"plugkit\"\n",
    );

    let mut normal = String::from("[dependencies]\nplugkit.workspace = true\n");
    let mut targets: std::collections::BTreeMap<&str, String> = Default::default();
    let mut features = String::from("[features]\ndefault = []\n");
    for dep in deps {
        let line = format!("{} = {}\n", dep.key, declaration(dep));
        match dep.target {
            Some((cfg, _)) => targets.entry(cfg).or_default().push_str(&line),
            None => normal.push_str(&line),
        }
        if dep.optional.is_some() {
            let _ = writeln!(features, "with-{} = [\"dep:{}\"]", dep.key, dep.key);
        }
    }
    let mut host = String::from(
        "[package]\nname = \"bench-host\"\nversion.workspace = true\nedition.workspace = true\n\
         build = \"build.rs\"\n\n",
    );
    host.push_str(&normal);
    for (cfg, lines) in &targets {
        let _ = write!(host, "\n[target.'{cfg}'.dependencies]\n{lines}");
    }
    host.push_str(
        "\n[build-dependencies]\nplugkit-build = { path = \"../plugkit-build\" }\n\n\
         [dev-dependencies]\nreg-crate-002 = \"1.2\"\n\n",
    );
    host.push_str(&features);
    let host_dir = root.join("host");
    write(&host_dir.join("Cargo.toml"), &host);
    write(&host_dir.join("build.rs"), "fn main() {}\n");
    write(&host_dir.join("src/main.rs"), "fn main() {}\n");

    let mut lock = String::from(
        "# This file is automatically @generated by Cargo.\n\
         # It is not intended for manual editing.\nversion = 4\n",
    );
    let mut packages: Vec<(String, String, Option<&str>, Vec<String>)> = Vec::new();
    let mut host_deps: Vec<String> = vec!["plugkit-framework".to_owned()];
    for (i, dep) in deps.iter().enumerate() {
        let mut own = Vec::new();
        if dep.plugin {
            own.push("plugkit-framework".to_owned());
        }
        for k in 0..3 {
            own.push(format!("trans-{:03}", (i * 7 + k * 31) % TRANSITIVE));
        }
        match dep.source {
            Source::Path => {
                let dir = root.join(dep.dir());
                // Every eighth plugin registers under a feature it does not declare in its
                // metadata: the build script records it as left off.
                let features = if dep.plugin && i % 8 == 0 {
                    "\n[features]\nregistrations = []\n"
                } else {
                    ""
                };
                write(
                    &dir.join("Cargo.toml"),
                    &format!(
                        "[package]\nname = {:?}\nversion.workspace = true\n\
                         edition.workspace = true\n\n[dependencies]\n{}{features}",
                        dep.package,
                        if dep.plugin {
                            "plugkit.workspace = true\n"
                        } else {
                            ""
                        }
                    ),
                );
                write(&dir.join("src/lib.rs"), "");
                packages.push((dep.package.clone(), dep.version.clone(), None, own));
            }
            _ => packages.push((
                dep.package.clone(),
                dep.version.clone(),
                Some(REGISTRY),
                own,
            )),
        }
        host_deps.push(dep.package.clone());
    }
    for j in 0..TRANSITIVE {
        let own = if j % 3 == 0 {
            vec![format!("trans-{:03}", (j + 1) % TRANSITIVE)]
        } else {
            Vec::new()
        };
        packages.push((
            format!("trans-{j:03}"),
            format!("0.{j}.1"),
            Some(REGISTRY),
            own,
        ));
    }
    packages.push(("bench-host".into(), "0.1.0".into(), None, host_deps));
    packages.push(("plugkit-framework".into(), "0.1.0".into(), None, Vec::new()));
    packages.sort();
    for (name, version, source, own) in &packages {
        let _ = write!(
            lock,
            "\n[[package]]\nname = {name:?}\nversion = {version:?}\n"
        );
        if let Some(source) = source {
            let _ = writeln!(lock, "source = {source:?}");
            let _ = writeln!(lock, "checksum = \"{:064x}\"", fnv(name));
            // The unpacked crate, where a build script finds a registry dependency's manifest.
            write(
                &cargo_home
                    .join("registry/src")
                    .join(INDEX_DIR)
                    .join(format!("{name}-{version}/Cargo.toml")),
                &format!(
                    "[package]\nname = {name:?}\nversion = {version:?}\nedition = \"2021\"\n\
                     description = \"A registry crate.\"\nlicense = \"MIT OR Apache-2.0\"\n\n\
                     [dependencies]\n{}\n[features]\ndefault = [\"std\"]\nstd = []\n",
                    own.iter()
                        .map(|d| format!("{d} = \"*\"\n"))
                        .collect::<String>()
                ),
            );
        }
        if !own.is_empty() {
            lock.push_str("dependencies = [\n");
            for d in own {
                let _ = writeln!(lock, " {d:?},");
            }
            lock.push_str("]\n");
        }
    }
    write(&root.join("Cargo.lock"), &lock);
    host_dir
}

/// A stand-in checksum: 64 hex digits, as Cargo.lock has.
fn fnv(text: &str) -> u128 {
    text.bytes()
        .fold(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d, |h, b| {
            (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b)
        })
}

/// What cargo sets for the build script of `bench-host`, built for x86_64 Linux (fixed, so
/// that the target-specific dependencies resolve the same on every machine), with the feature
/// of each optional dependency that is on.
fn build_script_env(host: &Path, out_dir: &Path, deps: &[Dep]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("CARGO_MANIFEST_DIR", host.display().to_string()),
        (
            "CARGO_MANIFEST_PATH",
            host.join("Cargo.toml").display().to_string(),
        ),
        ("OUT_DIR", out_dir.display().to_string()),
        ("TARGET", "x86_64-unknown-linux-gnu".to_owned()),
        ("HOST", "x86_64-unknown-linux-gnu".to_owned()),
        ("PROFILE", "debug".to_owned()),
        ("OPT_LEVEL", "0".to_owned()),
        ("DEBUG", "true".to_owned()),
        ("NUM_JOBS", "2".to_owned()),
        ("RUSTC", "rustc".to_owned()),
        ("RUSTDOC", "rustdoc".to_owned()),
        ("CARGO", "cargo".to_owned()),
        ("CARGO_PKG_NAME", "bench-host".to_owned()),
        ("CARGO_PKG_VERSION", "0.1.0".to_owned()),
        ("CARGO_ENCODED_RUSTFLAGS", String::new()),
        ("CARGO_CFG_TARGET_ARCH", "x86_64".to_owned()),
        ("CARGO_CFG_TARGET_OS", "linux".to_owned()),
        ("CARGO_CFG_TARGET_FAMILY", "unix".to_owned()),
        ("CARGO_CFG_UNIX", String::new()),
        ("CARGO_CFG_TARGET_ENV", "gnu".to_owned()),
        ("CARGO_CFG_TARGET_VENDOR", "unknown".to_owned()),
        ("CARGO_CFG_TARGET_ENDIAN", "little".to_owned()),
        ("CARGO_CFG_TARGET_POINTER_WIDTH", "64".to_owned()),
        ("CARGO_CFG_TARGET_HAS_ATOMIC", "16,32,64,8,ptr".to_owned()),
        ("CARGO_CFG_TARGET_FEATURE", "fxsr,sse,sse2".to_owned()),
        ("CARGO_CFG_PANIC", "unwind".to_owned()),
        ("CARGO_CFG_DEBUG_ASSERTIONS", String::new()),
        ("CARGO_CFG_OVERFLOW_CHECKS", String::new()),
        ("CARGO_FEATURE_DEFAULT", "1".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for dep in deps.iter().filter(|d| d.optional == Some(true)) {
        env.push((
            format!(
                "CARGO_FEATURE_WITH_{}",
                dep.key.to_uppercase().replace('-', "_")
            ),
            "1".to_owned(),
        ));
    }
    env
}

/// This executable as the build script `role`, with `env` and `CARGO_HOME` only.
fn build_script(role: &str, env: &[(String, String)], cargo_home: &Path) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("the benchmark's path"));
    command
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env("CARGO_HOME", cargo_home)
        .env(ROLE, role)
        .stdout(Stdio::null());
    command
}

fn run(mut command: Command) {
    let status = command.status().expect("the build script starts");
    assert!(status.success(), "the build script failed: {status}");
}

fn bench(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("a temporary directory");
    let kept = std::env::var_os(KEEP).map(PathBuf::from);
    let base = kept.clone().unwrap_or_else(|| temp.path().to_owned());
    let deps = dependencies();
    let cargo_home = base.join("cargo-home");
    let host = generate(&base.join("ws"), &cargo_home, &deps);
    let out_dir = base.join("out");
    std::fs::create_dir_all(&out_dir).expect("OUT_DIR");
    let env = build_script_env(&host, &out_dir, &deps);
    if kept.is_some() {
        let mut lines: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        let _ = writeln!(lines, "CARGO_HOME={}", cargo_home.display());
        write(&base.join("build-script.env"), &lines);
        return;
    }

    // One run, checked: the file links exactly the plugins of this build, and no error.
    let output = build_script("link", &env, &cargo_home)
        .stdout(Stdio::piped())
        .output()
        .expect("the build script starts");
    assert!(output.status.success());
    let generated = std::fs::read_to_string(out_dir.join(plugkit_build::LINKED_FILE)).unwrap();
    assert!(!generated.contains("compile_error"), "{generated}");
    let mut expected: Vec<String> = deps
        .iter()
        .filter(|d| d.linked())
        .map(|d| format!("    extern crate {} as _;", d.key.replace('-', "_")))
        .collect();
    expected.sort();
    let mut linked: Vec<String> = generated
        .lines()
        .filter(|l| l.contains("extern crate"))
        .map(str::to_owned)
        .collect();
    linked.sort();
    assert_eq!(linked, expected);
    // 50 path plugins less 5 for `cfg(windows)`, 25 registry plugins less 2 optional and off.
    assert_eq!(expected.len(), 68, "the mix of dependencies changed");
    assert_eq!(
        generated.matches(", &[\"registrations\"]),").count(),
        deps.iter()
            .enumerate()
            .filter(|(i, d)| d.linked() && d.source == Source::Path && i % 8 == 0)
            .count()
    );
    // Cargo reruns it only when a manifest it read, or Cargo.lock, changes.
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let rerun: BTreeSet<PathBuf> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("cargo::rerun-if-changed="))
        .map(|p| canonical(Path::new(p)))
        .collect();
    // The other lines: the file's path for rustc, and the warning that no source file of this
    // generated host writes `linked_plugins!()`.
    let others: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with("cargo::rerun-if-changed="))
        .collect();
    assert_eq!(others.len(), 2, "{others:?}");
    assert!(others[0].starts_with("cargo::warning=plugkit-build links the plugin crates of"));
    assert!(others[1].starts_with("cargo::rustc-env=PLUGKIT_LINKED_PLUGINS="));
    let root = base.join("ws");
    let mut read: BTreeSet<PathBuf> = ["host/Cargo.toml", "Cargo.toml", "Cargo.lock"]
        .iter()
        .chain(&["plugkit/Cargo.toml"])
        .map(|p| canonical(&root.join(p)))
        .collect();
    for dep in deps.iter().filter(|d| d.in_build()) {
        read.insert(canonical(&match dep.source {
            Source::Path => root.join(dep.dir()).join("Cargo.toml"),
            _ => cargo_home
                .join("registry/src")
                .join(INDEX_DIR)
                .join(format!("{}-{}/Cargo.toml", dep.package, dep.version)),
        }));
    }
    assert_eq!(rerun, read);
    // The host's, the root's and plugkit's manifests, Cargo.lock, and the manifests of the
    // 200 dependencies less 10 for `cfg(windows)` and 7 optional and off.
    assert_eq!(read.len(), 187, "the mix of dependencies changed");

    let mut group = c.benchmark_group("build_script_200_dependencies");
    group.bench_function("noop", |b| {
        b.iter(|| run(build_script("noop", &env, &cargo_home)));
    });
    group.bench_function("link_plugins", |b| {
        b.iter(|| run(build_script("link", &env, &cargo_home)));
    });
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    match std::env::var(ROLE).as_deref() {
        Ok("noop") => {}
        Ok("link") => plugkit_build::link_plugins(),
        _ => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
