//! One uid of a namespace, as listings show it.

use std::fmt;

use super::{Arg, Factory, Missing, SecretUse, Secrets};
use crate::{Entry, Origin};

/// One uid registered in a namespace, as [`Instances::list`](super::Instances::list) and
/// [`Instances::get`](super::Instances::get) give it: what a CLI lists (uid, type, origin
/// crate, arguments, secrets used and secrets missing). It displays as ModelGauge prints a
/// factory entry, `Type(arg = value, ..)`.
///
/// ```
/// use plugkit::instances::{Namespace, Secrets, SecretValue, Secret, SecretDescription};
///
/// pub trait Model {}
/// struct Remote;
/// impl Model for Remote {}
///
/// pub struct ApiKey;
/// impl Secret for ApiKey {
///     const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "api_key", "Ask the remote team");
/// }
///
/// #[derive(Namespace)]
/// #[namespace(name = "doc_registered_models", instance = dyn Model)]
/// pub struct Models;
///
/// #[plugkit::instance(Models, uid = "remote_small", args(size = 7))]
/// fn remote(key: SecretValue<ApiKey>, size: u32) -> Remote { let _ = (key, size); Remote }
///
/// let listed = &Models::instances().list()[0];
/// assert_eq!(listed.uid(), "remote_small");
/// assert_eq!(listed.type_name(), "Remote");
/// assert_eq!(listed.to_string(), "Remote(size = 7)");
/// assert_eq!(listed.secrets()[0].to_string(), "remote.api_key");
/// assert_eq!(Models::instances().missing_dependencies("remote_small", &Secrets::default())?.len(), 1);
/// # Ok::<(), plugkit::instances::InstanceError>(())
/// ```
pub struct Registered<'r, T: ?Sized + 'static> {
    namespace: &'static str,
    entry: &'r Entry,
    factory: &'static Factory<T>,
}

impl<T: ?Sized + 'static> Clone for Registered<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized + 'static> Copy for Registered<'_, T> {}

impl<'r, T: ?Sized + 'static> Registered<'r, T> {
    pub(crate) fn new(
        namespace: &'static str,
        entry: &'r Entry,
        factory: &'static Factory<T>,
    ) -> Self {
        Registered {
            namespace,
            entry,
            factory,
        }
    }

    /// The uid.
    ///
    /// ```
    /// # use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue, Secrets};
    /// # pub trait Model {}
    /// # struct Remote;
    /// # impl Model for Remote {}
    /// # pub struct ApiKey;
    /// # impl Secret for ApiKey { const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "api_key", ""); }
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_registered_uid_models", instance = dyn Model)]
    /// # pub struct Models;
    /// #[plugkit::instance(Models, uid = "remote_small", args(size = 7))]
    /// fn remote(key: SecretValue<ApiKey>, size: u32) -> Remote { let _ = (key, size); Remote }
    ///
    /// assert_eq!(Models::instances().list()[0].uid(), "remote_small");
    /// ```
    pub fn uid(&self) -> &'static str {
        self.entry.id()
    }

    /// The name of the type it makes, as the constructor's return type is written.
    ///
    /// ```
    /// # use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue, Secrets};
    /// # pub trait Model {}
    /// # struct Remote;
    /// # impl Model for Remote {}
    /// # pub struct ApiKey;
    /// # impl Secret for ApiKey { const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "api_key", ""); }
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_registered_type_models", instance = dyn Model)]
    /// # pub struct Models;
    /// #[plugkit::instance(Models, uid = "remote_small", args(size = 7))]
    /// fn remote(key: SecretValue<ApiKey>, size: u32) -> Remote { let _ = (key, size); Remote }
    ///
    /// assert_eq!(Models::instances().list()[0].type_name(), "Remote");
    /// ```
    pub fn type_name(&self) -> &'static str {
        self.factory.type_name()
    }

    /// Where it was registered: crate, version, module and constructor function.
    ///
    /// ```
    /// # use plugkit::instances::Namespace;
    /// # pub trait Tool {}
    /// # struct Saw;
    /// # impl Tool for Saw {}
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_registered_origin_tools", instance = dyn Tool)]
    /// # pub struct Tools;
    /// #[plugkit::instance(Tools, uid = "saw")]
    /// fn saw() -> Saw { Saw }
    /// let origin = Tools::instances().list()[0].origin();
    /// assert_eq!((origin.crate_name, origin.item), ("plugkit-framework", "saw"));
    /// ```
    pub fn origin(&self) -> &'r Origin {
        self.entry.origin()
    }

    /// The arguments it was registered with, as written.
    ///
    /// ```
    /// # use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue, Secrets};
    /// # pub trait Model {}
    /// # struct Remote;
    /// # impl Model for Remote {}
    /// # pub struct ApiKey;
    /// # impl Secret for ApiKey { const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "api_key", ""); }
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_registered_args_models", instance = dyn Model)]
    /// # pub struct Models;
    /// #[plugkit::instance(Models, uid = "remote_small", args(size = 7))]
    /// fn remote(key: SecretValue<ApiKey>, size: u32) -> Remote { let _ = (key, size); Remote }
    ///
    /// assert_eq!(Models::instances().list()[0].args()[0].to_string(), "size = 7");
    /// ```
    pub fn args(&self) -> &'static [Arg] {
        self.factory.args()
    }

    /// The secrets its constructor uses.
    ///
    /// ```
    /// # use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue, Secrets};
    /// # pub trait Model {}
    /// # struct Remote;
    /// # impl Model for Remote {}
    /// # pub struct ApiKey;
    /// # impl Secret for ApiKey { const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "api_key", ""); }
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_registered_secrets_models", instance = dyn Model)]
    /// # pub struct Models;
    /// #[plugkit::instance(Models, uid = "remote_small", args(size = 7))]
    /// fn remote(key: SecretValue<ApiKey>, size: u32) -> Remote { let _ = (key, size); Remote }
    ///
    /// assert_eq!(Models::instances().list()[0].secrets()[0].to_string(), "remote.api_key");
    /// ```
    pub fn secrets(&self) -> &'static [SecretUse] {
        self.factory.secrets()
    }

    /// The required secrets that `secrets` does not set. Constructs nothing.
    pub(crate) fn missing(&self, secrets: &Secrets) -> Vec<Missing> {
        self.secrets()
            .iter()
            .filter(|used| !used.optional && secrets.get(&used.secret).is_none())
            .map(|used| Missing {
                namespace: self.namespace,
                uid: self.uid(),
                secret: used.secret,
            })
            .collect()
    }

    /// The entry in the registry.
    pub(crate) fn entry(&self) -> &'r Entry {
        self.entry
    }

    /// Its factory.
    pub(crate) fn factory(&self) -> &'static Factory<T> {
        self.factory
    }
}

/// `Type(arg = value, ..)`, as ModelGauge prints a factory entry.
impl<T: ?Sized + 'static> fmt::Display for Registered<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.type_name())?;
        for (i, arg) in self.args().iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{arg}")?;
        }
        f.write_str(")")
    }
}

impl<T: ?Sized + 'static> fmt::Debug for Registered<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registered")
            .field("namespace", &self.namespace)
            .field("uid", &self.uid())
            .field("origin", self.origin())
            .field("factory", self.factory)
            .finish()
    }
}
