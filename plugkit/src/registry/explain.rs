//! Why a point selects what it selects.

use std::fmt;

use serde::Serialize;

use super::{Problem, Registry};
use crate::entry::Tier;
use crate::requirement::Unmet;
use crate::{Entry, Point, Selector, UnknownPoint};

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
/// #[plugkit::pluggable]
/// pub fn considered_doc() -> u8 { 0 }
///
/// #[plugkit::plugin(considered_doc, name = "p")]
/// fn p_considered_doc() -> u8 { 1 }
///
/// #[plugkit::plugin(considered_doc, name = "q", trylast)]
/// fn q_considered_doc() -> u8 { 2 }
///
/// let url = considered_doc::URL;
/// let registry = plugkit::registry();
/// let explanation = registry.explain(url)?;
/// let first: &plugkit::Considered = &explanation.considered()[0];
/// assert_eq!((first.entry.id(), &first.verdict), ("p", &plugkit::Verdict::Selected));
/// # Ok::<(), plugkit::UnknownPoint>(())
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
/// use plugkit::Verdict;
///
/// #[plugkit::pluggable]
/// pub fn explanation_doc() -> u8 { 0 }
///
/// #[plugkit::plugin(explanation_doc, name = "a")]
/// fn a_explanation_doc() -> u8 { 1 }
///
/// #[plugkit::plugin(explanation_doc, name = "b", tryfirst, requires = ["gpu-explanation-doc"])]
/// fn b_explanation_doc() -> u8 { 2 }
///
/// let explanation = plugkit::registry().explain(explanation_doc::URL)?;
/// let verdicts: Vec<&Verdict> = explanation.considered().iter().map(|c| &c.verdict).collect();
/// assert!(matches!(verdicts[..], [Verdict::Unmet { .. }, Verdict::Selected]));
/// let text = explanation.to_string();
/// assert!(text.contains("  1. b (plugkit-framework "));
/// assert!(text.contains("[tryfirst]: skipped: requires `gpu-explanation-doc`, which is neither"));
/// assert!(text.contains("  2. a (plugkit-framework "));
/// assert!(text.ends_with("  runs: a"));
/// # Ok::<(), plugkit::UnknownPoint>(())
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    point: Point,
    considered: Vec<Considered>,
}

impl Explanation {
    /// Every entry, in order, then those rejected when the registry was built.
    ///
    /// ```
    /// use plugkit::Verdict;
    ///
    /// #[plugkit::pluggable]
    /// pub fn explanation_considered_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(explanation_considered_doc, name = "p")]
    /// fn p_explanation_considered_doc() -> u8 { 1 }
    ///
    /// #[plugkit::plugin(explanation_considered_doc, name = "q", trylast)]
    /// fn q_explanation_considered_doc() -> u8 { 2 }
    ///
    /// let url = explanation_considered_doc::URL;
    /// let registry = plugkit::registry();
    /// let explanation = registry.explain(url)?;
    /// let verdicts: Vec<(&str, &Verdict)> =
    ///     explanation.considered().iter().map(|c| (c.entry.id(), &c.verdict)).collect();
    /// assert_eq!(verdicts, [("p", &Verdict::Selected), ("q", &Verdict::Outranked { by: "p" })]);
    /// # Ok::<(), plugkit::UnknownPoint>(())
    /// ```
    pub fn considered(&self) -> &[Considered] {
        &self.considered
    }

    /// The entries that run, in order.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn explanation_running_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(explanation_running_doc, name = "p")]
    /// fn p_explanation_running_doc() -> u8 { 1 }
    ///
    /// #[plugkit::plugin(explanation_running_doc, name = "q", trylast)]
    /// fn q_explanation_running_doc() -> u8 { 2 }
    ///
    /// let url = explanation_running_doc::URL;
    /// let registry = plugkit::registry();
    /// let running: Vec<&str> = registry.explain(url)?.running().map(|e| e.id()).collect();
    /// assert_eq!(running, ["p"]);
    /// # Ok::<(), plugkit::UnknownPoint>(())
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
            let names = |names: &[&str]| {
                let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                quoted.join(" ")
            };
            if !o.before.is_empty() {
                marks.push(format!("before {}", names(o.before)));
            }
            if !o.after.is_empty() {
                marks.push(format!("after {}", names(o.after)));
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
                "  runs: nothing; a call fails: no plugin is available, and there is no default"
            ),
        }
    }
}

impl Registry {
    /// Explains one point: evaluates every entry's requirements now (running its checks) and
    /// says which entries run and why each other one does not. Fails when no point has this
    /// URL.
    ///
    /// ```
    /// #[plugkit::pluggable(selector = collect_all)]
    /// pub fn registry_explain_doc() -> u8;
    ///
    /// #[plugkit::plugin(registry_explain_doc)]
    /// fn one_registry_explain_doc() -> u8 { 1 }
    ///
    /// let registry = plugkit::registry();
    /// let explanation = registry.explain(registry_explain_doc::URL)?;
    /// assert_eq!(explanation.considered()[0].verdict, plugkit::Verdict::Collected { position: 1 });
    /// assert!(explanation.to_string().starts_with(&format!(
    ///     "{} (collect_all, no default)\n  declared by plugkit-framework ",
    ///     registry_explain_doc::URL
    /// )));
    /// assert!(registry.explain("plugkit://nowhere/registry_explain_doc").is_err());
    /// # Ok::<(), plugkit::UnknownPoint>(())
    /// ```
    pub fn explain(&self, url: &str) -> Result<Explanation, UnknownPoint> {
        let slot = self.point(url)?;
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
