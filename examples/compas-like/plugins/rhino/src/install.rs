//! The install hook.

use plugkit::plugin;

/// An installer sets this crate up for Rhino. Not gated by `rhino_running`: installing is done
/// from outside Rhino.
#[plugin(compas_like::install::installable_packages)]
fn installable_packages() -> Vec<String> {
    vec![env!("CARGO_PKG_NAME").to_owned()]
}
