//! Extension points for Rust programs.
//!
//! A **host** declares extension points; **plugin** crates register entries into them; the host
//! finds the plugins without anyone editing it. Every registration is a constant descriptor
//! collected at link time (no plugin code runs before `main`), and the [`Registry`] built from
//! them is checked (duplicate ids, ordering cycles, payload types), ordered deterministically,
//! and then read without locks.
//!
//! # Pluggable functions
//!
//! The host declares a function whose body is the default implementation:
//!
//! ```
//! mod host {
//!     /// Joins two polygons; the default is a placeholder that keeps the first.
//!     #[plugkit::pluggable(category = "booleans")]
//!     pub fn union(a: &[(f64, f64)], b: &[(f64, f64)]) -> Vec<(f64, f64)> {
//!         a.to_vec()
//!     }
//! }
//!
//! // In a plugin crate: the path names the pluggable, and the compiler checks the signature.
//! #[plugkit::plugin(host::union, tryfirst)]
//! fn union_with_hull(a: &[(f64, f64)], b: &[(f64, f64)]) -> Vec<(f64, f64)> {
//!     a.iter().chain(b).copied().collect()
//! }
//!
//! let joined = host::union(&[(0.0, 0.0)], &[(1.0, 1.0)]);
//! assert_eq!(joined.len(), 2);
//!
//! // Ask the registry what runs, and why.
//! let explanation = plugkit::registry().explain(host::union::URL)?;
//! assert_eq!(explanation.running().next().unwrap().origin().item, "union_with_hull");
//! # Ok::<(), plugkit::UnknownPoint>(())
//! ```
//!
//! See [`fns`] for selectors (`first_match`, `collect_all`), and [`pluggable`] and [`plugin`]
//! for every option: `tryfirst`, `trylast`, `priority`, `before`/`after`, `requires`.
//!
//! # Order
//!
//! A point's entries are ordered by tier (`tryfirst`, normal, `trylast`), then priority (higher
//! first), then `before`/`after` constraints, then crate name, then id. Nothing depends on link
//! order, so debug, release and LTO builds agree. A cycle of constraints is a [`Problem`].
//!
//! # Finding out what happened
//!
//! - [`Registry::explain`] says, for one point, which entry runs and why each other does not.
//! - [`Registry::to_json`] renders every point and entry for tools.
//! - `PLUGKIT_DEBUG=1` (or [`debug::set_enabled`]) traces discovery, registration, selection
//!   and every call to stderr.
//!
//! # The program-wide registry
//!
//! [`registry()`] builds it on first use from what the linked crates registered. Call [`init`]
//! at the start of `main` to fail on problems instead of setting the entries concerned aside, or
//! [`install`] to provide a registry built by hand.

mod entry;
mod error;
mod expected;
mod global;
mod linked;
mod order;
mod origin;
mod panic;
mod point;
mod registry;
mod requirement;
mod suggest;

pub mod config;
pub mod debug;
pub mod fns;
pub mod instances;

pub use entry::{Capability, Entry, Order, Tier};
pub use error::{AlreadyInitialized, Error, NoPlugin, PluginPanic, Skipped, UnknownPoint};
pub use expected::ExpectedPlugin;
pub use global::{init, init_expecting, install, registry};
pub use origin::{Location, Origin};
pub use point::{Point, PointKind, Selector};
pub use registry::{
    BuildError, Considered, Explanation, PointEntries, Problem, Registry, RegistryBuilder,
    Rejected, Verdict,
};
pub use requirement::{Requirement, Unmet};

pub(crate) use panic::panic_message;

pub use plugkit_macros::{instance, pluggable, plugin};

pub use plugkit_macros::{config_kind, config_type, plugin_section};

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
