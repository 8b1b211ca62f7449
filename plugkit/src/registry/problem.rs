//! What can be wrong with a set of registrations.

use std::fmt;

use serde::Serialize;
use thiserror::Error;

use crate::origin::Located;
use crate::{Origin, Point};

/// One thing wrong with the registrations, found when the registry is built.
///
/// ```
/// use plugkit::Problem;
/// let problem = Problem::OrderCycle { point: "plugkit://h/f".into(), cycle: vec!["a".into(), "b".into(), "a".into()] };
/// assert!(problem.to_string().starts_with("the `before`/`after` constraints on `plugkit://h/f` form a cycle: a -> b -> a"));
///
/// let problem = Problem::WrongPayload {
///     point: "plugkit://h/f".into(),
///     id: "p::f".into(),
///     origin: plugkit::origin!("f"),
///     expected: "fn() -> u8".into(),
/// };
/// let message = problem.to_string();
/// assert!(message.starts_with("plugin `p::f` (plugkit-framework "));
/// assert!(message.contains("registered something other than a `fn() -> u8` for `plugkit://h/f`"));
/// ```
///
/// A strict build ([`RegistryBuilder::build`](crate::RegistryBuilder::build)) fails with all of
/// them; a partial one ([`RegistryBuilder::build_partial`](crate::RegistryBuilder::build_partial))
/// sets the offending entries aside, records why, and keeps the rest.
#[non_exhaustive]
#[derive(Clone, Debug, Error, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// Two entries of one point have the same id: a plugin id, a `type` tag, a uid (each style
    /// names its ids; Qik lets the later tag silently win, and ModelGauge's `assert` on uids
    /// vanishes under `python -O`).
    #[error(
        "{id_noun} `{id}` is registered twice on `{point}`: by {} and by {}\n  fix: {fix}",
        Located(first),
        Located(second)
    )]
    Duplicate {
        /// The point's URL.
        point: String,
        /// What the point's style calls an id: `plugin id`, `configuration type`, `uid`.
        id_noun: &'static str,
        /// The id both use.
        id: String,
        /// One registration.
        first: Origin,
        /// The other.
        second: Origin,
        /// How to resolve it, in the style's terms.
        fix: &'static str,
    },
    /// Two crates declare a point with the same URL.
    #[error(
        "extension point `{url}` is declared twice: by {} and by {}\n  \
         fix: give one of them its own `domain` or `category`",
        Located(first),
        Located(second)
    )]
    DuplicatePoint {
        /// The URL both use.
        url: String,
        /// One declaration.
        first: Origin,
        /// The other.
        second: Origin,
    },
    /// An entry names a point that nothing declares.
    #[error(
        "plugin `{id}` ({origin}) implements `{point}`, which no linked crate declares\n  \
         fix: link the crate that declares the point, or correct the point's URL"
    )]
    UnknownPoint {
        /// The URL the entry names.
        point: String,
        /// The entry's id.
        id: String,
        /// Where the entry was registered.
        origin: Origin,
    },
    /// An entry's payload is not of the type its point expects.
    #[error(
        "plugin `{id}` ({origin}) registered something other than a `{expected}` for `{point}`\n  \
         fix: register it with `#[plugin]`, which checks the signature when it compiles"
    )]
    WrongPayload {
        /// The point's URL.
        point: String,
        /// The entry's id.
        id: String,
        /// Where the entry was registered.
        origin: Origin,
        /// What the point expects.
        expected: String,
    },
    /// A plugin crate the registration crate names registered nothing: the linker dropped it,
    /// nothing names it any more, or the features its registrations need are off.
    #[error("{}", missing_plugin(crate_name, version, registration, features_off, *by_build_script))]
    MissingPlugin {
        /// The plugin crate.
        crate_name: String,
        /// The version recorded.
        version: String,
        /// The registration crate that expects it.
        registration: String,
        /// Features of the plugin crate that the linking crate does not enable (see
        /// the `features_off` field of [`ExpectedPlugin`](crate::ExpectedPlugin)).
        features_off: Vec<String>,
        /// Whether a host's build script links it (`registration` is then the host package).
        by_build_script: bool,
    },
    /// A plugin crate registered under another version than the registration crate recorded.
    #[error(
        "plugin crate `{crate_name}` registered version {found}, but `{registration}` was generated \
         for {expected}\n  \
         fix: run `cargo plugkit sync` to regenerate `{registration}`"
    )]
    StalePlugin {
        /// The plugin crate.
        crate_name: String,
        /// The version recorded by `cargo plugkit sync`.
        expected: String,
        /// The version that registered.
        found: String,
        /// The registration crate.
        registration: String,
    },
    /// `before`/`after` constraints of one point form a cycle.
    #[error(
        "the `before`/`after` constraints on `{point}` form a cycle: {}\n  \
         fix: remove one of these constraints",
        Cycle(cycle)
    )]
    OrderCycle {
        /// The point's URL.
        point: String,
        /// The entries in the cycle, in order; the first is repeated at the end.
        cycle: Vec<String>,
    },
}

impl Problem {
    /// Two entries of `point` share `id`: worded with the point's style.
    pub(crate) fn duplicate(point: &Point, id: &str, first: Origin, second: Origin) -> Self {
        Problem::Duplicate {
            point: point.url.to_owned(),
            id_noun: point.style.id_noun,
            id: id.to_owned(),
            first,
            second,
            fix: point.style.duplicate_fix,
        }
    }
}

