//! What an entry needs in order to be available.

use std::fmt;

use serde::{Serialize, Serializer};

/// Something an entry needs; an entry whose requirement is unmet is skipped, with the reason
/// recorded for [`Registry::explain`](crate::Registry::explain) and the error messages.
///
/// - [`Requirement::Present`] names a crate or a capability. It is met when a crate of that name
///   registered anything (`-` and `_` are the same), or when a [`Capability`](crate::Capability)
///   of that name was declared by a crate or by the host.
/// - A name that is a dependency of the plugin crate in its `Cargo.toml` is settled when the
///   plugin compiles: `#[plugin]` reads the manifest, and the requirement is met when the
///   dependency is compiled in (always, on its target, or with the feature that enables it). An
///   optional dependency that is off is reported with the feature that would enable it.
/// - [`Requirement::Check`] is a function evaluated at run time (`requires = [rhino_running]`).
///   It is evaluated when the point first selects, and again on every call for plugins marked
///   `#[plugin(.., recheck_each_call)]`.
///
/// `#[plugin(.., requires = [..])]` writes them: a string is a name, a path is a check.
///
/// ```
/// use plugkit::Requirement;
///
/// fn gpu_available_requirement_doc() -> bool { false }
///
/// #[plugkit::pluggable]
/// pub fn requirement_doc() -> u8 { 0 }
///
/// #[plugkit::plugin(requirement_doc, requires = ["compas-like-geo", gpu_available_requirement_doc])]
/// fn needy_requirement_doc() -> u8 { 1 }
///
/// let entry = plugkit::registry().point(requirement_doc::URL).unwrap().entries()[0];
/// let needs: &[Requirement] = entry.requirements();
/// assert!(matches!(needs[0], Requirement::Present("compas-like-geo")));
/// assert_eq!(needs[0].to_string(), "`compas-like-geo`");
/// assert!(matches!(needs[1], Requirement::Check { name: "gpu_available_requirement_doc", .. }));
/// assert_eq!(needs[1].to_string(), "`gpu_available_requirement_doc()`");
/// assert_eq!(requirement_doc(), 0); // neither is met: the default runs
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Requirement {
    /// A crate or capability that must be present.
    Present(&'static str),
    /// A dependency of the plugin crate, settled when the plugin crate compiled; emitted by
    /// `#[plugin]` from the crate's `Cargo.toml`.
    #[doc(hidden)]
    Dependency {
        /// The name as written in `requires`.
        name: &'static str,
        /// The plugin crate whose dependency it is.
        of: &'static str,
        /// Whether it was compiled in.
        enabled: bool,
        /// For an optional dependency, the plugin's features that enable it.
        features: &'static [&'static str],
    },
    /// A function that must return `true`.
    Check {
        /// The function's name, for messages.
        name: &'static str,
        /// The check itself.
        check: fn() -> bool,
    },
}

impl Requirement {
    /// A crate or capability that must be present.
    #[doc(hidden)]
    pub const fn present(name: &'static str) -> Self {
        Requirement::Present(name)
    }

    /// `name`, a dependency of the plugin crate `of`, compiled in when `enabled` (a `cfg!` the
    /// macro evaluated in the plugin crate); `features` are the plugin's features that enable
    /// it when it is optional. When it is not compiled in, the requirement is met as
    /// [`Requirement::Present`] is (a linked crate or declared capability of that name), and
    /// is otherwise reported with the features to enable. `#[plugin]` emits it; there is no
    /// need to write it by hand.
    #[doc(hidden)]
    pub const fn dependency(
        name: &'static str,
        of: &'static str,
        enabled: bool,
        features: &'static [&'static str],
    ) -> Self {
        Requirement::Dependency {
            name,
            of,
            enabled,
            features,
        }
    }

    /// A function that must return `true` when the requirement is evaluated.
    #[doc(hidden)]
    pub const fn check(name: &'static str, check: fn() -> bool) -> Self {
        Requirement::Check { name, check }
    }

    /// Whether it is a check, which runs rather than looks a name up.
    pub(crate) const fn is_check(&self) -> bool {
        matches!(self, Requirement::Check { .. })
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Present(name) | Requirement::Dependency { name, .. } => {
                write!(f, "`{name}`")
            }
            Requirement::Check { name, .. } => write!(f, "`{name}()`"),
        }
    }
}

impl Serialize for Requirement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Requirement::Present(name) | Requirement::Dependency { name, .. } => {
                serializer.serialize_str(name)
            }
            Requirement::Check { name, .. } => serializer.serialize_str(&format!("{name}()")),
        }
    }
}

/// Why a requirement is not met.
///
/// ```
/// use plugkit::Unmet;
/// assert_eq!(Unmet::CheckFailed { name: "gpu" }.to_string(), "requirement `gpu()` returned false");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "unmet", rename_all = "snake_case")]
pub enum Unmet {
    /// No crate of that name registered anything and no capability of that name was declared.
    Absent {
        /// The crate or capability required.
        name: &'static str,
    },
    /// An optional dependency of the plugin crate, not enabled: none of the features that
    /// enable it is on, and no linked crate or capability has its name.
    FeatureOff {
        /// The dependency required.
        name: &'static str,
        /// The plugin crate whose dependency it is.
        crate_name: &'static str,
        /// The plugin's features that would enable it (any one is enough).
        features: &'static [&'static str],
    },
    /// The check returned `false`.
    CheckFailed {
        /// The check's name.
        name: &'static str,
    },
    /// The check panicked; the panic was caught and counts as unmet.
    CheckPanicked {
        /// The check's name.
        name: &'static str,
        /// The panic message.
        message: String,
    },
}

impl fmt::Display for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unmet::Absent { name } => write!(
                f,
                "requires `{name}`, which is neither a linked plugin crate nor a declared capability"
            ),
            Unmet::FeatureOff {
                name,
                crate_name,
                features,
            } => {
                write!(
                    f,
                    "requires `{name}`, an optional dependency of `{crate_name}` that is not enabled; "
                )?;
                match features {
                    [one] => write!(f, "enable its feature `{one}`"),
                    _ => {
                        f.write_str("enable one of its features ")?;
                        for (i, feature) in features.iter().enumerate() {
                            let sep = if i == 0 { "" } else { ", " };
                            write!(f, "{sep}`{feature}`")?;
                        }
                        Ok(())
                    }
                }
            }
            Unmet::CheckFailed { name } => write!(f, "requirement `{name}()` returned false"),
            Unmet::CheckPanicked { name, message } => {
                write!(f, "requirement `{name}()` panicked: {message}")
            }
        }
    }
}
