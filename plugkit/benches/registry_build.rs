//! Building a registry, beside the physical floor of any deterministic order.
//!
//! `registry_build_10k`: 10,000 entries (created once, outside the timed loop) spread over 100
//! points and 36 crates, in a shuffled order, with some numeric priorities, `tryfirst`/`trylast`
//! entries and about a hundred `before`/`after` constraints (one entry in a hundred, at random
//! points). The timed loop is `Registry::builder().point(..).entries(..).build()`; beside it,
//! two limits: grouping the same entries by point URL and sorting each group by the key
//! plugkit ranks by (tier, priority, crate name, id), the least any registry must do; and the
//! older, weaker one, sorting all 10,000 by (crate name, id) with `sort_by`. All report a
//! throughput in entries, so criterion prints the time per entry.
//!
//! `registry_build_linked_1000`: the real path. 1,000 `#[plugin]`s over 20 `#[pluggable]`s,
//! generated in this file, are registered as in any program; plugkit walks what the linker
//! collected and builds, by the very function `plugkit::init()` runs once per process
//! (`__private::build_linked_registry`), against walking the same registrations and grouping and
//! sorting them as above. Both sides read their result inside the timed loop.
//! `docs/performance.md` (§3) reports the numbers.

#![allow(
    clippy::expect_used,
    reason = "a benchmark whose setup fails must stop loudly"
)]

use std::cmp::Reverse;
use std::collections::HashMap;
use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use plugkit::__private::Tier;
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

/// The rank plugkit orders a point's entries by: tier, priority (higher first), crate name, id.
fn rank(e: &Entry) -> (Tier, Reverse<i32>, &'static str, &'static str) {
    let o = e.order();
    (o.tier, Reverse(o.priority), e.origin().crate_name, e.id())
}

/// The limit: group the entries by point URL and sort each group by [`rank`], the
/// least any registry must do to give each point its entries in order. Never inlined, like
/// [`build`].
#[inline(never)]
fn group_and_sort(entries: impl IntoIterator<Item = Entry>) -> HashMap<&'static str, Vec<Entry>> {
    let mut groups: HashMap<&'static str, Vec<Entry>> = HashMap::new();
    for entry in entries {
        groups.entry(entry.point()).or_default().push(entry);
    }
    for group in groups.values_mut() {
        group.sort_unstable_by(|x, y| rank(x).cmp(&rank(y)));
    }
    groups
}

/// What both sides read of their result inside the timed loop: the length of every point's
/// first id.
fn read_groups(groups: &HashMap<&'static str, Vec<Entry>>) -> usize {
    groups
        .values()
        .map(|g| g.first().map_or(0, |e| e.id().len()))
        .sum()
}

