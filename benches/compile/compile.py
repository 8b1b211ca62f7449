#!/usr/bin/env python3
"""Compile time, binary size and start-up of plugkit's registrations, beside hand-written tables.

Generates one cargo workspace of binary crates (outside the repository; plugkit by path, the
repository's Cargo.lock), builds each crate once so that the dependencies are warm, then times
builds of the generated crates alone and prints the ratios. See README.md here.

Usage:
    benches/compile/compile.py [--n 1000] [--runs 3] [--profiles release,debug]
                               [--startup 100x100] [--startup-runs 200]
                               [--out DIR] [--target-dir DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PLUGKIT = REPO / "plugkit"
# What a plugin's body, a config type's value and an instance's answer are, for item i: distinct
# per item (no two functions can be merged), and checked from the binary's output.
MULT = 2654435761
MASK = (1 << 64) - 1


def body(i: int, x: int) -> int:
    return ((x * MULT) ^ i) & MASK


# --------------------------------------------------------------------------------------------
# The generated crates. Every pair shares its item definitions; only the registration differs.
# --------------------------------------------------------------------------------------------


def plugin_fns(n: int, attr: bool) -> str:
    out = []
    for i in range(n):
        if attr:
            out.append("#[plugkit::plugin(step)]\n")
        out.append(f"fn p{i}(x: u64) -> u64 {{\n    x.wrapping_mul({MULT}) ^ {i}\n}}\n\n")
    return "".join(out)


def plugins_plugkit(n: int) -> str:
    return f"""//! {n} `#[plugin]`s of one `collect_all` pluggable.

/// The extension point.
#[plugkit::pluggable(selector = collect_all)]
pub fn step(x: u64) -> u64;

{plugin_fns(n, True)}fn main() {{
    if let Err(e) = plugkit::init() {{
        eprintln!("{{e}}");
        std::process::exit(1);
    }}
    let values = step(3).into_values();
    let sum = values.iter().fold(0u64, |a, v| a.wrapping_add(*v));
    println!("{{}} {{}}", values.len(), sum);
}}
"""


def plugins_hand(n: int) -> str:
    rows = "".join(f'    ("p{i}", p{i}),\n' for i in range(n))
    return f"""//! {n} plain functions in a static table written by hand.

{plugin_fns(n, False)}/// The plugins: an id and a `fn` pointer each.
static PLUGINS: [(&str, fn(u64) -> u64); {n}] = [
{rows}];

fn main() {{
    let values: Vec<u64> = PLUGINS.iter().map(|(_, f)| f(3)).collect();
    let sum = values.iter().fold(0u64, |a, v| a.wrapping_add(*v));
    println!("{{}} {{}}", values.len(), sum);
}}
"""


def config_types(n: int, attr: bool) -> str:
    out = []
    for i in range(n):
        out.append(
            "#[derive(serde::Serialize, serde::Deserialize)]\n"
            f"struct T{i} {{\n    a: u64,\n    b: String,\n}}\n\n"
        )
        if attr:
            out.append(f'#[plugkit::config_type(tag = "t{i}")]\n')
        out.append(
            f"impl Kind for T{i} {{\n    fn value(&self) -> u64 {{\n"
            f"        self.a.wrapping_mul({MULT}) ^ {i} ^ self.b.len() as u64\n    }}\n}}\n\n"
        )
    return "".join(out)


# A config with `type` first, as a Rust `format!` string of the item `i`.
CONFIG_JSON = 'r#"{{"type": "t{i}", "a": 3, "b": ""}}"#'


def config_main_tags(n: int) -> list[int]:
    return sorted({0, n - 1}) if n else []


def items_fn(n: int) -> str:
    """The items main reads: the arguments, else the first and the last (at run time either way,
    so that the decoding or construction path is compiled in even with no items)."""
    default = ", ".join(str(i) for i in config_main_tags(n))
    return f"""/// The items main reads: the arguments, or the first and the last.
