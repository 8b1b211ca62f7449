//! `modelgauge-like`: a small evaluation host in the style of ModelGauge.
//!
//! **SUTs** (systems under test) answer text prompts; **Tests** hold a small dataset, prompt a
//! SUT with each item and score its answers. Both are made by uid from the namespaces [`Suts`]
//! and [`Tests`], which plugin crates (`modelgauge-like-*`) fill with `#[plugkit::instance]`;
//! their secrets come from `config/secrets.toml`. [`run_test`] runs one Test on one SUT and
//! returns the [`TestRecord`]; [`run_test_concurrently`] awaits the SUT on several items at
//! once ([`Sut::respond_async`]), with the same record.
//!
//! Plugins can also come from a folder at run time (`--plugin-dir`): executables that serve
//! SUTs over plugkit's protocol ([`serve_plugin`] on their side, [`remote_host`] on the
//! host's), and `*.toml` files that declare SUTs of registered [`SutConf`] types
//! ([`declared_suts`]).
//!
//! ```
//! use modelgauge_like::{Sut, SutError, Suts};
//! use plugkit::instances::{Namespace, Secrets};
//!
//! struct Shout;
//! impl Sut for Shout {
//!     fn respond(&self, prompt: &str) -> Result<String, SutError> {
//!         Ok(prompt.to_uppercase())
//!     }
//! }
//!
//! #[plugkit::instance(Suts, uid = "doc_shout")]
//! fn shout() -> Shout {
//!     Shout
//! }
//!
//! let sut = Suts::instances().make_instance("doc_shout", &Secrets::default())?;
//! assert_eq!(sut.respond("hello")?, "HELLO");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod declared;
mod namespaces;
mod record;
mod remote;
mod runner;
mod sut;
mod test;

pub use declared::{SutConf, declared_suts};
pub use namespaces::{Suts, Tests};
pub use record::{ItemRecord, TestRecord};
pub use remote::{HOST_API_REQUIREMENT, remote_host, serve_plugin};
pub use runner::{RunError, run_test, run_test_concurrently};
pub use sut::{Sut, SutError};
pub use test::{Measurements, Test, TestItem};

/// Where the secrets are read from, relative to the working directory, as in ModelGauge.
///
/// ```
/// use plugkit::instances::{Missing, SecretDescription, Secrets};
/// let secrets = Secrets::load_if_exists(modelgauge_like::SECRETS_PATH)?;
/// let key = SecretDescription::new("demo", "api_key", "");
/// let err = secrets.check(vec![Missing { namespace: "suts", uid: "demo", secret: key }]).unwrap_err();
/// assert!(err.to_string().contains("config/secrets.toml"));
/// # Ok::<(), plugkit::instances::SecretsError>(())
/// ```
pub const SECRETS_PATH: &str = "config/secrets.toml";
