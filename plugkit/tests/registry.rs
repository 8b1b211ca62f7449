//! The registry built by hand: deterministic order, every build problem and its message,
//! requirements, capabilities, explain and JSON.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use plugkit::{
    Capability, Entry, Origin, Point, Problem, Registry, RegistryBuilder, Requirement, Unmet,
    Verdict,
};

type Sig = fn(u32) -> u32;

static DOUBLE: Sig = |x| x * 2;
static TRIPLE: Sig = |x| x * 3;
static WRONG: fn() -> u32 = || 0;

const URL: &str = "plugkit://host/math/scale";

fn point() -> Point {
    plugkit::__private::first_match_point::<Sig>(
        URL,
        false,
        "fn(u32) -> u32",
        plugkit::origin!("scale"),
    )
}

fn origin(krate: &'static str, item: &'static str) -> Origin {
    Origin::new(krate, "1.0.0", "m", item)
}

/// An entry of crate `krate` whose id is `id`.
fn entry(krate: &'static str, id: &'static str) -> Entry {
    Entry::new(URL, id, origin(krate, id), &DOUBLE)
}

fn ids(registry: &Registry) -> Vec<&'static str> {
    registry
        .point(URL)
        .unwrap()
        .entries()
        .iter()
        .map(Entry::id)
        .collect()
}

/// What `explain` says of each entry of the point at `URL`, in use or set aside, by id.
fn verdicts(registry: &Registry) -> Vec<(&'static str, Verdict)> {
    let explanation = registry.explain(URL).unwrap();
    explanation
        .considered()
        .iter()
        .map(|c| (c.entry.id(), c.verdict.clone()))
        .collect()
}

/// The ids `explain` shows as set aside when the registry was built.
fn rejected(registry: &Registry) -> Vec<&'static str> {
    verdicts(registry)
        .into_iter()
        .filter(|(_, v)| matches!(v, Verdict::Rejected { .. }))
        .map(|(id, _)| id)
        .collect()
}

/// The requirement `explain` shows as not met for the entry `id`, if any.
fn unmet(registry: &Registry, id: &str) -> Option<Unmet> {
    let (_, verdict) = verdicts(registry)
        .into_iter()
        .find(|(e, _)| *e == id)
        .unwrap_or_else(|| panic!("no entry `{id}`"));
    match verdict {
        Verdict::Unmet { unmet } => Some(unmet),
        _ => None,
    }
}

#[test]
fn explain_shows_before_and_after_beside_the_verdict() {
    let registry = build([
        entry("a", "a1").priority(1),
        entry("b", "b1").before(&["a1"]),
        entry("c", "c1").after(&["a", "b1"]),
    ]);
    let text = registry.explain(URL).unwrap().to_string();
    assert!(
        text.contains("  1. b1 (b 1.0.0) [before `a1`]: selected\n"),
        "{text}"
    );
    assert!(
        text.contains("  2. a1 (a 1.0.0) [priority 1]: not used: `b1` comes first\n"),
        "{text}"
    );
    assert!(
        text.contains("  3. c1 (c 1.0.0) [after `a` `b1`]: not used: `b1` comes first\n"),
        "{text}"
    );
    // Every mark at once, as docs/concepts.md shows them.
    let combined = build([entry("d", "d1").tryfirst().priority(3).before(&["geo"])]);
    let text = combined.explain(URL).unwrap().to_string();
    assert!(
        text.contains("  1. d1 (d 1.0.0) [tryfirst, priority 3, before `geo`]: selected\n"),
        "{text}"
    );
}

fn build(entries: impl IntoIterator<Item = Entry>) -> Registry {
    Registry::builder()
        .point(point())
        .entries(entries)
        .build()
        .unwrap()
}

#[test]
fn order_is_tier_then_priority_then_crate_then_id() {
    let registry = build([
        entry("zeta", "z-last").trylast(),
        entry("beta", "b2"),
        entry("beta", "b1"),
        entry("alpha", "a-low").priority(-5),
        entry("omega", "o-high").priority(7),
        entry("gamma", "g-first").tryfirst(),
        entry("alpha", "a1"),
    ]);
    assert_eq!(
        ids(&registry),
        ["g-first", "o-high", "a1", "b1", "b2", "a-low", "z-last"]
    );
}

