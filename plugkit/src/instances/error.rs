//! What can go wrong when a uid is looked up or constructed.

use std::fmt;

use thiserror::Error;

use super::MissingSecrets;
use crate::{BoxError, Origin, Problem, Unmet};

/// Why [`make_instance`](super::Instances::make_instance) (or a look-up) failed. Every variant
/// names the namespace and the uid; none holds a secret's value.
///
/// ```
/// use plugkit::instances::{InstanceError, Namespace, Secrets};
///
/// pub trait Greeter { fn greet(&self) -> String; }
///
/// #[derive(Namespace)]
/// #[namespace(name = "doc_error_greeters", instance = dyn Greeter)]
/// pub struct Greeters;
///
/// let err = Greeters::instances().make_instance("nobody", &Secrets::default()).err().unwrap();
/// assert!(matches!(err, InstanceError::UnknownUid(_)));
/// ```
#[non_exhaustive]
#[derive(Error)]
pub enum InstanceError {
    /// No entry of the namespace has this uid.
    #[error(transparent)]
    UnknownUid(Box<UnknownUid>),
    /// The uid was registered, but set aside when the registry was built (a duplicate uid).
    #[error(
        "`{uid}` ({namespace}) cannot be used: it was set aside when the plugin registry was built\n  \
         {problem}"
    )]
    Rejected {
        /// The namespace's name.
        namespace: &'static str,
        /// The uid.
        uid: String,
        /// Why it was set aside, with the fix.
        problem: Box<Problem>,
    },
    /// A requirement of the entry is not met.
    #[error(
        "`{uid}` ({namespace}, from {origin}) is not available: {unmet}\n  \
         fix: link or enable what it requires"
    )]
    Unavailable {
        /// The namespace's name.
        namespace: &'static str,
        /// The uid.
        uid: &'static str,
        /// Where it was registered.
        origin: Box<Origin>,
        /// The requirement not met.
        unmet: Box<Unmet>,
    },
    /// Secrets it needs are not set; nothing was constructed.
    #[error(transparent)]
    MissingSecrets(Box<MissingSecrets>),
    /// The constructor ran and failed (or panicked).
    #[error(transparent)]
    Construct(Box<ConstructError>),
}

// The large parts are boxed, so that every `Result` of a look-up or a `make_instance` stays
// small: errors are rare, and a caller moves the `Result` every time.
impl From<UnknownUid> for InstanceError {
    fn from(e: UnknownUid) -> Self {
        InstanceError::UnknownUid(Box::new(e))
    }
}

impl From<MissingSecrets> for InstanceError {
    fn from(e: MissingSecrets) -> Self {
        InstanceError::MissingSecrets(Box::new(e))
    }
}

impl From<ConstructError> for InstanceError {
    fn from(e: ConstructError) -> Self {
        InstanceError::Construct(Box::new(e))
    }
}

/// No entry of a namespace has the uid asked for. Lists the known uids, sorted, with the
/// closest one as a suggestion.
///
/// ```
/// use plugkit::instances::{InstanceError, Namespace, Secrets};
///
/// pub trait Answer { fn answer(&self) -> u32; }
/// struct FortyTwo;
/// impl Answer for FortyTwo { fn answer(&self) -> u32 { 42 } }
///
/// #[derive(Namespace)]
/// #[namespace(name = "doc_unknown_answers", instance = dyn Answer)]
/// pub struct Answers;
///
/// #[plugkit::instance(Answers, uid = "forty_two")]
/// fn forty_two() -> FortyTwo { FortyTwo }
///
/// let Err(InstanceError::UnknownUid(err)) = Answers::instances().make_instance("forty_tow", &Secrets::default()) else { panic!() };
/// assert_eq!(err.to_string(), "no uid `forty_tow` in namespace `doc_unknown_answers`; did you mean `forty_two`?\n  \
///     known uids: `forty_two`\n  \
///     fix: use one of the known uids, or link the plugin crate that registers `forty_tow`");
/// ```
#[derive(Clone, PartialEq, Eq, Error)]
pub struct UnknownUid {
    namespace: &'static str,
    uid: String,
    known: Vec<&'static str>,
}

impl UnknownUid {
    pub(crate) fn new(namespace: &'static str, uid: &str, mut known: Vec<&'static str>) -> Self {
        known.sort_unstable();
        UnknownUid {
            namespace,
            uid: uid.to_owned(),
            known,
        }
    }

    /// The known uid closest to the one asked for, if one is close enough to be a typo.
    pub(crate) fn suggestion(&self) -> Option<&'static str> {
        crate::suggest::did_you_mean(&self.uid, self.known.iter().copied())
    }
}

impl fmt::Display for UnknownUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no uid `{}` in namespace `{}`", self.uid, self.namespace)?;
        if self.known.is_empty() {
            return write!(
                f,
                ", which is empty\n  fix: link a plugin crate that registers instances in `{}`",
                self.namespace
            );
        }
        if let Some(best) = self.suggestion() {
            write!(f, "; did you mean `{best}`?")?;
        }
        f.write_str("\n  known uids: ")?;
        for (i, uid) in self.known.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{uid}`")?;
        }
        write!(
            f,
            "\n  fix: use one of the known uids, or link the plugin crate that registers `{}`",
            self.uid
        )
    }
}

/// A constructor ran and failed, or panicked: its error, with the uid and where the entry was
/// registered.
///
/// ```
/// use plugkit::instances::{InstanceError, Namespace, Secrets};
///
/// pub trait Connection {}
/// struct Tcp;
/// impl Connection for Tcp {}
///
/// #[derive(Namespace)]
/// #[namespace(name = "doc_construct_connections", instance = dyn Connection)]
/// pub struct Connections;
///
/// #[plugkit::instance(Connections, uid = "refused")]
/// fn refused() -> Result<Tcp, std::io::Error> {
///     Err(std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "port 9 refused the connection"))
/// }
///
/// let Err(InstanceError::Construct(err)) = Connections::instances().make_instance("refused", &Secrets::default()) else { panic!() };
/// assert!(err.to_string().starts_with("constructing `refused` (doc_construct_connections) failed: port 9 refused the connection\n"));
/// ```
#[derive(Error)]
#[error(
    "constructing `{uid}` ({namespace}) failed: {source}\n  \
     registered by {origin}"
)]
pub struct ConstructError {
    namespace: &'static str,
    uid: &'static str,
    origin: Origin,
    source: BoxError,
}

impl ConstructError {
    pub(crate) fn new(
        namespace: &'static str,
        uid: &'static str,
        origin: Origin,
        source: BoxError,
    ) -> Self {
        ConstructError {
            namespace,
            uid,
            origin,
            source,
        }
    }
}

/// A constructor panicked; the panic was caught and is reported as its error.
#[derive(Debug, Error)]
#[error("the constructor panicked: {0}")]
pub(crate) struct ConstructorPanicked(pub(crate) String);

crate::error::debug_is_display!(InstanceError, UnknownUid, ConstructError);
