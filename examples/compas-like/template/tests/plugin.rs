//! The host calls `{{crate_name}}` once it is linked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use {{api_ident}}::Polygon;
use {{crate_ident}} as _; // linked, as the registration crate links it

#[test]
fn the_host_measures_areas_with_this_plugin() {
    let square = Polygon::new(vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)], vec![]).unwrap();
    assert_eq!({{api_ident}}::measure::area(&square), 4.0);
    let explanation = plugkit::init()
        .unwrap()
        .explain({{api_ident}}::measure::area::URL)
        .unwrap();
    assert_eq!(explanation.running().next().unwrap().origin().crate_name, "{{crate_name}}");
}

#[test]
fn the_install_hook_lists_this_crate() {
    let packages = {{api_ident}}::install::installable_packages();
    assert!(
        packages.values().iter().any(|v| v.contains(&"{{crate_name}}".to_owned())),
        "{packages:?}"
    );
}
