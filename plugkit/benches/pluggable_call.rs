//! The cost of calling a pluggable function, each beside its physical limit in the same group.
//!
//! - `first_match`: a call through a `#[pluggable]` function with one `#[plugin]`, after the
//!   first call (which selects and caches the plugin), against a call through `&dyn Fn` with the
//!   same body. Target (DESIGN §6): at most 1.2 times the `&dyn Fn` call.
//! - `first_match_recheck`: a call through a `#[pluggable]` function whose five plugins are all
//!   `recheck_each_call`, the first four failing their check and the fifth winning, against a
//!   hand-written loop over the same five checks and functions. Target: at most 1.5 times the
//!   loop.
//! - `collect_all`: a call through a `collect_all` pluggable with ten plugins, collecting into
//!   [`plugkit::fns::Collected`] and summing its values, against a loop over ten `Box<dyn Fn>`
//!   closures collecting into a `Vec` and summing it. Target: at most 1.25 times the loop.
//!
//! Every body adds two `u64`s; arguments and function references pass through
//! [`black_box`] so that nothing is folded away or devirtualized, and results are returned to
//! criterion, which black-boxes them. `docs/performance.md` reports the ratios.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use plugkit::{pluggable, plugin};

mod host {
    use super::pluggable;

    /// The `first_match` point. The default body differs from the plugin's so that the
    /// benchmark can check that the plugin runs.
    #[pluggable(category = "bench")]
    pub fn add(a: u64, b: u64) -> u64 {
        let _ = (a, b);
        0
    }

    /// The `first_match` point whose plugins all recheck on every call.
    #[pluggable(category = "bench")]
    pub fn pick(a: u64, b: u64) -> u64 {
        let _ = (a, b);
        0
    }

    /// The `collect_all` point.
    #[pluggable(category = "bench", selector = collect_all)]
    pub fn add_all(a: u64, b: u64) -> u64;
}

#[plugin(host::add)]
fn add_plugin(a: u64, b: u64) -> u64 {
    a.wrapping_add(b)
}

/// What each check of `host::pick` reads, as a check of a running service would: the first
/// four are down, the fifth up.
static UP: [AtomicBool; 5] = [
    AtomicBool::new(false),
    AtomicBool::new(false),
    AtomicBool::new(false),
    AtomicBool::new(false),
    AtomicBool::new(true),
];

/// A check and the function it guards, as a hand-written table holds them.
type Rechecked = (fn() -> bool, fn(u64, u64) -> u64);

/// Declares one `recheck_each_call` plugin of `host::pick` per name, with its own check and
/// priority (the first listed runs first), and the same pairs for the limit.
macro_rules! recheck_plugins {
    ($($name:ident, $check:ident = $i:literal, $priority:literal);* $(;)?) => {
        $(
            fn $check() -> bool {
                UP[$i].load(Ordering::Relaxed)
            }

            #[plugin(host::pick, requires = [$check], recheck_each_call, priority = $priority)]
            fn $name(a: u64, b: u64) -> u64 {
                a.wrapping_mul(b).wrapping_add($i)
            }
        )*
        /// The same checks and functions, in the same order, for the limit.
        static RECHECKED: [Rechecked; 5] = [$(($check, $name)),*];
    };
}

recheck_plugins!(
    r1, up1 = 0, 50;
    r2, up2 = 1, 40;
    r3, up3 = 2, 30;
    r4, up4 = 3, 20;
    r5, up5 = 4, 10;
);

/// Declares one `collect_all` plugin per name, each adding its own constant.
macro_rules! collect_all_plugins {
    ($($name:ident = $k:literal),* $(,)?) => {
        $(
            #[plugin(host::add_all)]
            fn $name(a: u64, b: u64) -> u64 {
                a.wrapping_add(b).wrapping_add($k)
            }
        )*
        /// The same ten bodies as boxed closures, for the limit.
        fn boxed_closures() -> Vec<Box<dyn Fn(u64, u64) -> u64>> {
            vec![$(Box::new(|a: u64, b: u64| a.wrapping_add(b).wrapping_add($k))),*]
        }
    };
}

