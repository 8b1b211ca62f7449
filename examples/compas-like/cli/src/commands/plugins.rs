//! `compas-like plugins [--json]`

use std::io::Write;

use plugkit::Registry;

use crate::error::CliError;

/// Prints every point (sorted by URL) with its entries in order and what each does now; with
/// `json`, the registry as [`Registry::to_json`] renders it.
pub(crate) fn run(registry: &Registry, json: bool, out: &mut impl Write) -> Result<(), CliError> {
    if json {
        serde_json::to_writer_pretty(&mut *out, &registry.to_json())
            .map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    for (i, slot) in registry.points().iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", registry.explain(slot.point().url)?)?;
    }
    Ok(())
}
