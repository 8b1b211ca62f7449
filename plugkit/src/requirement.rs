//! What an entry needs in order to be available.

use std::fmt;

use serde::{Serialize, Serializer};

/// Something an entry needs; an entry whose requirement is unmet is skipped, with the reason
/// recorded for [`Registry::explain`](crate::Registry::explain) and the error messages.
///
/// - [`Requirement::Present`] names a crate or a capability. It is met when a crate of that name
///   registered anything (`-` and `_` are the same), or when a [`Capability`](crate::Capability)
///   of that name was declared by a crate or by the host.
/// - [`Requirement::Check`] is a function evaluated at run time (`requires = [rhino_running]`).
///   It is evaluated when the point first selects, and again on every call for entries marked
///   [`recheck_each_call`](crate::Entry::recheck_each_call).
///
/// ```
/// use plugkit::Requirement;
///
/// fn gpu_available() -> bool { false }
///
/// const NEEDS: &[Requirement] = &[
///     Requirement::present("compas-like-geo"),
///     Requirement::check("gpu_available", gpu_available),
/// ];
/// assert_eq!(NEEDS[0].to_string(), "`compas-like-geo`");
/// assert_eq!(NEEDS[1].to_string(), "`gpu_available()`");
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Requirement {
    /// A crate or capability that must be present.
    Present(&'static str),
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
    ///
    /// ```
    /// assert!(matches!(plugkit::Requirement::present("geo"), plugkit::Requirement::Present("geo")));
    /// ```
    pub const fn present(name: &'static str) -> Self {
        Requirement::Present(name)
    }

    /// A function that must return `true` when the requirement is evaluated.
    ///
    /// ```
    /// let req = plugkit::Requirement::check("always", || true);
    /// assert_eq!(req.to_string(), "`always()`");
    /// ```
    pub const fn check(name: &'static str, check: fn() -> bool) -> Self {
        Requirement::Check { name, check }
    }

    /// Whether this requirement runs code (and so may change between calls).
    ///
    /// ```
    /// assert!(plugkit::Requirement::check("f", || true).is_check());
    /// assert!(!plugkit::Requirement::present("geo").is_check());
    /// ```
    pub const fn is_check(&self) -> bool {
        matches!(self, Requirement::Check { .. })
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Present(name) => write!(f, "`{name}`"),
            Requirement::Check { name, .. } => write!(f, "`{name}()`"),
        }
    }
}

impl Serialize for Requirement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Requirement::Present(name) => serializer.serialize_str(name),
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
            Unmet::CheckFailed { name } => write!(f, "requirement `{name}()` returned false"),
            Unmet::CheckPanicked { name, message } => {
                write!(f, "requirement `{name}()` panicked: {message}")
            }
        }
    }
}