// The constants start at 1, so that no plugin has the same machine code as `add_plugin` (the
// linker would fold the two, and callgrind would count their calls together).
collect_all_plugins!(
    p01 = 1,
    p02 = 2,
    p03 = 3,
    p04 = 4,
    p05 = 5,
    p06 = 6,
    p07 = 7,
    p08 = 8,
    p09 = 9,
    p10 = 10,
);

fn first_match(c: &mut Criterion) {
    // The first call selects and caches; the benchmark is about every call after it.
    assert_eq!(host::add(2, 3), 5, "the plugin, not the default, must run");

    let closure = |a: u64, b: u64| a.wrapping_add(b);
    let dyn_fn: &dyn Fn(u64, u64) -> u64 = &closure;
    let fn_ptr: fn(u64, u64) -> u64 = add_plugin;

    let mut group = c.benchmark_group("first_match");
    group.bench_function("limit: &dyn Fn", |b| {
        b.iter(|| black_box(dyn_fn)(black_box(2), black_box(3)))
    });
    group.bench_function("limit: fn pointer", |b| {
        b.iter(|| black_box(fn_ptr)(black_box(2), black_box(3)))
    });
    group.bench_function("plugkit: #[pluggable] call", |b| {
        b.iter(|| host::add(black_box(2), black_box(3)))
    });
    group.finish();
}

fn first_match_recheck(c: &mut Criterion) {
    assert_eq!(host::pick(2, 3), 10, "the fifth plugin must run");
    assert_eq!(
        host::pick::handle()
            .select_entry()
            .map(|(_, e)| e.origin().item),
        Some("r5")
    );
    UP[4].store(false, Ordering::Relaxed);
    assert_eq!(host::pick(2, 3), 0, "every check fails: the default runs");
    UP[0].store(true, Ordering::Relaxed);
    assert_eq!(
        host::pick(2, 3),
        6,
        "the first check passes: the first plugin runs"
    );
    UP[0].store(false, Ordering::Relaxed);
    UP[4].store(true, Ordering::Relaxed);

    let mut group = c.benchmark_group("first_match_recheck");
    // The table is a slice whose length the compiler does not know, as plugkit's list of
    // plugins is made at run time.
    let table: &[Rechecked] = &RECHECKED;
    group.bench_function("limit: loop over the checks", |b| {
        b.iter(|| {
            let (x, y) = (black_box(2), black_box(3));
            for (check, f) in black_box(table) {
                if check() {
                    return f(x, y);
                }
            }
            0
        })
    });
    // The same loop over the array, whose length the compiler knows: it unrolls the loop.
    group.bench_function("reference: the same loop, unrolled", |b| {
        b.iter(|| {
            let (x, y) = (black_box(2), black_box(3));
            for (check, f) in black_box(&RECHECKED) {
                if check() {
                    return f(x, y);
                }
            }
            0
        })
    });
    group.bench_function("plugkit: #[pluggable] call", |b| {
        b.iter(|| host::pick(black_box(2), black_box(3)))
    });
    group.finish();
}

fn collect_all(c: &mut Criterion) {
    let first = host::add_all(2, 3);
    assert_eq!(first.values().len(), 10, "all ten plugins must run");
    assert_eq!(first.values().iter().sum::<u64>(), 10 * 5 + 55);

    let closures = boxed_closures();
    assert_eq!(closures.iter().map(|f| f(2, 3)).sum::<u64>(), 10 * 5 + 55);

    let mut group = c.benchmark_group("collect_all_10");
    group.bench_function("limit: Vec<Box<dyn Fn>> into Vec, summed", |b| {
        b.iter(|| {
            let (x, y) = (black_box(2), black_box(3));
            let values = black_box(&closures)
                .iter()
                .map(|f| f(x, y))
                .collect::<Vec<u64>>();
            values.iter().sum::<u64>()
        })
    });
    group.bench_function("plugkit: #[pluggable] collect_all, summed", |b| {
        b.iter(|| {
            host::add_all(black_box(2), black_box(3))
                .values()
                .iter()
                .sum::<u64>()
        })
    });
    group.finish();
}

criterion_group!(benches, first_match, first_match_recheck, collect_all);
criterion_main!(benches);
