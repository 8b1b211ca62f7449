//! Which plugin a `first_match` point runs, for the note a command prints.

use plugkit::Point;
use plugkit::fns::FirstMatch;

/// The plugin the point's calls run, or the host's default: its origin, for people.
///
/// This is the choice the call itself used, cached by the handle: no requirement is checked
/// again (except those of entries marked `recheck_each_call`).
pub(crate) fn engine<F: Copy + 'static>(handle: &FirstMatch<F>, point: &Point) -> String {
    match handle.select_entry() {
        Some((_, entry)) => entry.origin().to_string(),
        None => format!("the host's default, {}", point.origin),
    }
}
