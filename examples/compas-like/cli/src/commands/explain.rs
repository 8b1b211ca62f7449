//! `compas-like explain URL`

use std::io::Write;

use plugkit::Registry;

use crate::error::CliError;

/// Prints which plugin of the point runs, and why each other one does not.
pub(crate) fn run(registry: &Registry, url: &str, out: &mut impl Write) -> Result<(), CliError> {
    writeln!(out, "{}", registry.explain(url)?)?;
    Ok(())
}
