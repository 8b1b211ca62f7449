//! The plugin crates a host expects: the list `cargo plugkit sync` writes into the
//! registration crate, compared with what registered.

use serde::Serialize;

/// A plugin crate the registration crate names, as `cargo plugkit sync` recorded it.
///
/// The registry compares the list with the crates that actually registered something: a crate
/// the linker dropped, or one the registration crate does not name, is reported with the fix
/// ([`Problem::MissingPlugin`](crate::Problem::MissingPlugin),
/// [`Problem::StalePlugin`](crate::Problem::StalePlugin)). Crate names compare with `-` and `_`
/// as the same character.
///
/// Generated code builds the list: the registration crate of `cargo plugkit sync`, whose
/// `init()` hands it to [`init_expecting`](crate::init_expecting), or
/// [`linked_plugins!()`](crate::linked_plugins!) with `plugkit-build` in the host's build
/// script. [`Registry::expected`](crate::Registry::expected) reads it back.
///
/// ```
/// // What a host that expects `compas-like-trimesh` is told when the crate registered nothing.
/// let problem = plugkit::Problem::MissingPlugin {
///     crate_name: "compas-like-trimesh".into(),
///     version: "0.3.0".into(),
///     registration: "compas-like-plugins".into(),
///     features_off: vec![],
///     by_build_script: false,
/// };
/// assert_eq!(
///     problem.to_string().lines().next(),
///     Some("plugin crate `compas-like-trimesh` 0.3.0 is expected by `compas-like-plugins` but registered nothing"),
/// );
///
/// let registry = plugkit::init_expecting(&[])?; // no plugin crate is expected here
/// let expected: Vec<(&str, &str)> =
///     registry.expected().iter().map(|e| (e.crate_name, e.version)).collect();
/// assert!(expected.is_empty());
/// # Ok::<(), plugkit::BuildError>(())
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
    #[doc(hidden)]
    pub const fn host_api(mut self, req: &'static str) -> Self {
        self.host_api = req;
        self
    }

    /// The registration crate that names the plugin crate.
    #[doc(hidden)]
    pub const fn registration(mut self, name: &'static str) -> Self {
        self.registration = name;
        self
    }

    /// Features of the plugin crate that its registrations need and that the linking crate does not enable.
    #[doc(hidden)]
    pub const fn features_off(mut self, features: &'static [&'static str]) -> Self {
        self.features_off = features;
        self
    }

    /// Marks it as linked by a host's build script (`plugkit_build::link_plugins()`), whose
    /// `registration` is the host package: what `plugkit::linked_plugins!()` generates.
    #[doc(hidden)]
    pub const fn linked_by_build_script(mut self) -> Self {
        self.by_build_script = true;
        self
    }
}