fn items() -> Vec<usize> {{
    let given: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if given.is_empty() {{ [{default}].to_vec() }} else {{ given }}
}}

"""


def config_plugkit(n: int) -> str:
    decodes = (
        "    for i in items() {\n"
        f"        let text = format!({CONFIG_JSON});\n"
        "        let v: Box<dyn Kind> = decoder.json_str(&text).unwrap_or_else(|e| fail(e));\n"
        "        values.push(v.value());\n"
        "    }\n"
    )
    return f"""//! {n} `#[config_type]`s of one configuration kind.

/// The configuration kind.
#[plugkit::config_kind(name = "bench-kind")]
pub trait Kind {{
    /// What main reads.
    fn value(&self) -> u64;
}}

{config_types(n, True)}fn fail(e: impl std::fmt::Display) -> ! {{
    eprintln!("{{e}}");
    std::process::exit(1)
}}

{items_fn(n)}fn main() {{
    plugkit::init().unwrap_or_else(|e| fail(e));
    let decoder = plugkit::config::Decoder::default();
    #[allow(unused_mut)]
    let mut values: Vec<u64> = Vec::new();
{decodes}    let sum = values.iter().fold(0u64, |a, v| a.wrapping_add(*v));
    println!("{{}} {{}}", values.len(), sum);
}}
"""


def config_hand(n: int) -> str:
    rows = "".join(f'    ("t{i}", |d| Ok(Box::new(erased_serde::deserialize::<T{i}>(d)?))),\n' for i in range(n))
    decodes = (
        "    for i in items() {\n"
        f"        values.push(decode(&format!({CONFIG_JSON})).value());\n"
        "    }\n"
    )
    return f"""//! {n} serde types in a static table of decode functions written by hand.

/// The configuration kind: any serde format in (the table's functions take an erased
/// deserializer, as plugkit's do), and serializable back out.
pub trait Kind: erased_serde::Serialize {{
    /// What main reads.
    fn value(&self) -> u64;
}}

erased_serde::serialize_trait_object!(Kind);

type Decode = fn(&mut dyn erased_serde::Deserializer<'_>) -> Result<Box<dyn Kind>, erased_serde::Error>;

{config_types(n, False)}/// The types: a tag and a decode function each.
static TYPES: [(&str, Decode); {n}] = [
{rows}];

/// Finds the `type` tag, then decodes the rest with the type's function.
#[allow(dead_code)]
fn decode(text: &str) -> Box<dyn Kind> {{
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| fail(e));
    let tag = value.get("type").and_then(|t| t.as_str()).unwrap_or_else(|| fail("no type"));
    let Some((_, f)) = TYPES.iter().find(|(t, _)| *t == tag) else {{
        fail(format!("unknown type {{tag}}"))
    }};
    let mut fields = value.clone();
    if let Some(map) = fields.as_object_mut() {{
        map.remove("type");
    }}
    let mut d = <dyn erased_serde::Deserializer<'_>>::erase(fields);
    f(&mut d).unwrap_or_else(|e| fail(e))
}}

fn fail(e: impl std::fmt::Display) -> ! {{
    eprintln!("{{e}}");
    std::process::exit(1)
}}

{items_fn(n)}fn main() {{
    #[allow(unused_mut)]
    let mut values: Vec<u64> = Vec::new();
{decodes}    let sum = values.iter().fold(0u64, |a, v| a.wrapping_add(*v));
    println!("{{}} {{}}", values.len(), sum);
}}
"""


def instance_types(n: int, attr: bool) -> str:
    out = []
    for i in range(n):
        out.append(
            f"struct S{i} {{\n    k: u64,\n}}\n\n"
            f"impl Sut for S{i} {{\n    fn answer(&self) -> u64 {{\n"
            f"        self.k.wrapping_mul({MULT}) ^ {i}\n    }}\n}}\n\n"
        )
        if attr:
            out.append(f'#[plugkit::instance(Suts, uid = "u{i}")]\n')
        out.append(f"fn u{i}() -> S{i} {{\n    S{i} {{ k: 3 }}\n}}\n\n")
    return "".join(out)


def instances_plugkit(n: int) -> str:
    makes = (
        "    for i in items() {\n"
        '        values.push(Suts::instances().make_instance(&format!("u{i}"), &secrets).unwrap_or_else(|e| fail(e)).answer());\n'
        "    }\n"
    )
    return f"""//! {n} `#[instance]`s of one namespace.