#[test]
fn order_does_not_depend_on_registration_order() {
    let entries = [
        entry("c", "c1").after(&["a"]),
        entry("b", "b1").priority(2),
        entry("a", "a1"),
        entry("d", "d1").before(&["b1"]),
        entry("e", "e1").trylast(),
    ];
    let forward = ids(&build(entries));
    let mut reversed = entries;
    reversed.reverse();
    assert_eq!(forward, ids(&build(reversed)));
    assert_eq!(forward, ["d1", "b1", "a1", "c1", "e1"]);
}

#[test]
fn before_and_after_move_entries_and_match_ids_or_crate_names() {
    // Without constraints: a1, b1, c1. `a1` after the crate `c-plugin` (written with `_`),
    // and `c1` before `b1`.
    let registry = build([
        entry("a", "a1").after(&["c_plugin"]),
        entry("b", "b1"),
        entry("c-plugin", "c1").before(&["b1"]),
    ]);
    assert_eq!(ids(&registry), ["c1", "a1", "b1"]);
}

#[test]
fn constraints_naming_missing_plugins_are_ignored() {
    let registry = build([
        entry("a", "a1").after(&["not-installed"]),
        entry("b", "b1").before(&["nobody"]),
    ]);
    assert_eq!(ids(&registry), ["a1", "b1"]);
}

#[test]
fn a_cycle_is_an_error_naming_the_cycle() {
    let err = Registry::builder()
        .point(point())
        .entries([
            entry("a", "a1").before(&["b1"]),
            entry("b", "b1").before(&["c1"]),
            entry("c", "c1").before(&["a1"]),
            entry("d", "d1"),
        ])
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 1 problem:\n\
         - the `before`/`after` constraints on `plugkit://host/math/scale` form a cycle: a1 -> b1 -> c1 -> a1\n  \
         fix: remove one of these constraints"
    );
}

#[test]
fn a_partial_build_sets_a_cycle_aside_and_keeps_the_rest() {
    let registry = Registry::builder()
        .point(point())
        .entries([
            entry("a", "a1").after(&["b1"]),
            entry("b", "b1").after(&["a1"]),
            entry("c", "c1").after(&["a1"]),
            entry("d", "d1"),
        ])
        .build_partial();
    // c1 waits on a1, which is in the cycle; once the cycle is set aside c1 is placed.
    assert_eq!(ids(&registry), ["c1", "d1"]);
    let mut set_aside = rejected(&registry);
    set_aside.sort_unstable();
    assert_eq!(set_aside, ["a1", "b1"]);
    assert!(
        matches!(&registry.problems()[0], Problem::OrderCycle { cycle, .. } if cycle == &["a1", "b1", "a1"])
    );
}

#[test]
fn a_duplicate_id_is_an_error_naming_both_crates() {
    let first = Entry::new(
        URL,
        "geo::union",
        Origin::new("compas-geo", "1.2.0", "compas_geo", "union"),
        &DOUBLE,
    );
    let second = Entry::new(
        URL,
        "geo::union",
        Origin::new("compas-geo", "2.0.0", "compas_geo", "union"),
        &TRIPLE,
    );
    let err = Registry::builder()
        .point(point())
        .entries([second, first, entry("ok", "ok1")])
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 1 problem:\n\
         - plugin id `geo::union` is registered twice on `plugkit://host/math/scale`: by compas-geo 1.2.0 \
         (compas_geo::union) and by compas-geo 2.0.0 (compas_geo::union)\n  \
         fix: give each its own id (`#[plugin(.., name = \"...\")]` with a distinct name), or link \
         only one version of the crate (`cargo tree -d` shows duplicates)"
    );

    // A partial build keeps the others and sets both duplicates aside.
    let registry = Registry::builder()
        .point(point())
        .entries([second, first, entry("ok", "ok1")])
        .build_partial();
    assert_eq!(ids(&registry), ["ok1"]);
    assert_eq!(rejected(&registry), ["geo::union", "geo::union"]);
}

#[test]
fn a_point_declared_twice_is_an_error_naming_both_crates() {
    let mut other = point();
    other.origin = Origin::new("other-host", "0.3.0", "other_host", "scale");
    let err = Registry::builder()
        .point(point())
        .point(other)
        .build()
        .unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::DuplicatePoint {
            url: URL.to_owned(),
            first: other.origin,
            second: point().origin
        }]
    );
    assert!(err.to_string().contains(
        "extension point `plugkit://host/math/scale` is declared twice: by other-host 0.3.0 (other_host::scale) and by plugkit-framework"
    ));
    assert!(
        err.to_string()
            .ends_with("fix: give one of them its own `domain` or `category`")
    );
}

