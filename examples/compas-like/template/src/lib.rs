//! `{{crate_name}}`: a plugin crate for the `{{host}}` host.
//!
//! It implements two of the host's pluggables; replace their bodies with your engine's:
//!
//! - [`area`] for [`{{api_ident}}::measure::area`] (`first_match`: the first available plugin
//!   by priority runs; mark yours `tryfirst` or `trylast` to move it);
//! - an entry of [`{{api_ident}}::install::installable_packages`] (`collect_all`: every plugin
//!   contributes), naming this crate.
//!
//! The union, [`{{api_ident}}::booleans::boolean_union_polygon_polygon`], is implemented the
//! same way: `#[plugkit::plugin({{api_ident}}::booleans::boolean_union_polygon_polygon)]` on a
//! function with its signature (the compiler checks it).
//!
//! `cargo plugkit sync` lists this crate in the registration crate, so the host finds it
//! without being edited.

use {{api_ident}}::{Point, Polygon};

/// The area of `polygon`: the shoelace formula on each ring, holes subtracted. Registered as
/// a plugin of [`{{api_ident}}::measure::area`].
///
/// ```
/// let square = {{api_ident}}::Polygon::new(vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)], vec![])?;
/// assert_eq!({{crate_ident}}::area(&square), 4.0);
/// # Ok::<(), {{api_ident}}::PolygonError>(())
/// ```
#[plugkit::plugin({{api_ident}}::measure::area)]
pub fn area(polygon: &Polygon) -> f64 {
    let exterior = ring_area(polygon.exterior());
    polygon
        .holes()
        .iter()
        .fold(exterior, |total, hole| total - ring_area(hole))
}

fn ring_area(ring: &[Point]) -> f64 {
    let twice: f64 = ring
        .iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
        .sum();
    twice.abs() / 2.0
}

/// What an installer installs for this plugin: this crate.
#[plugkit::plugin({{api_ident}}::install::installable_packages)]
fn installable_packages() -> Vec<String> {
    vec![env!("CARGO_PKG_NAME").to_owned()]
}
