//! The errors of the core and of pluggable functions.

use std::fmt;

use thiserror::Error;

use crate::{BuildError, Origin};

/// Any plugkit error, for hosts that want one type to propagate with `?`.
///
/// ```
/// fn run() -> Result<(), plugkit::Error> {
///     plugkit::registry().require_point("plugkit://nowhere/f")?;
///     Ok(())
/// }
/// assert!(matches!(run(), Err(plugkit::Error::UnknownPoint(_))));
/// ```
#[non_exhaustive]
#[derive(Debug, Error)]
pub enum Error {
    /// The registrations have problems.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// No point has the URL asked for.
    #[error(transparent)]
    UnknownPoint(#[from] UnknownPoint),
    /// A `first_match` point without a default has no available plugin.
    #[error(transparent)]
    NoPlugin(#[from] NoPlugin),
    /// The program-wide registry was already set.
    #[error(transparent)]
    AlreadyInitialized(#[from] AlreadyInitialized),
}

/// No point has the URL asked for.
///
/// ```
/// let registry = plugkit::Registry::builder().build().unwrap();
/// let err = registry.require_point("plugkit://host/nope").unwrap_err();
/// assert_eq!(err.to_string(), "no extension point `plugkit://host/nope` is registered (none are)\n  \
///     fix: link the crate that declares it, and check the URL with `Registry::points`");
/// ```
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub struct UnknownPoint {
    url: String,
    known: Vec<String>,
}

impl UnknownPoint {
    pub(crate) fn new(url: &str, known: Vec<String>) -> Self {
        UnknownPoint {
            url: url.to_owned(),
            known,
        }
    }

    /// The URL asked for.
    ///
    /// ```
    /// let registry = plugkit::Registry::builder().build().unwrap();
    /// assert_eq!(registry.require_point("plugkit://h/x").unwrap_err().url(), "plugkit://h/x");
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl fmt::Display for UnknownPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no extension point `{}` is registered", self.url)?;
        match crate::suggest::did_you_mean(&self.url, self.known.iter().map(String::as_str)) {
            Some(best) => write!(f, "; did you mean `{best}`?")?,
            None if self.known.is_empty() => f.write_str(" (none are)")?,
            None => write!(f, " (known: {})", crate::suggest::short_list(&self.known))?,
        }
        f.write_str(
            "\n  fix: link the crate that declares it, and check the URL with `Registry::points`",
        )
    }
}

/// A plugin passed over, and why.
///
/// ```
/// #[plugkit::pluggable]
/// pub fn measured() -> u32;
///
/// fn never() -> bool { false }
///
/// #[plugkit::plugin(measured, requires = [never])]
/// fn measured_never() -> u32 { 1 }
///
/// let err = measured().unwrap_err();
/// let skipped: &plugkit::Skipped = &err.skipped()[0];
/// assert_eq!(skipped.origin.item, "measured_never");
/// assert_eq!(skipped.reason, "skipped: requirement `never()` returned false");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The entry's id.
    pub id: &'static str,
    /// Where it was registered.
    pub origin: Origin,
    /// Why it was passed over.
    pub reason: String,
}

/// A `first_match` pluggable function without a default body was called, and no plugin is
/// available. Lists every candidate with the reason it was skipped, and the fix.
///
/// ```
/// #[plugkit::pluggable(category = "docs")]
/// pub fn orphan(x: u32) -> u32;
///
/// let err = orphan(1).unwrap_err();
/// assert!(err.to_string().starts_with("no plugin is available for `plugkit://plugkit/docs/orphan`"));
/// ```
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub struct NoPlugin {
    url: &'static str,
    skipped: Vec<Skipped>,
}

impl NoPlugin {
    pub(crate) fn new(url: &'static str, skipped: Vec<Skipped>) -> Self {
        NoPlugin { url, skipped }
    }

    /// The point's URL.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn nothing_here() -> u32;
    /// assert_eq!(nothing_here().unwrap_err().url(), nothing_here::URL);
    /// ```
    pub fn url(&self) -> &'static str {
        self.url
    }

    /// The candidates and why each was skipped.
    ///
    /// ```
    /// #[plugkit::pluggable]
    /// pub fn unclaimed() -> u32;
    /// assert!(unclaimed().unwrap_err().skipped().is_empty());
    /// ```
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }
}

impl fmt::Display for NoPlugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no plugin is available for `{}`, and it has no default implementation",
            self.url
        )?;
        if self.skipped.is_empty() {
            f.write_str("\n  no linked crate registers a plugin for it")?;
        } else {
            f.write_str("\n  candidates:")?;
            for s in &self.skipped {
                write!(
                    f,
                    "\n  - {} ({} {}): {}",
                    s.id, s.origin.crate_name, s.origin.crate_version, s.reason
                )?;
            }
        }
        f.write_str(
            "\n  fix: add a plugin crate that implements it and run `cargo plugkit sync`, or meet \
             a requirement above; PLUGKIT_DEBUG=1 traces the selection",
        )
    }
}

/// A plugin panicked while `collect_all` ran it; the panic was caught and the other plugins
/// still ran.
///
/// ```
/// let panic = plugkit::PluginPanic { id: "p::f", origin: plugkit::origin!("f"), message: "boom".into() };
/// assert!(panic.to_string().starts_with("plugin `p::f` (plugkit "));
/// assert!(panic.to_string().ends_with("panicked: boom"));
/// ```
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("plugin `{id}` ({origin}) panicked: {message}")]
pub struct PluginPanic {
    /// The entry's id.
    pub id: &'static str,
    /// Where it was registered.
    pub origin: Origin,
    /// The panic message.
    pub message: String,
}

/// [`install`](crate::install) found the program-wide registry already set.
///
/// ```
/// plugkit::registry(); // sets it
/// let err = plugkit::install(plugkit::Registry::builder().build().unwrap()).unwrap_err();
/// assert!(err.to_string().starts_with("the program-wide plugin registry is already set"));
/// ```
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
#[error(
    "the program-wide plugin registry is already set\n  \
     fix: call `plugkit::install` (or `plugkit::init`) once, at the start of `main`, before any \
     pluggable function runs"
)]
pub struct AlreadyInitialized;
