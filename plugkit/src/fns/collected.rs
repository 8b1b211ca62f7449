//! What `collect_all` returns.

use crate::{Entry, PluginPanic};

/// One plugin's result in a [`Collected`]: which plugin ran, and what it returned or how it
/// panicked.
#[derive(Debug)]
pub struct Outcome<'r, R> {
    /// The plugin's entry (its id and origin).
    pub entry: &'r Entry,
    /// What it returned, or its panic.
    pub result: Result<R, PluginPanic>,
}

/// The results of a `collect_all` call, one [`Outcome`] per plugin that ran, in order.
///
/// ```
/// #[plugkit::pluggable(category = "docs", selector = collect_all)]
/// pub fn versions() -> u32;
///
/// #[plugkit::plugin(versions)]
/// fn one() -> u32 { 1 }
///
/// #[plugkit::plugin(versions, trylast)]
/// fn broken() -> u32 { panic!("no version today") }
///
/// let collected = versions();
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

    /// How many plugins ran.
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    /// Whether no plugin ran.
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    /// Every outcome, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Outcome<'r, R>> {
        self.outcomes.iter()
    }

    /// The values the plugins returned, in order, leaving out those that panicked.
    pub fn values(&self) -> impl Iterator<Item = &R> {
        self.outcomes.iter().filter_map(|o| o.result.as_ref().ok())
    }

    /// The panics, in order.
    pub fn failures(&self) -> impl Iterator<Item = &PluginPanic> {
        self.outcomes.iter().filter_map(|o| o.result.as_ref().err())
    }

    /// The values, in order, leaving out the plugins that panicked.
    pub fn into_values(self) -> Vec<R> {
        self.outcomes.into_iter().filter_map(|o| o.result.ok()).collect()
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
