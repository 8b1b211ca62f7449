//! `{{crate_name}}` registers with plugkit once linked, and a `#[plugkit::plugin]` fills a
//! pluggable function.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use {{crate_ident}} as _; // linked, as the registration crate links it

/// A pluggable function as a host declares one; its body is the default.
#[plugkit::pluggable(category = "greetings")]
fn greet(name: &str) -> String {
    format!("hello, {name}")
}

/// A plugin of it, as this crate would write one for a pluggable of `{{api}}`.
#[plugkit::plugin(greet)]
fn greet_loudly(name: &str) -> String {
    format!("HELLO, {}!", name.to_uppercase())
}

#[test]
fn the_crate_registers_its_capability() {
    let registry = plugkit::init().unwrap();
    assert!(registry.has_capability({{crate_ident}}::CAPABILITY));
    assert!(registry.has_crate("{{crate_name}}"));
}

#[test]
fn the_plugin_runs_instead_of_the_default() {
    assert_eq!(greet("ada"), "HELLO, ADA!");
    let explanation = plugkit::registry().explain(greet::URL).unwrap();
    assert_eq!(explanation.running().next().unwrap().origin().item, "greet_loudly");
}
