//! Areas, by geo.

use compas_like::Polygon;
use geo::Area;
use plugkit::plugin;

use crate::convert::to_geo;

/// The area of `polygon` by [`geo::Area::unsigned_area`], which shifts the coordinates to the
/// first point before summing, so that polygons far from the origin keep their precision.
///
/// Registered as a plugin of [`area`](fn@compas_like::measure::area).
///
/// ```
/// let far = compas_like::Polygon::new(vec![(1e9, 1e9), (1e9 + 1.0, 1e9), (1e9 + 1.0, 1e9 + 1.0), (1e9, 1e9 + 1.0)], vec![])?;
/// assert_eq!(compas_like_geo::measure::area(&far), 1.0);
/// # Ok::<(), compas_like::PolygonError>(())
/// ```
#[plugin(compas_like::measure::area)]
pub fn area(polygon: &Polygon) -> f64 {
    to_geo(polygon).unsigned_area()
}
