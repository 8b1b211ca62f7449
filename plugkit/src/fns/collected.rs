//! What `collect_all` returns.

use super::PluginPanic;
use crate::Entry;

/// One plugin's result in a [`Collected`]: which plugin ran, and what it returned or how it
/// panicked.
///
/// ```
/// #[plugkit::pluggable(selector = collect_all)]
/// pub fn digits_4() -> u8;
///
/// #[plugkit::plugin(digits_4)]
/// fn seven_4() -> u8 {
///     7
/// }
///
/// #[plugkit::plugin(digits_4, trylast)]
/// fn broken_4() -> u8 {
///     panic!("no digit")
/// }
///
/// let collected = digits_4();
/// let outcome: &plugkit::fns::Outcome<'_, u8> = collected.iter().next().unwrap();
/// assert_eq!((outcome.entry.origin().item, outcome.result.as_ref().ok()), ("seven_4", Some(&7)));
/// ```
#[derive(Debug)]
pub struct Outcome<'r, R> {
    /// The plugin's entry (its id and origin).
    pub entry: &'r Entry,
    /// What it returned, or its panic.
    pub result: Result<R, Box<PluginPanic>>,
}

/// The results of a `collect_all` call, one [`Outcome`] per plugin that ran, in order.
///
/// ```
/// #[plugkit::pluggable(category = "docs", selector = collect_all)]
/// pub fn versions_collected_doc() -> u32;
///
/// #[plugkit::plugin(versions_collected_doc)]
/// fn one() -> u32 { 1 }
///
/// #[plugkit::plugin(versions_collected_doc, trylast)]
/// fn broken() -> u32 { panic!("no version today") }
///
/// let collected = versions_collected_doc();
/// assert_eq!(collected.values().copied().collect::<Vec<_>>(), [1]);
/// let failure = collected.failures().next().unwrap();
/// assert!(failure.to_string().ends_with("panicked: no version today"));
/// ```
#[derive(Debug)]
pub struct Collected<'r, R> {
    outcomes: Vec<Outcome<'r, R>>,
}

impl<'r, R> Collected<'r, R> {
    pub(crate) fn new(outcomes: Vec<Outcome<'r, R>>) -> Self {
        Collected { outcomes }
    }

    /// The values the plugins returned, in order, leaving out those that panicked.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn digits_8() -> u8;
    ///
    /// #[plugkit::plugin(digits_8)]
    /// fn seven_8() -> u8 {
    ///     7
    /// }
    ///
    /// #[plugkit::plugin(digits_8, trylast)]
    /// fn broken_8() -> u8 {
    ///     panic!("no digit")
    /// }
    ///
    /// let collected = digits_8();
    /// assert_eq!(collected.values().collect::<Vec<_>>(), [&7]);
    /// ```
    pub fn values(&self) -> impl Iterator<Item = &R> {
        self.outcomes.iter().filter_map(|o| o.result.as_ref().ok())
    }

    /// The panics, in order.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn digits_9() -> u8;
    ///
    /// #[plugkit::plugin(digits_9)]
    /// fn seven_9() -> u8 {
    ///     7
    /// }
    ///
    /// #[plugkit::plugin(digits_9, trylast)]
    /// fn broken_9() -> u8 {
    ///     panic!("no digit")
    /// }
    ///
    /// let collected = digits_9();
    /// assert_eq!(collected.failures().next().unwrap().message, "no digit");
    /// ```
    pub fn failures(&self) -> impl Iterator<Item = &PluginPanic> {
        self.outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().err().map(|p| &**p))
    }

    /// The values, in order, leaving out the plugins that panicked.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn digits_10() -> u8;
    ///
    /// #[plugkit::plugin(digits_10)]
    /// fn seven_10() -> u8 {
    ///     7
    /// }
    ///
    /// #[plugkit::plugin(digits_10, trylast)]
    /// fn broken_10() -> u8 {
    ///     panic!("no digit")
    /// }
    ///
    /// let collected = digits_10();
    /// assert_eq!(collected.into_values(), [7]);
    /// ```
    pub fn into_values(self) -> Vec<R> {
        self.outcomes
            .into_iter()
            .filter_map(|o| o.result.ok())
            .collect()
    }
}

/// The outcomes, in order, as a slice: `len`, `is_empty`, `iter` and indexing are the slice's.
///
/// ```
/// #[plugkit::pluggable(selector = collect_all)]
/// pub fn digits_5() -> u8;
///
/// #[plugkit::plugin(digits_5)]
/// fn seven_5() -> u8 {
///     7
/// }
///
/// #[plugkit::plugin(digits_5, trylast)]
/// fn broken_5() -> u8 {
///     panic!("no digit")
/// }
///
/// let collected = digits_5();
/// assert_eq!(collected.len(), 2);
/// assert_eq!(collected.first().map(|o| o.entry.origin().item), Some("seven_5"));
/// assert!(collected.iter().nth(1).is_some_and(|o| o.result.is_err()));
/// ```
impl<'r, R> std::ops::Deref for Collected<'r, R> {
    type Target = [Outcome<'r, R>];

    fn deref(&self) -> &Self::Target {
        &self.outcomes
    }
}

impl<'r, R> IntoIterator for Collected<'r, R> {
    type Item = Outcome<'r, R>;
    type IntoIter = std::vec::IntoIter<Outcome<'r, R>>;

    fn into_iter(self) -> Self::IntoIter {
        self.outcomes.into_iter()
    }
}

impl<'a, 'r, R> IntoIterator for &'a Collected<'r, R> {
    type Item = &'a Outcome<'r, R>;
    type IntoIter = std::slice::Iter<'a, Outcome<'r, R>>;

    fn into_iter(self) -> Self::IntoIter {
        self.outcomes.iter()
    }
}