#[test]
fn the_same_point_registered_twice_by_one_crate_is_one_point() {
    let registry = Registry::builder()
        .point(point())
        .point(point())
        .build()
        .unwrap();
    assert_eq!(registry.points().len(), 1);
}

#[test]
fn an_entry_for_an_undeclared_point_is_an_error() {
    let stray = Entry::new("plugkit://host/nowhere", "p::f", origin("p", "f"), &DOUBLE);
    let err = Registry::builder()
        .point(point())
        .entry(stray)
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 1 problem:\n\
         - plugin `p::f` (p 1.0.0 (m::f)) implements `plugkit://host/nowhere`, which no linked crate declares\n  \
         fix: link the crate that declares the point, or correct the point's URL"
    );
    let registry = Registry::builder()
        .point(point())
        .entry(stray)
        .build_partial();
    assert!(matches!(registry.problems(), [Problem::UnknownPoint { id, .. }] if id == "p::f"));
    assert_eq!(registry.to_json()["orphans"][0]["id"], "p::f");
}

#[test]
fn a_payload_of_the_wrong_type_is_an_error() {
    let wrong = Entry::new(URL, "p::wrong", origin("p", "wrong"), &WRONG);
    let err = Registry::builder()
        .point(point())
        .entry(wrong)
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 1 problem:\n\
         - plugin `p::wrong` (p 1.0.0 (m::wrong)) registered something other than a `fn(u32) -> u32` for \
         `plugkit://host/math/scale`\n  \
         fix: register it with `#[plugin]`, which checks the signature when it compiles"
    );
}

#[test]
fn problems_are_all_reported_in_a_deterministic_order() {
    let make = || {
        Registry::builder()
            .point(point())
            .entries([
                entry("a", "dup"),
                entry("b", "dup"),
                Entry::new(URL, "w", origin("w", "w"), &WRONG),
                Entry::new("plugkit://host/z", "z", origin("z", "z"), &DOUBLE),
            ])
            .build()
            .unwrap_err()
    };
    let err = make();
    let kinds: Vec<&str> = err
        .problems()
        .iter()
        .map(|p| match p {
            Problem::WrongPayload { .. } => "payload",
            Problem::Duplicate { .. } => "duplicate",
            Problem::UnknownPoint { .. } => "unknown point",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["payload", "duplicate", "unknown point"]);
    assert!(
        err.to_string()
            .starts_with("the plugin registry has 3 problems:")
    );
    assert_eq!(err, make());
}

fn no() -> bool {
    false
}

const NO: &[Requirement] = &[Requirement::check("no", no)];

#[test]
fn requirements_name_crates_and_capabilities() {
    let registry = Registry::builder()
        .point(point())
        .entries([
            entry("needs-cap", "cap").requires(&[Requirement::Present("rhino")]),
            entry("needs-crate", "crate").requires(&[Requirement::Present("some_plugin")]),
            entry("some-plugin", "provider"),
            entry("needs-check", "check").requires(NO),
        ])
        .capability(Capability {
            name: "rhino",
            origin: plugkit::origin!("main"),
        })
        .build()
        .unwrap();
    assert!(registry.has_capability("rhino"));
    assert!(registry.has_crate("some-plugin") && registry.has_crate("some_plugin"));
    assert!(!registry.has_crate("some-plugin-2"));
    let find = |id| {
        *registry
            .point(URL)
            .unwrap()
            .entries()
            .iter()
            .find(|e| e.id() == id)
            .unwrap()
    };
    assert_eq!(unmet(&registry, "cap"), None);
    assert_eq!(unmet(&registry, "crate"), None);
    assert_eq!(
        unmet(&registry, "check"),
        Some(Unmet::CheckFailed { name: "no" })
    );

    let without = Registry::builder()
        .point(point())
        .entry(find("cap"))
        .build()
        .unwrap();
    assert_eq!(
        unmet(&without, "cap").unwrap().to_string(),
        "requires `rhino`, which is neither a linked plugin crate nor a declared capability"
    );
}

#[test]
fn explain_says_what_runs_and_why_the_others_do_not() {
    let registry = Registry::builder()
        .point(point())
        .entries([
            entry("a", "a1").tryfirst().requires(NO),
            entry("b", "b1").priority(3),
            entry("c", "c1").trylast(),
            entry("d", "dup"),
            entry("e", "dup"),
        ])
        .build_partial();
    let explanation = registry.explain(URL).unwrap();
    assert_eq!(
        explanation.to_string(),
        "plugkit://host/math/scale (first_match, no default)\n  \
         declared by plugkit-framework 0.1.0 (registry::scale)\n  \
         1. a1 (a 1.0.0) [tryfirst]: skipped: requirement `no()` returned false\n  \
         2. b1 (b 1.0.0) [priority 3]: selected\n  \
         3. c1 (c 1.0.0) [trylast]: not used: `b1` comes first\n  \
         4. dup (d 1.0.0): rejected: plugin id `dup` is registered twice on `plugkit://host/math/scale`: by d 1.0.0 (m::dup) and by e 1.0.0 (m::dup)\n  \
         5. dup (e 1.0.0): rejected: plugin id `dup` is registered twice on `plugkit://host/math/scale`: by d 1.0.0 (m::dup) and by e 1.0.0 (m::dup)\n  \
         runs: b1"
    );
    assert_eq!(
        explanation.running().map(Entry::id).collect::<Vec<_>>(),
        ["b1"]
    );
    assert!(matches!(
        explanation.considered()[3].verdict,
        Verdict::Rejected { .. }
    ));
}

#[test]
fn explain_an_unknown_point_suggests_the_closest() {
    let registry = build([]);
    let err = registry.explain("plugkit://host/math/scael").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no extension point `plugkit://host/math/scael` is registered; did you mean `plugkit://host/math/scale`?\n  \
         fix: link the crate that declares it, and check the URL with `Registry::points`"
    );
    let err = registry.explain("zzz").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no extension point `zzz` is registered (known: `plugkit://host/math/scale`)\n  \
         fix: link the crate that declares it, and check the URL with `Registry::points`"
    );
}

