//! `selector = first_match`: the first available plugin runs.

use std::sync::OnceLock;

use super::NoPlugin;
use super::selection::{Candidate, candidates, no_plugin};
use crate::registry::Registry;
use crate::{Entry, Point, debug};

/// A `first_match` point's handle, a `static` that [`#[pluggable]`](crate::pluggable) declares
/// behind `<function>::handle()`. `F` is the point's `fn` pointer type.
///
/// The first call through it selects from the program-wide [`registry()`](crate::registry())
/// and caches the choice: requirements are evaluated then, once. Later calls that take a
/// plugin read three atomic values (the cached choice through its `OnceLock`, plugkit's trace
/// switch and `log::max_level()`) and make an indirect call, except when the first available
/// plugin is marked `#[plugin(.., recheck_each_call)]`: then its checks, and those of the
/// plugins after it until one passes, run on every call.
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
/// let chosen = greet_first_match_doc::handle().select().unwrap();
/// assert_eq!(chosen("bob"), "HELLO, BOB");
/// ```
pub struct FirstMatch<F: 'static> {
    point: &'static Point,
    chosen: OnceLock<Chosen<F>>,
}

struct Chosen<F: 'static> {
    /// The plugin every call takes, when that is fixed: all the fast path reads.
    fast: Option<F>,
    candidates: Box<[Candidate<'static, F>]>,
    /// The answer when no candidate before the first fixed one rechecks on every call.
    fixed: Option<Option<(F, &'static Entry)>>,
}

impl<F: Copy + 'static> Chosen<F> {
    fn new(registry: &'static Registry, point: &Point) -> Self {
        let candidates = candidates::<F>(registry, point).into_boxed_slice();
        let fixed = match candidates.iter().position(|c| !c.recheck) {
            Some(0) => Some(Some((candidates[0].f, candidates[0].entry))),
            None if candidates.is_empty() => Some(None),
            _ => None,
        };
        let fast = match fixed {
            Some(Some((f, _))) => Some(f),
            _ => None,
        };
        Chosen {
            fast,
            candidates,
            fixed,
        }
    }

    fn walk(&self) -> Option<(F, &'static Entry)> {
        self.candidates
            .iter()
            .find(|c| c.passes_now())
            .map(|c| (c.f, c.entry))
    }
}

impl<F: Copy + 'static> FirstMatch<F> {
    /// The handle of `point`; the pluggable macro writes this.
    #[doc(hidden)]
    pub const fn new(point: &'static Point) -> Self {
        FirstMatch {
            point,
            chosen: OnceLock::new(),
        }
    }

    /// The point's descriptor.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn pick_11() -> u8 {
    ///     0
    /// }
    ///
    /// #[plugkit::plugin(pick_11)]
    /// fn pick_one_11() -> u8 {
    ///     1
    /// }
    ///
    /// assert_eq!(pick_11::handle().point().url, pick_11::URL);
    /// ```
    pub fn point(&self) -> &'static Point {
        self.point
    }

    /// The function of the first available plugin, or `None` when no plugin is available.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn pick_12() -> u8 {
    ///     0
    /// }
    ///
    /// #[plugkit::plugin(pick_12)]
    /// fn pick_one_12() -> u8 {
    ///     1
    /// }
    ///
    /// assert_eq!(pick_12::handle().select().map(|f| f()), Some(1));
    /// ```
    #[inline]
    pub fn select(&self) -> Option<F> {
        if let Some(Chosen { fast: Some(f), .. }) = self.chosen.get()
            && !debug::enabled()
        {
            return Some(*f);
        }
        self.select_slow()
    }

    /// The first call, a choice that is not fixed, or the trace on.
    #[cold]
    #[inline(never)]
    fn select_slow(&self) -> Option<F> {
        let picked = self.select_entry();
        if debug::enabled() {
            self.trace(picked.map(|(_, e)| e));
        }
        picked.map(|(f, _)| f)
    }

    /// Like [`select`](FirstMatch::select), with the entry the function came from: which
    /// plugin runs, from the cached choice (no requirement is evaluated again, except the
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
    #[inline]
    pub fn select_entry(&self) -> Option<(F, &'static Entry)> {
        let chosen = self
            .chosen
            .get_or_init(|| Chosen::new(crate::registry(), self.point));
        match chosen.fixed {
            Some(fixed) => fixed,
            None => chosen.walk(),
        }
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
