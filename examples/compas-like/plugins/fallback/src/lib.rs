//! A compas-like plugin of last resort, with no dependency beyond the host: every plugin it
//! registers is `trylast`, so it runs only when no better engine is available. It does not
//! depend on plugkit either: it names the host's re-export, `compas_like::plugkit`, with
//! `#[plugin(.., crate = compas_like::plugkit)]`.
//!
//! - a union that is exact for the cases it handles, disjoint and nested polygons without
//!   holes, and otherwise fails with an error that says to add `compas-like-geo`;
//! - an area, by the shoelace formula on coordinates shifted to the first point;
//! - its own entry in the install hook, listed after the engines it stands in for.
//!
//! ```
//! use compas_like::Polygon;
//! use compas_like_fallback as _; // `cargo plugkit sync` writes this line in a registration crate
//!
//! let a = Polygon::new(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)], vec![])?;
//! let b = Polygon::new(vec![(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 1.5)], vec![])?;
//! let err = compas_like::booleans::boolean_union_polygon_polygon(&a, &b).unwrap_err();
//! assert!(err.to_string().contains("add the compas-like-geo plugin crate"));
//! # Ok::<(), compas_like::PolygonError>(())
//! ```

pub mod booleans;
pub mod measure;

mod install;
mod segments;
