//! Building a registry from registrations.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::order::{self, Rejected};
use super::{FastMap, PointEntries, Problem, Registry};
use crate::origin::{cmp_crate, same_crate};
use crate::{BuildError, Capability, Entry, ExpectedPlugin, Point, debug};

impl Registry {
    /// The registry of everything the linked crates registered, checked against the plugin
    /// crates in `expected`: what [`init_expecting`](crate::init_expecting), [`init`](crate::init)
    /// and [`registry`](crate::registry()) build, once per process. The benchmark of the
    /// registrations' walk calls it through `__private::build_linked_registry` to time exactly
    /// that code.
    pub(crate) fn linked(expected: &[ExpectedPlugin]) -> Registry {
        Registry::builder()
            .discovered()
            .expect_plugins(expected)
            .build_partial()
    }
}

/// Collects points, entries and capabilities, then checks and orders them into a [`Registry`].
///
/// [`discovered`](RegistryBuilder::discovered) adds everything that linked crates registered
/// with the attribute macros; [`entries`](RegistryBuilder::entries) adds entries taken from
/// another registry; [`expect_plugins`](RegistryBuilder::expect_plugins) adds the plugin crates
/// the host expects. [`build`](RegistryBuilder::build) fails with every problem found,
/// [`build_partial`](RegistryBuilder::build_partial) sets the entries concerned aside.
///
/// ```
/// use plugkit::Registry;
///
/// #[plugkit::pluggable(category = "geometry")]
/// pub fn area_builder_doc(xs: &[f64]) -> f64 { 0.0 }
///
/// #[plugkit::plugin(area_builder_doc)]
/// fn sum_builder_doc(xs: &[f64]) -> f64 { xs.iter().sum() }
///
/// let registry = Registry::builder().discovered().build()?;
/// let point = registry.point(area_builder_doc::URL).unwrap();
/// assert_eq!(point.entries()[0].origin().item, "sum_builder_doc");
/// # Ok::<(), plugkit::BuildError>(())
/// ```
#[derive(Debug, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct RegistryBuilder {
    points: Vec<Point>,
    /// The linker's section of entries, not copied, while it is all the builder has (the path
    /// of `init()`); `entries` is then empty.
    linked: Option<&'static [Entry]>,
    entries: Vec<Entry>,
    capabilities: Vec<Capability>,
    expected: Vec<ExpectedPlugin>,
}

impl RegistryBuilder {
    /// Adds every point, entry and capability that the linked crates registered.
    ///
    /// ```
    /// let registry = plugkit::Registry::builder().discovered().build().unwrap();
    /// # let _ = registry;
    /// ```
    pub fn discovered(mut self) -> Self {
        let (points, capabilities) = (self.points.len(), self.capabilities.len());
        // The linker gathered each kind into one contiguous section. The entries are borrowed
        // while nothing else is added: each is then copied once, into its point's list.
        let linked: &'static [Entry] = &crate::__private::PLUGKIT_ENTRIES;
        self.points
            .extend_from_slice(&crate::__private::PLUGKIT_POINTS);
        #[cfg(feature = "config")]
        self.points.push(crate::config::PLUGINS_POINT);
        match self.linked.is_none() && self.entries.is_empty() {
            true => self.linked = Some(linked),
            false => self.owned_entries().extend_from_slice(linked),
        }
        self.capabilities
            .extend_from_slice(&crate::__private::PLUGKIT_CAPABILITIES);
        if debug::enabled() {
            for p in &self.points[points..] {
                debug::trace!(
                    "plugkit::registry",
                    "discovered point {} from {}",
                    p.url,
                    p.origin
                );
            }
            for e in linked {
                debug::trace!(
                    "plugkit::registry",
                    "discovered plugin {} for {} from {}",
                    e.id(),
                    e.point(),
                    e.origin()
                );
            }
            for c in &self.capabilities[capabilities..] {
                debug::trace!(
                    "plugkit::registry",
                    "discovered capability {} from {}",
                    c.name,
                    c.origin
                );
            }
        }
        self
    }

    /// Adds a point.
    #[doc(hidden)]
    pub fn point(mut self, point: Point) -> Self {
        self.points.push(point);
        self
    }

    /// Adds an entry.
    #[doc(hidden)]
    pub fn entry(mut self, entry: Entry) -> Self {
        self.owned_entries().push(entry);
        self
    }

    /// The entries as a list of the builder's own, the linker's section copied into it first.
    fn owned_entries(&mut self) -> &mut Vec<Entry> {
        if let Some(linked) = self.linked.take() {
            self.entries.extend_from_slice(linked);
        }
        &mut self.entries
    }