use plugkit::instances::{{Namespace, Secrets}};

/// What the instances are.
pub trait Sut {{
    /// What main reads.
    fn answer(&self) -> u64;
}}

/// The namespace.
#[derive(Namespace)]
#[namespace(name = "bench_suts", instance = dyn Sut)]
pub struct Suts;

{instance_types(n, True)}fn fail(e: impl std::fmt::Display) -> ! {{
    eprintln!("{{e}}");
    std::process::exit(1)
}}

{items_fn(n)}fn main() {{
    plugkit::init().unwrap_or_else(|e| fail(e));
    #[allow(unused_variables)]
    let secrets = Secrets::default();
    #[allow(unused_mut)]
    let mut values: Vec<u64> = Vec::new();
{makes}    let sum = values.iter().fold(0u64, |a, v| a.wrapping_add(*v));
    println!("{{}} {{}}", values.len(), sum);
}}
"""


def instances_hand(n: int) -> str:
    rows = "".join(f'    ("u{i}", || Box::new(u{i}())),\n' for i in range(n))
    makes = '    for i in items() {\n        values.push(make(&format!("u{i}")).answer());\n    }\n'
    return f"""//! {n} constructors in a static table written by hand.

/// What the instances are.
pub trait Sut {{
    /// What main reads.
    fn answer(&self) -> u64;
}}

{instance_types(n, False)}/// The constructors: a uid and a `fn` pointer each.
static SUTS: [(&str, fn() -> Box<dyn Sut>); {n}] = [
{rows}];

#[allow(dead_code)]
fn make(uid: &str) -> Box<dyn Sut> {{
    match SUTS.iter().find(|(u, _)| *u == uid) {{
        Some((_, f)) => f(),
        None => {{
            eprintln!("unknown uid {{uid}}");
            std::process::exit(1)
        }}
    }}
}}

