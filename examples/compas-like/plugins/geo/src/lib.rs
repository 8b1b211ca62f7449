//! A compas-like plugin that does the geometry with the [`geo`] crate: the union of two
//! polygons with [`geo::BooleanOps`] and areas with [`geo::Area`]. It also contributes itself
//! to the install hook.
//!
//! A program gets these plugins by linking the crate, which is what naming it does:
//!
//! ```
//! use compas_like_geo as _; // `cargo plugkit sync` writes this line in a registration crate
//!
//! let a = compas_like::Polygon::new(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)], vec![])?;
//! let b = compas_like::Polygon::new(vec![(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 1.5)], vec![])?;
//! let union = compas_like::booleans::boolean_union_polygon_polygon(&a, &b)?;
//! assert_eq!(union.len(), 1);
//! assert_eq!(compas_like::measure::area(&union[0]), 1.75);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod booleans;
pub mod measure;

mod convert;
mod install;