#[test]
fn json_lists_points_entries_availability_and_problems() {
    let registry = Registry::builder()
        .point(point())
        .entries([entry("a", "a1").tryfirst().requires(NO), entry("b", "b1")])
        .capability(Capability {
            name: "gpu",
            origin: origin("host", "main"),
        })
        .build()
        .unwrap();
    let json = registry.to_json();
    assert_eq!(
        json,
        serde_json::json!({
            "points": [{
                "url": URL,
                "style": "function",
                "selector": "first_match",
                "default": null,
                "signature": "fn(u32) -> u32",
                "origin": {
                    "crate_name": "plugkit-framework", "crate_version": env!("CARGO_PKG_VERSION"), "module_path": "registry", "item": "scale",
                    "file": file!(), "line": point().origin.line, "column": point().origin.column
                },
                "entries": [
                    {
                        "id": "a1",
                        "origin": {"crate_name": "a", "crate_version": "1.0.0", "module_path": "m", "item": "a1"},
                        "order": {"tier": "first", "priority": 0, "before": [], "after": []},
                        "requires": ["no()"],
                        "recheck_each_call": false,
                        "available": false,
                        "unmet": "requirement `no()` returned false"
                    },
                    {
                        "id": "b1",
                        "origin": {"crate_name": "b", "crate_version": "1.0.0", "module_path": "m", "item": "b1"},
                        "order": {"tier": "normal", "priority": 0, "before": [], "after": []},
                        "requires": [],
                        "recheck_each_call": false,
                        "available": true
                    }
                ],
                "rejected": []
            }],
            "capabilities": [{"name": "gpu", "origin": {"crate_name": "host", "crate_version": "1.0.0", "module_path": "m", "item": "main"}}],
            "crates": [
                {"name": "a", "version": "1.0.0"},
                {"name": "b", "version": "1.0.0"},
                {"name": "host", "version": "1.0.0"},
                {"name": "plugkit-framework", "version": env!("CARGO_PKG_VERSION")}
            ],
            "orphans": [],
            "expected": [],
            "problems": []
        })
    );
}

#[test]
fn an_empty_builder_builds_an_empty_registry() {
    let registry = RegistryBuilder::default().build().unwrap();
    assert!(
        registry.points().is_empty()
            && registry.problems().is_empty()
            && registry.to_json()["crates"] == serde_json::json!([])
    );
}

