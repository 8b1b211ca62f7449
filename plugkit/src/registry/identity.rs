//! Default ids that clash by accident: two `#[plugin]` functions of one crate with the same
//! path (emitted twice by a `macro_rules!`, or in two function bodies) are told apart by where
//! they are written.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::{Entry, debug};

/// Gives each default id that clashes with another default id of the same crate (name and
/// version) from a distinct source location the suffix `@file:line` (`@file:line:column` when
/// the line is shared too). Given ids, clashes across crates or versions, and entries from one
/// and the same location are left alone: they stay duplicates. Called only when some ids clash.
pub(crate) fn disambiguate(entries: &mut [Entry]) {
    let mut groups: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if e.has_default_id() && e.origin().location().is_some() {
            let o = e.origin();
            groups
                .entry((e.id(), o.crate_name, o.crate_version))
                .or_default()
                .push(i);
        }
    }
    for ((id, _, _), members) in groups.into_iter().filter(|(_, m)| m.len() > 1) {
        let places: Vec<_> = members
            .iter()
            .filter_map(|&i| entries[i].origin().location())
            .collect();
        for (&i, at) in members.iter().zip(&places) {
            if places.iter().filter(|p| *p == at).count() > 1 {
                continue;
            }
            let shared_line = places
                .iter()
                .filter(|p| (p.file, p.line) == (at.file, at.line))
                .count()
                > 1;
            let renamed = match shared_line {
                true => format!("{id}@{at:#}"),
                false => format!("{id}@{at}"),
            };
            let renamed = intern(renamed);
            if debug::enabled() {
                debug::trace!(
                    "plugkit::registry",
                    "plugin id {id} of {} is used at several places; this one ({at}) is {renamed}",
                    entries[i].origin()
                );
            }
            entries[i] = entries[i].renamed(renamed);
        }
    }
}

/// A string that lives as long as the program, allocated once per distinct text however many
/// registries are built.
fn intern(text: String) -> &'static str {
    static SEEN: OnceLock<Mutex<BTreeSet<&'static str>>> = OnceLock::new();
    let mut seen = SEEN
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = seen.get(text.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    seen.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::intern;

    #[test]
    fn interning_returns_one_allocation_per_text() {
        let a = intern("p::f@src/lib.rs:1".to_owned());
        let b = intern("p::f@src/lib.rs:1".to_owned());
        assert!(std::ptr::eq(a, b));
        assert_eq!(a, "p::f@src/lib.rs:1");
    }
}