    /// Adds entries, such as those of another registry.
    ///
    /// ```
    /// use plugkit::Registry;
    ///
    /// #[plugkit::pluggable]
    /// pub fn builder_entries_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(builder_entries_doc)]
    /// fn seven_builder_entries_doc() -> u8 { 7 }
    ///
    /// let entries = plugkit::registry().point(builder_entries_doc::URL).unwrap().entries();
    /// // Without `discovered()`, nothing declares the point: each entry is a problem.
    /// let registry = Registry::builder().entries(entries.iter().copied()).build_partial();
    /// assert_eq!(registry.problems().len(), 1);
    /// assert!(registry.point(builder_entries_doc::URL).is_err());
    /// ```
    pub fn entries(mut self, entries: impl IntoIterator<Item = Entry>) -> Self {
        self.owned_entries().extend(entries);
        self
    }

    /// Declares a capability, as the host knows it at run time.
    #[doc(hidden)]
    pub fn capability(mut self, capability: Capability) -> Self {
        self.capabilities.push(capability);
        self
    }

    /// Records the plugin crates the host expects (the registration crate's list); building
    /// reports each one that registered nothing, or registered under another version.
    ///
    /// The list comes from the registration crate that `cargo plugkit sync` generates (its
    /// `init()` passes it on), or from [`linked_plugins!()`](crate::linked_plugins!) with
    /// `plugkit-build` in the host's build script:
    ///
    /// ```ignore
    /// let registry = plugkit::Registry::builder()
    ///     .discovered()
    ///     .expect_plugins(plugkit::linked_plugins!())
    ///     .build()?; // fails with `Problem::MissingPlugin` for a plugin crate that registered nothing
    /// ```
    ///
    /// ```
    /// // Expecting no plugin crate is a build with no such check.
    /// let registry = plugkit::Registry::builder().discovered().expect_plugins(&[]).build()?;
    /// assert!(registry.expected().is_empty());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn expect_plugins(mut self, expected: &[ExpectedPlugin]) -> Self {
        self.expected.extend_from_slice(expected);
        self
    }

    /// Builds the registry, or fails with every problem found.
    ///
    /// ```
    /// use plugkit::{Problem, Registry};
    ///
    /// #[plugkit::pluggable]
    /// pub fn builder_build_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(builder_build_doc)]
    /// fn seven_builder_build_doc() -> u8 { 7 }
    ///
    /// assert!(Registry::builder().discovered().build().is_ok());
    ///
    /// // The plugin registered a second time: a duplicate id.
    /// let entry = plugkit::registry().point(builder_build_doc::URL).unwrap().entries()[0];
    /// let err = Registry::builder().discovered().entries([entry]).build().unwrap_err();
    /// assert!(matches!(err.problems(), [Problem::Duplicate { id_noun: "plugin id", .. }]));
    /// assert!(err.to_string().starts_with("the plugin registry has 1 problem:"));
    /// ```
    pub fn build(self) -> Result<Registry, BuildError> {
        let registry = self.build_partial();
        match registry.problems.is_empty() {
            true => Ok(registry),
            false => Err(BuildError::new(registry.problems)),
        }
    }

    /// Builds the registry, setting aside the entries with problems (each records why) and
    /// keeping the rest; [`Registry::problems`] lists what was set aside.
    ///
    /// ```
    /// use plugkit::Registry;
    ///
    /// #[plugkit::pluggable]
    /// pub fn builder_partial_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(builder_partial_doc, name = "twice")]
    /// fn twice_builder_partial_doc() -> u8 { 2 }
    ///
    /// #[plugkit::plugin(builder_partial_doc, name = "once", trylast)]
    /// fn once_builder_partial_doc() -> u8 { 1 }
    ///
    /// // "twice" registered a second time: both copies are set aside, "once" is kept.
    /// let url = builder_partial_doc::URL;
    /// let linked = plugkit::registry().point(url)?.entries();
    /// let twice = *linked.iter().find(|e| e.id() == "twice").unwrap();
    /// let registry = Registry::builder().discovered().entries([twice]).build_partial();
    /// assert_eq!(registry.problems().len(), 1);
    /// let point = registry.point(url)?;
    /// assert_eq!(point.entries().iter().map(|e| e.id()).collect::<Vec<_>>(), ["once"]);
    /// # Ok::<(), plugkit::UnknownPoint>(())
    /// ```
    pub fn build_partial(self) -> Registry {
        let RegistryBuilder {
            mut points,
            linked,
            entries,
            mut capabilities,
            mut expected,
        } = self;
        let entries: Cow<'static, [Entry]> = match linked {
            Some(linked) => Cow::Borrowed(linked),
            None => Cow::Owned(entries),
        };
        let mut problems = Vec::new();

        points.sort_by(|a, b| (a.url, a.origin).cmp(&(b.url, b.origin)));
        points.dedup_by(|later, kept| {
            let same = later.url == kept.url;
            if same && later.origin != kept.origin {
                problems.push(Problem::DuplicatePoint {
                    url: kept.url.to_owned(),
                    first: kept.origin,
                    second: later.origin,
                });
            }
            same
        });

        // One hash per entry finds its point; counting first means that no list grows (and
        // copies its 200-byte entries) while it fills.
        // Entries come in runs for one point, and name it with a few copies of one string at
        // most: look each copy up once by its text, then by its address.
        let slot_of: FastMap<&'static str, usize> =
            points.iter().enumerate().map(|(i, p)| (p.url, i)).collect();
        let mut slot_at: FastMap<*const str, Option<usize>> = FastMap::default();
        let mut last: (&str, Option<usize>) = ("", None);
        let found: Vec<Option<usize>> = entries
            .iter()
            .map(|e| {
                let url = e.point();
                if !std::ptr::eq(url, last.0) {
                    let slot = *slot_at
                        .entry(url as *const str)
                        .or_insert_with(|| slot_of.get(url).copied());
                    last = (url, slot);
                }
                last.1
            })
            .collect();
        let mut counts = vec![0usize; points.len()];
        for &i in found.iter().flatten() {
            counts[i] += 1;
        }
        let (ranks, entry_crates) = order::crate_ranks(&entries);
        // Each point's entries as positions in `entries`: an entry is copied once, in order.
        let mut lists: Vec<Vec<u32>> = counts.into_iter().map(Vec::with_capacity).collect();
        let mut by_point: BTreeMap<&'static str, Vec<Entry>> = BTreeMap::new();
        for ((entry, slot), i) in entries.iter().zip(found).zip(0u32..) {
            match slot {
                Some(slot) => lists[slot].push(i),
                None => by_point.entry(entry.point()).or_default().push(*entry),
            }
        }

        let mut entries = entries;
        let mut orphans = Vec::new();
        let mut slots = Vec::with_capacity(points.len());
        let mut scratch = order::Scratch::default();
        let mut all_kept = by_point.is_empty();
        for (point, members) in points.into_iter().zip(lists) {
            let (members, mut rejected) = check_payloads(&point, &entries, members, &mut problems);
            let arranged = order::arrange(
                &point,
                &mut entries,
                &members,
                &ranks,
                &mut scratch,
                &mut problems,
            );
            rejected.extend(arranged.rejected);
            all_kept &= rejected.is_empty();
            slots.push(PointEntries::new(point, arranged.ordered, rejected));
        }
        for (url, entries) in by_point {
            for entry in entries {
                let problem = Problem::UnknownPoint {
                    point: url.to_owned(),
                    id: entry.id().to_owned(),
                    origin: *entry.origin(),
                };
                problems.push(problem.clone());
                orphans.push(Rejected { entry, problem });
            }
        }

        capabilities.sort_by(|a, b| (a.name, a.origin).cmp(&(b.name, b.origin)));
        capabilities.dedup();

        expected.sort_by(|a, b| {
            cmp_crate(a.crate_name, b.crate_name)
                .then((a.registration, a.version).cmp(&(b.registration, b.version)))
        });
        expected.dedup_by(|later, kept| {
            same_crate(later.crate_name, kept.crate_name)
                && (later.version, later.registration) == (kept.version, kept.registration)
        });
        // Every entry kept: the registry's crates are those of the entries, found above.
        let entry_crates = all_kept.then_some(entry_crates);
        let mut registry = Registry::assemble(
            slots,
            capabilities,
            orphans,
            problems,
            expected,
            entry_crates,
        );
        registry.check_expected();
        if debug::enabled() {
            for slot in registry.points() {
                let ids: Vec<&str> = slot.entries().iter().map(Entry::id).collect();
                debug::trace!(
                    "plugkit::registry",
                    "registered {} in order [{}]",
                    slot.point().url,
                    ids.join(", ")
                );
            }
            for problem in registry.problems() {
                debug::trace!("plugkit::registry", "problem: {problem}");
            }
        }
        registry
    }
}

/// Sets aside the entries (positions in `all`) whose payload is not of the point's type.
fn check_payloads(
    point: &Point,
    all: &[Entry],
    members: Vec<u32>,
    problems: &mut Vec<Problem>,
) -> (Vec<u32>, Vec<Rejected>) {
    let expected = (point.payload_type)();
    let fits = |&i: &u32| all[i as usize].payload_type_id() == expected;
    if members.iter().all(fits) {
        return (members, Vec::new());
    }
    let (good, bad): (Vec<u32>, Vec<u32>) = members.into_iter().partition(fits);
    let rejected = bad
        .into_iter()
        .map(|i| {
            let entry = all[i as usize];
            let problem = Problem::WrongPayload {
                point: point.url.to_owned(),
                id: entry.id().to_owned(),
                origin: *entry.origin(),
                expected: point.signature.to_owned(),
            };
            problems.push(problem.clone());
            Rejected { entry, problem }
        })
        .collect();
    (good, rejected)
}