/// The same reading of a registry.
fn read_registry(registry: &Registry) -> usize {
    registry
        .points()
        .iter()
        .map(|p| p.entries().first().map_or(0, |e| e.id().len()))
        .sum()
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
    let groups = group_and_sort(entries.clone());
    assert_eq!(groups.len(), POINTS);
    // Each side checks what it read against its own first result (`before`/`after` can move a
    // point's first entry away from the best ranked one).
    let (read_limit, read_plugkit) = (read_groups(&groups), read_registry(&registry));
    group.bench_function("limit: group by point, sort each by rank", |b| {
        b.iter_batched(
            || entries.clone(),
            |entries| {
                let groups = group_and_sort(entries);
                assert_eq!(read_groups(&groups), read_limit);
                groups
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("plugkit: Registry::builder()..build()", |b| {
        b.iter_batched(
            || entries.clone(),
            |entries| {
                let registry = build(black_box(&points), entries);
                assert_eq!(read_registry(&registry), read_plugkit);
                registry
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Real registrations: 1,000 `#[plugin]`s over 20 `#[pluggable]`s, generated below, which the
/// linker collects as the attribute macros register them in any program.
mod linked {
    use plugkit::pluggable;

    /// Declares the points `p00`..`p19`.
    macro_rules! points {
        ($($p:ident),* $(,)?) => {
            $(
                #[pluggable(category = "bench")]
                pub(crate) fn $p(a: u64, b: u64) -> u64 {
                    a.wrapping_sub(b)
                }
            )*
        };
    }

    points!(
        p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16, p17,
        p18, p19,
    );

    /// Ten plugins of `$point` in the current module: one `tryfirst`, one `trylast`, two with a
    /// priority, one that must come before `$before` (an id, or nothing), five plain.
    macro_rules! ten_plugins {
        ($point:ident, [$($before:tt)?]) => {
            ten_plugins!(@each $point;
                f0 [tryfirst], f1 [trylast], f2 [priority = 5], f3 [priority = -2],
                f4 [before = [$($before)?]], f5 [], f6 [], f7 [], f8 [], f9 []);
        };
        (@each $point:ident; $($f:ident [$($attr:tt)*]),*) => {
            $(
                #[plugkit::plugin(super::super::$point, $($attr)*)]
                fn $f(a: u64, b: u64) -> u64 {
                    a.wrapping_add(b)
                }
            )*
        };
    }

    /// A hundred plugins in the modules `m0`..`m9` of `$decade`: the first five modules' plugins
    /// go to `$a`, the others' to `$b`; in `m0`, `f4` must come before `$before`.
    macro_rules! hundred_plugins {
        ($($decade:ident: $a:ident, $b:ident, $before:tt;)*) => {
            $(
                mod $decade {
                    mod m0 { ten_plugins!($a, [$before]); }
                    mod m1 { ten_plugins!($a, []); }
                    mod m2 { ten_plugins!($a, []); }
                    mod m3 { ten_plugins!($a, []); }
                    mod m4 { ten_plugins!($a, []); }
                    mod m5 { ten_plugins!($b, []); }
                    mod m6 { ten_plugins!($b, []); }
                    mod m7 { ten_plugins!($b, []); }
                    mod m8 { ten_plugins!($b, []); }
                    mod m9 { ten_plugins!($b, []); }
                }
            )*
        };
    }

    hundred_plugins!(
        d0: p00, p01, "registry_build::linked::d0::m3::f0";
        d1: p02, p03, "registry_build::linked::d1::m4::f2";
        d2: p04, p05, "registry_build::linked::d2::m2::f1";
        d3: p06, p07, "registry_build::linked::d3::m1::f5";
        d4: p08, p09, "registry_build::linked::d4::m3::f0";
        d5: p10, p11, "registry_build::linked::d5::m4::f2";
        d6: p12, p13, "registry_build::linked::d6::m2::f1";
        d7: p14, p15, "registry_build::linked::d7::m1::f5";
        d8: p16, p17, "registry_build::linked::d8::m3::f0";
        d9: p18, p19, "registry_build::linked::d9::m4::f2";
    );

    /// The twenty points: each URL, and the function a host calls.
    pub(crate) const POINTS: [(&str, super::Signature); 20] = [
        (p00::URL, p00),
        (p01::URL, p01),
        (p02::URL, p02),
        (p03::URL, p03),
        (p04::URL, p04),
        (p05::URL, p05),
        (p06::URL, p06),
        (p07::URL, p07),
        (p08::URL, p08),
        (p09::URL, p09),
        (p10::URL, p10),
        (p11::URL, p11),
        (p12::URL, p12),
        (p13::URL, p13),
        (p14::URL, p14),
        (p15::URL, p15),
        (p16::URL, p16),
        (p17::URL, p17),
        (p18::URL, p18),
        (p19::URL, p19),
    ];
}

/// plugkit on the real path: walk what the linked crates registered and build, the very code
/// `plugkit::init()` runs once per process. Never inlined, like [`build`].
#[inline(never)]
fn build_linked() -> Registry {
    plugkit::__private::build_linked_registry(&[])
}

/// The limit on the real path: walk the registered entries, group them by point, sort each
/// group. Never inlined, like [`build`].
#[inline(never)]
fn walk_group_and_sort() -> HashMap<&'static str, Vec<Entry>> {
    group_and_sort(plugkit::__private::PLUGKIT_ENTRIES.iter().copied())
}

fn registry_build_linked(c: &mut Criterion) {
    let registry = build_linked();
    assert!(registry.problems().is_empty(), "{:?}", registry.problems());
    let ours: Vec<&plugkit::PointEntries> = linked::POINTS
        .iter()
        .map(|(url, _)| {
            registry
                .point(url)
                .expect("each generated point is registered")
        })
        .collect();
    // A host's call reaches a plugin (`a + b`), not the default body (`a - b`).
    assert!(linked::POINTS.iter().all(|(_, call)| call(5, 3) == 8));
    assert!(ours.iter().all(|p| p.entries().len() == 50));
    // `d0::m0::f4` ranks after `d0::m3::f0` (tryfirst) but must come before it: it is pulled
    // forward to just before it.
    let ids: Vec<&str> = ours[0].entries().iter().map(|e| e.id()).collect();
    let at = ids
        .iter()
        .position(|&id| id == "registry_build::linked::d0::m3::f0")
        .expect("the point has d0::m3::f0");
    assert_eq!(ids[at - 1], "registry_build::linked::d0::m0::f4", "{ids:?}");
    let groups = walk_group_and_sort();
    let walked: usize = groups.values().map(Vec::len).sum();
    assert!(walked >= 1_000);
    let (read_limit, read_plugkit) = (read_groups(&groups), read_registry(&registry));

    let mut group = c.benchmark_group("registry_build_linked_1000");
    group.throughput(Throughput::Elements(walked as u64));
    group.bench_function("limit: walk, group by point, sort each by rank", |b| {
        b.iter_with_large_drop(|| {
            let groups = walk_group_and_sort();
            assert_eq!(read_groups(&groups), read_limit);
            groups
        })
    });
    group.bench_function("plugkit: the build init() runs", |b| {
        b.iter_with_large_drop(|| {
            let registry = build_linked();
            assert_eq!(read_registry(&registry), read_plugkit);
            registry
        })
    });
    group.finish();
}

criterion_group!(benches, registry_build, registry_build_linked);
criterion_main!(benches);
