//! Why a point selects what it selects.

use std::fmt;

use serde::Serialize;

use super::{Problem, Registry};
use crate::requirement::Unmet;
use crate::{Entry, Point, Selector, Tier, UnknownPoint};

/// What became of one entry when its point selected.
///
/// ```
/// use plugkit::Verdict;
/// assert_eq!(Verdict::Outranked { by: "a::f" }.to_string(), "not used: `a::f` comes first");
/// assert_eq!(Verdict::Collected { position: 2 }.to_string(), "collected, #2");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// `first_match`: this entry runs.
    Selected,
    /// `collect_all`: this entry runs, at this position (from 1).
    Collected {
        /// Its position among the collected entries.
        position: usize,
    },
    /// A configuration kind's tag or a namespace's uid that can be used.
    Available,
    /// `first_match`: available, but an earlier entry is selected.
    Outranked {
        /// The id of the selected entry.
        by: &'static str,
    },
    /// A requirement is not met.
    Unmet {
        /// Which, and why.
        #[serde(flatten)]
        unmet: Unmet,
    },
    /// Set aside when the registry was built.
    Rejected {
        /// The problem.
        problem: Problem,
    },
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Selected => f.write_str("selected"),
            Verdict::Collected { position } => write!(f, "collected, #{position}"),
            Verdict::Available => f.write_str("available"),
            Verdict::Outranked { by } => write!(f, "not used: `{by}` comes first"),
            Verdict::Unmet { unmet } => write!(f, "skipped: {unmet}"),
            Verdict::Rejected { problem } => {
                let first = problem.to_string();
                let first = first.lines().next().unwrap_or_default().to_owned();
                write!(f, "rejected: {first}")
            }
        }
    }
}

/// One entry considered by [`Registry::explain`].
///
/// ```
/// # use plugkit::{Entry, Point, Registry, Selector};
/// # static F: fn() = || {};
/// # const URL: &str = "plugkit://host/f";
/// # let registry = Registry::builder()
/// #     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
/// #     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
/// #     .entry(Entry::new(URL, "q::f", plugkit::Origin::new("q", "1.0.0", "q", "f"), &F))
/// #     .build()?;
/// let explanation = registry.explain(URL)?;
/// let first: &plugkit::Considered = &explanation.considered()[0];
/// assert_eq!((first.entry.id(), &first.verdict), ("p::f", &plugkit::Verdict::Selected));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Considered {
    /// The entry.
    pub entry: Entry,
    /// What became of it.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// Which entries of a point run, in what order, and why each other entry does not.
///
/// ```
/// use plugkit::{Entry, Point, Registry, Requirement, Selector, Verdict};
///
/// static F: fn() -> u8 = || 1;
/// const URL: &str = "plugkit://host/f";
/// let registry = Registry::builder()
///     .point(Point::function::<fn() -> u8>(URL, Selector::FirstMatch, true, "fn() -> u8", plugkit::origin!("f")))
///     .entry(Entry::new(URL, "a::f", plugkit::Origin::new("a", "1.0.0", "a", "f"), &F))
///     .entry(Entry::new(URL, "b::f", plugkit::Origin::new("b", "1.0.0", "b", "f"), &F)
///         .requires(&[Requirement::Present("gpu")]))
///     .build()?;
///
/// let explanation = registry.explain(URL)?;
/// assert_eq!(explanation.considered()[0].verdict, Verdict::Selected);
/// assert!(explanation.to_string().contains("b::f (b 1.0.0): skipped: requires `gpu`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    point: Point,
    considered: Vec<Considered>,
}

