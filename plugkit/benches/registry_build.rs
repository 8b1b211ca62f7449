//! Building a registry of 10,000 entries, beside the physical floor of any deterministic order.
//!
//! The entries (created once, outside the timed loop) spread over 100 points and 36 crates, in a
//! shuffled order, with some numeric priorities, `tryfirst`/`trylast` entries and about a hundred
//! `before`/`after` constraints (one entry in a hundred, at random points). The timed loop is
//! `Registry::builder().point(..).entries(..).build()`; beside it, the limit sorts the same
//! 10,000 entries by (crate name, id) with `sort_by`, which any deterministic ordering must at
//! least do. Both report a throughput in entries, so criterion prints the time per entry.
//! Target (DESIGN §6): at most 0.5 µs per entry. `docs/performance.md` reports the numbers.

#![allow(
    clippy::expect_used,
    reason = "a benchmark whose setup fails must stop loudly"
)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use plugkit::{Entry, Origin, Point, Registry};

const ENTRIES: usize = 10_000;
const POINTS: usize = 100;
const CRATES: usize = 36;

/// The payload type of every point.
type Signature = fn(u64, u64) -> u64;

static ADD: Signature = |a, b| a.wrapping_add(b);

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// A small deterministic generator (SplitMix64), so that every run builds the same input.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The points and the entries, shuffled.
fn input() -> (Vec<Point>, Vec<Entry>) {
    let crates: Vec<&'static str> = (0..CRATES)
        .map(|c| leak(format!("bench-plugin-{c:02}")))
        .collect();
    let points: Vec<Point> = (0..POINTS)
        .map(|p| {
            let url = leak(format!(
                "plugkit://bench-host/category-{}/point-{p:03}",
                p % 7
            ));
            let origin = Origin::new(
                "bench-host",
                "1.0.0",
                "bench_host",
                leak(format!("point_{p:03}")),
            );
            let signature = "fn(u64, u64) -> u64";
            if p % 2 == 0 {
                plugkit::__private::first_match_point::<Signature>(url, true, signature, origin)
            } else {
                plugkit::__private::collect_all_point::<Signature>(url, signature, origin)
            }
        })
        .collect();

    let mut rng = SplitMix(0x5eed);
    let mut entries: Vec<Entry> = (0..ENTRIES)
        .map(|i| {
            let c = rng.below(CRATES);
            let module = leak(crates[c].replace('-', "_"));
            let item = leak(format!("plugin_{i:05}"));
            let entry = Entry::new(
                points[i % POINTS].url,
                leak(format!("{module}::{item}")),
                Origin::new(crates[c], "1.0.0", module, item),
                &ADD,
            );
            let entry = match i % 20 {
                0 => entry.tryfirst(),
                1 => entry.trylast(),
                2..=5 => entry.priority(rng.below(21) as i32 - 10),
                _ => entry,
            };
            // About one entry in a hundred names a neighbouring crate, at random points; every
            // edge goes from a lower crate to a higher one, so there is no cycle.
            match rng.below(200) {
                0 if c + 1 < CRATES => {
                    entry.before(std::slice::from_ref(Box::leak(Box::new(crates[c + 1]))))
                }
                1 if c > 0 => entry.after(std::slice::from_ref(Box::leak(Box::new(crates[c - 1])))),
                _ => entry,
            }
        })
        .collect();
    for i in (1..entries.len()).rev() {
        entries.swap(i, rng.below(i + 1));
    }
    (points, entries)
}

/// The timed work; never inlined, so that `valgrind --tool=callgrind
/// --toggle-collect=registry_build::build` counts its instructions alone.
#[inline(never)]
fn build(points: &[Point], entries: Vec<Entry>) -> Registry {
    points
        .iter()
        .fold(Registry::builder(), |builder, &point| builder.point(point))
        .entries(entries)
        .build()
        .expect("the benchmark's registry has no problems")
}

/// The limit: the sort every deterministic order must at least do. Never inlined, like [`build`].
#[inline(never)]
fn sort_by_crate_and_id(entries: &mut [Entry]) {
    entries.sort_by(|x, y| (x.origin().crate_name, x.id()).cmp(&(y.origin().crate_name, y.id())));
}

fn registry_build(c: &mut Criterion) {
    let (points, entries) = input();
    let registry = build(&points, entries.clone());
    assert_eq!(registry.points().len(), POINTS);
    assert_eq!(
        registry
            .points()
            .iter()
            .map(|p| p.entries().len())
            .sum::<usize>(),
        ENTRIES
    );

    let mut group = c.benchmark_group("registry_build_10k");
    group.throughput(Throughput::Elements(ENTRIES as u64));
    group.bench_function("limit: sort_by (crate name, id)", |b| {
        b.iter_batched(
            || entries.clone(),
            |mut entries| {
                sort_by_crate_and_id(&mut entries);
                entries
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("plugkit: Registry::builder()..build()", |b| {
        b.iter_batched(
            || entries.clone(),
            |entries| build(black_box(&points), entries),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, registry_build);
criterion_main!(benches);
