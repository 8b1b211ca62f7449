//! A union written by hand, exact for the cases it accepts: disjoint and nested polygons
//! without holes.

use compas_like::plugkit::plugin;
use compas_like::{GeometryError, Polygon};

use crate::segments::{inside, rings_meet};

/// The union of `a` and `b` when their boundaries do not meet and neither has holes: both
/// polygons when they are disjoint, the outer one when one contains the other. Any other input
/// is [`GeometryError::Unsupported`], with the fix: add `compas-like-geo`.
///
/// Registered as a `trylast` plugin of
/// [`boolean_union_polygon_polygon`](fn@compas_like::booleans::boolean_union_polygon_polygon): a
/// fallback, for programs that link no real engine.
///
/// ```
/// use compas_like::Polygon;
///
/// let big = Polygon::new(vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)], vec![])?;
/// let small = Polygon::new(vec![(1.0, 1.0), (2.0, 1.0), (2.0, 2.0)], vec![])?;
/// assert_eq!(compas_like_fallback::booleans::union(&small, &big)?, [big]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[plugin(compas_like::booleans::boolean_union_polygon_polygon, trylast, crate = compas_like::plugkit)]
pub fn union(a: &Polygon, b: &Polygon) -> Result<Vec<Polygon>, GeometryError> {
    if !a.holes().is_empty() || !b.holes().is_empty() {
        return Err(unsupported("a polygon has holes"));
    }
    let (ra, rb) = (a.exterior(), b.exterior());
    if rings_meet(ra, rb) {
        return Err(unsupported("their boundaries cross or touch"));
    }
    // The boundaries do not meet, so each ring lies wholly inside or wholly outside the other,
    // and one point of it tells which.
    let a_in_b = ra.first().is_some_and(|&p| inside(p, rb));
    let b_in_a = rb.first().is_some_and(|&p| inside(p, ra));
    Ok(match (a_in_b, b_in_a) {
        (true, _) => vec![b.clone()],
        (_, true) => vec![a.clone()],
        _ => vec![a.clone(), b.clone()],
    })
}

fn unsupported(reason: &str) -> GeometryError {
    GeometryError::Unsupported {
        engine: env!("CARGO_PKG_NAME"),
        operation: "union",
        reason: format!("{reason}; it handles only disjoint and nested polygons without holes"),
        fix: "add the compas-like-geo plugin crate, which handles any two polygons \
              (`cargo add compas-like-geo`, then `cargo plugkit sync`)"
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use compas_like::{GeometryError, Polygon, PolygonError};

    use super::union;

    fn square(x: f64, y: f64, size: f64) -> Result<Polygon, PolygonError> {
        Polygon::new(
            vec![(x, y), (x + size, y), (x + size, y + size), (x, y + size)],
            vec![],
        )
    }

    const FIX: &str = "add the compas-like-geo plugin crate, which handles any two polygons \
                       (`cargo add compas-like-geo`, then `cargo plugkit sync`)";

    #[test]
    fn disjoint_polygons_are_both_kept_in_order() -> Result<(), PolygonError> {
        let (a, b) = (square(0.0, 0.0, 1.0)?, square(3.0, 0.0, 1.0)?);
        assert_eq!(union(&a, &b), Ok(vec![a.clone(), b.clone()]));
        assert_eq!(union(&b, &a), Ok(vec![b, a]));
        Ok(())
    }

    #[test]
    fn a_nested_polygon_disappears_into_the_outer_one_either_way_round() -> Result<(), PolygonError>
    {
        let (outer, inner) = (square(0.0, 0.0, 4.0)?, square(1.0, 1.0, 1.0)?);
        assert_eq!(union(&outer, &inner), Ok(vec![outer.clone()]));
        assert_eq!(union(&inner, &outer), Ok(vec![outer]));
        Ok(())
    }

    #[test]
    fn overlapping_polygons_are_refused_with_the_fix() -> Result<(), PolygonError> {
        let err = union(&square(0.0, 0.0, 1.0)?, &square(0.5, 0.5, 1.0)?);
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err(format!(
                "compas-like-fallback cannot compute the union of these polygons: their boundaries \
                 cross or touch; it handles only disjoint and nested polygons without holes\n  fix: {FIX}"
            ))
        );
        Ok(())
    }

    #[test]
    fn touching_and_holed_polygons_are_refused() -> Result<(), PolygonError> {
        let touching = union(&square(0.0, 0.0, 1.0)?, &square(1.0, 0.0, 1.0)?);
        assert!(
            matches!(touching, Err(GeometryError::Unsupported { ref reason, .. }) if reason.starts_with("their boundaries cross or touch"))
        );
        let holed = Polygon::new(
            vec![(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)],
            vec![vec![(1.0, 1.0), (2.0, 1.0), (2.0, 2.0)]],
        )?;
        let far = square(10.0, 0.0, 1.0)?;
        assert!(
            matches!(union(&holed, &far), Err(GeometryError::Unsupported { ref reason, .. }) if reason.starts_with("a polygon has holes"))
        );
        Ok(())
    }

    #[test]
    fn it_is_the_engine_when_no_other_is_linked() -> Result<(), PolygonError> {
        // This test binary links the host and this crate only.
        let (a, b) = (square(0.0, 0.0, 1.0)?, square(3.0, 0.0, 1.0)?);
        assert_eq!(
            compas_like::booleans::boolean_union_polygon_polygon(&a, &b),
            Ok(vec![a, b])
        );
        Ok(())
    }
}
