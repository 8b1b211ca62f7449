//! What `collect_all` returns.

use std::borrow::Cow;

use super::PluginPanic;
use crate::Entry;

/// The results of a `collect_all` call: the values the plugins returned, in order, each with
/// the entry of the plugin that returned it, and apart from them the panics of the plugins
/// that panicked.
///
/// The values are one `Vec<R>`: [`values`](Collected::values) is a slice of them and
/// [`into_values`](Collected::into_values) moves them out without a copy. When every plugin
/// returned, the entries are the point's cached list, shared rather than copied.
///
/// ```
/// #[plugkit::pluggable(category = "docs", selector = collect_all)]
/// pub fn versions_collected_doc() -> u32;
/// #[plugkit::plugin(versions_collected_doc)]
/// fn one() -> u32 { 1 }
/// #[plugkit::plugin(versions_collected_doc, trylast)]
/// fn broken() -> u32 { panic!("no version today") }
///
/// let collected = versions_collected_doc();
/// assert_eq!(collected.values(), [1]);
/// let (entry, value) = collected.iter().next().unwrap();
/// assert_eq!((entry.origin().item, *value), ("one", 1));
/// assert!(collected.failures()[0].to_string().ends_with("panicked: no version today"));
/// ```
#[derive(Debug)]
pub struct Collected<'r, R> {
    values: Vec<R>,
    /// `entries[i]` returned `values[i]`.
    entries: Cow<'r, [&'r Entry]>,
    failures: Vec<PluginPanic>,
}

impl<'r, R> Collected<'r, R> {
    /// Every plugin of `entries` returned, in order: `values[i]` is `entries[i]`'s.
    pub(crate) fn all(values: Vec<R>, entries: &'r [&'r Entry]) -> Self {
        debug_assert_eq!(values.len(), entries.len());
        Collected {
            values,
            entries: Cow::Borrowed(entries),
            failures: Vec::new(),
        }
    }

    /// Empty, with room for `plugins` results, to [`push`](Collected::push) them one by one.
    pub(crate) fn with_capacity(plugins: usize) -> Self {
        Collected {
            values: Vec::with_capacity(plugins),
            entries: Cow::Owned(Vec::with_capacity(plugins)),
            failures: Vec::new(),
        }
    }

    /// Adds the next plugin's result.
    pub(crate) fn push(&mut self, entry: &'r Entry, result: Result<R, PluginPanic>) {
        match result {
            Ok(value) => {
                self.values.push(value);
                self.entries.to_mut().push(entry);
            }
            Err(panic) => self.failures.push(panic),
        }
    }

    /// The values the plugins returned, in order; the plugins that panicked are in
    /// [`failures`](Collected::failures) instead.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn digits_8() -> u8;
    /// #[plugkit::plugin(digits_8)]
    /// fn seven_8() -> u8 {
    ///     7
    /// }
    /// #[plugkit::plugin(digits_8, trylast)]
    /// fn broken_8() -> u8 {
    ///     panic!("no digit")
    /// }
    /// assert_eq!(digits_8().values(), [7]);
    /// ```
    pub fn values(&self) -> &[R] {
        &self.values
    }

    /// The value of each plugin that returned, with its entry (its id and origin), in order.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn digits_11() -> u8;
    /// #[plugkit::plugin(digits_11, name = "seven")]
    /// fn seven_11() -> u8 {
    ///     7
    /// }
    /// #[plugkit::plugin(digits_11, name = "eight", trylast)]
    /// fn eight_11() -> u8 {
    ///     8
    /// }
    /// let collected = digits_11();
    /// let by_id: Vec<(&str, u8)> = collected.iter().map(|(e, v)| (e.id(), *v)).collect();
    /// assert_eq!(by_id, [("seven", 7), ("eight", 8)]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'r Entry, &R)> {
        self.entries.iter().copied().zip(&self.values)
    }

    /// The panics of the plugins that panicked, in order, each naming its plugin.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn digits_9() -> u8;
    /// #[plugkit::plugin(digits_9)]
    /// fn seven_9() -> u8 {
    ///     7
    /// }
    /// #[plugkit::plugin(digits_9, trylast)]
    /// fn broken_9() -> u8 {
    ///     panic!("no digit")
    /// }
    /// let collected = digits_9();
    /// assert_eq!(collected.failures()[0].message, "no digit");
    /// assert_eq!(collected.failures()[0].origin.item, "broken_9");
    /// ```
    pub fn failures(&self) -> &[PluginPanic] {
        &self.failures
    }

    /// The values, in order, without the plugins that panicked.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn digits_10() -> u8;
    /// #[plugkit::plugin(digits_10)]
    /// fn seven_10() -> u8 {
    ///     7
    /// }
    /// #[plugkit::plugin(digits_10, trylast)]
    /// fn broken_10() -> u8 {
    ///     panic!("no digit")
    /// }
    /// assert_eq!(digits_10().into_values(), [7]);
    /// ```
    pub fn into_values(self) -> Vec<R> {
        self.values
    }
}
