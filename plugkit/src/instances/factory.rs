//! What an entry of a namespace carries: how to construct its instance, and what that takes.

use std::fmt;

use serde::Serialize;

use super::{BoxError, Injector, SecretUse};

/// The constructor of a [`Factory`]: gets the injector, returns the instance or its error.
///
/// ```
/// use plugkit::instances::{BoxError, Constructor, Injector};
/// fn make(_: &Injector<'_>) -> Result<Box<str>, BoxError> { Ok("made".into()) }
/// static MAKE: &Constructor<str> = &make;
/// # let _ = MAKE;
/// ```
pub type Constructor<T> = dyn Fn(&Injector<'_>) -> Result<Box<T>, BoxError> + Send + Sync;

/// One argument a uid is registered with, as written in `args(..)`: for listings.
///
/// ```
/// let arg = plugkit::instances::Arg::new("words", "8");
/// assert_eq!(arg.to_string(), "words = 8");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Arg {
    /// The constructor's parameter.
    pub name: &'static str,
    /// The value's expression, as written.
    pub value: &'static str,
}

impl Arg {
    /// An argument from its parts.
    ///
    /// ```
    /// let arg = plugkit::instances::Arg::new("model", "\"llama-3\"");
    /// assert_eq!(arg.value, "\"llama-3\"");
    /// ```
    pub const fn new(name: &'static str, value: &'static str) -> Self {
        Arg { name, value }
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}", self.name, self.value)
    }
}

/// The payload of a namespace's entry: how to construct one `Box<T>`, the type it makes, the
/// arguments it was registered with and the secrets it uses. A constant: nothing runs until
/// [`make_instance`](super::Instances::make_instance).
///
/// [`#[instance]`](crate::instance) writes it; build one by hand for an explicit registration
/// (tests, instances added at run time):
///
/// ```
/// use plugkit::instances::{Arg, BoxError, Factory, Injector};
///
/// pub trait Greeter: Send + Sync { fn greet(&self) -> String; }
/// struct Hello(&'static str);
/// impl Greeter for Hello { fn greet(&self) -> String { format!("hello, {}", self.0) } }
///
/// fn make(_: &Injector<'_>) -> Result<Box<dyn Greeter>, BoxError> {
///     Ok(Box::new(Hello("world")))
/// }
/// static HELLO: Factory<dyn Greeter> = Factory::new("Hello", &make).with_args(&[Arg::new("name", "\"world\"")]);
///
/// assert_eq!(HELLO.type_name(), "Hello");
/// assert_eq!(HELLO.args()[0].to_string(), "name = \"world\"");
/// ```
pub struct Factory<T: ?Sized + 'static> {
    type_name: &'static str,
    args: &'static [Arg],
    secrets: &'static [SecretUse],
    construct: &'static Constructor<T>,
}