/// The message of [`Problem::MissingPlugin`]. A registration crate records the plugin's
/// features it leaves off (any of them may be the one its registrations need); a build script
/// records those the plugin declares it needs and the host does not enable.
fn missing_plugin(
    crate_name: &str,
    version: &str,
    registration: &str,
    features_off: &[String],
    by_build_script: bool,
) -> String {
    let quoted = features_off
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let list = features_off
        .iter()
        .map(|f| format!("{f:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let noun = if features_off.len() == 1 {
        "feature"
    } else {
        "features"
    };
    let must = "a plugin crate must register at least one entry or capability";
    match (by_build_script, features_off.is_empty()) {
        (false, true) => format!(
            "plugin crate `{crate_name}` {version} is expected by `{registration}` but registered \
             nothing\n  fix: run `cargo plugkit sync` so that `{registration}` names it, and call \
             `{}::init()` at the start of `main`; {must}",
            registration.replace('-', "_")
        ),
        (false, false) => format!(
            "plugin crate `{crate_name}` {version} is expected by `{registration}` but registered \
             nothing; its {noun} {quoted} {} off\n  fix: if its registrations need one, declare \
             it in the Cargo.toml of `{crate_name}` (`[package.metadata.plugkit]` `features = \
             [{list}]`) and run `cargo plugkit sync`, which enables it; {must}",
            if features_off.len() == 1 { "is" } else { "are" }
        ),
        (true, true) => format!(
            "plugin crate `{crate_name}` {version} is a dependency of `{registration}` but \
             registered nothing\n  fix: {must}; if `{crate_name}` is no plugin, add `host = \
             false` to its `[package.metadata.plugkit]`, or `.exclude(\"{crate_name}\")` to the \
             `plugkit_build::Linker` in the build script of `{registration}`"
        ),
        (true, false) => format!(
            "plugin crate `{crate_name}` {version} is a dependency of `{registration}` but \
             registered nothing: its registrations need the {noun} {quoted}, which \
             `{registration}` does not enable\n  fix: add `features = [{list}]` to the dependency \
             on `{crate_name}` in the Cargo.toml of `{registration}`"
        ),
    }
}

struct Cycle<'a>(&'a [String]);

impl fmt::Display for Cycle<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" -> ")?;
            }
            f.write_str(id)?;
        }
        Ok(())
    }
}

/// A strict build found problems; each is listed with its fix.
///
/// ```
/// use plugkit::Registry;
///
/// #[plugkit::pluggable]
/// pub fn build_error_doc() -> u8 { 0 }
///
/// #[plugkit::plugin(build_error_doc, name = "twice")]
/// fn twice_build_error_doc() -> u8 { 2 }
///
/// // A registry of our own, where the plugin is registered twice.
/// let entry = plugkit::registry().point(build_error_doc::URL).unwrap().entries()[0];
/// let err = Registry::builder().discovered().entries([entry]).build().unwrap_err();
/// assert_eq!(err.problems().len(), 1);
/// let message = err.to_string();
/// assert!(message.starts_with(&format!(
///     "the plugin registry has 1 problem:\n- plugin id `twice` is registered twice on `{}`: by plugkit-framework ",
///     build_error_doc::URL
/// )));
/// assert!(message.contains("\n  fix: give each its own id"));
/// ```
#[derive(Clone, Error, PartialEq, Eq)]
pub struct BuildError {
    problems: Vec<Problem>,
}

impl BuildError {
    pub(crate) fn new(problems: Vec<Problem>) -> Self {
        BuildError { problems }
    }

    /// Every problem found, in a deterministic order.
    ///
    /// ```
    /// use plugkit::{Problem, Registry};
    ///
    /// #[plugkit::pluggable]
    /// pub fn build_error_problems_doc() -> u8 { 0 }
    ///
    /// #[plugkit::plugin(build_error_problems_doc, name = "stray")]
    /// fn stray_build_error_problems_doc() -> u8 { 1 }
    ///
    /// // A registry of our own with the plugin alone: its point is not declared there.
    /// let entry = plugkit::registry().point(build_error_problems_doc::URL).unwrap().entries()[0];
    /// let err = Registry::builder().entries([entry]).build().unwrap_err();
    /// assert!(matches!(err.problems(), [Problem::UnknownPoint { id, .. }] if id == "stray"));
    /// ```
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

/// The message itself, so that `fn main() -> Result<(), Box<dyn Error>>` with `init()?` shows
/// each problem and its fix rather than a struct dump; [`BuildError::problems`] has the parts.
///
/// ```
/// #[plugkit::pluggable]
/// pub fn build_error_debug_doc() -> u8 { 0 }
///
/// #[plugkit::plugin(build_error_debug_doc, name = "stray")]
/// fn stray_build_error_debug_doc() -> u8 { 1 }
///
/// let entry = plugkit::registry().point(build_error_debug_doc::URL).unwrap().entries()[0];
/// let err = plugkit::Registry::builder().entries([entry]).build().unwrap_err();
/// assert_eq!(format!("{err:?}"), err.to_string());
/// assert!(format!("{err:?}").contains("\n  fix: link the crate that declares the point"));
/// ```
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the plugin registry has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n- {problem}")?;
        }
        Ok(())
    }
}
