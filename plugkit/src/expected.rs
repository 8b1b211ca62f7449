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
/// const EXPECTED: &[ExpectedPlugin] = &[ExpectedPlugin::new("compas-like-trimesh", "0.3.0")
///     .host_api("^0.1")
///     .registration("compas-like-plugins")];
/// let err = Registry::builder().expect_plugins(EXPECTED).build().unwrap_err();
/// assert!(matches!(&err.problems()[0], Problem::MissingPlugin { crate_name, .. } if crate_name == "compas-like-trimesh"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ExpectedPlugin {
    /// The plugin crate's package name.
    pub crate_name: &'static str,
    /// Its version when the registration crate was generated.
    pub version: &'static str,
    /// The host-API requirement it declared (checked by `cargo plugkit sync`).
    pub host_api: &'static str,
    /// The registration crate that names it.
    pub registration: &'static str,
    /// Features of the plugin crate that the linking crate leaves off: if the plugin registers
    /// nothing, the message names them.
    pub features_off: &'static [&'static str],
}

impl ExpectedPlugin {
    /// An expected plugin crate at `version`, with host-API requirement `*`.
    pub const fn new(crate_name: &'static str, version: &'static str) -> Self {
        ExpectedPlugin {
            crate_name,
            version,
            host_api: "*",
            registration: "",
            features_off: &[],
        }
    }

    /// The host-API requirement it declared.
    pub const fn host_api(mut self, req: &'static str) -> Self {
        self.host_api = req;
        self
    }

    /// The crate that links it.
    pub const fn registration(mut self, name: &'static str) -> Self {
        self.registration = name;
        self
    }

    /// Features of the plugin crate that the linking crate does not enable.
    pub const fn features_off(mut self, features: &'static [&'static str]) -> Self {
        self.features_off = features;
        self
    }
}
