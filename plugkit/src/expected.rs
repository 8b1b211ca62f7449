//! The plugin crates a host expects: the list `cargo plugkit sync` writes into the
//! registration crate, compared with what registered.

use serde::Serialize;

/// A plugin crate the registration crate names, as `cargo plugkit sync` recorded it.
///
/// The registry compares the list with the crates that actually registered something: a crate
/// the linker dropped, or one the registration crate does not name, is reported with the fix.
///
/// ```
/// use plugkit::{ExpectedPlugin, Problem, Registry};
///
/// const EXPECTED: &[ExpectedPlugin] = &[ExpectedPlugin {
///     crate_name: "compas-like-trimesh",
///     version: "0.3.0",
///     host_api: "^0.1",
///     registration: "compas-like-plugins",
/// }];
/// let err = Registry::builder().expect_plugins(EXPECTED).build().unwrap_err();
/// assert!(matches!(&err.problems()[0], Problem::MissingPlugin { crate_name, .. } if crate_name == "compas-like-trimesh"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ExpectedPlugin {
    /// The plugin crate's package name.
    pub crate_name: &'static str,
    /// Its version when the registration crate was generated.
    pub version: &'static str,
    /// The host-API requirement it declared (checked by `cargo plugkit sync`).
    pub host_api: &'static str,
    /// The registration crate that names it.
    pub registration: &'static str,
}