#[test]
fn explain_lists_what_a_configuration_kind_or_namespace_offers() {
    struct Tag;
    static S3: Tag = Tag;
    const KIND: &str = "plugkit://host/caches";
    const NS: &str = "plugkit://host/suts";
    let registry = Registry::builder()
        .point(plugkit::__private::config_kind_point_of::<Tag>(
            KIND,
            Some("local"),
            "dyn Cache",
            plugkit::origin!("Cache"),
        ))
        .point(plugkit::__private::namespace_point_of::<Tag>(
            NS,
            "dyn Sut",
            plugkit::origin!("suts"),
        ))
        .entry(Entry::new(KIND, "s3", origin("qik-s3", "S3Conf"), &S3))
        .entry(Entry::new(KIND, "redis", origin("qik-redis", "RedisConf"), &S3).requires(NO))
        .build()
        .unwrap();
    let text = registry.explain(KIND).unwrap().to_string();
    assert_eq!(
        text,
        "plugkit://host/caches (configuration kind, default type `local`)\n  \
         declared by plugkit-framework 0.1.0 (registry::Cache)\n  \
         1. redis (qik-redis 1.0.0): skipped: requirement `no()` returned false\n  \
         2. s3 (qik-s3 1.0.0): available\n  \
         available: s3"
    );
    assert_eq!(
        registry.explain(NS).unwrap().to_string(),
        "plugkit://host/suts (namespace)\n  declared by plugkit-framework 0.1.0 (registry::suts)\n  available: none"
    );
}

#[test]
fn an_expected_plugin_crate_that_registered_nothing_is_reported_with_the_fix() {
    use plugkit::ExpectedPlugin;
    const EXPECTED: &[ExpectedPlugin] = &[
        ExpectedPlugin::new("a", "1.0.0")
            .host_api("^0.1")
            .registration("host-plugins"),
        ExpectedPlugin::new("never-linked", "0.2.0")
            .host_api("^0.1")
            .registration("host-plugins"),
        ExpectedPlugin::new("b", "0.9.0")
            .host_api("^0.1")
            .registration("host-plugins"),
    ];
    let err = Registry::builder()
        .point(point())
        .entries([entry("a", "a1"), entry("b", "b1")])
        .expect_plugins(EXPECTED)
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 2 problems:\n\
         - plugin crate `b` registered version 1.0.0, but `host-plugins` was generated for 0.9.0\n  \
         fix: run `cargo plugkit sync` to regenerate `host-plugins`\n\
         - plugin crate `never-linked` 0.2.0 is expected by `host-plugins` but registered nothing\n  \
         fix: run `cargo plugkit sync` so that `host-plugins` names it, and call `host_plugins::init()` at \
         the start of `main`; a plugin crate must register at least one entry or capability"
    );
    let json = Registry::builder()
        .point(point())
        .expect_plugins(&EXPECTED[..1])
        .build_partial()
        .to_json();
    assert_eq!(json["expected"][0]["crate_name"], "a");
    assert_eq!(json["problems"][0]["problem"], "missing_plugin");
}

