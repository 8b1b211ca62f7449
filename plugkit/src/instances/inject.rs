//! Dependency injection: what a constructor's parameters not given in `args(..)` receive.

use std::fmt;

use super::key::{HashedSecretKey, secret_key};
use super::{Secret, SecretDescription, SecretString, SecretUse, SecretValue, Secrets};
use crate::BoxError;
use crate::debug;

/// What `make_instance` hands a constructor: the uid being made, and the secrets. An
/// `#[instance]` constructor receives its secrets as parameters; a constructor written by hand
/// (a declarative plugin file's, in `plugkit-remote`) reads them here. Not public API: used by
/// generated code and `plugkit-remote`.
///
/// ```
/// use plugkit::instances::{Injector, SecretDescription};
///
/// const KEY: SecretDescription = SecretDescription::new("demo", "api_key", "From the demo console.");
///
/// fn describe(injector: &Injector<'_>) -> String {
///     let key = if injector.secret(&KEY).is_some() { "a key" } else { "no key" };
///     format!("`{}` of {} with {key}", injector.uid(), injector.namespace())
/// }
/// # let _ = describe;
/// ```
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Injector<'a> {
    namespace: &'static str,
    uid: &'static str,
    secrets: &'a Secrets,
    /// Secrets already looked up (by `make_instance`'s check that every required one is set),
    /// with their values: the injection reads them here instead of looking them up again.
    resolved: Resolved<'a>,
    /// Whether injections are traced (`make_instance` asked once).
    trace: bool,
}

/// Secrets looked up before the constructor runs: `values[i]` is the value of `uses[i]`,
/// whose key is `keys[i]`.
#[derive(Clone, Copy)]
pub(crate) struct Resolved<'a> {
    pub(crate) uses: &'static [SecretUse],
    pub(crate) keys: &'a [HashedSecretKey],
    pub(crate) values: &'a [Option<&'a SecretString>],
}

impl<'a> Injector<'a> {
    /// An injector for `uid` of `namespace`.
    #[doc(hidden)]
    pub fn new(namespace: &'static str, uid: &'static str, secrets: &'a Secrets) -> Self {
        Injector::with_resolved(
            namespace,
            uid,
            secrets,
            Resolved {
                uses: &[],
                keys: &[],
                values: &[],
            },
            debug::enabled(),
        )
    }

    /// An injector that hands out the values `make_instance` looked up already.
    pub(crate) fn with_resolved(
        namespace: &'static str,
        uid: &'static str,
        secrets: &'a Secrets,
        resolved: Resolved<'a>,
        trace: bool,
    ) -> Self {
        Injector {
            namespace,
            uid,
            secrets,
            resolved,
            trace,
        }
    }

    /// The value of `secret` if `make_instance` looked it up already (`Some(None)`: not set).
    #[inline]
    fn resolved(&self, secret: &SecretDescription) -> Option<Option<&'a SecretString>> {
        let Resolved { uses, keys, values } = self.resolved;
        if values.is_empty() {
            return None;
        }
        // Compared by key: integers (the key of the description an `#[instance]` parameter
        // injects is a constant), and the strings only when they are longer than a key holds.
        let key = secret_key(secret);
        let whole = key.0.is_whole() && key.1.is_whole();
        uses.iter()
            .zip(keys)
            .zip(values)
            .find(|((used, k), _)| {
                k.0 == key
                    && (whole
                        || (used.secret.scope == secret.scope && used.secret.key == secret.key))
            })
            .map(|(_, value)| *value)
    }

    /// The namespace's name.
    pub fn namespace(&self) -> &'static str {
        self.namespace
    }

    /// The uid being made.
    pub fn uid(&self) -> &'static str {
        self.uid
    }

    /// A secret's value, if set. Traced (without the value) to the `plugkit::instances` log
    /// target.
    #[inline]
    pub fn secret(&self, secret: &SecretDescription) -> Option<&'a SecretString> {
        let value = match self.resolved(secret) {
            Some(value) => value,
            None => self.secrets.get(secret),
        };
        if self.trace {
            self.trace_injection(secret, value.is_some());
        }
        value
    }

    #[cold]
    #[inline(never)]
    fn trace_injection(&self, secret: &SecretDescription, set: bool) {
        debug::trace!(
            "plugkit::instances",
            "  inject {secret} into `{}` ({}): {}",
            self.uid,
            self.namespace,
            if set { "set" } else { "not set" }
        );
    }
}