{items_fn(n)}fn main() {{
    #[allow(unused_mut)]
    let mut values: Vec<u64> = Vec::new();
{makes}    let sum = values.iter().fold(0u64, |a, v| a.wrapping_add(*v));
    println!("{{}} {{}}", values.len(), sum);
}}
"""


def startup_crate(points: int, per_point: int) -> str:
    """A host of `points` pluggables with `per_point` plugins each; main calls `init()`."""
    out = [f"//! {points} pluggables with {per_point} plugins each; main builds the registry.\n\n"]
    for j in range(points):
        out.append(
            f"/// Point {j}.\n#[plugkit::pluggable]\npub fn f{j}(x: u64) -> u64 {{\n    x\n}}\n\n"
        )
        for k in range(per_point):
            out.append(
                f"#[plugkit::plugin(f{j})]\nfn f{j}_{k}(x: u64) -> u64 {{\n"
                f"    x.wrapping_mul({MULT}) ^ {j * per_point + k}\n}}\n\n"
            )
    out.append(
        """fn main() {
    // Loading alone (the dynamic loader's relocations of the registrations), no registry.
    if std::env::args().nth(1).as_deref() == Some("--no-init") {
        return;
    }
    let registry = match plugkit::init() {
        Ok(registry) => registry,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    if std::env::args().nth(1).as_deref() == Some("--count") {
        let entries: usize = registry.points().iter().map(|p| p.entries().len()).sum();
        println!("{} {}", registry.points().len(), entries);
    }
}
"""
    )
    return "".join(out)


@dataclass(frozen=True)
class Crate:
    """One generated binary crate."""

    kind: str  # plugins, config_types, instances, startup
    side: str  # plugkit or hand
    n: int
    source: str
    deps: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.kind.replace('_', '-')}-{self.side}-{self.n}"


PLUGKIT_DEP = "plugkit"
DEPS = {
    "plugkit": None,  # filled in with the path
    "serde": 'serde = { version = "1", features = ["derive"] }',
    "serde_json": 'serde_json = "1"',
    "erased-serde": 'erased-serde = "0.4"',
}


KINDS = ("plugins", "config_types", "instances")


def crates(n: int, kinds: list[str]) -> list[Crate]:
    out = []
    for m in (n, 0):
        every = [
            Crate("plugins", "plugkit", m, plugins_plugkit(m), ("plugkit",)),
            Crate("plugins", "hand", m, plugins_hand(m), ()),
            Crate("config_types", "plugkit", m, config_plugkit(m), ("plugkit", "serde")),
            Crate("config_types", "hand", m, config_hand(m), ("serde", "serde_json", "erased-serde")),
            Crate("instances", "plugkit", m, instances_plugkit(m), ("plugkit",)),
            Crate("instances", "hand", m, instances_hand(m), ()),
        ]
        out += [c for c in every if c.kind in kinds]
    return out


def expected_output(c: Crate) -> str:
    if c.kind == "plugins":
        items = range(c.n)
    else:
        items = config_main_tags(c.n)
    values = [body(i, 3) for i in items]
    if c.kind == "config_types":
        # `b` is empty: `^ 0`.
        pass
    return f"{len(values)} {sum(values) & MASK}"


# Marks a directory this script wrote, which a later run may replace.
MARKER = ".plugkit-compile-bench"


def write_workspace(out: Path, all_crates: list[Crate]) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            sys.exit(f"{out} is not empty and was not written by this script: give --out a new or empty directory")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by benches/compile/compile.py\n")
    members = ",\n".join(f'    "{c.name}"' for c in all_crates)
    (out / "Cargo.toml").write_text(
        f"""[workspace]
resolver = "2"
members = [
{members},
]
"""
    )
    # The repository's lock: the same dependency versions as the workspace, available offline.
    shutil.copy(REPO / "Cargo.lock", out / "Cargo.lock")
    plugkit = f'plugkit = {{ package = "plugkit-framework", path = {json.dumps(str(PLUGKIT))} }}'
    for c in all_crates:
        d = out / c.name
        (d / "src").mkdir(parents=True)
        deps = "\n".join(plugkit if dep == "plugkit" else DEPS[dep] for dep in c.deps)
        (d / "Cargo.toml").write_text(
            f"""[package]
name = "{c.name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
{deps}
"""
        )
        (d / "src" / "main.rs").write_text(c.source)


# --------------------------------------------------------------------------------------------
# Building and measuring.
# --------------------------------------------------------------------------------------------


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cargo_env(target: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CARGO_TARGET_DIR"] = str(target)
    # A build from scratch of the crate in both profiles: no incremental cache to reuse.
    env["CARGO_INCREMENTAL"] = "0"
    env.pop("RUSTFLAGS", None)
    return env


def build(ws: Path, target: Path, crate: str, profile: str, quiet: bool = True) -> tuple[float, float]:
    """`cargo build` of one package; returns (wall, CPU) seconds of cargo and rustc."""
    cmd = [os.environ.get("CARGO", "cargo"), "build", "--offline", "-p", crate]
    if profile == "release":
        cmd.append("--release")
    if quiet:
        cmd.append("-q")
    cpu0 = cpu_children()
    t0 = time.perf_counter()
    result = subprocess.run(cmd, cwd=ws, env=cargo_env(target), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    cpu = cpu_children() - cpu0
    if result.returncode != 0:
        sys.exit(f"cargo build -p {crate} ({profile}) failed:\n{result.stderr[-4000:]}")
    return wall, cpu


def binary(target: Path, crate: str, profile: str) -> Path:
    return target / ("release" if profile == "release" else "debug") / crate


def stripped_size(path: Path, scratch: Path) -> int:
    copy = scratch / (path.name + ".stripped")
    shutil.copy(path, copy)
    subprocess.run(["strip", str(copy)], check=True)
    size = copy.stat().st_size
    copy.unlink()
    return size


def run_checked(path: Path, expected: str, args: tuple[str, ...] = ()) -> None:
    result = subprocess.run([str(path), *args], capture_output=True, text=True)
    got = result.stdout.strip()
    if result.returncode != 0 or got != expected:
        sys.exit(
            f"{path.name} {' '.join(args)}: expected output {expected!r}, got {got!r} "
            f"(exit {result.returncode}, stderr {result.stderr.strip()!r})"
        )


def touch(ws: Path, crate: str) -> None:
    main = ws / crate / "src" / "main.rs"
    os.utime(main)


def ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def fmt_ratio(r: float | None) -> str:
    return "n/a" if r is None else f"{r:.2f}x"


def measure_compile(ws: Path, target: Path, n: int, all_crates: list[Crate], profiles: list[str], runs: int) -> dict:
    results: dict = {}
    scratch = Path(tempfile.mkdtemp(prefix="plugkit-compile-strip-"))
    try:
        for profile in profiles:
            # The crates with 0 items have the same dependencies as those with N: building them
            # warms the dependencies without compiling the large crates an extra time.
            step(f"{profile}: warming the dependencies (the crates with 0 items, not timed)")
            for c in all_crates:
                if c.n == 0:
                    build(ws, target, c.name, profile)
            times: dict[str, list[tuple[float, float]]] = {c.name: [] for c in all_crates}
            for r in range(runs):
                step(f"{profile}: run {r + 1} of {runs} (load {os.getloadavg()[0]:.1f})")
                # Interleaved: each pair is built back to back, so the load is alike for both.
                for c in all_crates:
                    touch(ws, c.name)
                    times[c.name].append(build(ws, target, c.name, profile))
                    if r == 0:
                        run_checked(binary(target, c.name, profile), expected_output(c))
            for c in all_crates:
                walls = [w for w, _ in times[c.name]]
                cpus = [u for _, u in times[c.name]]
                results.setdefault(profile, {})[c.name] = {
                    "kind": c.kind,
                    "side": c.side,
                    "n": c.n,
                    "wall_s": walls,
                    "cpu_s": cpus,
                    "wall_median_s": statistics.median(walls),
                    "cpu_median_s": statistics.median(cpus),
                    "stripped_bytes": stripped_size(binary(target, c.name, profile), scratch),
                }
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return results


def compile_table(results: dict, n: int) -> tuple[str, dict]:
    lines = []
    ratios: dict = {}
    header = (
        f"{'profile':8} {'what':13} {'side':8} {'wall s':>8} {'CPU s':>8} {'stripped':>11} "
        f"{'wall -0':>8} {'CPU -0':>8} {'bytes -0':>11}"
    )
    for profile, by_name in results.items():
        lines.append(header)
        for kind in KINDS:
            if f"{kind.replace('_', '-')}-hand-{n}" not in by_name:
                continue
            row = {}
            for side in ("plugkit", "hand"):
                full = by_name[f"{kind.replace('_', '-')}-{side}-{n}"]
                empty = by_name[f"{kind.replace('_', '-')}-{side}-0"]
                row[side] = {
                    "wall": full["wall_median_s"],
                    "cpu": full["cpu_median_s"],
                    "size": full["stripped_bytes"],
                    "d_wall": full["wall_median_s"] - empty["wall_median_s"],
                    "d_cpu": full["cpu_median_s"] - empty["cpu_median_s"],
                    "d_size": full["stripped_bytes"] - empty["stripped_bytes"],
                }
                v = row[side]
                lines.append(
                    f"{profile:8} {kind:13} {side:8} {v['wall']:8.2f} {v['cpu']:8.2f} {v['size']:11} "
                    f"{v['d_wall']:8.2f} {v['d_cpu']:8.2f} {v['d_size']:11}"
                )
            r = {key: ratio(row["plugkit"][key], row["hand"][key]) for key in row["plugkit"]}
            ratios.setdefault(profile, {})[kind] = r
            lines.append(
                f"{profile:8} {kind:13} {'ratio':8} {fmt_ratio(r['wall']):>8} {fmt_ratio(r['cpu']):>8} "
                f"{fmt_ratio(r['size']):>11} {fmt_ratio(r['d_wall']):>8} {fmt_ratio(r['d_cpu']):>8} "
                f"{fmt_ratio(r['d_size']):>11}"
            )
        lines.append("")
    return "\n".join(lines), ratios


def spawn_timed(path: Path, args: list[str]) -> tuple[float, float]:
    """Runs `path` with stdout to /dev/null; returns (wall, CPU) seconds of that process."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        t0 = time.perf_counter()
        pid = os.posix_spawn(
            str(path),
            [str(path), *args],
            os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)],
        )
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
    finally:
        os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{path.name} failed with status {status}")
    return wall, usage.ru_utime + usage.ru_stime


