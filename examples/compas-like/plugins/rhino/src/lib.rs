//! A compas-like plugin for programs running inside Rhino, as `compas_rhino` is for COMPAS.
//!
//! Its union is `tryfirst` and requires [`rhino_running`]: inside Rhino it takes precedence
//! over every other engine; outside, it is skipped and the reason is recorded
//! (`requirement `rhino_running()` returned false`). It also contributes itself to the install
//! hook, unconditionally, since installing happens outside Rhino.
//!
//! There is no Rhino SDK for Rust, so this example plays Rhino's curve boolean union with geo;
//! what it shows is the selection, which a program reports (the CLI prints the engine) and
//! `PLUGKIT_DEBUG=1` traces.
//!
//! ```
//! use compas_like_rhino as _; // `cargo plugkit sync` writes this line in a registration crate
//!
//! let explanation = plugkit::registry().explain(compas_like::booleans::boolean_union_polygon_polygon::URL)?;
//! let first = &explanation.considered()[0];
//! assert_eq!(first.entry.id(), "compas_like_rhino::booleans::union_in_rhino");
//! # Ok::<(), plugkit::UnknownPoint>(())
//! ```

pub mod booleans;

mod install;
mod running;

pub use running::{ENV, rhino_running};
