//! The polygon type: an exterior ring and optional holes, checked when it is made.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A point in the plane, `(x, y)`; JSON writes it as `[x, y]`.
pub type Point = (f64, f64);

/// A simple polygon: an exterior ring and zero or more holes.
///
/// Rings are stored open (the first point is not repeated at the end); a closing point given
/// to [`Polygon::new`] or in JSON is dropped. Every ring has at least three distinct points and
/// finite coordinates. Orientation is not prescribed: plugins must accept either.
///
/// JSON reads and writes it as `{"exterior": [[x, y], ...], "holes": [[[x, y], ...], ...]}`,
/// with `"holes"` optional and left out when empty:
///
/// ```
/// use compas_like::Polygon;
///
/// let square: Polygon = serde_json::from_str(r#"{"exterior": [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]}"#)?;
/// assert_eq!(square.exterior(), [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]);
/// assert_eq!(serde_json::to_string(&square)?, r#"{"exterior":[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,1.0]]}"#);
///
/// let err = serde_json::from_str::<Polygon>(r#"{"exterior": [[0, 0], [1, 0]]}"#).unwrap_err();
/// assert!(err.to_string().starts_with("the exterior ring has 2 distinct points; a polygon ring needs at least 3"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PolygonData", into = "PolygonData")]
pub struct Polygon {
    exterior: Vec<Point>,
    holes: Vec<Vec<Point>>,
}

/// The wire form, before it is checked.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolygonData {
    exterior: Vec<Point>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    holes: Vec<Vec<Point>>,
}

impl TryFrom<PolygonData> for Polygon {
    type Error = PolygonError;

    fn try_from(data: PolygonData) -> Result<Self, Self::Error> {
        Polygon::new(data.exterior, data.holes)
    }
}

impl From<Polygon> for PolygonData {
    fn from(polygon: Polygon) -> Self {
        PolygonData {
            exterior: polygon.exterior,
            holes: polygon.holes,
        }
    }
}

/// Which ring of a polygon a [`PolygonError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ring {
    /// The exterior ring.
    Exterior,
    /// The hole at this index (from 0).
    Hole(usize),
}

impl fmt::Display for Ring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ring::Exterior => f.write_str("the exterior ring"),
            Ring::Hole(i) => write!(f, "hole {i}"),
        }
    }
}

/// A ring that cannot be part of a polygon.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum PolygonError {
    /// Fewer than three distinct points: no area.
    #[error("{ring} has {points} distinct points; a polygon ring needs at least 3")]
    TooFewPoints {
        /// The ring.
        ring: Ring,
        /// How many distinct points it has.
        points: usize,
    },
    /// Every point is on one line: no area.
    #[error("{ring} has all its points on one line; a polygon ring must enclose an area")]
    Flat {
        /// The ring.
        ring: Ring,
    },
    /// A coordinate is NaN or infinite.
    #[error("{ring} has a coordinate that is not a finite number at point {index}")]
    NotFinite {
        /// The ring.
        ring: Ring,
        /// The point's index in the ring (from 0).
        index: usize,
    },
}

impl Polygon {
    /// A polygon from its exterior ring and holes, checked: every ring needs three distinct
    /// points and finite coordinates. A closing point equal to the first is dropped.
    ///
    /// ```
    /// use compas_like::{Polygon, PolygonError, Ring};
    ///
    /// let triangle = Polygon::new(vec![(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)], vec![])?;
    /// assert_eq!(triangle.exterior().len(), 3);
    ///
    /// let err = Polygon::new(vec![(0.0, 0.0), (1.0, 0.0), (0.0, f64::NAN)], vec![]).unwrap_err();
    /// assert_eq!(err, PolygonError::NotFinite { ring: Ring::Exterior, index: 2 });
    /// # Ok::<(), PolygonError>(())
    /// ```
    pub fn new(exterior: Vec<Point>, holes: Vec<Vec<Point>>) -> Result<Self, PolygonError> {
        let exterior = checked_ring(exterior, Ring::Exterior)?;
        let holes = holes
            .into_iter()
            .enumerate()
            .map(|(i, hole)| checked_ring(hole, Ring::Hole(i)))
            .collect::<Result<_, _>>()?;
        Ok(Polygon { exterior, holes })
    }

    /// The exterior ring, open (the first point is not repeated).
    pub fn exterior(&self) -> &[Point] {
        &self.exterior
    }

    /// The holes, each an open ring.
    pub fn holes(&self) -> &[Vec<Point>] {
        &self.holes
    }

