//! `{{crate_name}}`: a plugin crate for the `{{host}}` host ({{style}} style).
//!
//! It declares its [`CAPABILITY`], so that it registers something that the registry can check
//! and host entries can require. Add the host's registrations beside it: once `cargo plugkit
//! sync` has listed this crate in the registration crate, the host finds them without being
//! edited.

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
