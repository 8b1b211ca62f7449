//! `compas-like union A.json B.json`

use std::io::Write;
use std::path::Path;

use compas_like::booleans::boolean_union_polygon_polygon;

use crate::engine::engine;
use crate::error::CliError;
use crate::output::write_polygons;

/// Loads both polygons, prints their union, and notes on stderr which plugin computed it.
pub(crate) fn run(a: &Path, b: &Path, out: &mut impl Write) -> Result<(), CliError> {
    let (a, b) = (compas_like::load_polygon(a)?, compas_like::load_polygon(b)?);
    let union = boolean_union_polygon_polygon(&a, &b)?;
    write_polygons(out, &union)?;
    eprintln!(
        "note: computed by {}",
        engine(
            boolean_union_polygon_polygon::handle(),
            &boolean_union_polygon_polygon::POINT
        )
    );
    Ok(())
}
