//! `{{crate_name}}` registers with plugkit once linked, and a `#[plugkit::config_type]` adds a
//! choice to a configuration kind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use {{crate_ident}}::Settings;

/// A configuration kind as a host declares one.
#[plugkit::config_kind(name = "greeter")]
pub trait GreeterConf {
    /// The factory: the greeting this choice makes.
    fn build(&self) -> String;
}

/// A `type = "loud"` choice, as this crate would add one to a kind of `{{api}}`.
#[derive(serde::Serialize, serde::Deserialize)]
struct Loud {
    name: String,
}

#[plugkit::config_type(tag = "loud")]
impl GreeterConf for Loud {
    fn build(&self) -> String {
        format!("HELLO, {}!", self.name.to_uppercase())
    }
}

#[derive(serde::Deserialize)]
struct Config {
    greeter: Box<dyn GreeterConf>,
    #[serde(default)]
    plugins: plugkit::config::PluginSections,
}

#[test]
fn the_crate_registers_its_settings_section() {
    let registry = plugkit::init().unwrap();
    assert!(registry.has_crate("{{crate_name}}"));
}

#[test]
fn a_configured_type_decodes_and_builds() {
    let config: Config =
        plugkit::config::Decoder::default().toml_str("[greeter]\ntype = \"loud\"\nname = \"ada\"\n").unwrap();
    assert_eq!(config.greeter.build(), "HELLO, ADA!");
    assert_eq!(*config.plugins.get::<Settings>().unwrap(), Settings::default());
}

#[test]
fn the_settings_section_is_typed() {
    let text = "[greeter]\ntype = \"loud\"\nname = \"ada\"\n\n[plugins.{{crate_name}}]\nverbose = true\n";
    let config: Config = plugkit::config::Decoder::default().toml_str(text).unwrap();
    assert_eq!(
        *config.plugins.get::<Settings>().unwrap(),
        Settings { verbose: true }
    );
}
