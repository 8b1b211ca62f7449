//! Instance factories (the ModelGauge style): namespaces of named instances, made on demand
//! with their secrets injected.
//!
//! A host declares a **namespace** (`suts`, `tests`) with [`#[derive(Namespace)]`](Namespace);
//! plugins register **uids** in it, each a constructor function with its arguments, with
//! [`#[instance]`](crate::instance). Nothing is constructed until the host asks for a uid with
//! [`make_instance`](Instances::make_instance).
//!
//! A constructor's parameters not given in `args(..)` are **injected** by `make_instance`,
//! according to their type:
//!
//! - [`SecretValue<S>`]: the value of the typed [secret](Secret) `S`, from a `secrets.toml` of
//!   `[scope]` tables ([`Secrets`]). It is required: when it is not set, nothing is constructed
//!   and the error gives the TOML to add.
//! - `Option<SecretValue<S>>`: the same secret, optional (`None` when it is not set).
//! - [`Uid`]: the uid being made.
//!
//! Any other parameter type must be given in `args(..)`; the compiler says so otherwise.
//! Listings see the secrets each uid uses ([`Registered::secrets`]), and
//! [`Instances::missing_dependencies`] says which are missing without constructing anything.
//!
//! ```
//! use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue, Secrets};
//!
//! // The host.
//! pub trait Sut: Send + Sync {
//!     fn answer(&self, prompt: &str) -> String;
//! }
//!
//! #[derive(Namespace)]
//! #[namespace(name = "doc_module_suts", instance = dyn Sut)]
//! pub struct Suts;
//!
//! // A plugin crate.
//! pub struct DemoApiKey;
//! impl Secret for DemoApiKey {
//!     const DESCRIPTION: SecretDescription =
//!         SecretDescription::new("demo", "api_key", "The password is 12345");
//! }
//!
//! struct Parrot { words: usize, key: SecretValue<DemoApiKey> }
//! impl Sut for Parrot {
//!     fn answer(&self, prompt: &str) -> String {
//!         let words: Vec<&str> = prompt.split_whitespace().take(self.words).collect();
//!         format!("{} (signed with a {}-character key)", words.join(" "), self.key.expose().len())
//!     }
//! }
//!
//! #[plugkit::instance(Suts, uid = "parrot", args(words = 2))]
//! fn parrot(key: SecretValue<DemoApiKey>, words: usize) -> Parrot {
//!     Parrot { words, key }
//! }
//!
//! // The host again: nothing was constructed so far.
//! let none = Secrets::default();
//! let missing = Suts::instances().missing_dependencies("parrot", &none)?;
//! assert!(none.check(missing).unwrap_err().to_string()
//!     .ends_with("[demo]\n# The password is 12345\napi_key = \"<value>\""));
//!
//! let secrets = Secrets::parse("[demo]\napi_key = \"12345\"\n", "config/secrets.toml")?;
//! let sut = Suts::instances().make_instance("parrot", &secrets)?;
//! assert_eq!(sut.answer("hello there, world"), "hello there, (signed with a 5-character key)");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every namespace is an extension point and every uid an [`Entry`](crate::Entry) of it, so the
//! core registry checks them like any other registration: a uid registered twice is a
//! [`Problem::Duplicate`](crate::Problem::Duplicate) naming both crates.

mod error;
mod factory;
mod inject;
mod key;
mod missing;
mod namespace;
mod point;
mod registered;
mod secret;
mod secrets_error;
mod secrets_file;
mod view;

pub use error::{ConstructError, InstanceError, UnknownUid};
pub use factory::{Arg, Constructor, Factory};
pub use inject::{Inject, Injector, Uid};
pub use missing::{Missing, MissingSecrets, toml_template};
pub use namespace::Namespace;
pub use registered::Registered;
pub use secret::{Secret, SecretDescription, SecretString, SecretUse, SecretValue};
pub use secrets_error::SecretsError;
pub use secrets_file::Secrets;
pub use view::Instances;

pub(crate) use point::namespace_point;

pub use plugkit_macros::Namespace;

#[doc(hidden)]
pub mod __private {
    pub use super::factory::{secret_count, secret_list};
}
