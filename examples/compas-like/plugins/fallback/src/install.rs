//! The install hook.

use compas_like::plugkit::plugin;

/// An installer takes packages in order; the fallback comes after the engines it stands in
/// for, whatever their names. (`after` names crates that may not be linked: a name that matches
/// nothing is ignored.)
#[plugin(
    compas_like::install::installable_packages,
    after = ["compas-like-geo", "compas-like-rhino"],
    crate = compas_like::plugkit
)]
fn installable_packages() -> Vec<String> {
    vec![env!("CARGO_PKG_NAME").to_owned()]
}
