//! Turning a point's entries into the candidates a call walks.

use super::{NoPlugin, Skipped};
use crate::registry::Registry;
use crate::{Entry, Point, Requirement, debug};

/// An available entry, with its function.
pub(crate) struct Candidate<'r, F> {
    pub(crate) f: F,
    pub(crate) entry: &'r Entry,
    /// The entry's checks run again on every call.
    pub(crate) recheck: bool,
}

impl<F> Candidate<'_, F> {
    /// Whether the entry's checks run again on every call.
    #[inline]
    pub(crate) fn rechecks(&self) -> bool {
        self.recheck
    }

    /// Whether the candidate may run now: always, unless its checks run on every call.
    #[inline]
    pub(crate) fn passes_now(&self) -> bool {
        !self.recheck || self.passes_check_now()
    }

    /// Runs the entry's checks now (the candidate rechecks on every call).
    #[cold]
    #[inline(never)]
    fn passes_check_now(&self) -> bool {
        let pass = Registry::unmet_check(self.entry).is_none();
        if !pass && debug::enabled() {
            debug::trace!(
                "plugkit::select",
                "  {} skipped on this call: its check failed",
                self.entry.id()
            );
        }
        pass
    }
}

/// The checks among `entry`'s requirements, in order.
pub(crate) fn checks(entry: &Entry) -> impl Iterator<Item = fn() -> bool> + '_ {
    entry.requirements().iter().filter_map(|r| match *r {
        Requirement::Check { check, .. } => Some(check),
        _ => None,
    })
}

/// Runs `entry`'s checks after the first, for the rarer entry with several; a panic
/// propagates.
#[inline(never)]
pub(crate) fn more_checks_pass(entry: &Entry) -> bool {
    checks(entry).skip(1).all(|check| check())
}

/// The available entries of `point`, in order. Requirements are evaluated now, except the
/// checks of entries that recheck on every call, which [`Candidate::passes_now`] runs.
pub(crate) fn candidates<'r, F: Copy + 'static>(
    registry: &'r Registry,
    point: &Point,
) -> Vec<Candidate<'r, F>> {
    let trace = debug::enabled();
    if trace {
        debug::trace!(
            "plugkit::select",
            "selecting for {} ({})",
            point.url,
            selector_name(point)
        );
    }
    let Some(slot) = registry.find_point(point.url) else {
        if trace {
            debug::trace!(
                "plugkit::select",
                "  {} is not in the registry: no candidates",
                point.url
            );
        }
        return Vec::new();
    };
    let mut out = Vec::with_capacity(slot.entries().len());
    for entry in slot.entries() {
        let recheck =
            entry.rechecks_each_call() && entry.requirements().iter().any(|r| r.is_check());
        let unmet = match recheck {
            true => registry.unmet_presence(entry),
            false => registry.unmet(entry),
        };
        // Payload types were checked when the registry was built.
        let f = entry.payload::<F>().copied();
        match (unmet, f) {
            (None, Some(f)) => {
                if trace {
                    let when = if recheck {
                        " (its checks run on every call)"
                    } else {
                        ""
                    };
                    debug::trace!(
                        "plugkit::select",
                        "  candidate {} from {}: available{when}",
                        entry.id(),
                        entry.origin()
                    );
                }
                out.push(Candidate { f, entry, recheck });
            }
            (Some(unmet), _) => {
                if trace {
                    debug::trace!(
                        "plugkit::select",
                        "  candidate {} from {}: skipped: {unmet}",
                        entry.id(),
                        entry.origin()
                    );
                }
            }
            (None, None) => {}
        }
    }
    for rejected in slot.rejected() {
        if trace {
            debug::trace!(
                "plugkit::select",
                "  candidate {} from {}: rejected when the registry was built",
                rejected.entry.id(),
                rejected.entry.origin()
            );
        }
    }
    out
}

fn selector_name(point: &Point) -> String {
    point.selector.map(|s| s.to_string()).unwrap_or_default()
}

/// The error for a call that found no plugin: every entry with the reason it was skipped now.
pub(crate) fn no_plugin(registry: &Registry, point: &'static Point) -> NoPlugin {
    let mut skipped: Vec<Skipped> = registry
        .evaluate(point.url)
        .into_iter()
        .map(|(entry, unmet)| Skipped {
            id: entry.id(),
            origin: *entry.origin(),
            reason: match unmet {
                Some(unmet) => format!("skipped: {unmet}"),
                None => "available now, but its check failed when the call was made".to_owned(),
            },
        })
        .collect();
    if let Some(slot) = registry.find_point(point.url) {
        skipped.extend(slot.rejected().iter().map(|r| Skipped {
            id: r.entry.id(),
            origin: *r.entry.origin(),
            reason: format!(
                "rejected when the registry was built: {}",
                r.problem.to_string().lines().next().unwrap_or_default()
            ),
        }));
    }
    NoPlugin::new(point.url, skipped)
}
