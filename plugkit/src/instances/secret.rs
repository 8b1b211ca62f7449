//! Typed secrets: what a constructor asks for, and the values it gets, never shown.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;

/// How to look a secret up, and how to get it if you do not have it: a `[scope]` table of
/// `secrets.toml`, a key in it, and instructions for a person.
///
/// ```
/// use plugkit::instances::SecretDescription;
///
/// const KEY: SecretDescription = SecretDescription::new("demo", "api_key", "The password is 12345");
/// assert_eq!(KEY.to_string(), "demo.api_key");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SecretDescription {
    /// The `[scope]` table of `secrets.toml` that holds the secret: usually the service's name.
    pub scope: &'static str,
    /// The key within the scope.
    pub key: &'static str,
    /// How to obtain the value; printed as a comment above the key in TOML snippets.
    pub instructions: &'static str,
}

impl SecretDescription {
    /// A description from its parts.
    ///
    /// ```
    /// let secret = plugkit::instances::SecretDescription::new("together", "api_key", "See https://api.together.xyz");
    /// assert_eq!((secret.scope, secret.key), ("together", "api_key"));
    /// ```
    pub const fn new(scope: &'static str, key: &'static str, instructions: &'static str) -> Self {
        SecretDescription {
            scope,
            key,
            instructions,
        }
    }
}

impl fmt::Display for SecretDescription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.scope, self.key)
    }
}

/// A typed secret: a type that names one entry of `secrets.toml`. Constructors ask for it as a
/// [`SecretValue<S>`] parameter (or `Option<SecretValue<S>>` when it is optional) and get it
/// injected by [`make_instance`](super::Instances::make_instance).
///
/// ```
/// use plugkit::instances::{Secret, SecretDescription};
///
/// /// The demo service's API key.
/// pub struct DemoApiKey;
///
/// impl Secret for DemoApiKey {
///     const DESCRIPTION: SecretDescription =
///         SecretDescription::new("demo", "api_key", "The password is 12345");
/// }
/// assert_eq!(DemoApiKey::DESCRIPTION.key, "api_key");
/// ```
pub trait Secret: 'static {
    /// Where the secret is looked up, and how to obtain it.
    ///
    /// ```
    /// use plugkit::instances::{Secret, SecretDescription, Secrets};
    /// pub struct Token;
    /// impl Secret for Token {
    ///     const DESCRIPTION: SecretDescription = SecretDescription::new("svc", "token", "Ask ops");
    /// }
    /// let secrets = Secrets::parse("[svc]\ntoken = \"t0k3n\"\n", "secrets.toml")?;
    /// assert_eq!(secrets.get(&Token::DESCRIPTION).map(|v| v.expose()), Some("t0k3n"));
    /// # Ok::<(), plugkit::instances::SecretsError>(())
    /// ```
    const DESCRIPTION: SecretDescription;
}

/// One secret a constructor uses, and whether it can do without it: listings read them with
/// [`Registered::secrets`](super::Registered::secrets). A `SecretValue<S>` parameter is a
/// required use of `S`, an `Option<SecretValue<S>>` an optional one.
///
/// ```
/// use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue};
/// pub trait Model {}
/// struct Remote;
/// impl Model for Remote {}
/// pub struct ApiKey;
/// impl Secret for ApiKey {
///     const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "api_key", "");
/// }
/// pub struct OrgId;
/// impl Secret for OrgId {
///     const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "org_id", "");
/// }
/// #[derive(Namespace)]
/// #[namespace(name = "doc_secret_use_models", instance = dyn Model)]
/// pub struct Models;
///
/// #[plugkit::instance(Models, uid = "remote")]
/// fn remote(key: SecretValue<ApiKey>, org: Option<SecretValue<OrgId>>) -> Remote {
///     let _ = (key, org);
///     Remote
/// }
///
/// let [key, org] = Models::instances().list()[0].secrets() else { unreachable!() };
/// assert_eq!((key.secret, key.optional), (ApiKey::DESCRIPTION, false));
/// assert_eq!(key.to_string(), "remote.api_key");
/// assert_eq!(org.to_string(), "remote.org_id (optional)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SecretUse {
    /// The secret.
    pub secret: SecretDescription,
    /// Whether the constructor runs without it (it gets `None`).
    pub optional: bool,
}

