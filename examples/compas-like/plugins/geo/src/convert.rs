//! Between compas-like polygons and geo's.

use compas_like::{Point, Polygon};
use geo::{Coord, LineString};

/// A geo polygon with the same rings (geo closes them).
pub(crate) fn to_geo(polygon: &Polygon) -> geo::Polygon<f64> {
    let ring = |points: &[Point]| -> LineString<f64> {
        points.iter().map(|&(x, y)| Coord { x, y }).collect()
    };
    geo::Polygon::new(
        ring(polygon.exterior()),
        polygon.holes().iter().map(|h| ring(h)).collect(),
    )
}

/// A compas-like polygon with the same rings, or `None` when the exterior has no area.
///
/// Rings with fewer than three distinct points enclose nothing: a hole like that is dropped, and
/// a polygon whose exterior is like that is too. Boolean operations can leave such slivers.
pub(crate) fn from_geo(polygon: &geo::Polygon<f64>) -> Option<Polygon> {
    let ring =
        |line: &LineString<f64>| -> Vec<Point> { line.coords().map(|c| (c.x, c.y)).collect() };
    let exterior = ring(polygon.exterior());
    Polygon::new(exterior.clone(), vec![]).ok()?;
    let holes = polygon
        .interiors()
        .iter()
        .map(ring)
        .filter(|hole| Polygon::new(hole.clone(), vec![]).is_ok())
        .collect();
    Polygon::new(exterior, holes).ok()
}
