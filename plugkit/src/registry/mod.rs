//! The registry: every point with its entries, checked and in order, read without locks.

mod builder;
mod explain;
pub(crate) mod identity;
mod order;
mod problem;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
#[cfg(feature = "config")]
use std::sync::OnceLock;

use serde::Serialize;

pub use builder::RegistryBuilder;
pub use explain::{Considered, Explanation, Verdict};
pub use problem::{BuildError, Problem};

use crate::origin::same_crate;
use crate::requirement::Unmet;
use crate::{Capability, Entry, ExpectedPlugin, Point, Requirement, UnknownPoint, panic_message};
pub(crate) use order::Rejected;

/// The registry's build looks entries up by URL, crate name and id: strings the linked crates
/// wrote, hashed with a fast fixed-seed hash rather than SipHash.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Every extension point and its entries, checked (duplicates, cycles, payload types) and in
/// their deterministic order. Built once; read without locks.
///
/// The program-wide registry is [`plugkit::registry()`](crate::registry()); build others with
/// [`Registry::builder`] for tests.
///
/// ```
/// #[plugkit::pluggable]
/// pub fn speed_registry_doc() -> &'static str { "default" }
///
/// #[plugkit::plugin(speed_registry_doc, trylast)]
/// fn slow_registry_doc() -> &'static str { "slow" }
///
/// #[plugkit::plugin(speed_registry_doc)]
/// fn fast_registry_doc() -> &'static str { "fast" }
///
/// let registry = plugkit::registry();
/// let point = registry.point(speed_registry_doc::URL).unwrap();
/// let items: Vec<&str> = point.entries().iter().map(|e| e.origin().item).collect();
/// assert_eq!(items, ["fast_registry_doc", "slow_registry_doc"]);
/// assert_eq!(speed_registry_doc(), "fast");
/// ```
#[derive(Debug)]
pub struct Registry {
    points: Vec<PointEntries>,
    index: HashMap<&'static str, usize>,
    capabilities: Vec<Capability>,
    crates: Vec<(&'static str, &'static str)>,
    orphans: Vec<Rejected>,
    problems: Vec<Problem>,
    expected: Vec<ExpectedPlugin>,
}

/// A point and its entries in use, in order. Entries set aside when the registry was built are
/// in [`Registry::problems`] (after a partial build) and [`Registry::explain`].
///
/// ```
/// #[plugkit::pluggable(selector = collect_all)]
/// pub fn point_entries_doc() -> u8;
///
/// #[plugkit::plugin(point_entries_doc)]
/// fn one_point_entries_doc() -> u8 { 1 }
///
/// let point: &plugkit::PointEntries = plugkit::registry().point(point_entries_doc::URL)?;
/// assert_eq!(point.point().selector, Some(plugkit::Selector::CollectAll));
/// assert_eq!(point.entries().len(), 1);
/// # Ok::<(), plugkit::UnknownPoint>(())
/// ```
#[derive(Debug)]
pub struct PointEntries {
    point: Point,
    entries: Vec<Entry>,
    rejected: Vec<Rejected>,
    /// Entry index by id, built on the first [`PointEntries::entry`] call (configuration kinds
    /// look tags up on every decode; pluggable functions never do, so they never pay for it).
    #[cfg(feature = "config")]
    by_id: OnceLock<HashMap<&'static str, usize>>,
}

impl PointEntries {
    /// The point.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn point_entries_point_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(point_entries_point_doc)]
    /// fn seven_point_entries_point_doc() -> u8 { 7 }
    ///
    /// let registry = plugkit::registry();
    /// let point = registry.point(point_entries_point_doc::URL).unwrap();
    /// assert_eq!(point.point().url, point_entries_point_doc::URL);
    /// assert_eq!(point.point().default, Some("point_entries_point_doc"));
    /// ```
    pub fn point(&self) -> &Point {
        &self.point
    }

