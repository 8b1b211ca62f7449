//! Two `#[plugin]` functions never share an id by accident: default ids that clash are told
//! apart by their source location; given ids that clash are an error naming both locations.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use plugkit::{Problem, Registry, pluggable, plugin};

mod host {
    use super::pluggable;

    #[pluggable(selector = collect_all)]
    pub fn from_macro() -> &'static str;

    #[pluggable(selector = collect_all)]
    pub fn from_bodies() -> &'static str;

    #[pluggable(selector = collect_all)]
    pub fn named() -> &'static str;
}

/// Emits a plugin function `made` inside `const _`: every call gives the same path.
macro_rules! plugin_in_const {
    ($text:literal) => {
        const _: () = {
            #[plugin(crate::host::from_macro)]
            fn made() -> &'static str {
                $text
            }
        };
    };
}

const MACRO_ONE: u32 = line!() + 1;
plugin_in_const!("one");
const MACRO_TWO: u32 = line!() + 1;
plugin_in_const!("two");

#[allow(dead_code)] // the plugins are found through the registry, not by calling these
fn first_body() {
    #[plugin(crate::host::from_bodies)]
    fn body() -> &'static str {
        "first"
    }
}

#[allow(dead_code)]
fn second_body() {
    #[plugin(crate::host::from_bodies)]
    fn body() -> &'static str {
        "second"
    }
}

const NAMED_A: u32 = line!() + 1;
#[plugin(host::named, name = "same")]
fn named_a() -> &'static str {
    "a"
}

const NAMED_B: u32 = line!() + 1;
#[plugin(host::named, name = "same")]
fn named_b() -> &'static str {
    "b"
}

fn ids(url: &str) -> Vec<&'static str> {
    plugkit::registry()
        .point(url)
        .unwrap()
        .entries()
        .iter()
        .map(|e| e.id())
        .collect()
}

#[test]
fn plugins_emitted_twice_by_a_macro_inside_const_both_run() {
    assert_eq!(host::from_macro().into_values(), ["one", "two"]);
    let file = file!();
    assert_eq!(
        ids(host::from_macro::URL),
        [
            format!("plugin_identity::made@{file}:{MACRO_ONE}"),
            format!("plugin_identity::made@{file}:{MACRO_TWO}")
        ]
    );
}

#[test]
fn plugins_of_the_same_name_in_two_function_bodies_both_run() {
    assert_eq!(host::from_bodies().into_values(), ["first", "second"]);
    for (id, entry) in ids(host::from_bodies::URL).into_iter().zip(
        plugkit::registry()
            .point(host::from_bodies::URL)
            .unwrap()
            .entries(),
    ) {
        let at = entry.origin();
        assert_eq!(id, format!("plugin_identity::body@{}:{}", at.file, at.line));
    }
}

#[test]
fn two_given_names_that_clash_are_an_error_naming_both_locations() {
    let registry = Registry::builder().discovered().build_partial();
    let problems: Vec<&Problem> = registry
        .problems()
        .iter()
        .filter(|p| matches!(p, Problem::Duplicate { point, .. } if point == host::named::URL))
        .collect();
    assert_eq!(problems.len(), 1);
    let version = env!("CARGO_PKG_VERSION");
    let file = file!();
    assert_eq!(
        problems[0].to_string(),
        format!(
            "plugin id `same` is registered twice on `{}`: by plugkit-framework {version} (plugin_identity::named_a) \
             at {file}:{NAMED_A} and by plugkit-framework {version} (plugin_identity::named_b) at {file}:{NAMED_B}\n  \
             fix: give each its own id (`#[plugin(.., name = \"...\")]` with a distinct name), or link \
             only one version of the crate (`cargo tree -d` shows duplicates)",
            host::named::URL
        )
    );
    assert!(
        registry
            .point(host::named::URL)
            .unwrap()
            .entries()
            .is_empty()
    );
}