    /// Every ring: the exterior first, then the holes.
    ///
    /// ```
    /// let p = compas_like::Polygon::new(vec![(0.0, 0.0), (4.0, 0.0), (0.0, 4.0)], vec![vec![(1.0, 1.0), (2.0, 1.0), (1.0, 2.0)]])?;
    /// assert_eq!(p.rings().count(), 2);
    /// # Ok::<(), compas_like::PolygonError>(())
    /// ```
    pub fn rings(&self) -> impl Iterator<Item = &[Point]> {
        std::iter::once(self.exterior.as_slice()).chain(self.holes.iter().map(Vec::as_slice))
    }
}

fn checked_ring(mut ring: Vec<Point>, which: Ring) -> Result<Vec<Point>, PolygonError> {
    if let Some(index) = ring
        .iter()
        .position(|(x, y)| !x.is_finite() || !y.is_finite())
    {
        return Err(PolygonError::NotFinite { ring: which, index });
    }
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    // `+ 0.0` makes -0.0 and 0.0 the same point.
    let mut distinct: Vec<(u64, u64)> = ring
        .iter()
        .map(|&(x, y)| ((x + 0.0).to_bits(), (y + 0.0).to_bits()))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 3 {
        return Err(PolygonError::TooFewPoints {
            ring: which,
            points: distinct.len(),
        });
    }
    if is_flat(&ring) {
        return Err(PolygonError::Flat { ring: which });
    }
    Ok(ring)
}

/// Whether every point of the ring is on the line through its first two distinct points.
fn is_flat(ring: &[Point]) -> bool {
    let Some(&a) = ring.first() else { return true };
    let Some(&b) = ring.iter().find(|&&p| p != a) else {
        return true;
    };
    ring.iter()
        .all(|&p| (b.0 - a.0) * (p.1 - a.1) == (b.1 - a.1) * (p.0 - a.0))
}

#[cfg(test)]
mod tests {
    use super::{Polygon, PolygonError, Ring};

    fn made(exterior: &[(f64, f64)], holes: &[&[(f64, f64)]]) -> Result<Polygon, PolygonError> {
        Polygon::new(
            exterior.to_vec(),
            holes.iter().map(|h| h.to_vec()).collect(),
        )
    }

    const SQUARE: [(f64, f64); 4] = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)];

    #[test]
    fn a_closing_point_is_dropped_and_nothing_else_changes() -> Result<(), PolygonError> {
        let closed = made(
            &[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)],
            &[],
        )?;
        assert_eq!(closed, made(&SQUARE, &[])?);
        assert_eq!(closed.exterior(), SQUARE);
        Ok(())
    }

    #[test]
    fn every_ring_is_checked_and_the_error_says_which() {
        assert_eq!(
            made(&[(0.0, 0.0), (1.0, 1.0), (0.0, 0.0), (1.0, 1.0)], &[]),
            Err(PolygonError::TooFewPoints {
                ring: Ring::Exterior,
                points: 2
            })
        );
        assert_eq!(
            made(
                &SQUARE,
                &[
                    &[(1.0, 1.0), (2.0, 1.0), (1.5, 2.0)],
                    &[(1.0, 1.0), (2.0, 2.0), (3.0, 3.0)]
                ]
            ),
            Err(PolygonError::Flat {
                ring: Ring::Hole(1)
            })
        );
        assert_eq!(
            made(&SQUARE, &[&[(1.0, 1.0), (f64::INFINITY, 1.0), (1.5, 2.0)]]),
            Err(PolygonError::NotFinite {
                ring: Ring::Hole(0),
                index: 1
            })
        );
    }

    #[test]
    fn errors_read_as_sentences() {
        assert_eq!(
            PolygonError::Flat {
                ring: Ring::Hole(2)
            }
            .to_string(),
            "hole 2 has all its points on one line; a polygon ring must enclose an area"
        );
        assert_eq!(
            PolygonError::NotFinite {
                ring: Ring::Exterior,
                index: 3
            }
            .to_string(),
            "the exterior ring has a coordinate that is not a finite number at point 3"
        );
    }

    #[test]
    fn json_round_trips_and_leaves_out_empty_holes() -> Result<(), serde_json::Error> {
        let json = r#"{"exterior":[[0.0,0.0],[4.0,0.0],[0.0,4.0]],"holes":[[[1.0,1.0],[2.0,1.0],[1.0,2.0]]]}"#;
        let polygon: Polygon = serde_json::from_str(json)?;
        assert_eq!(polygon.holes().len(), 1);
        assert_eq!(serde_json::to_string(&polygon)?, json);
        let plain: Polygon =
            serde_json::from_str(r#"{"exterior":[[0,0],[4,0],[0,4]],"holes":[]}"#)?;
        assert_eq!(
            serde_json::to_string(&plain)?,
            r#"{"exterior":[[0.0,0.0],[4.0,0.0],[0.0,4.0]]}"#
        );
        Ok(())
    }
}
