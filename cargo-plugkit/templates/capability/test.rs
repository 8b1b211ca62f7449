//! `{{crate_name}}` registers with plugkit once linked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use {{crate_ident}} as _; // linked, as the registration crate links it

#[test]
fn the_crate_registers_its_capability() {
    let registry = plugkit::init().unwrap();
    assert!(registry.has_capability({{crate_ident}}::CAPABILITY));
    assert!(registry.has_crate("{{crate_name}}"));
}
