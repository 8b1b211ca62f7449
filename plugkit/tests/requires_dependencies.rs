//! `requires = ["crate"]` on a dependency of the plugin crate is met from its `Cargo.toml`,
//! whether or not any code names the crate. These tests compile with plugkit's own manifest:
//! `linkme` and `serde_json` are dependencies, `proptest` a dev-dependency (counted in tests).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use plugkit::{Requirement, pluggable, plugin};

mod host {
    use super::pluggable;

    #[pluggable(selector = collect_all)]
    pub fn needs() -> &'static str;
}

#[plugin(host::needs, requires = ["linkme"])]
fn a_dependency() -> &'static str {
    "linkme"
}

#[plugin(host::needs, requires = ["serde-json"])]
fn b_dependency_spelled_with_a_dash() -> &'static str {
    "serde-json"
}

#[plugin(host::needs, requires = ["proptest"])]
fn c_dev_dependency() -> &'static str {
    "proptest"
}

#[plugin(host::needs, requires = ["not-a-dependency"])]
fn d_not_a_dependency() -> &'static str {
    "not-a-dependency"
}

#[test]
fn a_dependency_of_the_plugin_crate_is_met_without_naming_it() {
    let ran: Vec<&str> = host::needs().into_values();
    assert_eq!(ran, ["linkme", "serde-json", "proptest"]);

    let explanation = plugkit::registry()
        .explain(host::needs::URL)
        .unwrap()
        .to_string();
    assert!(
        explanation.contains(
            "requires `not-a-dependency`, which is neither a linked plugin crate nor a declared capability"
        ),
        "{explanation}"
    );
}

#[test]
fn the_macro_settles_dependencies_when_the_plugin_compiles() {
    let point = plugkit::registry().point(host::needs::URL).unwrap();
    let requirement = |id: &str| {
        let entry = point.entries().iter().find(|e| e.id() == id).unwrap();
        entry.requirements()[0]
    };
    for id in [
        "requires_dependencies::a_dependency",
        "requires_dependencies::b_dependency_spelled_with_a_dash",
        "requires_dependencies::c_dev_dependency",
    ] {
        assert!(
            matches!(
                requirement(id),
                Requirement::Dependency {
                    of: "plugkit-framework",
                    enabled: true,
                    features: [],
                    ..
                }
            ),
            "{id}: {:?}",
            requirement(id)
        );
    }
    assert!(matches!(
        requirement("requires_dependencies::d_not_a_dependency"),
        Requirement::Present("not-a-dependency")
    ));
}