impl<T: ?Sized + 'static> Factory<T> {
    /// A factory making `type_name` with `construct`, with no arguments and no secrets.
    ///
    /// ```
    /// # use plugkit::instances::{BoxError, Factory, Injector};
    /// fn make(_: &Injector<'_>) -> Result<Box<str>, BoxError> { Ok("made".into()) }
    /// static MADE: Factory<str> = Factory::new("str", &make);
    /// assert!(MADE.args().is_empty() && MADE.secrets().is_empty());
    /// ```
    pub const fn new(type_name: &'static str, construct: &'static Constructor<T>) -> Self {
        Factory {
            type_name,
            args: &[],
            secrets: &[],
            construct,
        }
    }

    /// Sets the arguments shown in listings.
    ///
    /// ```
    /// # use plugkit::instances::{Arg, BoxError, Factory, Injector};
    /// fn make(_: &Injector<'_>) -> Result<Box<str>, BoxError> { Ok("made".into()) }
    /// static MADE: Factory<str> = Factory::new("str", &make).with_args(&[Arg::new("text", "\"made\"")]);
    /// assert_eq!(MADE.args().len(), 1);
    /// ```
    pub const fn with_args(mut self, args: &'static [Arg]) -> Self {
        self.args = args;
        self
    }

    /// Declares the secrets the constructor reads: checked before it runs, and listed.
    ///
    /// ```
    /// # use plugkit::instances::{BoxError, Factory, Injector, SecretDescription, SecretUse};
    /// fn make(_: &Injector<'_>) -> Result<Box<str>, BoxError> { Ok("made".into()) }
    /// const KEY: SecretDescription = SecretDescription::new("demo", "api_key", "");
    /// static MADE: Factory<str> = Factory::new("str", &make).with_secrets(&[SecretUse::required(KEY)]);
    /// assert_eq!(MADE.secrets()[0].secret, KEY);
    /// ```
    pub const fn with_secrets(mut self, secrets: &'static [SecretUse]) -> Self {
        self.secrets = secrets;
        self
    }

    /// The name of the type it makes, as the constructor's return type is written.
    ///
    /// ```
    /// # use plugkit::instances::{BoxError, Factory, Injector};
    /// fn make(_: &Injector<'_>) -> Result<Box<str>, BoxError> { Ok("made".into()) }
    /// static MADE: Factory<str> = Factory::new("str", &make);
    /// assert_eq!(MADE.type_name(), "str");
    /// ```
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The arguments it was registered with.
    ///
    /// ```
    /// # use plugkit::instances::{BoxError, Factory, Injector};
    /// fn make(_: &Injector<'_>) -> Result<Box<str>, BoxError> { Ok("made".into()) }
    /// static MADE: Factory<str> = Factory::new("str", &make);
    /// assert!(MADE.args().is_empty());
    /// ```
    pub const fn args(&self) -> &'static [Arg] {
        self.args
    }

    /// The secrets it uses.
    ///
    /// ```
    /// # use plugkit::instances::{BoxError, Factory, Injector};
    /// fn make(_: &Injector<'_>) -> Result<Box<str>, BoxError> { Ok("made".into()) }
    /// static MADE: Factory<str> = Factory::new("str", &make);
    /// assert!(MADE.secrets().is_empty());
    /// ```
    pub const fn secrets(&self) -> &'static [SecretUse] {
        self.secrets
    }

    /// Runs the constructor. [`make_instance`](super::Instances::make_instance) calls it after
    /// checking the secrets, and catches a panic.
    ///
    /// ```
    /// # use plugkit::instances::{BoxError, Factory, Injector, Secrets};
    /// fn make(_: &Injector<'_>) -> Result<Box<str>, BoxError> { Ok("made".into()) }
    /// static MADE: Factory<str> = Factory::new("str", &make);
    /// let secrets = Secrets::new();
    /// assert_eq!(&*MADE.construct(&Injector::new("words", "made", &secrets))?, "made");
    /// # Ok::<(), BoxError>(())
    /// ```
    pub fn construct(&self, injector: &Injector<'_>) -> Result<Box<T>, BoxError> {
        (self.construct)(injector)
    }
}

impl<T: ?Sized + 'static> fmt::Debug for Factory<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Factory")
            .field("type_name", &self.type_name)
            .field("args", &self.args)
            .field("secrets", &self.secrets)
            .finish_non_exhaustive()
    }
}

/// How many of the parameters' needs are secrets (for the macro's array length).
#[doc(hidden)]
pub const fn secret_count(needs: &[Option<SecretUse>]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < needs.len() {
        if needs[i].is_some() {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The secrets among the parameters' needs, in order (`N` is [`secret_count`]).
#[doc(hidden)]
pub const fn secret_list<const N: usize>(needs: &[Option<SecretUse>]) -> [SecretUse; N] {
    const NONE: SecretUse = SecretUse::required(super::SecretDescription::new("", "", ""));
    let mut out = [NONE; N];
    let (mut i, mut n) = (0, 0);
    while i < needs.len() {
        if let Some(used) = needs[i] {
            if n < N {
                out[n] = used;
            }
            n += 1;
        }
        i += 1;
    }
    out
}
