//! `selector = collect_all` for `async fn` pluggables: every available plugin's future, run
//! concurrently (or one after the other), each result kept and each panic attributed.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};

use futures_util::future::{Either, FutureExt, join_all, ready};

use super::{CollectAll, Collected, Outcome, PluginPanic};
use crate::{Entry, Point, debug, panic_message};

type Panic = Box<dyn std::any::Any + Send>;

impl<F: Copy + 'static> CollectAll<F> {
    /// Calls `call` with every available plugin's function, in order, and polls the futures it
    /// returns together (on the caller's task: no runtime, no thread); the results come back in
    /// registry order. A plugin whose future panics is reported in its [`Outcome`], and the
    /// others still complete. `#[pluggable(selector = collect_all)] async fn` calls this.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub async fn sizes_concurrent_doc(name: &str) -> usize;
    ///
    /// #[plugkit::plugin(sizes_concurrent_doc)]
    /// async fn length_concurrent_doc(name: &str) -> usize {
    ///     name.len()
    /// }
    ///
    /// let sizes = futures::executor::block_on(
    ///     sizes_concurrent_doc::handle().collect_concurrent(|f| f("ada")),
    /// );
    /// assert_eq!(sizes.into_values(), [3]);
    /// ```
    pub fn collect_concurrent<Fut: Future>(
        &self,
        mut call: impl FnMut(F) -> Fut,
    ) -> impl Future<Output = Collected<'static, Fut::Output>> {
        let point = self.point();
        let available = self.available();
        trace_call(point, available.len());
        let futures = available.iter().filter(|c| c.passes_now()).map(|c| {
            let entry = c.entry;
            let future = match catch_unwind(AssertUnwindSafe(|| call(c.f))) {
                Ok(future) => Either::Left(AssertUnwindSafe(future).catch_unwind()),
                Err(payload) => Either::Right(ready(Err(payload))),
            };
            future.map(move |result| outcome(entry, result))
        });
        join_all(futures.collect::<Vec<_>>()).map(Collected::new)
    }

    /// Like [`collect_concurrent`](CollectAll::collect_concurrent), but one plugin after the
    /// other, in order: a plugin's future is made and awaited only once the one before it has
    /// completed, for hooks that must not overlap.
    /// `#[pluggable(selector = collect_all, sequential)] async fn` calls this.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all, sequential)]
    /// pub async fn steps_sequential_doc() -> &'static str;
    ///
    /// #[plugkit::plugin(steps_sequential_doc)]
    /// async fn first_step_doc() -> &'static str {
    ///     "migrate"
    /// }
    ///
    /// let steps = futures::executor::block_on(steps_sequential_doc());
    /// assert_eq!(steps.into_values(), ["migrate"]);
    /// ```
    pub fn collect_sequential<Fut: Future>(
        &self,
        mut call: impl FnMut(F) -> Fut,
    ) -> impl Future<Output = Collected<'static, Fut::Output>> {
        let point = self.point();
        let available = self.available();
        async move {
            trace_call(point, available.len());
            let mut outcomes = Vec::with_capacity(available.len());
            for c in available {
                if !c.passes_now() {
                    continue;
                }
                let result = match catch_unwind(AssertUnwindSafe(|| call(c.f))) {
                    Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
                    Err(payload) => Err(payload),
                };
                outcomes.push(outcome(c.entry, result));
            }
            Collected::new(outcomes)
        }
    }
}

fn trace_call(point: &Point, candidates: usize) {
    if debug::enabled() {
        debug::emit(
            log::Level::Trace,
            "plugkit::call",
            format_args!("call {} -> {candidates} candidate(s)", point.url),
        );
    }
}

/// One plugin's outcome, its panic attributed to its entry.
fn outcome<R>(entry: &'static Entry, result: Result<R, Panic>) -> Outcome<'static, R> {
    let result = result.map_err(|payload| {
        Box::new(PluginPanic {
            id: entry.id(),
            origin: *entry.origin(),
            message: panic_message(payload.as_ref()),
        })
    });
    if debug::enabled() {
        match &result {
            Ok(_) => debug::emit(
                log::Level::Trace,
                "plugkit::call",
                format_args!("  {} returned", entry.id()),
            ),
            Err(p) => debug::emit(
                log::Level::Trace,
                "plugkit::call",
                format_args!("  {} panicked: {}", entry.id(), p.message),
            ),
        }
    }
    Outcome { entry, result }
}
