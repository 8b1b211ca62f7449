//! What an entry of a namespace carries: how to construct its instance, and what that takes.

use std::fmt;

use serde::Serialize;

use super::{Injector, SecretUse};
use crate::BoxError;

/// The constructor of a `Factory`: gets the injector, returns the instance or its error.
/// Not public API: used by generated code and plugkit-remote.
#[doc(hidden)]
pub type Constructor<T> = dyn Fn(&Injector<'_>) -> Result<Box<T>, BoxError> + Send + Sync;

/// One argument a uid is registered with, as written in `args(..)`: listings read them with
/// [`Registered::args`](super::Registered::args), and show each as `name = value`.
///
/// ```
/// use plugkit::instances::Namespace;
/// pub trait Shape { fn sides(&self) -> u32; }
/// struct Polygon(u32);
/// impl Shape for Polygon { fn sides(&self) -> u32 { self.0 } }
/// #[derive(Namespace)]
/// #[namespace(name = "doc_arg_shapes", instance = dyn Shape)]
/// pub struct Shapes;
///
/// #[plugkit::instance(Shapes, uid = "hexagon", args(sides = 2 * 3))]
/// fn polygon(sides: u32) -> Polygon { Polygon(sides) }
///
/// let arg = Shapes::instances().list()[0].args()[0];
/// assert_eq!((arg.name, arg.value), ("sides", "2 * 3"));
/// assert_eq!(arg.to_string(), "sides = 2 * 3");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Arg {
    /// The constructor's parameter.
    pub name: &'static str,
    /// The value's expression, as written.
    pub value: &'static str,
}

impl Arg {
    /// An argument from its parts. Not public API: used by generated code and plugkit-remote.
    #[doc(hidden)]
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
/// `make_instance`. `#[instance]` writes it; plugkit-remote builds them for uids of other
/// processes and of declarative files.
///
/// Not public API: used by generated code and plugkit-remote.
#[doc(hidden)]
pub struct Factory<T: ?Sized + 'static> {
    type_name: &'static str,
    args: &'static [Arg],
    secrets: &'static [SecretUse],
    construct: &'static Constructor<T>,
}

#[doc(hidden)]
impl<T: ?Sized + 'static> Factory<T> {
    /// A factory making `type_name` with `construct`, with no arguments and no secrets.
    pub const fn new(type_name: &'static str, construct: &'static Constructor<T>) -> Self {
        Factory {
            type_name,
            args: &[],
            secrets: &[],
            construct,
        }
    }

    /// Sets the arguments shown in listings.
    pub const fn with_args(mut self, args: &'static [Arg]) -> Self {
        self.args = args;
        self
    }

    /// Declares the secrets the constructor reads: checked before it runs, and listed.
    pub const fn with_secrets(mut self, secrets: &'static [SecretUse]) -> Self {
        self.secrets = secrets;
        self
    }

    /// The name of the type it makes, as the constructor's return type is written.
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The arguments it was registered with.
    pub const fn args(&self) -> &'static [Arg] {
        self.args
    }

    /// The secrets it uses.
    pub const fn secrets(&self) -> &'static [SecretUse] {
        self.secrets
    }

    /// Runs the constructor. `make_instance` calls it after checking the secrets, and catches
    /// a panic.
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
