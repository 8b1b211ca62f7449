//! `{{crate_name}}`: a plugin crate for the `{{host}}` host, in the Qik style.
//!
//! A Qik-style host declares configuration kinds as traits (`#[plugkit::config_kind]`); a plugin
//! adds a `type = "..."` choice with `#[plugkit::config_type]` on `impl Kind for Struct`: the
//! struct holds the table's fields, and the trait's methods are the factory, run only when the
//! host asks. Once `cargo plugkit sync` has listed this crate in the registration crate, the
//! host decodes the new type without being edited.
//!
//! ```
//! // A host declares a kind (here, in the example itself)...
//! /// A greeter as configured.
//! #[plugkit::config_kind(name = "greeter")]
//! pub trait GreeterConf {
//!     /// The factory: the greeting this choice makes.
//!     fn build(&self) -> String;
//! }
//!
//! // ...and a plugin adds a `type = "loud"` choice.
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Loud {
//!     name: String,
//! }
//!
//! #[plugkit::config_type(tag = "loud")]
//! impl GreeterConf for Loud {
//!     fn build(&self) -> String {
//!         format!("HELLO, {}!", self.name.to_uppercase())
//!     }
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct Config {
//!     greeter: Box<dyn GreeterConf>,
//! }
//!
//! let config: Config = plugkit::config::Decoder::default().toml_str("[greeter]\ntype = \"loud\"\nname = \"ada\"\n")?;
//! assert_eq!(config.greeter.build(), "HELLO, ADA!");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Write such impls for the kinds of `{{api}}`. This crate also types its own settings, the
//! `[plugins.{{crate_name}}]` section of the host's configuration: [`Settings`].

/// This plugin's settings: the `[plugins.{{crate_name}}]` section, typed; a configuration
/// without the section gets the defaults.
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Config {
///     #[serde(default)]
///     plugins: plugkit::config::PluginSections,
/// }
///
/// let config: Config = plugkit::config::Decoder::default().toml_str("[plugins.{{crate_name}}]\nverbose = true\n")?;
/// assert!(config.plugins.get::<{{crate_ident}}::Settings>()?.verbose);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[plugkit::plugin_section(name = "{{crate_name}}")]
pub struct Settings {
    /// An example setting: whether to say more.
    #[serde(default)]
    pub verbose: bool,
}
