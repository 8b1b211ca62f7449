//! `compas-like plugins [--json]`

use std::io::Write;

use plugkit::Registry;

use crate::error::CliError;

/// Prints every point of the host (sorted by URL) with its entries in order and what each does
/// now; with `json`, the whole registry as [`Registry::to_json`] renders it, plugkit's own
/// points included.
pub(crate) fn run(registry: &Registry, json: bool, out: &mut impl Write) -> Result<(), CliError> {
    if json {
        serde_json::to_writer_pretty(&mut *out, &registry.to_json())
            .map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let ours = registry
        .points()
        .iter()
        .filter(|slot| slot.point().url.starts_with(compas_like::DOMAIN));
    for (i, slot) in ours.enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", registry.explain(slot.point().url)?)?;
    }
    Ok(())
}