impl fmt::Debug for Injector<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Injector")
            .field("namespace", &self.namespace)
            .field("uid", &self.uid)
            .field("secrets", self.secrets)
            .finish()
    }
}

/// A constructor parameter that `make_instance` provides: every parameter of an
/// [`#[instance]`](crate::instance) constructor that `args(..)` does not name. plugkit
/// implements it for [`SecretValue<S>`] (a required secret), for `Option<SecretValue<S>>` (an
/// optional one) and for [`Uid`] (the uid being made). `SECRET` declares the secret the
/// parameter reads, so that listings and `missing_dependencies` know it without constructing
/// anything.
///
/// Not public API: used by generated code.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be injected into an instance constructor",
    label = "give this parameter a value in `args(..)` of `#[instance]`",
    note = "parameters not named in `args(..)` are injected: `SecretValue<S>`, `Option<SecretValue<S>>` or `Uid`"
)]
pub trait Inject: Sized {
    /// The secret this parameter reads, if any.
    const SECRET: Option<SecretUse>;

    /// The value for this parameter. A required secret that is not set is an error (which
    /// `make_instance` reports, with every other missing secret, before constructing).
    fn inject(injector: &Injector<'_>) -> Result<Self, BoxError>;
}

impl<S: Secret> Inject for SecretValue<S> {
    const SECRET: Option<SecretUse> = Some(SecretUse::required(S::DESCRIPTION));

    fn inject(injector: &Injector<'_>) -> Result<Self, BoxError> {
        match injector.secret(&S::DESCRIPTION) {
            Some(value) => Ok(SecretValue::new(value.clone())),
            None => Err(format!("the secret `{}` is not set", S::DESCRIPTION).into()),
        }
    }
}

impl<S: Secret> Inject for Option<SecretValue<S>> {
    const SECRET: Option<SecretUse> = Some(SecretUse::optional(S::DESCRIPTION));

    fn inject(injector: &Injector<'_>) -> Result<Self, BoxError> {
        Ok(injector
            .secret(&S::DESCRIPTION)
            .map(|value| SecretValue::new(value.clone())))
    }
}

/// The uid an instance was made under, for a constructor that wants it (ModelGauge passes it
/// as every constructor's first argument; here a constructor asks for it by taking a `Uid`
/// parameter, which [`#[instance]`](crate::instance) injects).
///
/// ```
/// use plugkit::instances::{Namespace, Secrets, Uid};
/// pub trait Named { fn name(&self) -> String; }
/// struct Labelled(Uid);
/// impl Named for Labelled { fn name(&self) -> String { self.0.to_string() } }
/// #[derive(Namespace)]
/// #[namespace(name = "doc_uid_labels", instance = dyn Named)]
/// pub struct Labels;
///
/// #[plugkit::instance(Labels, uid = "first")]
/// #[plugkit::instance(Labels, uid = "second")]
/// fn labelled(uid: Uid) -> Labelled { Labelled(uid) }
///
/// assert_eq!(Labels::instances().make_instance("second", &Secrets::default())?.name(), "second");
/// # Ok::<(), plugkit::instances::InstanceError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uid(&'static str);

impl Uid {
    /// The uid.
    ///
    /// ```
    /// # use plugkit::instances::{Namespace, Secrets, Uid};
    /// # pub trait Named { fn name(&self) -> &'static str; }
    /// struct Labelled(Uid);
    /// impl Named for Labelled { fn name(&self) -> &'static str { self.0.as_str() } }
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_uid_as_str_labels", instance = dyn Named)]
    /// # pub struct Labels;
    /// #[plugkit::instance(Labels, uid = "first")]
    /// fn labelled(uid: Uid) -> Labelled { Labelled(uid) }
    ///
    /// assert_eq!(Labels::instances().make_instance("first", &Secrets::default())?.name(), "first");
    /// # Ok::<(), plugkit::instances::InstanceError>(())
    /// ```
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Inject for Uid {
    const SECRET: Option<SecretUse> = None;

    fn inject(injector: &Injector<'_>) -> Result<Self, BoxError> {
        Ok(Uid(injector.uid()))
    }
}
