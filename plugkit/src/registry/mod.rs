//! The registry: every point with its entries, checked and in order, read without locks.

mod builder;
mod explain;
pub(crate) mod identity;
mod order;
mod problem;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use serde::Serialize;

pub use builder::RegistryBuilder;
pub use explain::{Considered, Explanation, Verdict};
pub use problem::{BuildError, Problem};

use crate::origin::same_crate;
use crate::requirement::Unmet;
use crate::{Capability, Entry, ExpectedPlugin, Point, Requirement, UnknownPoint, panic_message};
pub use order::Rejected;

/// Every extension point and its entries, checked (duplicates, cycles, payload types) and in
/// their deterministic order. Built once; read without locks.
///
/// The program-wide registry is [`plugkit::registry()`](crate::registry()); build others with
/// [`Registry::builder`] for tests.
///
/// ```
/// use plugkit::{Entry, Point, Registry, Selector};
///
/// static FAST: fn() -> &'static str = || "fast";
/// static SLOW: fn() -> &'static str = || "slow";
/// const URL: &str = "plugkit://host/speed";
///
/// let registry = Registry::builder()
///     .point(Point::function::<fn() -> &'static str>(URL, Selector::FirstMatch, false, "fn() -> &str", plugkit::origin!("speed")))
///     .entry(Entry::new(URL, "slow::speed", plugkit::Origin::new("slow", "1.0.0", "slow", "speed"), &SLOW).trylast())
///     .entry(Entry::new(URL, "fast::speed", plugkit::Origin::new("fast", "1.0.0", "fast", "speed"), &FAST))
///     .build()?;
///
/// let ids: Vec<&str> = registry.point(URL).unwrap().entries().iter().map(|e| e.id()).collect();
/// assert_eq!(ids, ["fast::speed", "slow::speed"]);
/// # Ok::<(), plugkit::BuildError>(())
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

/// A point and its entries: those in use, in order, and those set aside when the registry was
/// built.
#[derive(Debug)]
pub struct PointEntries {
    point: Point,
    entries: Vec<Entry>,
    rejected: Vec<Rejected>,
    /// Entry index by id, built on the first [`PointEntries::entry`] call (configuration kinds
    /// look tags up on every decode; pluggable functions never do, so they never pay for it).
    by_id: OnceLock<HashMap<&'static str, usize>>,
}

impl PointEntries {
    /// The point.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert_eq!(registry.points()[0].point().url, URL);
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn point(&self) -> &Point {
        &self.point
    }

    /// Its entries, in order; requirements are not yet evaluated.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert_eq!(registry.points()[0].entries()[0].id(), "p::f");
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries set aside when the registry was built, with the problem of each.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert!(registry.points()[0].rejected().is_empty());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }

    /// The entry in use with this id, if any (ids are unique within a point once built).
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// let point = registry.point(URL).unwrap();
    /// assert_eq!(point.entry("p::f").map(|e| e.id()), Some("p::f"));
    /// assert!(point.entry("q::f").is_none());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn entry(&self, id: &str) -> Option<&Entry> {
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
            by_id: OnceLock::new(),
        }
    }
}

impl Registry {
    /// A builder; see [`RegistryBuilder`].
    pub fn builder() -> RegistryBuilder {
        RegistryBuilder::default()
    }

    fn assemble(
        points: Vec<PointEntries>,
        capabilities: Vec<Capability>,
        orphans: Vec<Rejected>,
        problems: Vec<Problem>,
        expected: Vec<ExpectedPlugin>,
    ) -> Self {
        let index = points
            .iter()
            .enumerate()
            .map(|(i, p)| (p.point.url, i))
            .collect();
        // A set: ten thousand entries come from a few dozen crates, often in runs.
        let mut crates = std::collections::BTreeSet::new();
        let origins = points
            .iter()
            .flat_map(|p| {
                let entries = p.entries.iter().map(Entry::origin);
                std::iter::once(&p.point.origin).chain(entries)
            })
            .chain(capabilities.iter().map(|c| &c.origin));
        let mut last = None;
        for o in origins {
            let key = (o.crate_name, o.crate_version);
            if last != Some(key) {
                crates.insert(key);
                last = Some(key);
            }
        }
        let crates: Vec<(&'static str, &'static str)> = crates.into_iter().collect();
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
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert_eq!(registry.points().len(), 1);
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn points(&self) -> &[PointEntries] {
        &self.points
    }

    /// The point with this URL.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert!(registry.point(URL).is_some());
    /// assert!(registry.point("plugkit://host/g").is_none());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn point(&self, url: &str) -> Option<&PointEntries> {
        self.index.get(url).map(|&i| &self.points[i])
    }

    /// The point with this URL, or an error that lists the known points.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert!(registry.require_point(URL).is_ok());
    /// assert!(registry.require_point("plugkit://host/g").unwrap_err().to_string().contains("did you mean"));
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn require_point(&self, url: &str) -> Result<&PointEntries, UnknownPoint> {
        self.point(url).ok_or_else(|| {
            UnknownPoint::new(
                url,
                self.points.iter().map(|p| p.point.url.to_owned()).collect(),
            )
        })
    }

    /// Every declared capability, sorted by name.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert!(registry.capabilities().is_empty());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    /// Whether a capability of this name was declared (`-` and `_` are the same).
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert!(!registry.has_capability("gpu"));
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn has_capability(&self, name: &str) -> bool {
        self.capabilities.iter().any(|c| same_crate(c.name, name))
    }

    /// Every crate (name, version) that declared a point, an entry or a capability, sorted.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert_eq!(registry.crates()[0], ("p", "1.0.0"));
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn crates(&self) -> &[(&'static str, &'static str)] {
        &self.crates
    }

    /// Whether a crate of this name registered anything (`-` and `_` are the same).
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert!(registry.has_crate("p") && !registry.has_crate("q"));
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub(crate) fn has_crate(&self, name: &str) -> bool {
        self.crates.iter().any(|(c, _)| same_crate(c, name))
    }

    /// Problems set aside by [`RegistryBuilder::build_partial`]; empty after a strict build.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// let registry = Registry::builder()
    ///     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    ///     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    ///     .build()?;
    /// assert!(registry.problems().is_empty());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The first of the entry's requirements that is not met now, if any. Runs its checks.
    ///
    /// ```
    /// use plugkit::{Entry, Registry, Requirement, Unmet};
    /// static F: fn() = || {};
    /// let entry = Entry::new("plugkit://h/f", "p::f", plugkit::origin!("f"), &F)
    ///     .requires(&[Requirement::Present("nowhere")]);
    /// let registry = Registry::builder().build().unwrap();
    /// assert_eq!(registry.unmet(&entry), Some(Unmet::Absent { name: "nowhere" }));
    /// ```
    pub fn unmet(&self, entry: &Entry) -> Option<Unmet> {
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
        self.point(url)
            .map(|p| p.entries.iter().map(|e| (e, self.unmet(e))).collect())
            .unwrap_or_default()
    }

    /// All points, entries, capabilities, crates and problems as JSON, for tools. Requirements
    /// are evaluated (so checks run) and each entry says whether it is available.
    ///
    /// ```
    /// let registry = plugkit::Registry::builder().build().unwrap();
    /// let json = registry.to_json();
    /// assert_eq!(json["points"], serde_json::json!([]));
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
