//! Measurements of polygons.

use plugkit::pluggable;

use crate::{Point, Polygon};

/// The area of a polygon: the exterior's minus the holes'.
///
/// The default body, used when no plugin is available, is the textbook shoelace formula on the
/// raw coordinates. It is exact for small integer coordinates but loses digits far from the
/// origin, where the products it sums are large; plugins do better.
///
/// ```
/// let square = compas_like::Polygon::new(vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)], vec![])?;
/// assert_eq!(compas_like::measure::area(&square), 4.0);
/// # Ok::<(), compas_like::PolygonError>(())
/// ```
#[pluggable(domain = "https://plugins.compas-like.example", category = "measure")]
pub fn area(polygon: &Polygon) -> f64 {
    let exterior = shoelace(polygon.exterior()).abs();
    polygon
        .holes()
        .iter()
        .fold(exterior, |total, hole| total - shoelace(hole).abs())
}

/// Twice the signed area of an open ring, summed on the raw coordinates, halved.
fn shoelace(ring: &[Point]) -> f64 {
    let n = ring.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum();
    twice / 2.0
}

#[cfg(test)]
mod tests {
    use crate::{Polygon, PolygonError};

    use super::area;

    // The host's own tests link no plugin crate, so `area` runs the default.

    #[test]
    fn the_default_subtracts_holes_whatever_the_orientation() -> Result<(), PolygonError> {
        let clockwise_hole = vec![(1.0, 1.0), (1.0, 2.0), (2.0, 2.0), (2.0, 1.0)];
        let p = Polygon::new(
            vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)],
            vec![clockwise_hole],
        )?;
        assert_eq!(area(&p), 15.0);
        Ok(())
    }

    #[test]
    fn the_default_loses_digits_far_from_the_origin() -> Result<(), PolygonError> {
        let (x, y) = (1e9, 1e9 + 0.5);
        let far = Polygon::new(
            vec![(x, y), (x + 3.0, y), (x + 3.0, y + 0.5), (x, y + 0.5)],
            vec![],
        )?;
        // The exact area is 1.5; the products summed are about 1e18, where an f64 step is 128.
        assert_ne!(area(&far), 1.5);
        Ok(())
    }
}
