//! The plugin crates this program links.
//!
//! Rust links only the crates a program names; a plugin crate that nothing names is dropped,
//! with its registrations, silently. So each is named here, by hand. `cargo plugkit sync`
//! will generate this list (in a registration crate) from the workspace, and check it.

use compas_like_fallback as _;
use compas_like_geo as _;
use compas_like_rhino as _;
