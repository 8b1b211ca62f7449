//! `selector = collect_all`: every available plugin runs, and every result is kept.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use super::PluginPanic;
use super::selection::{Candidate, candidates};
use super::{Collected, Outcome};
use crate::registry::Registry;
use crate::{Point, debug, panic_message};

/// A `collect_all` point's handle, a `static` that [`#[pluggable]`](crate::pluggable) declares
/// behind `<function>::handle()`. `F` is the point's `fn` pointer type.
///
/// Requirements are evaluated at the first call and the list of available plugins is cached;
/// the checks of plugins marked `#[plugin(.., recheck_each_call)]` run on every call. A plugin
/// that panics is caught and reported in its [`Outcome`]; the others still run.
///
/// ```
/// #[plugkit::pluggable(category = "docs", selector = collect_all)]
/// pub fn packages_collect_all_doc() -> Vec<&'static str>;
///
/// #[plugkit::plugin(packages_collect_all_doc)]
/// fn core_packages() -> Vec<&'static str> {
///     vec!["core"]
/// }
///
/// let collected = packages_collect_all_doc();
/// assert_eq!(collected.len(), 1);
/// assert_eq!(collected.into_values(), [vec!["core"]]);
/// ```
pub struct CollectAll<F: 'static> {
    point: &'static Point,
    available: OnceLock<Available<F>>,
}

/// The cached selection of a `collect_all` point.
struct Available<F: 'static> {
    candidates: Box<[Candidate<'static, F>]>,
    /// Whether any candidate rechecks on every call.
    rechecks: bool,
}

impl<F: Copy + 'static> Available<F> {
    fn new(candidates: Vec<Candidate<'static, F>>) -> Self {
        Available {
            rechecks: candidates.iter().any(Candidate::rechecks),
            candidates: candidates.into_boxed_slice(),
        }
    }
}

impl<F: Copy + 'static> CollectAll<F> {
    /// The handle of `point`; the pluggable macro writes this.
    #[doc(hidden)]
    pub const fn new(point: &'static Point) -> Self {
        CollectAll {
            point,
            available: OnceLock::new(),
        }
    }

    /// The point's descriptor.
    pub(crate) fn point(&self) -> &'static Point {
        self.point
    }

    /// Runs `call` with every available plugin's function, in order, catching panics.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn names_2() -> &'static str;
    ///
    /// #[plugkit::plugin(names_2)]
    /// fn ada_2() -> &'static str {
    ///     "ada"
    /// }
    ///
    /// let lengths = names_2::handle().collect(|f| f().len());
    /// assert_eq!(lengths.into_values(), [3]);
    /// ```
    pub fn collect<R>(&self, call: impl FnMut(F) -> R) -> Collected<'static, R> {
        let available = self.cached();
        run(self.point, &available.candidates, available.rechecks, call)
    }

    fn cached(&self) -> &Available<F> {
        self.available
            .get_or_init(|| Available::new(candidates::<F>(crate::registry(), self.point)))
    }

    /// The available plugins, in order, from the cached selection.
    pub(crate) fn available(&self) -> &[Candidate<'static, F>] {
        &self.cached().candidates
    }

    /// Like [`collect`](CollectAll::collect), selecting afresh from `registry`.
    #[doc(hidden)]
    pub fn collect_in<'r, R>(
        &self,
        registry: &'r Registry,
        call: impl FnMut(F) -> R,
    ) -> Collected<'r, R> {
        let candidates = candidates::<F>(registry, self.point);
        let rechecks = candidates.iter().any(Candidate::rechecks);
        run(self.point, &candidates, rechecks, call)
    }
}

/// Runs every candidate that may run now; `rechecks` when any candidate's checks run on every
/// call.
fn run<'r, F: Copy, R>(
    point: &Point,
    candidates: &[Candidate<'r, F>],
    rechecks: bool,
    call: impl FnMut(F) -> R,
) -> Collected<'r, R> {
    let trace = debug::calls_traced();
    if trace {
        debug::emit(
            log::Level::Trace,
            "plugkit::call",
            format_args!("call {} -> {} candidate(s)", point.url, candidates.len()),
        );
    }
    match trace || rechecks {
        true => run_each(candidates, trace, call),
        false => run_all(candidates, call),
    }
}

/// The common case, no trace and no check to run: every candidate runs, under one panic guard
/// for the loop rather than one per plugin; after a panic, the loop resumes after its plugin.
fn run_all<'r, F: Copy, R>(
    candidates: &[Candidate<'r, F>],
    mut call: impl FnMut(F) -> R,
) -> Collected<'r, R> {
    let mut outcomes: Vec<Outcome<'r, R>> = Vec::with_capacity(candidates.len());
    loop {
        // Every candidate adds one outcome, so the next to run is at `outcomes.len()`. `extend`
        // from a slice's iterator writes with no capacity test per item, and keeps what it
        // wrote when the iterator panics (plugkit/tests/pluggable_functions.rs checks that a
        // panic in the middle keeps every other outcome, in order).
        let from = outcomes.len();
        let ran = catch_unwind(AssertUnwindSafe(|| {
            outcomes.extend(candidates[from..].iter().map(|c| Outcome {
                entry: c.entry,
                result: Ok(call(c.f)),
            }));
        }));
        let Err(payload) = ran else {
            return Collected::new(outcomes);
        };
        let Some(c) = candidates.get(outcomes.len()) else {
            return Collected::new(outcomes);
        };
        outcomes.push(Outcome {
            entry: c.entry,
            result: Err(Box::new(PluginPanic {
                id: c.entry.id(),
                origin: *c.entry.origin(),
                message: panic_message(payload.as_ref()),
            })),
        });
    }
}

/// Each candidate in turn: its checks when it rechecks, its own panic guard, and the trace of
/// what it did when `trace`. Out of line, so that the common case's frame stays small.
#[cold]
#[inline(never)]
fn run_each<'r, F: Copy, R>(
    candidates: &[Candidate<'r, F>],
    trace: bool,
    mut call: impl FnMut(F) -> R,
) -> Collected<'r, R> {
    let mut outcomes = Vec::with_capacity(candidates.len());
    for c in candidates.iter().filter(|c| c.passes_now()) {
        let result = catch_unwind(AssertUnwindSafe(|| call(c.f))).map_err(|payload| {
            Box::new(PluginPanic {
                id: c.entry.id(),
                origin: *c.entry.origin(),
                message: panic_message(payload.as_ref()),
            })
        });
        if trace {
            match &result {
                Ok(_) => debug::emit(
                    log::Level::Trace,
                    "plugkit::call",
                    format_args!("  {} returned", c.entry.id()),
                ),
                Err(p) => debug::emit(
                    log::Level::Trace,
                    "plugkit::call",
                    format_args!("  {} panicked: {}", c.entry.id(), p.message),
                ),
            }
        }
        outcomes.push(Outcome {
            entry: c.entry,
            result,
        });
    }
    Collected::new(outcomes)
}
