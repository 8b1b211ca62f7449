//! `selector = collect_all` for `async fn` pluggables: every available plugin's future, run
//! concurrently (or one after the other), each result kept and each panic attributed.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};

use std::pin::Pin;
use std::task::{Context, Poll};

use super::{CollectAll, Collected, PluginPanic};
use crate::{Entry, Point, debug, panic_message};

type Panic = Box<dyn std::any::Any + Send>;

impl<F: Copy + 'static> CollectAll<F> {
    /// Calls `call` with every available plugin's function, in order, and polls the futures it
    /// returns together (on the caller's task: no runtime, no thread); the results come back in
    /// registry order. A plugin whose future panics is reported in [`Collected::failures`], and the
    /// others still complete. `call`'s futures are `Unpin`, as a plugin's boxed future is.
    /// `#[pluggable(selector = collect_all)] async fn` calls this.
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
    pub fn collect_concurrent<Fut: Future + Unpin>(
        &self,
        mut call: impl FnMut(F) -> Fut,
    ) -> impl Future<Output = Collected<'static, Fut::Output>> {
        let available = self.available();
        trace_call(self.point(), available.len());
        let mut slots = Vec::with_capacity(available.len());
        // One guard around the whole loop, not one per plugin: a panic names the plugin at
        // `at`, and the loop resumes after it.
        let mut at = 0;
        while at < available.len() {
            let caught = catch_unwind(AssertUnwindSafe(|| {
                while let Some(c) = available.get(at) {
                    if c.passes_now() {
                        slots.push(Slot {
                            entry: c.entry,
                            state: State::Running(call(c.f)),
                        });
                    }
                    at += 1;
                }
            }));
            if let (Err(payload), Some(c)) = (caught, available.get(at)) {
                slots.push(Slot {
                    entry: c.entry,
                    state: State::Done(Err(payload)),
                });
                at += 1;
            }
        }
        let pending = slots
            .iter()
            .filter(|s| matches!(s.state, State::Running(_)))
            .count();
        Join { slots, pending }
    }

    /// Like [`collect_concurrent`](CollectAll::collect_concurrent), but one plugin after the
    /// other, in order: a plugin's future is made and awaited only once the one before it has
    /// completed, for hooks that must not overlap. `call`'s futures are `Unpin`, as a plugin's
    /// boxed future is.
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
    pub fn collect_sequential<Fut: Future + Unpin>(
        &self,
        mut call: impl FnMut(F) -> Fut,
    ) -> impl Future<Output = Collected<'static, Fut::Output>> {
        let point = self.point();
        let available = self.available();
        async move {
            trace_call(point, available.len());
            let mut collected = Collected::with_capacity(available.len());
            for c in available {
                if !c.passes_now() {
                    continue;
                }
                let result = match catch_unwind(AssertUnwindSafe(|| call(c.f))) {
                    Ok(future) => guarded(future).await,
                    Err(payload) => Err(payload),
                };
                collected.push(c.entry, outcome(c.entry, result));
            }
            collected
        }
    }
}

/// `future`'s output, or its panic.
async fn guarded<Fut: Future + Unpin>(mut future: Fut) -> Result<Fut::Output, Panic> {
    std::future::poll_fn(|cx| {
        match catch_unwind(AssertUnwindSafe(|| Pin::new(&mut future).poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(payload)),
        }
    })
    .await
}

/// A plugin's future, then its result.
enum State<Fut: Future> {
    Running(Fut),
    Done(Result<Fut::Output, Panic>),
}

struct Slot<Fut: Future> {
    entry: &'static Entry,
    state: State<Fut>,
}

/// The plugins' futures polled together: each poll polls every one still running, in order,
/// under one panic guard; a panic completes that plugin's slot with it.
struct Join<Fut: Future> {
    slots: Vec<Slot<Fut>>,
    pending: usize,
}

// Nothing in a `Join` is pinned: its futures are `Unpin`, and it moves its results.
impl<Fut: Future> Unpin for Join<Fut> {}

impl<Fut: Future + Unpin> Future for Join<Fut> {
    type Output = Collected<'static, Fut::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Join { slots, pending } = self.get_mut();
        let mut at = 0;
        while at < slots.len() {
            let caught = catch_unwind(AssertUnwindSafe(|| {
                while let Some(slot) = slots.get_mut(at) {
                    if let State::Running(future) = &mut slot.state
                        && let Poll::Ready(value) = Pin::new(future).poll(cx)
                    {
                        slot.state = State::Done(Ok(value));
                        *pending -= 1;
                    }
                    at += 1;
                }
            }));
            if let (Err(payload), Some(slot)) = (caught, slots.get_mut(at)) {
                slot.state = State::Done(Err(payload));
                *pending -= 1;
                at += 1;
            }
        }
        if *pending > 0 {
            return Poll::Pending;
        }
        // Sized once: every slot is done.
        let mut collected = Collected::with_capacity(slots.len());
        for slot in std::mem::take(slots) {
            if let State::Done(result) = slot.state {
                collected.push(slot.entry, outcome(slot.entry, result));
            }
        }
        Poll::Ready(collected)
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

/// One plugin's result, its panic attributed to its entry.
#[allow(
    clippy::result_large_err,
    reason = "moved straight into `Collected::push`, which keeps the panic apart"
)]
fn outcome<R>(entry: &'static Entry, result: Result<R, Panic>) -> Result<R, PluginPanic> {
    let result = result.map_err(|payload| PluginPanic {
        id: entry.id(),
        origin: *entry.origin(),
        message: panic_message(payload.as_ref()),
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
    result
}