#[test]
fn an_expected_plugin_with_features_off_is_reported_with_those_features() {
    use plugkit::ExpectedPlugin;
    const EXPECTED: &[ExpectedPlugin] = &[
        ExpectedPlugin::new("mesh-plugin", "0.4.0")
            .host_api("^0.1")
            .registration("host-plugins")
            .features_off(&["mesh"]),
        ExpectedPlugin::new("two-features", "1.0.0")
            .registration("host-plugins")
            .features_off(&["plugin", "gpu"]),
        ExpectedPlugin::new("added", "0.2.0")
            .registration("host")
            .linked_by_build_script()
            .features_off(&["plugin"]),
        ExpectedPlugin::new("not-a-plugin", "0.3.0")
            .registration("host")
            .linked_by_build_script(),
    ];
    let err = Registry::builder()
        .point(point())
        .expect_plugins(EXPECTED)
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 4 problems:\n\
         - plugin crate `added` 0.2.0 is a dependency of `host` but registered nothing: its \
         registrations need the feature `plugin`, which `host` does not enable\n  \
         fix: add `features = [\"plugin\"]` to the dependency on `added` in the Cargo.toml of \
         `host`\n\
         - plugin crate `mesh-plugin` 0.4.0 is expected by `host-plugins` but registered nothing; \
         its feature `mesh` is off\n  fix: if its registrations need one, declare it in the \
         Cargo.toml of `mesh-plugin` (`[package.metadata.plugkit]` `features = [\"mesh\"]`) and \
         run `cargo plugkit sync`, which enables it; a plugin crate must register at least one \
         entry or capability\n\
         - plugin crate `not-a-plugin` 0.3.0 is a dependency of `host` but registered nothing\n  \
         fix: a plugin crate must register at least one entry or capability; if `not-a-plugin` \
         is no plugin, add `host = false` to its `[package.metadata.plugkit]`, or \
         `.exclude(\"not-a-plugin\")` to the `plugkit_build::Linker` in the build script of \
         `host`\n\
         - plugin crate `two-features` 1.0.0 is expected by `host-plugins` but registered \
         nothing; its features `plugin`, `gpu` are off\n  fix: if its registrations need one, \
         declare it in the Cargo.toml of `two-features` (`[package.metadata.plugkit]` `features \
         = [\"plugin\", \"gpu\"]`) and run `cargo plugkit sync`, which enables it; a plugin \
         crate must register at least one entry or capability"
    );
    assert!(matches!(
        &err.problems()[0],
        Problem::MissingPlugin { features_off, by_build_script: true, .. } if features_off == &["plugin"]
    ));

    // A crate that did register is not missing, whatever its features.
    let registry = Registry::builder()
        .point(point())
        .entry(entry("mesh-plugin", "m1"))
        .expect_plugins(&[ExpectedPlugin::new("mesh-plugin", "1.0.0").features_off(&["mesh"])])
        .build()
        .unwrap();
    assert_eq!(registry.expected()[0].features_off, ["mesh"]);
    assert_eq!(
        registry.to_json()["expected"][0]["features_off"],
        serde_json::json!(["mesh"])
    );
}

#[test]
fn an_expected_plugin_built_with_new_has_defaults() {
    let expected = plugkit::ExpectedPlugin::new("p", "1.0.0");
    assert_eq!(
        (
            expected.host_api,
            expected.registration,
            expected.features_off
        ),
        ("*", "", &[][..])
    );
}

#[test]
fn dash_and_underscore_are_one_name_in_requirements() {
    let registry = Registry::builder()
        .point(point())
        .entries([
            entry("a", "needs-crate").requires(&[Requirement::Present("my-plugin")]),
            entry("a", "needs-crate-2").requires(&[Requirement::Present("other_plugin")]),
            entry("a", "needs-cap").requires(&[Requirement::Present("fast-math")]),
            entry("my_plugin", "provider"),
            entry("other-plugin", "provider-2"),
        ])
        .capability(Capability {
            name: "fast_math",
            origin: origin("host", "main"),
        })
        .build()
        .unwrap();
    for entry in registry.point(URL).unwrap().entries() {
        assert_eq!(unmet(&registry, entry.id()), None, "{}", entry.id());
    }
    assert!(registry.has_capability("fast-math") && registry.has_capability("fast_math"));
}

#[test]
fn dash_and_underscore_are_one_name_in_before_and_after() {
    // Without constraints: a1, b-x, c1. Crate and id references spelled with the other character.
    let few = build([
        entry("a", "a1").after(&["c_plugin"]),
        entry("b", "b-x"),
        entry("c-plugin", "c1").before(&["b_x"]),
    ]);
    assert_eq!(ids(&few), ["c1", "a1", "b-x"]);

    // With more than 16 names the references are hashed; the answer is the same.
    let mut many: Vec<Entry> = vec![
        entry("a", "a1").after(&["c_plugin"]),
        entry("b", "b-x"),
        entry("c-plugin", "c1").before(&["b_x"]),
    ];
    static FILLER: [&str; 17] = [
        "f00", "f01", "f02", "f03", "f04", "f05", "f06", "f07", "f08", "f09", "f10", "f11", "f12",
        "f13", "f14", "f15", "f16",
    ];
    for name in &FILLER {
        many.push(entry("z", name).trylast().after(std::slice::from_ref(name)));
    }
    let many = build(many);
    assert_eq!(&ids(&many)[..3], ["c1", "a1", "b-x"]);
}

