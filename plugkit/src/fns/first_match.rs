//! `selector = first_match`: the first available plugin runs.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use crossbeam_utils::atomic::AtomicCell;

use super::NoPlugin;
use super::selection::{Candidate, candidates, checks, more_checks_pass, no_plugin};
use crate::debug::{self, Untraced};
use crate::registry::Registry;
use crate::{Entry, Point};

/// A `first_match` point's handle, a `static` that [`#[pluggable]`](crate::pluggable) declares
/// behind `<function>::handle()`. `F` is the point's `fn` pointer type.
///
/// The first call through it selects from the program-wide [`registry()`](crate::registry())
/// and caches the choice: requirements are evaluated then, once. When the choice is a plugin
/// and the [trace](crate::debug) is off, the call also caches that plugin's `fn` pointer in one
/// atomic value, and every later call reads it, tests it and makes the indirect call: no other
/// load or test. [`debug::set_enabled`](crate::debug::set_enabled) and
/// [`debug::refresh`](crate::debug::refresh) drop that value, and the next call tests the trace
/// again. When the first available plugin is marked `#[plugin(.., recheck_each_call)]`, its
/// checks, and those of the plugins after it until one passes, run on every call: with the
/// trace off, from the cached choice, under one panic guard for the walk (a check that panics
/// fails, and the walk goes on).
///
/// ```
/// #[plugkit::pluggable(category = "docs")]
/// pub fn greet_first_match_doc(name: &str) -> String {
///     format!("hello, {name}")
/// }
///
/// #[plugkit::plugin(greet_first_match_doc, tryfirst)]
/// fn loud_greet(name: &str) -> String {
///     format!("HELLO, {}", name.to_uppercase())
/// }
///
/// assert_eq!(greet_first_match_doc("ada"), "HELLO, ADA");
/// let (chosen, entry) = greet_first_match_doc::handle().select_entry().unwrap();
/// assert_eq!((chosen("bob"), entry.origin().item), ("HELLO, BOB".to_owned(), "loud_greet"));
/// ```
pub struct FirstMatch<F: 'static> {
    point: &'static Point,
    /// The plugin every call takes, when the choice is one plugin and the trace is off: all the
    /// fast path reads.
    plugin: AtomicCell<Option<F>>,
    /// The cached choice, when it is not one plugin and the trace is off: calls walk it with
    /// no test of the trace.
    walk: AtomicCell<Option<&'static Chosen<F>>>,
    chosen: OnceLock<Chosen<F>>,
}

struct Chosen<F: 'static> {
    /// The plugin every call takes, when that is fixed.
    fast: Option<F>,
    candidates: Box<[Candidate<'static, F>]>,
    /// The answer when no candidate before the first fixed one rechecks on every call.
    fixed: Option<Option<(F, &'static Entry)>>,
    /// The candidates that recheck, up to the first that does not, as a call with the trace
    /// off walks them.
    steps: Box<[Step<F>]>,
    /// The first candidate that does not recheck: it runs when no step passes.
    then: Option<(F, &'static Entry)>,
}

/// A candidate that rechecks, as a call with the trace off walks it.
struct Step<F> {
    check: fn() -> bool,
    f: F,
    entry: &'static Entry,
    /// Whether the entry has more checks than `check`.
    more: bool,
}

impl<F: Copy + 'static> Chosen<F> {
    fn new(registry: &'static Registry, point: &Point) -> Self {
        let candidates = candidates::<F>(registry, point).into_boxed_slice();
        let first_fixed = candidates.iter().position(|c| !c.rechecks());
        let fixed = match first_fixed {
            Some(0) => Some(Some((candidates[0].f, candidates[0].entry))),
            None if candidates.is_empty() => Some(None),
            _ => None,
        };
        let fast = match fixed {
            Some(Some((f, _))) => Some(f),
            _ => None,
        };
        let steps = candidates
            .iter()
            .take_while(|c| c.rechecks())
            .filter_map(|c| {
                let mut checks = checks(c.entry);
                Some(Step {
                    check: checks.next()?,
                    f: c.f,
                    entry: c.entry,
                    more: checks.next().is_some(),
                })
            })
            .collect();
        let then = first_fixed.map(|at| (candidates[at].f, candidates[at].entry));
        Chosen {
            fast,
            candidates,
            fixed,
            steps,
            then,
        }
    }

    /// The plugin that runs now, telling each candidate skipped when `trace`.
    fn pick(&self, trace: bool) -> Option<(F, &'static Entry)> {
        match trace {
            true => match self.fixed {
                Some(fixed) => fixed,
                None => self
                    .candidates
                    .iter()
                    .find(|c| c.passes_now())
                    .map(|c| (c.f, c.entry)),
            },
            false => self.pick_untraced(),
        }
    }

    /// The plugin that runs now, with the trace off: the steps' checks run in order, and the
    /// first step whose checks pass runs. A check that panics fails (the panic hook has
    /// reported it) and the walk resumes after its step: one panic guard for the walk rather
    /// than one per check.
    #[inline]
    fn pick_untraced(&self) -> Option<(F, &'static Entry)> {
        if let Some(fixed) = self.fixed {
            return fixed;
        }
        let mut rest = self.steps.iter();
        loop {
            // The loop takes a step out of `rest` before its checks run: after a panic, `rest`
            // starts after the step whose check panicked.
            let walked = catch_unwind(AssertUnwindSafe(|| {
                for step in rest.by_ref() {
                    if (step.check)() && (!step.more || more_checks_pass(step.entry)) {
                        return Some((step.f, step.entry));
                    }
                }
                self.then
            }));
            if let Ok(found) = walked {
                return found;
            }
        }
    }
}

impl<F: Copy + Send + Sync + 'static> Untraced for FirstMatch<F> {
    fn reset(&self) {
        self.plugin.store(None);
        self.walk.store(None);
    }
}

