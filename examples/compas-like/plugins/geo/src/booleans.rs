//! The union of two polygons, by geo's boolean operations.

use compas_like::{GeometryError, Polygon};
use geo::BooleanOps;
use plugkit::plugin;

use crate::convert::{from_geo, to_geo};

/// The union of `a` and `b`, computed by [`geo::BooleanOps::union`]: any two simple polygons,
/// overlapping or not, with holes.
///
/// Registered as a plugin of
/// [`boolean_union_polygon_polygon`](fn@compas_like::booleans::boolean_union_polygon_polygon), in
/// the normal tier; other crates may call it directly.
///
/// ```
/// let a = compas_like::Polygon::new(vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)], vec![])?;
/// let b = compas_like::Polygon::new(vec![(5.0, 0.0), (6.0, 0.0), (6.0, 1.0)], vec![])?;
/// assert_eq!(compas_like_geo::booleans::union(&a, &b)?.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[plugin(compas_like::booleans::boolean_union_polygon_polygon)]
pub fn union(a: &Polygon, b: &Polygon) -> Result<Vec<Polygon>, GeometryError> {
    let merged = to_geo(a).union(&to_geo(b));
    Ok(merged.iter().filter_map(from_geo).collect())
}

#[cfg(test)]
mod tests {
    use compas_like::{Polygon, PolygonError};

    fn square(x: f64, y: f64, size: f64) -> Result<Polygon, PolygonError> {
        Polygon::new(
            vec![(x, y), (x + size, y), (x + size, y + size), (x, y + size)],
            vec![],
        )
    }

    fn areas(polygons: &[Polygon]) -> Vec<f64> {
        polygons.iter().map(crate::measure::area).collect()
    }

    #[test]
    fn overlapping_unit_squares_merge_into_one_polygon_of_area_1_75()
    -> Result<(), Box<dyn std::error::Error>> {
        let union = super::union(&square(0.0, 0.0, 1.0)?, &square(0.5, 0.5, 1.0)?)?;
        assert_eq!(areas(&union), [1.75]);
        assert_eq!(union[0].exterior().len(), 8);
        assert!(union[0].holes().is_empty());
        Ok(())
    }

    #[test]
    fn disjoint_squares_stay_two_polygons() -> Result<(), Box<dyn std::error::Error>> {
        let union = super::union(&square(0.0, 0.0, 1.0)?, &square(3.0, 0.0, 2.0)?)?;
        let mut found = areas(&union);
        found.sort_by(f64::total_cmp);
        assert_eq!(found, [1.0, 4.0]);
        Ok(())
    }

    #[test]
    fn a_ring_around_a_hole_keeps_the_hole() -> Result<(), Box<dyn std::error::Error>> {
        // Two L-shapes that together frame a 1x1 hole in a 3x3 square.
        let left = Polygon::new(
            vec![
                (0.0, 0.0),
                (2.0, 0.0),
                (2.0, 1.0),
                (1.0, 1.0),
                (1.0, 3.0),
                (0.0, 3.0),
            ],
            vec![],
        )?;
        let right = Polygon::new(
            vec![
                (2.0, 0.0),
                (3.0, 0.0),
                (3.0, 3.0),
                (1.0, 3.0),
                (1.0, 2.0),
                (2.0, 2.0),
            ],
            vec![],
        )?;
        let union = super::union(&left, &right)?;
        assert_eq!(union.len(), 1);
        assert_eq!(union[0].holes().len(), 1);
        assert_eq!(areas(&union), [8.0]);
        Ok(())
    }
}
