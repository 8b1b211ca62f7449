//! The plugin crates a host expects: the list `cargo plugkit sync` writes into the
//! registration crate, compared with what registered.

use serde::Serialize;

/// A plugin crate the registration crate names, as `cargo plugkit sync` recorded it.
///
/// The registry compares the list with the crates that actually registered something: a crate
/// the linker dropped, or one the registration crate does not name, is reported with the fix.
/// Crate names compare with `-` and `_` as the same character.
///
/// Built with [`ExpectedPlugin::new`] and its `const` builders, so that fields added later do
/// not break the generated registration crates.
///
/// ```
/// use plugkit::{ExpectedPlugin, Problem, Registry};
///
/// const EXPECTED: &[ExpectedPlugin] = &[
///     ExpectedPlugin::new("compas-like-trimesh", "0.3.0").host_api("^0.1").registration("compas-like-plugins"),
/// ];
/// let err = Registry::builder().expect_plugins(EXPECTED).build().unwrap_err();
/// assert!(matches!(&err.problems()[0], Problem::MissingPlugin { crate_name, .. } if crate_name == "compas-like-trimesh"));
/// ```
#[non_exhaustive]
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
    /// Features of the plugin crate that its registrations need and that the linking crate
    /// does not enable; named by the message when the crate registered nothing.
    pub features_off: &'static [&'static str],
    /// Whether a build script (`plugkit_build::link_plugins()`) links it, rather than a
    /// registration crate: the fix in messages differs.
    pub by_build_script: bool,
}

impl ExpectedPlugin {
    /// The plugin crate `crate_name` at `version`, with host-API requirement `*`, no
    /// registration crate name and no feature left off.
    ///
    /// ```
    /// let expected = plugkit::ExpectedPlugin::new("my-plugin", "1.2.0");
    /// assert_eq!((expected.crate_name, expected.version, expected.host_api), ("my-plugin", "1.2.0", "*"));
    /// assert_eq!(expected.registration, "");
    /// assert!(expected.features_off.is_empty());
    /// ```
    #[doc(hidden)]
    pub const fn new(crate_name: &'static str, version: &'static str) -> Self {
        ExpectedPlugin {
            crate_name,
            version,
            host_api: "*",
            registration: "",
            features_off: &[],
            by_build_script: false,
        }
    }

    /// The host-API requirement the plugin crate declared (`^0.1`).
    ///
    /// ```
    /// let expected = plugkit::ExpectedPlugin::new("my-plugin", "1.2.0").host_api("^0.1");
    /// assert_eq!(expected.host_api, "^0.1");
    /// ```
    #[doc(hidden)]
    pub const fn host_api(mut self, req: &'static str) -> Self {
        self.host_api = req;
        self
    }

    /// The registration crate that names the plugin crate.
    ///
    /// ```
    /// let expected = plugkit::ExpectedPlugin::new("my-plugin", "1.2.0").registration("my-host-plugins");
    /// assert_eq!(expected.registration, "my-host-plugins");
    /// ```
    #[doc(hidden)]
    pub const fn registration(mut self, name: &'static str) -> Self {
        self.registration = name;
        self
    }

    /// Features of the plugin crate that its registrations need and that the linking crate does not enable.
    ///
    /// ```
    /// let expected = plugkit::ExpectedPlugin::new("my-plugin", "1.2.0").features_off(&["mesh"]);
    /// assert_eq!(expected.features_off, ["mesh"]);
    /// ```
    #[doc(hidden)]
    pub const fn features_off(mut self, features: &'static [&'static str]) -> Self {
        self.features_off = features;
        self
    }

    /// Marks it as linked by a host's build script (`plugkit_build::link_plugins()`), whose
    /// `registration` is the host package: what `plugkit::linked_plugins!()` generates.
    ///
    /// ```
    /// let expected = plugkit::ExpectedPlugin::new("my-plugin", "1.2.0").linked_by_build_script();
    /// assert!(expected.by_build_script);
    /// ```
    #[doc(hidden)]
    pub const fn linked_by_build_script(mut self) -> Self {
        self.by_build_script = true;
        self
    }
}
