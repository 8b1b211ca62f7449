//! Boolean operations on polygons. The host declares them; plugins compute them.

use plugkit::pluggable;

use crate::{GeometryError, Polygon};

/// The union of two polygons, as one or more polygons: the extension point.
///
/// It has no default body, because the host has no boolean engine of its own: called with no
/// plugin available, it fails with [`GeometryError::NoEngine`], whose message names every
/// candidate, why it was skipped, and the crate to add (`GeometryError` converts from
/// [`plugkit::fns::NoPlugin`], so the pluggable returns `Result<Vec<Polygon>, GeometryError>` as
/// declared).
///
/// Plugins implement it with `#[plugkit::plugin(compas_like::booleans::boolean_union_polygon_polygon)]`.
///
/// ```
/// # use compas_like::{booleans, Polygon};
/// let square = Polygon::new(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)], vec![])?;
/// // No plugin crate is linked into this example.
/// let err = booleans::boolean_union_polygon_polygon(&square, &square).unwrap_err();
/// assert!(matches!(err, compas_like::GeometryError::NoEngine(_)));
/// assert!(err.to_string().starts_with(
///     "no plugin is available for `https://plugins.compas-like.example/booleans/boolean_union_polygon_polygon`"
/// ));
/// # Ok::<(), compas_like::PolygonError>(())
/// ```
#[pluggable(domain = "https://plugins.compas-like.example", category = "booleans")]
pub fn boolean_union_polygon_polygon(
    a: &Polygon,
    b: &Polygon,
) -> Result<Vec<Polygon>, GeometryError>;