def measure_startup(ws: Path, target: Path, points: int, per_point: int, runs: int, profile: str) -> dict:
    full, empty = f"startup-plugkit-{points * per_point}", "startup-plugkit-0"
    step(f"start-up: building both binaries ({profile})")
    for name in (empty, full):
        build(ws, target, name, profile)
    paths = {name: binary(target, name, profile) for name in (empty, full)}
    # What each registered: the full one has exactly the generated points and entries more.
    counts = {}
    for name, path in paths.items():
        out = subprocess.run([str(path), "--count"], capture_output=True, text=True, check=True)
        counts[name] = [int(x) for x in out.stdout.split()]
    diff = [counts[full][0] - counts[empty][0], counts[full][1] - counts[empty][1]]
    if diff != [points, points * per_point]:
        sys.exit(f"start-up: expected {points} points and {points * per_point} entries more, got {diff}")
    step(f"start-up: {runs} runs of each, interleaved (load {os.getloadavg()[0]:.1f})")
    # The empty host; the full one loaded without building the registry; the full one.
    variants = {"empty": (empty, []), "loaded": (full, ["--no-init"]), "full": (full, [])}
    samples: dict[str, list[tuple[float, float]]] = {key: [] for key in variants}
    for _ in range(runs):
        for key, (name, argv) in variants.items():
            samples[key].append(spawn_timed(paths[name], argv))
    out: dict = {"points": points, "entries": points * per_point, "profile": profile, "runs": runs}
    for key, (name, _) in variants.items():
        walls = [w for w, _ in samples[key]]
        cpus = [c for _, c in samples[key]]
        out[key] = {
            "wall_median_ms": statistics.median(walls) * 1e3,
            "wall_min_ms": min(walls) * 1e3,
            "cpu_mean_ms": statistics.fmean(cpus) * 1e3,
            "stripped_bytes": stripped_size(paths[name], Path(tempfile.gettempdir())),
        }
    for stat in ("wall_median", "wall_min", "cpu_mean"):
        out[f"{stat}_diff_ms"] = out["full"][f"{stat}_ms"] - out["empty"][f"{stat}_ms"]
        out[f"{stat}_loading_ms"] = out["loaded"][f"{stat}_ms"] - out["empty"][f"{stat}_ms"]
    return out


