//! `compas-like area FILE.json`

use std::io::Write;
use std::path::Path;

use compas_like::measure::area;

use crate::engine::engine;
use crate::error::CliError;

/// Loads the polygon, prints its area, and notes on stderr which plugin computed it.
pub(crate) fn run(file: &Path, out: &mut impl Write) -> Result<(), CliError> {
    let polygon = compas_like::load_polygon(file)?;
    writeln!(out, "{}", area(&polygon))?;
    eprintln!("note: computed by {}", engine(area::handle(), &area::POINT));
    Ok(())
}
