//! Areas by the shoelace formula, kept precise far from the origin.

use compas_like::plugkit::plugin;
use compas_like::{Point, Polygon};

/// The area of `polygon`: the shoelace formula on each ring, with the coordinates shifted to
/// the ring's first point so that the products it sums stay small. The host's default sums the
/// raw coordinates and loses digits far from the origin; this does not.
///
/// Registered as a `trylast` plugin of [`area`](fn@compas_like::measure::area).
///
/// ```
/// let far = compas_like::Polygon::new(vec![(1e9, 1e9), (1e9 + 1.0, 1e9), (1e9 + 1.0, 1e9 + 1.0), (1e9, 1e9 + 1.0)], vec![])?;
/// assert_eq!(compas_like_fallback::measure::area(&far), 1.0);
/// # Ok::<(), compas_like::PolygonError>(())
/// ```
#[plugin(compas_like::measure::area, trylast, crate = compas_like::plugkit)]
pub fn area(polygon: &Polygon) -> f64 {
    let exterior = ring_area(polygon.exterior());
    polygon
        .holes()
        .iter()
        .fold(exterior, |total, hole| total - ring_area(hole))
}

/// The unsigned area of an open ring.
fn ring_area(ring: &[Point]) -> f64 {
    let Some(&(x0, y0)) = ring.first() else {
        return 0.0;
    };
    let shifted = |&(x, y): &Point| (x - x0, y - y0);
    let twice: f64 = ring
        .iter()
        .map(shifted)
        .zip(ring.iter().cycle().skip(1).map(shifted))
        .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
        .sum();
    twice.abs() / 2.0
}

#[cfg(test)]
mod tests {
    use compas_like::{Polygon, PolygonError};

    use super::area;

    #[test]
    fn holes_are_subtracted_and_orientation_does_not_matter() -> Result<(), PolygonError> {
        let clockwise_hole = vec![(1.0, 1.0), (1.0, 2.0), (2.0, 2.0), (2.0, 1.0)];
        let p = Polygon::new(
            vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)],
            vec![clockwise_hole],
        )?;
        assert_eq!(area(&p), 15.0);
        Ok(())
    }

    #[test]
    fn far_from_the_origin_it_stays_exact_where_the_hosts_default_does_not()
    -> Result<(), PolygonError> {
        let (x, y) = (1e9, 1e9 + 0.5);
        let far = Polygon::new(
            vec![(x, y), (x + 3.0, y), (x + 3.0, y + 0.5), (x, y + 0.5)],
            vec![],
        )?;
        assert_eq!(area(&far), 1.5);
        // This test binary links the fallback, so the host's `area` runs it.
        assert_eq!(compas_like::measure::area(&far), 1.5);
        Ok(())
    }
}
