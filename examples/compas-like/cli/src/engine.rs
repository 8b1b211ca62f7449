//! Which plugin a `first_match` point runs, for the note a command prints.

use plugkit::{Registry, UnknownPoint};

/// The plugin that the point `url` runs now, or the host's default: its origin, for people.
///
/// The registry is asked again (its checks run again); a call made just before chose the same,
/// unless a check changed its answer in between.
pub(crate) fn engine(registry: &Registry, url: &str) -> Result<String, UnknownPoint> {
    let explanation = registry.explain(url)?;
    Ok(match explanation.running().next() {
        Some(entry) => entry.origin().to_string(),
        None => format!("the host's default, {}", explanation.point().origin),
    })
}