#[test]
fn dash_and_underscore_are_one_name_in_the_expected_list() {
    use plugkit::ExpectedPlugin;
    const EXPECTED: &[ExpectedPlugin] = &[
        ExpectedPlugin::new("my-plugin", "1.0.0").registration("host-plugins"),
        ExpectedPlugin::new("other_plugin", "1.0.0").registration("host-plugins"),
    ];
    let registry = Registry::builder()
        .point(point())
        .entries([entry("my_plugin", "m1"), entry("other-plugin", "o1")])
        .expect_plugins(EXPECTED)
        .build()
        .unwrap();
    assert_eq!(registry.expected(), EXPECTED);

    // The same crate spelled both ways is expected once.
    let registry = Registry::builder()
        .point(point())
        .entry(entry("my_plugin", "m1"))
        .expect_plugins(&[
            ExpectedPlugin::new("my_plugin", "1.0.0").registration("host-plugins"),
            ExpectedPlugin::new("my-plugin", "1.0.0").registration("host-plugins"),
        ])
        .build()
        .unwrap();
    assert_eq!(registry.expected().len(), 1);

    // A version mismatch is still found across the two spellings.
    let err = Registry::builder()
        .point(point())
        .entry(entry("my_plugin", "m1"))
        .expect_plugins(&[ExpectedPlugin::new("my-plugin", "2.0.0").registration("host-plugins")])
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 1 problem:\n\
         - plugin crate `my-plugin` registered version 1.0.0, but `host-plugins` was generated for \
         2.0.0\n  fix: run `cargo plugkit sync` to regenerate `host-plugins`"
    );
}

/// An entry with a default id `m::f` of crate `p` 1.0.0, written at `line` and `column`.
fn default_at(version: &'static str, line: u32, column: u32) -> Entry {
    Entry::new(
        URL,
        "m::f",
        Origin::new("p", version, "m", "f").at("src/a.rs", line, column),
        &DOUBLE,
    )
    .id_is_default()
}

#[test]
fn default_ids_that_clash_are_told_apart_by_location() {
    let registry = build([
        default_at("1.0.0", 20, 1),
        default_at("1.0.0", 3, 9),
        default_at("1.0.0", 3, 5),
    ]);
    assert_eq!(
        ids(&registry),
        ["m::f@src/a.rs:20", "m::f@src/a.rs:3:5", "m::f@src/a.rs:3:9"]
    );
    // The same result whatever order the entries come in.
    let again = build([
        default_at("1.0.0", 3, 5),
        default_at("1.0.0", 20, 1),
        default_at("1.0.0", 3, 9),
    ]);
    assert_eq!(ids(&again), ids(&registry));
}

#[test]
fn clashes_that_are_not_two_places_of_one_crate_stay_duplicates() {
    let version = |v| {
        Registry::builder()
            .point(point())
            .entries([default_at("1.0.0", 1, 1), default_at(v, 2, 1)])
            .build()
            .unwrap_err()
            .to_string()
    };
    // Two versions of one crate.
    assert_eq!(
        version("2.0.0"),
        "the plugin registry has 1 problem:\n\
         - plugin id `m::f` is registered twice on `plugkit://host/math/scale`: by p 1.0.0 (m::f) at \
         src/a.rs:1 and by p 2.0.0 (m::f) at src/a.rs:2\n  \
         fix: give each its own id (`#[plugin(.., name = \"...\")]` with a distinct name), or link \
         only one version of the crate (`cargo tree -d` shows duplicates)"
    );
    // One registration seen twice.
    let same = Registry::builder()
        .point(point())
        .entries([default_at("1.0.0", 1, 1), default_at("1.0.0", 1, 1)])
        .build()
        .unwrap_err();
    assert!(matches!(same.problems(), [Problem::Duplicate { id, .. }] if id == "m::f"));
    // A given id against a default one.
    let given = Entry::new(
        URL,
        "m::f",
        Origin::new("p", "1.0.0", "m", "g").at("src/b.rs", 7, 1),
        &TRIPLE,
    );
    let err = Registry::builder()
        .point(point())
        .entries([default_at("1.0.0", 1, 1), given])
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("by p 1.0.0 (m::f) at src/a.rs:1 and by p 1.0.0 (m::g) at src/b.rs:7")
    );
    // Default ids without a location (built by hand) cannot be told apart.
    let nowhere = Entry::new(URL, "m::f", origin("p", "f"), &TRIPLE).id_is_default();
    let err = Registry::builder()
        .point(point())
        .entries([nowhere, nowhere.priority(1)])
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("by p 1.0.0 (m::f) and by p 1.0.0 (m::f)\n")
    );
}