def step(text: str) -> None:
    print(f"== {text} ({time.strftime('%H:%M:%S', time.gmtime())} UTC)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="registrations per crate (default 1000)")
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help=f"comma-separated (default {','.join(KINDS)})"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed builds of each crate (default 3)")
    parser.add_argument("--profiles", default="release,debug", help="comma-separated (default release,debug)")
    parser.add_argument(
        "--startup", default="100x100", help="POINTSxPLUGINS for the start-up binary, or 'none' (default 100x100)"
    )
    parser.add_argument("--startup-runs", type=int, default=200, help="runs of each start-up binary (default 200)")
    parser.add_argument(
        "--startup-profile", default="release", choices=["release", "debug"], help="(default release)"
    )
    parser.add_argument("--out", type=Path, help="where the crates are written (default: a new temporary directory)")
    parser.add_argument(
        "--target-dir",
        type=Path,
        help="the generated workspace's target directory, kept warm between runs "
        "(default: $CARGO_TARGET_DIR/compile-bench, or target/compile-bench in the repository)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.runs < 1 or args.startup_runs < 1:
        parser.error("--runs and --startup-runs must be at least 1")
    kinds = [k for k in args.kinds.split(",") if k]
    for k in kinds:
        if k not in KINDS:
            parser.error(f"unknown kind {k!r}: expected {', '.join(KINDS)}")
    profiles = [p for p in args.profiles.split(",") if p]
    for p in profiles:
        if p not in ("release", "debug"):
            parser.error(f"unknown profile {p!r}: expected release or debug")
    startup = None
    if args.startup != "none":
        try:
            points, per_point = (int(x) for x in args.startup.split("x"))
        except ValueError:
            parser.error(f"--startup is POINTSxPLUGINS, such as 100x100; got {args.startup!r}")
        if points < 1 or per_point < 1:
            parser.error(f"--startup needs at least one point and one plugin each; got {args.startup!r}")
        startup = (points, per_point)

    out = args.out or Path(tempfile.mkdtemp(prefix="plugkit-compile-"))
    target = args.target_dir or Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")).absolute() / "compile-bench"
    all_crates = crates(args.n, kinds)
    extra = []
    if startup:
        extra = [
            Crate("startup", "plugkit", startup[0] * startup[1], startup_crate(*startup), ("plugkit",)),
            Crate("startup", "plugkit", 0, startup_crate(0, 0), ("plugkit",)),
        ]
    step(f"writing {len(all_crates) + len(extra)} crates to {out}; target directory {target}")
    write_workspace(out, all_crates + extra)

    results: dict = {"n": args.n, "runs": args.runs, "crates": str(out)}
    results["compile"] = measure_compile(out, target, args.n, all_crates, profiles, args.runs)
    table, ratios = compile_table(results["compile"], args.n)
    results["ratios"] = ratios
    if startup:
        results["startup"] = measure_startup(
            out, target, startup[0], startup[1], args.startup_runs, args.startup_profile
        )

    print()
    print(f"plugkit / hand-written table, {args.n} registrations; medians of {args.runs} builds;")
    print("'-0' columns: minus the same crate with 0 registrations (the cost per registration)")
    print(table)
    if startup:
        s = results["startup"]
        print(
            f"start-up, {s['entries']} registrations over {s['points']} pluggables, beside none "
            f"({args.startup_runs} runs each):\n"
            f"  wall median {s['full']['wall_median_ms']:.3f} ms vs {s['empty']['wall_median_ms']:.3f} ms: "
            f"+{s['wall_median_diff_ms']:.3f} ms (minimums: +{s['wall_min_diff_ms']:.3f} ms)\n"
            f"  CPU mean    {s['full']['cpu_mean_ms']:.3f} ms vs {s['empty']['cpu_mean_ms']:.3f} ms: "
            f"+{s['cpu_mean_diff_ms']:.3f} ms, of which loading (run with --no-init: "
            f"relocations) +{s['cpu_mean_loading_ms']:.3f} ms\n"
            f"  stripped    {s['full']['stripped_bytes']} vs {s['empty']['stripped_bytes']} bytes"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
