//! The two predicates the fallback union needs: do two rings' boundaries meet, and is a point
//! inside a ring.

use compas_like::Point;

/// The sign of the turn `p -> q -> r`: positive left, negative right, zero collinear.
fn turn(p: Point, q: Point, r: Point) -> f64 {
    (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
}

/// Whether `r`, collinear with segment `p`–`q`, lies within its bounding box.
fn within(p: Point, q: Point, r: Point) -> bool {
    r.0 >= p.0.min(q.0) && r.0 <= p.0.max(q.0) && r.1 >= p.1.min(q.1) && r.1 <= p.1.max(q.1)
}

/// Whether the closed segments `p1`–`p2` and `q1`–`q2` share at least one point (crossing,
/// touching at an end, or overlapping along a line).
pub(crate) fn segments_meet(p1: Point, p2: Point, q1: Point, q2: Point) -> bool {
    let (d1, d2) = (turn(q1, q2, p1), turn(q1, q2, p2));
    let (d3, d4) = (turn(p1, p2, q1), turn(p1, p2, q2));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    (d1 == 0.0 && within(q1, q2, p1))
        || (d2 == 0.0 && within(q1, q2, p2))
        || (d3 == 0.0 && within(p1, p2, q1))
        || (d4 == 0.0 && within(p1, p2, q2))
}

/// The edges of an open ring, the closing edge included.
fn edges(ring: &[Point]) -> impl Iterator<Item = (Point, Point)> + '_ {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(&p, &q)| (p, q))
}

/// Whether the boundaries of two open rings share any point.
pub(crate) fn rings_meet(a: &[Point], b: &[Point]) -> bool {
    edges(a).any(|(p1, p2)| edges(b).any(|(q1, q2)| segments_meet(p1, p2, q1, q2)))
}

/// Whether `point` is inside the open ring, by the even-odd rule. Meaningful only for a point
/// off the boundary.
pub(crate) fn inside(point: Point, ring: &[Point]) -> bool {
    let (x, y) = point;
    edges(ring)
        .filter(|&((_, y1), (_, y2))| (y1 > y) != (y2 > y))
        .filter(|&((x1, y1), (x2, y2))| x < x1 + (y - y1) * (x2 - x1) / (y2 - y1))
        .count()
        % 2
        == 1
}

#[cfg(test)]
mod tests {
    use super::{inside, rings_meet, segments_meet};

    const SQUARE: [(f64, f64); 4] = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)];

    #[test]
    fn segments_meet_when_they_cross_touch_or_overlap_and_not_otherwise() {
        assert!(
            segments_meet((0.0, 0.0), (2.0, 2.0), (0.0, 2.0), (2.0, 0.0)),
            "crossing"
        );
        assert!(
            segments_meet((0.0, 0.0), (2.0, 0.0), (2.0, 0.0), (3.0, 5.0)),
            "touching at an end"
        );
        assert!(
            segments_meet((0.0, 0.0), (2.0, 0.0), (1.0, 0.0), (3.0, 0.0)),
            "overlapping"
        );
        assert!(
            !segments_meet((0.0, 0.0), (2.0, 0.0), (3.0, 0.0), (4.0, 0.0)),
            "collinear apart"
        );
        assert!(
            !segments_meet((0.0, 0.0), (2.0, 0.0), (0.0, 1.0), (2.0, 1.0)),
            "parallel"
        );
        assert!(
            !segments_meet((0.0, 0.0), (2.0, 2.0), (3.0, 0.0), (2.5, 1.0)),
            "apart"
        );
    }

    #[test]
    fn rings_meet_only_when_their_boundaries_do() {
        let inner = [(1.0, 1.0), (2.0, 1.0), (2.0, 2.0)];
        let crossing = [(3.0, 3.0), (5.0, 3.0), (5.0, 5.0), (3.0, 5.0)];
        let sharing_an_edge = [(4.0, 0.0), (5.0, 0.0), (5.0, 4.0), (4.0, 4.0)];
        assert!(!rings_meet(&SQUARE, &inner));
        assert!(rings_meet(&SQUARE, &crossing));
        assert!(rings_meet(&SQUARE, &sharing_an_edge));
    }

    #[test]
    fn inside_is_the_even_odd_rule() {
        assert!(inside((1.0, 1.0), &SQUARE));
        assert!(!inside((5.0, 1.0), &SQUARE));
        assert!(!inside((-1.0, 1.0), &SQUARE));
        // A U shape: the notch is outside.
        let u = [
            (0.0, 0.0),
            (3.0, 0.0),
            (3.0, 3.0),
            (2.0, 3.0),
            (2.0, 1.0),
            (1.0, 1.0),
            (1.0, 3.0),
            (0.0, 3.0),
        ];
        assert!(!inside((1.5, 2.0), &u));
        assert!(inside((0.5, 2.0), &u));
    }
}
