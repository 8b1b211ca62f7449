//! `{{crate_name}}`: a plugin crate for the `{{host}}` host, in the ModelGauge style.
//!
//! A ModelGauge-style host declares namespaces of named instances
//! (`#[derive(plugkit::instances::Namespace)]`); a plugin registers uids in them with
//! `#[plugkit::instance]` on a constructor. Nothing is constructed until the host calls
//! `make_instance(uid, &secrets)`. Once `cargo plugkit sync` has listed this crate in the
//! registration crate, the host lists and makes its instances without being edited.
//!
//! ```
//! use plugkit::instances::{Namespace, Secrets, Uid};
//!
//! // A host declares a namespace (here, in the example itself)...
//! /// A system under test.
//! pub trait Sut: Send + Sync {
//!     /// Answers a prompt.
//!     fn answer(&self, prompt: &str) -> String;
//! }
//!
//! /// The systems under test.
//! #[derive(plugkit::instances::Namespace)]
//! #[namespace(name = "suts", instance = dyn Sut)]
//! pub struct Suts;
//!
//! // ...and a plugin registers instances in it.
//! struct Constant {
//!     uid: Uid,
//!     answer: String,
//! }
//!
//! impl Sut for Constant {
//!     fn answer(&self, _prompt: &str) -> String {
//!         format!("{}: {}", self.uid, self.answer)
//!     }
//! }
//!
//! #[plugkit::instance(Suts, uid = "always_yes", args(answer = "Yes"))]
//! fn constant(uid: Uid, answer: &str) -> Constant {
//!     Constant { uid, answer: answer.to_owned() }
//! }
//!
//! let sut = Suts::instances().make_instance("always_yes", &Secrets::default())?;
//! assert_eq!(sut.answer("Is it?"), "always_yes: Yes");
//! # Ok::<(), plugkit::instances::InstanceError>(())
//! ```
//!
//! Write such constructors for the namespaces of `{{api}}`. Until then the crate declares its
//! [`CAPABILITY`], so that it registers something and host entries can require it.

/// The capability this crate declares: entries may `requires = ["{{crate_name}}"]`.
///
/// ```
/// use {{crate_ident}} as _; // linked, as the registration crate links it
/// let registry = plugkit::init()?;
/// assert!(registry.has_capability({{crate_ident}}::CAPABILITY));
/// # Ok::<(), plugkit::BuildError>(())
/// ```
pub const CAPABILITY: &str = "{{crate_name}}";

plugkit::capability!(CAPABILITY);
