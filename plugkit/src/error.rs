//! The error every plugkit error converts into, and the errors of the core.

use std::fmt;

use thiserror::Error;

use crate::BuildError;
use crate::fns::NoPlugin;

/// The error a plugin's own code returns (an instance's constructor, a plugin command): any
/// error converts into it with `?` or `.into()`, a string included.
///
/// ```
/// let err: plugkit::BoxError = std::io::Error::other("disk full").into();
/// assert_eq!(err.to_string(), "disk full");
/// let err: plugkit::BoxError = "the database is locked".into();
/// assert_eq!(err.to_string(), "the database is locked");
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Any plugkit error: every error type plugkit returns converts into it, so a host propagates
/// them all with `?`.
///
/// Its `Debug` is its message, as is every plugkit error's: `fn main() -> Result<(),
/// plugkit::Error>` (or `Box<dyn Error>`) that ends with an error prints `Error: ` and the
/// message with its `fix:` line, never a struct dump.
///
/// ```
/// fn run() -> Result<(), plugkit::Error> {
///     plugkit::registry().point("plugkit://nowhere/f")?;
///     Ok(())
/// }
/// let err = run().unwrap_err();
/// assert!(matches!(err, plugkit::Error::UnknownPoint(_)));
/// assert_eq!(format!("{err:?}"), err.to_string());
/// assert!(err.to_string().ends_with("fix: link the crate that declares it, and check the URL with `Registry::points`"));
/// ```
#[non_exhaustive]
#[derive(Error)]
pub enum Error {
    /// The registrations have problems.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// No point has the URL asked for.
    #[error(transparent)]
    UnknownPoint(#[from] UnknownPoint),
    /// The program-wide registry was already set.
    #[error(transparent)]
    AlreadyInitialized(#[from] AlreadyInitialized),
    /// A `first_match` pluggable function without a default has no available plugin.
    #[error(transparent)]
    NoPlugin(#[from] NoPlugin),
    /// A configuration could not be decoded.
    #[cfg(feature = "config")]
    #[error(transparent)]
    Decode(#[from] crate::config::DecodeError),
    /// A `{ctx.<ns>.<var>}` string could not be formatted.
    #[cfg(feature = "config")]
    #[error(transparent)]
    Format(#[from] crate::config::FormatError),
    /// A plugin's configuration section could not be read.
    #[cfg(feature = "config")]
    #[error(transparent)]
    Section(#[from] crate::config::SectionError),
    /// A plugin command has the name of one of the host's own subcommands.
    #[cfg(feature = "clap")]
    #[error(transparent)]
    CommandConflict(#[from] crate::config::CommandConflict),
    /// An instance could not be looked up or made.
    #[cfg(feature = "instances")]
    #[error(transparent)]
    Instance(#[from] crate::instances::InstanceError),
    /// A secrets file could not be read.
    #[cfg(feature = "instances")]
    #[error(transparent)]
    Secrets(#[from] crate::instances::SecretsError),
    /// A plugin's own code failed and returned its error as a [`BoxError`] (a plugin command's
    /// run function, which `config::Commands::run` returns); the message is the plugin's.
    #[error(transparent)]
    Plugin(#[from] BoxError),
}

/// The errors that [`InstanceError`](crate::instances::InstanceError) gathers convert through it.
#[cfg(feature = "instances")]
macro_rules! through_instance_error {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Self {
                Error::Instance(e.into())
            }
        }
    )*};
}

#[cfg(feature = "instances")]
through_instance_error!(
    crate::instances::UnknownUid,
    crate::instances::MissingSecrets,
    crate::instances::ConstructError
);

/// Implements `Debug` as the message (`Display`), so that `fn main() -> Result<(), E>` and
/// `Box<dyn Error>` show the message and its `fix:` line rather than a struct dump.
macro_rules! debug_is_display {
    ($($t:ty),*) => {$(
        impl ::std::fmt::Debug for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self, f)
            }
        }
    )*};
}

pub(crate) use debug_is_display;

/// No point has the URL asked for.
///
/// ```
/// let registry = plugkit::Registry::builder().build().unwrap();
/// let err = registry.point("plugkit://host/nope").unwrap_err();
/// assert_eq!(err.to_string(), "no extension point `plugkit://host/nope` is registered (none are)\n  \
///     fix: link the crate that declares it, and check the URL with `Registry::points`");
/// ```
#[derive(Clone, Error, PartialEq, Eq)]
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

/// [`install`](crate::install) found the program-wide registry already set.
///
/// ```
/// plugkit::registry(); // sets it
/// let err = plugkit::install(plugkit::Registry::builder().build().unwrap()).unwrap_err();
/// assert!(err.to_string().starts_with("the program-wide plugin registry is already set"));
/// ```
#[derive(Clone, Copy, Error, PartialEq, Eq)]
#[error(
    "the program-wide plugin registry is already set\n  \
     fix: call `plugkit::install` (or `plugkit::init`) once, at the start of `main`, before any \
     pluggable function runs"
)]
pub struct AlreadyInitialized;

crate::error::debug_is_display!(Error, UnknownPoint, AlreadyInitialized);
