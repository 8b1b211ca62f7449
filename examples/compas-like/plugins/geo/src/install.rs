//! The install hook.

use plugkit::plugin;

/// An installer needs this crate to have geo's engine.
#[plugin(compas_like::install::installable_packages)]
fn installable_packages() -> Vec<String> {
    vec![env!("CARGO_PKG_NAME").to_owned()]
}
