//! The cost of calling an `async fn` pluggable, each beside its physical limit in the same group.
//!
//! - `async_first_match`: awaiting a `#[pluggable] async fn` with one `#[plugin] async fn`, after
//!   the first call (which selects and caches the plugin), against awaiting the same body through
//!   a `Pin<Box<dyn Future>>` made by a `fn` pointer. Target: at most 1.3 times the limit.
//! - `async_collect_all_10`: awaiting a `collect_all` `async fn` pluggable with ten plugins, into
//!   [`plugkit::fns::Collected`], against `futures::future::join_all` over the same ten boxed
//!   futures. Target: at most 1.5 times the limit.
//!
//! The executor is a loop that polls with a no-op waker (the bodies never wait, so one poll
//! completes them): what is measured is plugkit, not a runtime. Every body adds two `u64`s;
//! arguments and function pointers pass through [`black_box`]. `docs/performance.md` reports the
//! ratios.

use std::future::Future;
use std::hint::black_box;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use criterion::{Criterion, criterion_group, criterion_main};
use plugkit::{pluggable, plugin};

type BoxFuture = Pin<Box<dyn Future<Output = u64> + Send>>;

mod host {
    use super::pluggable;

    /// The `first_match` point. The default body differs from the plugin's so that the
    /// benchmark can check that the plugin runs.
    #[pluggable(category = "bench")]
    pub async fn add(a: u64, b: u64) -> u64 {
        let _ = (a, b);
        0
    }

    /// The `collect_all` point.
    #[pluggable(category = "bench", selector = collect_all)]
    pub async fn add_all(a: u64, b: u64) -> u64;
}

#[plugin(host::add)]
async fn add_plugin(a: u64, b: u64) -> u64 {
    a.wrapping_add(b)
}

/// The limit of `add`: the same body, boxed as plugkit boxes it.
fn add_boxed(a: u64, b: u64) -> BoxFuture {
    Box::pin(async move { a.wrapping_add(b) })
}

/// Polls `future` with a no-op waker until it is ready.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

/// Declares one `collect_all` plugin per name, each adding its own constant, and the same ten
/// bodies as `fn`s returning boxed futures, for the limit.
macro_rules! collect_all_plugins {
    ($($name:ident = $k:literal),* $(,)?) => {
        $(
            #[plugin(host::add_all)]
            async fn $name(a: u64, b: u64) -> u64 {
                a.wrapping_add(b).wrapping_add($k)
            }
        )*
        fn boxed_futures() -> Vec<fn(u64, u64) -> BoxFuture> {
            vec![$(|a: u64, b: u64| -> BoxFuture { Box::pin(async move { a.wrapping_add(b).wrapping_add($k) }) }),*]
        }
    };
}

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

fn async_first_match(c: &mut Criterion) {
    // The first call selects and caches; the benchmark is about every call after it.
    assert_eq!(
        run(host::add(2, 3)),
        5,
        "the plugin, not the default, must run"
    );
    let limit: fn(u64, u64) -> BoxFuture = add_boxed;

    let mut group = c.benchmark_group("async_first_match");
    group.bench_function("limit: Pin<Box<dyn Future>>", |b| {
        b.iter(|| run(black_box(limit)(black_box(2), black_box(3))))
    });
    group.bench_function("plugkit: #[pluggable] async call", |b| {
        b.iter(|| run(host::add(black_box(2), black_box(3))))
    });
    group.finish();
}

fn async_collect_all(c: &mut Criterion) {
    let first = run(host::add_all(2, 3));
    assert_eq!(first.values().len(), 10, "all ten plugins must run");
    assert_eq!(first.values().iter().sum::<u64>(), 10 * 5 + 55);

    let makers = boxed_futures();
    let joined = run(futures::future::join_all(makers.iter().map(|m| m(2, 3))));
    assert_eq!(joined.iter().sum::<u64>(), 10 * 5 + 55);

    let mut group = c.benchmark_group("async_collect_all_10");
    group.bench_function("limit: join_all over 10 boxed futures", |b| {
        b.iter(|| {
            let (x, y) = (black_box(2), black_box(3));
            run(futures::future::join_all(
                black_box(&makers).iter().map(|m| m(x, y)),
            ))
        })
    });
    group.bench_function("plugkit: #[pluggable] async collect_all", |b| {
        b.iter(|| run(host::add_all(black_box(2), black_box(3))))
    });
    group.finish();
}

criterion_group!(benches, async_first_match, async_collect_all);
criterion_main!(benches);