#[test]
fn an_optional_dependency_that_is_off_names_the_features_that_enable_it() {
    static ONE: &[Requirement] = &[Requirement::dependency(
        "trimesh",
        "my-plugin",
        false,
        &["mesh"],
    )];
    static TWO: &[Requirement] = &[Requirement::dependency(
        "trimesh",
        "my-plugin",
        false,
        &["full", "mesh"],
    )];
    static ON: &[Requirement] = &[Requirement::dependency(
        "trimesh",
        "my-plugin",
        true,
        &["mesh"],
    )];
    static OTHER_TARGET: &[Requirement] =
        &[Requirement::dependency("winapi", "my-plugin", false, &[])];
    let registry = build([
        entry("my-plugin", "one").requires(ONE),
        entry("my-plugin", "two").requires(TWO),
        entry("my-plugin", "on").requires(ON),
        entry("my-plugin", "other-target").requires(OTHER_TARGET),
    ]);
    let unmet_text = |id: &str| unmet(&registry, id).map(|u| u.to_string());
    assert_eq!(
        unmet_text("one").unwrap(),
        "requires `trimesh`, an optional dependency of `my-plugin` that is not enabled; enable its feature `mesh`"
    );
    assert_eq!(
        unmet_text("two").unwrap(),
        "requires `trimesh`, an optional dependency of `my-plugin` that is not enabled; enable one of its \
         features `full`, `mesh`"
    );
    assert_eq!(unmet_text("on"), None);
    assert_eq!(
        unmet_text("other-target").unwrap(),
        "requires `winapi`, which is neither a linked plugin crate nor a declared capability"
    );

    // Off as a dependency, but a crate of that name registered: met, as any name is.
    let linked = build([
        entry("my-plugin", "one").requires(ONE),
        entry("trimesh", "t1"),
    ]);
    assert_eq!(unmet(&linked, "one"), None);
    assert_eq!(
        serde_json::to_value(ONE).unwrap(),
        serde_json::json!(["trimesh"])
    );
}

#[test]
fn every_duplicate_message_names_both_locations() {
    let first = Origin::new("my-s3", "1.0.0", "plugin", "S3").at("src/lib.rs", 12, 1);
    let second = Origin::new("qik-s3", "1.0.0", "plugin", "S3").at("src/lib.rs", 30, 1);
    // Each style words its own duplicates: the point's style gives the noun and the fix.
    let duplicate = |point: &str, id_noun, id: &str| Problem::Duplicate {
        point: point.into(),
        id_noun,
        id: id.into(),
        first,
        second,
        fix: "the style's fix",
    };
    let messages = [
        duplicate(
            "plugkit://plugkit-framework/config/cache",
            "configuration type",
            "s3",
        ),
        duplicate("plugkit://host/models", "uid", "small"),
        Problem::DuplicatePoint {
            url: URL.into(),
            first,
            second,
        },
        duplicate(URL, "plugin id", "s3"),
    ]
    .map(|p| p.to_string().lines().next().unwrap().to_owned());
    assert_eq!(
        messages,
        [
            "configuration type `s3` is registered twice on `plugkit://plugkit-framework/config/cache`: by my-s3 \
             1.0.0 (plugin::S3) at src/lib.rs:12 and by qik-s3 1.0.0 (plugin::S3) at src/lib.rs:30",
            "uid `small` is registered twice on `plugkit://host/models`: by my-s3 1.0.0 \
             (plugin::S3) at src/lib.rs:12 and by qik-s3 1.0.0 (plugin::S3) at src/lib.rs:30",
            "extension point `plugkit://host/math/scale` is declared twice: by my-s3 1.0.0 (plugin::S3) \
             at src/lib.rs:12 and by qik-s3 1.0.0 (plugin::S3) at src/lib.rs:30",
            "plugin id `s3` is registered twice on `plugkit://host/math/scale`: by my-s3 1.0.0 \
             (plugin::S3) at src/lib.rs:12 and by qik-s3 1.0.0 (plugin::S3) at src/lib.rs:30",
        ]
    );
}
