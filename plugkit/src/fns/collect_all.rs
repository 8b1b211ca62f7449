//! `selector = collect_all`: every available plugin runs, and every result is kept.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use super::Collected;
use super::PluginPanic;
use super::selection::{Candidate, candidates};
use crate::registry::Registry;
use crate::{Entry, Point, debug, panic_message};

/// A `collect_all` point's handle, a `static` that [`#[pluggable]`](crate::pluggable) declares
/// behind `<function>::handle()`. `F` is the point's `fn` pointer type.
///
/// Requirements are evaluated at the first call and the list of available plugins is cached;
/// the checks of plugins marked `#[plugin(.., recheck_each_call)]` run on every call. A plugin
/// that panics is caught and reported in [`Collected::failures`]; the others still run.
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
/// assert_eq!(collected.into_values(), [vec!["core"]]);
/// ```
pub struct CollectAll<F: 'static> {
    point: &'static Point,
    available: OnceLock<Available<F>>,
}

/// The cached selection of a `collect_all` point.
struct Available<F: 'static> {
    candidates: Box<[Candidate<'static, F>]>,
    /// The candidates' entries, in order: what a call that ran every one of them returns.
    entries: Box<[&'static Entry]>,
    /// Whether any candidate rechecks on every call.
    rechecks: bool,
}

impl<F: Copy + 'static> Available<F> {
    fn new(candidates: Vec<Candidate<'static, F>>) -> Self {
        Available {
            rechecks: candidates.iter().any(Candidate::rechecks),
            entries: candidates.iter().map(|c| c.entry).collect(),
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
    pub fn collect<R>(&'static self, call: impl FnMut(F) -> R) -> Collected<'static, R> {
        let available = self.cached();
        run(
            self.point,
            &available.candidates,
            Some(&available.entries),
            available.rechecks,
            call,
        )
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
        run(self.point, &candidates, None, rechecks, call)
    }
}

/// Runs every candidate that may run now; `rechecks` when any candidate's checks run on every
/// call. `entries`, when given, are the candidates' entries, which a call that runs them all
/// returns as they are.
fn run<'r, F: Copy, R>(
    point: &Point,
    candidates: &[Candidate<'r, F>],
    entries: Option<&'r [&'r Entry]>,
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
    match (trace || rechecks, entries) {
        (false, Some(entries)) => run_all(candidates, entries, call),
        _ => run_each(candidates, trace, call),
    }
}

/// The common case, no trace and no check to run: every candidate runs, under one panic guard
/// for the loop rather than one per plugin, and the values go straight into one `Vec`. After a
/// panic, the loop resumes after its plugin.
fn run_all<'r, F: Copy, R>(
    candidates: &[Candidate<'r, F>],
    entries: &'r [&'r Entry],
    mut call: impl FnMut(F) -> R,
) -> Collected<'r, R> {
    let mut values: Vec<R> = Vec::with_capacity(candidates.len());
    // The candidates that panicked, by position, and their panics.
    let mut panicked: Vec<(usize, PluginPanic)> = Vec::new();
    loop {
        // Every candidate that returns adds one value, and every one that panics one panic, so
        // the next to run is at `values.len() + panicked.len()`. `extend` from a slice's
        // iterator writes with no capacity test per item, and keeps what it wrote when the
        // iterator panics (plugkit/tests/pluggable_functions.rs checks that a panic in the
        // middle keeps every other value, in order).
        let from = values.len() + panicked.len();
        let ran = catch_unwind(AssertUnwindSafe(|| {
            values.extend(candidates[from..].iter().map(|c| call(c.f)));
        }));
        let Err(payload) = ran else { break };
        let at = values.len() + panicked.len();
        let Some(c) = candidates.get(at) else { break };
        panicked.push((
            at,
            PluginPanic {
                id: c.entry.id(),
                origin: *c.entry.origin(),
                message: panic_message(payload.as_ref()),
            },
        ));
    }
    if panicked.is_empty() {
        return Collected::all(values, entries);
    }
    after_panics(values, entries, panicked)
}

/// The result of a run in which some candidates panicked: the entries of the others.
#[cold]
#[inline(never)]
fn after_panics<'r, R>(
    values: Vec<R>,
    entries: &'r [&'r Entry],
    panicked: Vec<(usize, PluginPanic)>,
) -> Collected<'r, R> {
    let mut collected = Collected::with_capacity(values.len());
    let mut values = values.into_iter();
    let mut panicked = panicked.into_iter().peekable();
    for (at, &entry) in entries.iter().enumerate() {
        match panicked.next_if(|(p, _)| *p == at) {
            Some((_, panic)) => collected.push(entry, Err(panic)),
            None => match values.next() {
                Some(value) => collected.push(entry, Ok(value)),
                None => break,
            },
        }
    }
    collected
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
    let mut collected = Collected::with_capacity(candidates.len());
    for c in candidates.iter().filter(|c| c.passes_now()) {
        let result = catch_unwind(AssertUnwindSafe(|| call(c.f))).map_err(|payload| PluginPanic {
            id: c.entry.id(),
            origin: *c.entry.origin(),
            message: panic_message(payload.as_ref()),
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
        collected.push(c.entry, result);
    }
    collected
}
