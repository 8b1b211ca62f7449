//! The install hook: which packages an installer should set up, as in `compas_rhino.install`.

use plugkit::{pluggable, plugin};

/// The packages an installer should set up, gathered from every plugin crate (`collect_all`):
/// the result says which plugin contributed each list, and which plugin failed.
///
/// ```
/// // Only the host is linked into this example: it contributes itself.
/// let collected = compas_like::install::installable_packages();
/// assert_eq!(collected.into_values(), [vec!["compas-like".to_owned()]]);
/// ```
#[pluggable(domain = "https://plugins.compas-like.example", category = "install", selector = collect_all)]
pub fn installable_packages() -> Vec<String>;

/// The host contributes itself: every installation needs the core.
#[plugin(installable_packages)]
fn core_packages() -> Vec<String> {
    vec![env!("CARGO_PKG_NAME").to_owned()]
}