impl<F: Copy + 'static> FirstMatch<F> {
    /// The handle of `point`; the pluggable macro writes this.
    #[doc(hidden)]
    pub const fn new(point: &'static Point) -> Self {
        FirstMatch {
            point,
            plugin: AtomicCell::new(None),
            walk: AtomicCell::new(None),
            chosen: OnceLock::new(),
        }
    }

    /// The function of the first available plugin, or `None` when no plugin is available: what
    /// the pluggable function's own call runs. Handles are `static`s (`<function>::handle()`): a
    /// call that finds the choice fixed and the trace off caches it here, and a switch of the
    /// trace resets it. Not public API: call the function, or
    /// [`select_entry`](FirstMatch::select_entry) to learn which plugin runs.
    #[doc(hidden)]
    #[inline]
    pub fn select(&'static self) -> Option<F>
    where
        F: Send + Sync,
    {
        match self.plugin.load() {
            Some(f) => Some(f),
            None => self.select_walk(),
        }
    }

    /// A choice that is not one plugin: walked with no test of the trace once cached.
    #[inline(never)]
    fn select_walk(&'static self) -> Option<F>
    where
        F: Send + Sync,
    {
        match self.walk.load() {
            Some(chosen) => chosen.pick_untraced().map(|(f, _)| f),
            None => self.select_slow(),
        }
    }

    /// The first call, or the trace on: tests the trace, and caches the choice when it is off.
    #[cold]
    #[inline(never)]
    fn select_slow(&'static self) -> Option<F>
    where
        F: Send + Sync,
    {
        let chosen = self.chosen();
        let trace = debug::calls_traced();
        let picked = chosen.pick(trace);
        if trace {
            self.trace(picked.map(|(_, e)| e));
        } else {
            // Set and reset only under the lock of `debug::untraced`: kept once while set.
            debug::untraced(self, || match chosen.fast {
                Some(f) => self.plugin.swap(Some(f)).is_none(),
                None => self.walk.swap(Some(chosen)).is_none(),
            });
        }
        picked.map(|(f, _)| f)
    }

    fn chosen(&self) -> &Chosen<F> {
        self.chosen
            .get_or_init(|| Chosen::new(crate::registry(), self.point))
    }

    /// The function of the first available plugin and the entry it came from (which plugin
    /// runs), or `None` when no plugin is available; from the cached choice (no requirement is evaluated again, except the
    /// checks of entries marked `recheck_each_call`).
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn tell_select_entry_doc() -> u8 {
    ///     0
    /// }
    ///
    /// #[plugkit::plugin(tell_select_entry_doc)]
    /// fn nine_select_entry_doc() -> u8 {
    ///     9
    /// }
    ///
    /// let (f, entry) = tell_select_entry_doc::handle().select_entry().unwrap();
    /// assert_eq!((f(), entry.origin().item), (9, "nine_select_entry_doc"));
    /// ```
    pub fn select_entry(&self) -> Option<(F, &'static Entry)> {
        self.chosen().pick(debug::calls_traced())
    }

    /// Selects afresh from `registry`, evaluating every requirement now: the function and the
    /// entry it came from.
    #[doc(hidden)]
    pub fn select_in<'r>(&self, registry: &'r Registry) -> Option<(F, &'r Entry)> {
        candidates::<F>(registry, self.point)
            .into_iter()
            .find(|c| c.passes_now())
            .map(|c| (c.f, c.entry))
    }

    /// The error for a call that found no plugin, from the program-wide registry.
    #[cold]
    #[doc(hidden)]
    pub fn no_plugin(&self) -> NoPlugin {
        no_plugin(crate::registry(), self.point)
    }

    /// The error for a call that found no plugin in `registry`.
    #[cold]
    #[doc(hidden)]
    pub fn no_plugin_in(&self, registry: &Registry) -> NoPlugin {
        no_plugin(registry, self.point)
    }

    #[cold]
    fn trace(&self, picked: Option<&Entry>) {
        match (picked, self.point.default.is_some()) {
            (Some(e), _) => debug::emit(
                log::Level::Trace,
                "plugkit::call",
                format_args!("call {} -> {}", self.point.url, e.id()),
            ),
            (None, true) => debug::emit(
                log::Level::Trace,
                "plugkit::call",
                format_args!(
                    "call {} -> the host's default (no plugin available)",
                    self.point.url
                ),
            ),
            (None, false) => debug::emit(
                log::Level::Trace,
                "plugkit::call",
                format_args!("call {} -> no plugin available", self.point.url),
            ),
        }
    }
}