impl Explanation {
    /// The point explained.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// # let registry = Registry::builder()
    /// #     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    /// #     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    /// #     .entry(Entry::new(URL, "q::f", plugkit::Origin::new("q", "1.0.0", "q", "f"), &F))
    /// #     .build()?;
    /// assert_eq!(registry.explain(URL)?.point().url, URL);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn point(&self) -> &Point {
        &self.point
    }

    /// Every entry, in order, then those rejected when the registry was built.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// # let registry = Registry::builder()
    /// #     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    /// #     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    /// #     .entry(Entry::new(URL, "q::f", plugkit::Origin::new("q", "1.0.0", "q", "f"), &F))
    /// #     .build()?;
    /// assert_eq!(registry.explain(URL)?.considered().len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn considered(&self) -> &[Considered] {
        &self.considered
    }

    /// The entries that run, in order.
    ///
    /// ```
    /// # use plugkit::{Entry, Point, Registry, Selector};
    /// # static F: fn() = || {};
    /// # const URL: &str = "plugkit://host/f";
    /// # let registry = Registry::builder()
    /// #     .point(Point::function::<fn()>(URL, Selector::FirstMatch, true, "fn()", plugkit::origin!("f")))
    /// #     .entry(Entry::new(URL, "p::f", plugkit::Origin::new("p", "1.0.0", "p", "f"), &F))
    /// #     .entry(Entry::new(URL, "q::f", plugkit::Origin::new("q", "1.0.0", "q", "f"), &F))
    /// #     .build()?;
    /// let running: Vec<&str> = registry.explain(URL)?.running().map(|e| e.id()).collect();
    /// assert_eq!(running, ["p::f"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn running(&self) -> impl Iterator<Item = &Entry> {
        self.considered
            .iter()
            .filter(|c| {
                matches!(
                    c.verdict,
                    Verdict::Selected | Verdict::Collected { .. } | Verdict::Available
                )
            })
            .map(|c| &c.entry)
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let point = &self.point;
        writeln!(f, "{} ({})", point.url, (point.style.describe)(point))?;
        writeln!(f, "  declared by {}", point.origin)?;
        for (i, c) in self.considered.iter().enumerate() {
            let e = &c.entry;
            let o = e.order();
            let mut marks = Vec::new();
            match o.tier {
                Tier::First => marks.push("tryfirst".to_owned()),
                Tier::Last => marks.push("trylast".to_owned()),
                Tier::Normal => {}
            }
            if o.priority != 0 {
                marks.push(format!("priority {}", o.priority));
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!(" [{}]", marks.join(", "))
            };
            let origin = e.origin();
            writeln!(
                f,
                "  {}. {} ({} {}){marks}: {}",
                i + 1,
                e.id(),
                origin.crate_name,
                origin.crate_version,
                c.verdict
            )?;
        }
        let running: Vec<&str> = self.running().map(Entry::id).collect();
        if point.selector.is_none() {
            return match running.is_empty() {
                true => write!(f, "  available: none"),
                false => write!(f, "  available: {}", running.join(", ")),
            };
        }
        match (running.is_empty(), point.default.is_some()) {
            (false, _) => write!(f, "  runs: {}", running.join(", ")),
            (true, true) => write!(f, "  runs: the host's default"),
            (true, false) if point.selector == Some(Selector::CollectAll) => {
                write!(f, "  runs: nothing (the result is empty)")
            }
            (true, false) => write!(
                f,
                "  runs: nothing; a call fails with \"no plugin available\""
            ),
        }
    }
}

impl Registry {
    /// Explains one point: evaluates every entry's requirements now (running its checks) and
    /// says which entries run and why each other one does not.
    pub fn explain(&self, url: &str) -> Result<Explanation, UnknownPoint> {
        let slot = self.require_point(url)?;
        let selector = slot.point().selector;
        let mut first: Option<&'static str> = None;
        let mut position = 0;
        let mut considered: Vec<Considered> = self
            .evaluate(url)
            .into_iter()
            .map(|(entry, unmet)| {
                let verdict = match (unmet, selector, first) {
                    (Some(unmet), _, _) => Verdict::Unmet { unmet },
                    (None, None, _) => Verdict::Available,
                    (None, Some(Selector::CollectAll), _) => {
                        position += 1;
                        Verdict::Collected { position }
                    }
                    (None, _, Some(by)) => Verdict::Outranked { by },
                    (None, _, None) => {
                        first = Some(entry.id());
                        Verdict::Selected
                    }
                };
                Considered {
                    entry: *entry,
                    verdict,
                }
            })
            .collect();
        considered.extend(slot.rejected().iter().map(|r| Considered {
            entry: r.entry,
            verdict: Verdict::Rejected {
                problem: r.problem.clone(),
            },
        }));
        Ok(Explanation {
            point: *slot.point(),
            considered,
        })
    }
}