    /// Its entries, in order; requirements are not yet evaluated.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn point_entries_entries_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(point_entries_entries_doc)]
    /// fn seven_point_entries_entries_doc() -> u8 { 7 }
    ///
    /// let registry = plugkit::registry();
    /// let point = registry.point(point_entries_entries_doc::URL).unwrap();
    /// assert_eq!(point.entries().len(), 1);
    /// assert!(point.entries()[0].id().ends_with("::seven_point_entries_entries_doc"));
    /// ```
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries set aside when the registry was built, with the problem of each.
    pub(crate) fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }

    /// The entry in use with this id, if any (ids are unique within a point once built).
    #[cfg(feature = "config")]
    pub(crate) fn entry(&self, id: &str) -> Option<&Entry> {
        let by_id = self.by_id.get_or_init(|| {
            self.entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id(), i))
                .collect()
        });
        by_id.get(id).map(|&i| &self.entries[i])
    }

    pub(crate) fn new(point: Point, entries: Vec<Entry>, rejected: Vec<Rejected>) -> Self {
        PointEntries {
            point,
            entries,
            rejected,
            #[cfg(feature = "config")]
            by_id: OnceLock::new(),
        }
    }
}

impl Registry {
    /// A builder; see [`RegistryBuilder`].
    ///
    /// ```
    /// let empty = plugkit::Registry::builder().build()?;
    /// assert!(empty.points().is_empty());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn builder() -> RegistryBuilder {
        RegistryBuilder::default()
    }

    fn assemble(
        points: Vec<PointEntries>,
        capabilities: Vec<Capability>,
        orphans: Vec<Rejected>,
        problems: Vec<Problem>,
        expected: Vec<ExpectedPlugin>,
        entry_crates: Option<Vec<(&'static str, &'static str)>>,
    ) -> Self {
        let index = points
            .iter()
            .enumerate()
            .map(|(i, p)| (p.point.url, i))
            .collect();
        let crates = match entry_crates {
            // The entries' crates, known already: add those of the points and capabilities.
            Some(mut crates) => {
                crates.extend(
                    points
                        .iter()
                        .map(|p| &p.point.origin)
                        .chain(capabilities.iter().map(|c| &c.origin))
                        .map(|o| (o.crate_name, o.crate_version)),
                );
                crates.sort_unstable();
                crates.dedup();
                crates
            }
            None => {
                let mut crates: Vec<(&'static str, &'static str)> = points
                    .iter()
                    .flat_map(|p| {
                        let entries = p.entries.iter().map(Entry::origin);
                        std::iter::once(&p.point.origin).chain(entries)
                    })
                    .chain(capabilities.iter().map(|c| &c.origin))
                    .map(|o| (o.crate_name, o.crate_version))
                    .collect();
                crates.sort_unstable();
                crates.dedup();
                crates
            }
        };
        Registry {
            points,
            index,
            capabilities,
            crates,
            orphans,
            problems,
            expected,
        }
    }

    /// Adds a problem for every expected plugin crate that registered nothing or registered
    /// under another version.
    fn check_expected(&mut self) {
        for e in &self.expected {
            let found: Vec<&str> = self
                .crates
                .iter()
                .filter(|(c, _)| same_crate(c, e.crate_name))
                .map(|(_, v)| *v)
                .collect();
            if found.is_empty() {
                self.problems.push(Problem::MissingPlugin {
                    crate_name: e.crate_name.to_owned(),
                    version: e.version.to_owned(),
                    registration: e.registration.to_owned(),
                    features_off: e.features_off.iter().map(|f| (*f).to_owned()).collect(),
                    by_build_script: e.by_build_script,
                });
            } else if !found.contains(&e.version) {
                self.problems.push(Problem::StalePlugin {
                    crate_name: e.crate_name.to_owned(),
                    expected: e.version.to_owned(),
                    found: found.join(", "),
                    registration: e.registration.to_owned(),
                });
            }
        }
    }

    /// The plugin crates the registration crate expects, sorted.
    ///
    /// ```
    /// assert!(plugkit::Registry::builder().build().unwrap().expected().is_empty());
    /// ```
    pub fn expected(&self) -> &[ExpectedPlugin] {
        &self.expected
    }

    /// Every point, sorted by URL.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn registry_points_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(registry_points_doc)]
    /// fn seven_registry_points_doc() -> u8 { 7 }
    ///
    /// let registry = plugkit::registry();
    /// let urls: Vec<&str> = registry.points().iter().map(|p| p.point().url).collect();
    /// assert!(urls.contains(&registry_points_doc::URL));
    /// assert!(urls.is_sorted());
    /// ```
    pub fn points(&self) -> &[PointEntries] {
        &self.points
    }

    /// The point with this URL, or an error that lists the known points and suggests the
    /// closest.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn registry_point_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(registry_point_doc)]
    /// fn seven_registry_point_doc() -> u8 { 7 }
    ///
    /// let registry = plugkit::registry();
    /// assert_eq!(registry.point(registry_point_doc::URL)?.entries().len(), 1);
    /// let err = registry.point("plugkit://plugkit-framework/registry_point_dc").unwrap_err();
    /// assert!(err.to_string().contains("did you mean `plugkit://plugkit-framework/registry_point_doc`?"));
    /// # Ok::<(), plugkit::UnknownPoint>(())
    /// ```
    pub fn point(&self, url: &str) -> Result<&PointEntries, UnknownPoint> {
        self.find_point(url).ok_or_else(|| {
            UnknownPoint::new(
                url,
                self.points.iter().map(|p| p.point.url.to_owned()).collect(),
            )
        })
    }

    /// The point with this URL, if declared.
    pub(crate) fn find_point(&self, url: &str) -> Option<&PointEntries> {
        self.index.get(url).map(|&i| &self.points[i])
    }

    /// Whether a capability of this name was declared (`-` and `_` are the same).
    ///
    /// ```
    /// plugkit::capability!("has-capability-doc");
    ///
    /// let registry = plugkit::registry();
    /// assert!(registry.has_capability("has-capability-doc"));
    /// assert!(registry.has_capability("has_capability_doc"));
    /// assert!(!registry.has_capability("has-capability-doc-gpu"));
    /// ```
    pub fn has_capability(&self, name: &str) -> bool {
        self.capabilities.iter().any(|c| same_crate(c.name, name))
    }

    /// Whether a crate of this name registered anything (`-` and `_` are the same): a plugin
    /// crate's own test asks it to prove that the crate is linked.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn has_crate_doc() -> u8 { 0 }
    ///
    /// let registry = plugkit::registry();
    /// assert!(registry.has_crate("plugkit-framework") && registry.has_crate("plugkit_framework"));
    /// assert!(!registry.has_crate("no-such-crate"));
    /// ```
    pub fn has_crate(&self, name: &str) -> bool {
        self.crates.iter().any(|(c, _)| same_crate(c, name))
    }

    /// Problems set aside by [`RegistryBuilder::build_partial`]; empty after a strict build.
    ///
    /// ```
    /// use plugkit::{Problem, Registry};
    ///
    /// #[plugkit::pluggable]
    /// pub fn registry_problems_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(registry_problems_doc)]
    /// fn seven_registry_problems_doc() -> u8 { 7 }
    ///
    /// // A registry of our own with the plugin alone: its point is not declared there.
    /// let entry = plugkit::registry().point(registry_problems_doc::URL).unwrap().entries()[0];
    /// let registry = Registry::builder().entries([entry]).build_partial();
    /// assert!(matches!(
    ///     registry.problems(),
    ///     [Problem::UnknownPoint { point, .. }] if point == registry_problems_doc::URL
    /// ));
    /// ```
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The first of the entry's requirements that is not met now, if any. Runs its checks
    /// ([`Registry::explain`] shows it as [`Verdict::Unmet`](crate::Verdict::Unmet)).
    pub(crate) fn unmet(&self, entry: &Entry) -> Option<Unmet> {
        entry
            .requirements()
            .iter()
            .find_map(|r| self.unmet_requirement(r))
    }

    /// Like [`unmet`](Registry::unmet), for the crates and capabilities alone (the part that
    /// cannot change once the registry is built).
    pub(crate) fn unmet_presence(&self, entry: &Entry) -> Option<Unmet> {
        entry
            .requirements()
            .iter()
            .filter(|r| !r.is_check())
            .find_map(|r| self.unmet_requirement(r))
    }

    /// Like [`unmet`](Registry::unmet), for the checks alone (the part that can change).
    pub(crate) fn unmet_check(entry: &Entry) -> Option<Unmet> {
        entry
            .requirements()
            .iter()
            .filter(|r| r.is_check())
            .find_map(run_check)
    }

    fn unmet_requirement(&self, requirement: &Requirement) -> Option<Unmet> {
        match *requirement {
            Requirement::Present(name) => (!self.has_crate(name) && !self.has_capability(name))
                .then_some(Unmet::Absent { name }),
            Requirement::Dependency { enabled: true, .. } => None,
            Requirement::Dependency {
                name, of, features, ..
            } => (!self.has_crate(name) && !self.has_capability(name)).then_some(
                match features.is_empty() {
                    true => Unmet::Absent { name },
                    false => Unmet::FeatureOff {
                        name,
                        crate_name: of,
                        features,
                    },
                },
            ),
            Requirement::Check { .. } => run_check(requirement),
        }
    }

    /// What a point's entries come to now: each entry in order with its unmet requirement.
    pub(crate) fn evaluate(&self, url: &str) -> Vec<(&Entry, Option<Unmet>)> {
        self.find_point(url)
            .map(|p| p.entries.iter().map(|e| (e, self.unmet(e))).collect())
            .unwrap_or_default()
    }

    /// All points, entries, capabilities, crates and problems as JSON, for tools. Requirements
    /// are evaluated (so checks run) and each entry says whether it is available.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn registry_to_json_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(registry_to_json_doc)]
    /// fn seven_registry_to_json_doc() -> u8 { 7 }
    ///
    /// let json = plugkit::registry().to_json();
    /// let point = json["points"].as_array().unwrap().iter()
    ///     .find(|p| p["url"] == registry_to_json_doc::URL).unwrap();
    /// assert_eq!(point["entries"][0]["origin"]["item"], "seven_registry_to_json_doc");
    /// assert_eq!(point["entries"][0]["available"], true);
    ///
    /// let empty = plugkit::Registry::builder().build().unwrap();
    /// assert_eq!(empty.to_json()["points"], serde_json::json!([]));
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        #[derive(Serialize)]
        struct EntryJson<'a> {
            #[serde(flatten)]
            entry: &'a Entry,
            available: bool,
            #[serde(skip_serializing_if = "Option::is_none")]
            unmet: Option<String>,
        }
        #[derive(Serialize)]
        struct RejectedJson<'a> {
            #[serde(flatten)]
            entry: &'a Entry,
            problem: &'a Problem,
        }
        #[derive(Serialize)]
        struct PointJson<'a> {
            #[serde(flatten)]
            point: &'a Point,
            entries: Vec<EntryJson<'a>>,
            rejected: Vec<RejectedJson<'a>>,
        }
        #[derive(Serialize)]
        struct CrateJson<'a> {
            name: &'a str,
            version: &'a str,
        }
        #[derive(Serialize)]
        struct RegistryJson<'a> {
            points: Vec<PointJson<'a>>,
            capabilities: &'a [Capability],
            crates: Vec<CrateJson<'a>>,
            orphans: Vec<RejectedJson<'a>>,
            expected: &'a [ExpectedPlugin],
            problems: &'a [Problem],
        }
        fn rejected(r: &Rejected) -> RejectedJson<'_> {
            RejectedJson {
                entry: &r.entry,
                problem: &r.problem,
            }
        }
        let json = RegistryJson {
            points: self
                .points
                .iter()
                .map(|p| PointJson {
                    point: &p.point,
                    entries: p
                        .entries
                        .iter()
                        .map(|entry| {
                            let unmet = self.unmet(entry);
                            EntryJson {
                                entry,
                                available: unmet.is_none(),
                                unmet: unmet.map(|u| u.to_string()),
                            }
                        })
                        .collect(),
                    rejected: p.rejected.iter().map(rejected).collect(),
                })
                .collect(),
            capabilities: &self.capabilities,
            crates: self
                .crates
                .iter()
                .map(|&(name, version)| CrateJson { name, version })
                .collect(),
            orphans: self.orphans.iter().map(rejected).collect(),
            expected: &self.expected,
            problems: &self.problems,
        };
        serde_json::to_value(json).unwrap_or_else(|e| serde_json::Value::String(e.to_string()))
    }
}

fn run_check(requirement: &Requirement) -> Option<Unmet> {
    let Requirement::Check { name, check } = *requirement else {
        return None;
    };
    match catch_unwind(AssertUnwindSafe(check)) {
        Ok(true) => None,
        Ok(false) => Some(Unmet::CheckFailed { name }),
        Err(payload) => Some(Unmet::CheckPanicked {
            name,
            message: panic_message(payload.as_ref()),
        }),
    }
}
