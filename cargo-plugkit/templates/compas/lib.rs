//! `{{crate_name}}`: a plugin crate for the `{{host}}` host, in the COMPAS style.
//!
//! A plugin crate implements the host's pluggable functions with `#[plugkit::plugin]`, naming
//! the pluggable by path so that the compiler checks the signature; once `cargo plugkit sync`
//! has listed this crate in the registration crate, the host finds it without being edited.
//!
//! ```
//! // A host declares a pluggable function; its body is the default...
//! #[plugkit::pluggable(category = "greetings")]
//! pub fn greet(name: &str) -> String {
//!     format!("hello, {name}")
//! }
//!
//! // ...and a plugin implements it, with the same signature.
//! #[plugkit::plugin(greet)]
//! fn greet_loudly(name: &str) -> String {
//!     format!("HELLO, {}!", name.to_uppercase())
//! }
//!
//! assert_eq!(greet("ada"), "HELLO, ADA!");
//! ```
//!
//! Write such functions for the pluggables of `{{api}}`, as
//! `#[plugkit::plugin({{api_ident}}::<module>::<pluggable>)]`. Until then the crate declares
//! its [`CAPABILITY`], so that it registers something and host entries can require it.

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
