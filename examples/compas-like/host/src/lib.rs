//! A small geometry host in the style of [COMPAS](https://compas.dev): it owns the data types
//! and declares pluggable functions; plugin crates (`compas-like-*`) do the work.
//!
//! | pluggable | selector | default | plugins in this repository |
//! | --- | --- | --- | --- |
//! | [`booleans::boolean_union_polygon_polygon`](fn@booleans::boolean_union_polygon_polygon) | `first_match` | none | rhino (`tryfirst`), geo, fallback (`trylast`) |
//! | [`measure::area`](fn@measure::area) | `first_match` | the textbook shoelace formula | geo, fallback (`trylast`) |
//! | [`install::installable_packages`](fn@install::installable_packages) | `collect_all` | — | this crate, geo, rhino, fallback |
//!
//! Every point lives under the domain `https://plugins.compas-like.example`, with the category
//! as the first path segment, so a URL says what a point is about:
//!
//! ```
//! assert_eq!(
//!     compas_like::booleans::boolean_union_polygon_polygon::URL,
//!     "https://plugins.compas-like.example/booleans/boolean_union_polygon_polygon"
//! );
//! ```
//!
//! Without any plugin crate linked, the area falls back to the host's default and a union
//! fails with an error that names the point and the fix:
//!
//! ```
//! use compas_like::{GeometryError, Polygon};
//!
//! let square = Polygon::new(vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)], vec![])?;
//! assert_eq!(compas_like::measure::area(&square), 4.0);
//! assert!(matches!(
//!     compas_like::booleans::boolean_union_polygon_polygon(&square, &square),
//!     Err(GeometryError::NoEngine(_))
//! ));
//! # Ok::<(), compas_like::PolygonError>(())
//! ```

/// The domain of every point this host declares: the start of their URLs.
///
/// ```
/// assert!(compas_like::measure::area::URL.starts_with(compas_like::DOMAIN));
/// ```
pub const DOMAIN: &str = "https://plugins.compas-like.example";

/// plugkit, re-exported for plugin crates: a plugin that depends on this crate alone writes
/// `#[compas_like::plugkit::plugin(.., crate = compas_like::plugkit)]` (compas-like-fallback
/// does).
///
/// ```
/// assert!(compas_like::plugkit::registry().explain(compas_like::measure::area::URL).is_ok());
/// ```
pub use plugkit;

pub mod booleans;
pub mod install;
pub mod measure;

mod geometry_error;
mod load;
mod polygon;

pub use geometry_error::GeometryError;
pub use load::{LoadError, load_polygon};
pub use polygon::{Point, Polygon, PolygonError, Ring};