impl SecretUse {
    /// A secret the constructor cannot do without. Not public API: used by generated code and
    /// plugkit-remote.
    #[doc(hidden)]
    pub const fn required(secret: SecretDescription) -> Self {
        SecretUse {
            secret,
            optional: false,
        }
    }

    /// A secret the constructor uses when it is there. Not public API: used by generated code
    /// and plugkit-remote.
    #[doc(hidden)]
    pub const fn optional(secret: SecretDescription) -> Self {
        SecretUse {
            secret,
            optional: true,
        }
    }
}

impl fmt::Display for SecretUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.secret)?;
        if self.optional {
            f.write_str(" (optional)")?;
        }
        Ok(())
    }
}

/// A secret's value. Its `Debug` says `<redacted>`, it has no `Display` and no `Serialize`, so
/// it cannot end up in a log, a trace or an error message by accident; read it with
/// [`expose`](SecretString::expose) where it is used. It is zeroed when dropped.
///
/// Made from a `String`, a `&str` or a `Box<str>` with `From`/`Into`.
///
/// ```
/// use plugkit::instances::SecretString;
/// let key = SecretString::from("12345");
/// assert_eq!(format!("{key:?}"), "SecretString(<redacted>)");
/// assert_eq!(key.expose(), "12345");
/// let key: SecretString = String::from("12345").into();
/// assert_eq!(key.expose().len(), 5);
/// let key: SecretString = Box::<str>::from("12345").into();
/// assert_eq!(key.expose(), "12345");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(Box<str>);

impl SecretString {
    /// Wraps a value.
    pub(crate) fn new(value: impl Into<Box<str>>) -> Self {
        SecretString(value.into())
    }

    /// The value. Call it where the value is used (a request header), never to print it.
    ///
    /// ```
    /// let key = plugkit::instances::SecretString::from("12345");
    /// assert!(key.expose().starts_with('1'));
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString::new(value)
    }
}

impl From<Box<str>> for SecretString {
    fn from(value: Box<str>) -> Self {
        SecretString(value)
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

/// The value is zeroed when dropped, so that it does not stay in freed memory.
impl Drop for SecretString {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut *self.0);
    }
}

/// The value of the typed secret `S`, injected into a constructor. Like [`SecretString`], its
/// `Debug` shows which secret it is and never the value. Made from a [`SecretString`] with
/// `From`/`Into` (a constructor called by hand, in a test).
///
/// ```
/// use plugkit::instances::{Secret, SecretDescription, SecretString, SecretValue};
///
/// struct DemoApiKey;
/// impl Secret for DemoApiKey {
///     const DESCRIPTION: SecretDescription = SecretDescription::new("demo", "api_key", "");
/// }
///
/// let key = SecretValue::<DemoApiKey>::from(SecretString::from("12345"));
/// assert_eq!(format!("{key:?}"), "SecretValue(demo.api_key: <redacted>)");
/// assert_eq!(key.expose(), "12345");
/// ```
pub struct SecretValue<S: Secret> {
    value: SecretString,
    secret: PhantomData<fn() -> S>,
}

impl<S: Secret> SecretValue<S> {
    /// Wraps a value of the secret `S`.
    pub(crate) fn new(value: SecretString) -> Self {
        SecretValue {
            value,
            secret: PhantomData,
        }
    }

    /// The value. Call it where the value is used, never to print it.
    ///
    /// ```
    /// # use plugkit::instances::{Secret, SecretDescription, SecretString, SecretValue};
    /// # struct Token;
    /// # impl Secret for Token { const DESCRIPTION: SecretDescription = SecretDescription::new("svc", "token", ""); }
    /// let token: SecretValue<Token> = SecretString::from("t0k3n").into();
    /// assert_eq!(token.expose(), "t0k3n");
    /// ```
    pub fn expose(&self) -> &str {
        self.value.expose()
    }
}

impl<S: Secret> From<SecretString> for SecretValue<S> {
    fn from(value: SecretString) -> Self {
        SecretValue::new(value)
    }
}

impl<S: Secret> Clone for SecretValue<S> {
    fn clone(&self) -> Self {
        SecretValue::new(self.value.clone())
    }
}

impl<S: Secret> fmt::Debug for SecretValue<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretValue({}: <redacted>)", S::DESCRIPTION)
    }
}
