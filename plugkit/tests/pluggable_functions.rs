//! Pluggable functions end to end: the attribute macros, selection through the program-wide
//! registry, requirements, ordering options, panics, and the errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use plugkit::{Selector, Verdict, pluggable, plugin};

mod host {
    use super::pluggable;

    /// With a default body and no plugin: the default runs.
    #[pluggable(category = "defaults")]
    pub fn lonely(x: u32) -> u32 {
        x + 1
    }

    #[pluggable(domain = "https://plugins.example.org", category = "text")]
    pub fn render(text: &str, width: usize) -> String {
        format!("default:{text}:{width}")
    }

    #[pluggable(category = "text")]
    pub fn missing(text: &str) -> String;

    #[pluggable(category = "text")]
    pub fn gated(text: &str) -> String;

    #[pluggable(category = "text")]
    pub fn flickering(text: &str) -> String;

    #[pluggable(selector = collect_all, category = "install")]
    pub fn packages(prefix: String) -> Vec<String>;

    #[pluggable(selector = collect_all)]
    pub fn nobody() -> u8;

    #[pluggable]
    pub fn flaky() -> &'static str {
        "default"
    }

    #[pluggable]
    pub fn walked() -> &'static str {
        "default"
    }
}

// --- plugins for `render`: order is tryfirst, then priority, then name.

#[plugin(host::render, trylast)]
fn render_fallback(text: &str, width: usize) -> String {
    format!("fallback:{text}:{width}")
}

#[plugin(host::render, priority = 10)]
fn render_important(text: &str, width: usize) -> String {
    format!("important:{text}:{width}")
}

#[plugin(host::render)]
fn render_plain(text: &str, width: usize) -> String {
    format!("plain:{text}:{width}")
}

#[plugin(host::render, tryfirst, requires = ["no-such-crate"])]
fn render_absent(text: &str, _width: usize) -> String {
    format!("absent:{text}")
}

// --- `gated`: every plugin's requirement fails, so the call errs.

fn never() -> bool {
    false
}

fn explodes() -> bool {
    panic!("the check blew up")
}

#[plugin(host::gated, requires = [never])]
fn gated_never(text: &str) -> String {
    text.to_owned()
}

#[plugin(host::gated, requires = [explodes], name = "gated-explodes")]
fn gated_explodes(text: &str) -> String {
    text.to_owned()
}

// --- `packages`: collect_all, with a panic in the middle and a before/after constraint.

#[plugin(host::packages, after = ["pluggable_functions::packages_b"])]
fn packages_a(prefix: String) -> Vec<String> {
    vec![format!("{prefix}a")]
}

#[plugin(host::packages)]
fn packages_b(prefix: String) -> Vec<String> {
    vec![format!("{prefix}b")]
}

#[plugin(host::packages, priority = -1)]
fn packages_broken(_prefix: String) -> Vec<String> {
    panic!("cannot list packages")
}

#[plugin(host::packages, priority = -2)]
fn packages_z(prefix: String) -> Vec<String> {
    vec![format!("{prefix}z")]
}

// --- `flaky`: a check that changes while the program runs.

static ONLINE: AtomicBool = AtomicBool::new(true);
static CHECKS: AtomicUsize = AtomicUsize::new(0);

fn online() -> bool {
    CHECKS.fetch_add(1, Ordering::SeqCst);
    ONLINE.load(Ordering::SeqCst)
}

#[plugin(host::flaky, requires = [online], recheck_each_call)]
fn flaky_online() -> &'static str {
    "online"
}

// --- `walked`: plugins that all recheck, one whose check panics, one with two checks.

static WALKS: AtomicUsize = AtomicUsize::new(0);

fn counts_and_passes() -> bool {
    WALKS.fetch_add(1, Ordering::SeqCst);
    true
}

fn walk_panics() -> bool {
    WALKS.fetch_add(1, Ordering::SeqCst);
    panic!("the walk check blew up")
}

#[plugin(host::walked, requires = [walk_panics], recheck_each_call, priority = 3)]
fn walked_panicky() -> &'static str {
    "panicky"
}

#[plugin(host::walked, requires = [counts_and_passes, never], recheck_each_call, priority = 2)]
fn walked_two_checks() -> &'static str {
    "two checks"
}

#[plugin(host::walked, requires = [counts_and_passes, counts_and_passes], recheck_each_call, priority = 1)]
fn walked_winner() -> &'static str {
    "winner"
}

#[plugin(host::walked)]
fn walked_last() -> &'static str {
    "last"
}

// --- `pluggable_name`: the COMPAS spelling for a plugin named otherwise.

#[plugin(host, pluggable_name = "lonely", name = "never-linked", requires = ["absent-capability"])]
fn lonely_but_absent(x: u32) -> u32 {
    x * 100
}

#[test]
fn a_pluggable_with_no_available_plugin_runs_its_default() {
    assert_eq!(host::lonely(1), 2);
    let explanation = plugkit::registry().explain(host::lonely::URL).unwrap();
    assert_eq!(
        explanation.considered()[0].verdict,
        Verdict::Unmet {
            unmet: plugkit::Unmet::Absent {
                name: "absent-capability"
            }
        }
    );
    assert!(
        explanation
            .to_string()
            .ends_with("runs: the host's default"),
        "{explanation}"
    );
}

#[test]
fn first_match_takes_the_first_available_plugin_in_order() {
    assert_eq!(host::render("x", 3), "important:x:3");
    let explanation = plugkit::registry().explain(host::render::URL).unwrap();
    let ids: Vec<(&str, String)> = explanation
        .considered()
        .iter()
        .map(|c| (c.entry.id(), c.verdict.to_string()))
        .collect();
    assert_eq!(
        ids,
        [
            (
                "pluggable_functions::render_absent",
                "skipped: requires `no-such-crate`, which is neither a linked plugin crate nor a declared capability".to_owned()
            ),
            ("pluggable_functions::render_important", "selected".to_owned()),
            ("pluggable_functions::render_plain", "not used: `pluggable_functions::render_important` comes first".to_owned()),
            ("pluggable_functions::render_fallback", "not used: `pluggable_functions::render_important` comes first".to_owned()),
        ]
    );
}

#[test]
fn points_are_urls() {
    assert_eq!(host::render::URL, "https://plugins.example.org/text/render");
    assert_eq!(
        host::lonely::URL,
        "plugkit://plugkit-framework/defaults/lonely"
    );
    assert_eq!(host::flaky::URL, "plugkit://plugkit-framework/flaky");
    for url in [
        host::render::URL,
        host::lonely::URL,
        host::flaky::URL,
        host::packages::URL,
    ] {
        let parsed = url::Url::parse(url).unwrap();
        assert_eq!(
            parsed.as_str(),
            url,
            "a point URL must be a valid URL as it stands"
        );
    }
    let point = host::render::POINT;
    assert_eq!(point.signature, "fn(&str, usize) -> String");
    assert_eq!(point.selector, Some(Selector::FirstMatch));
    assert_eq!(point.default, Some("render"));
    assert_eq!(point.style.noun, "pluggable function");
    assert_eq!(point.origin.module_path, "pluggable_functions::host");
    assert_eq!(point.origin.item, "render");
}

#[test]
fn no_plugin_and_no_default_is_an_error_naming_every_candidate_and_the_fix() {
    let err = host::gated("x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no plugin is available for `plugkit://plugkit-framework/text/gated`, and it has no default implementation\n  \
         candidates:\n  \
         - gated-explodes (plugkit-framework 0.1.0): skipped: requirement `explodes()` panicked: the check blew up\n  \
         - pluggable_functions::gated_never (plugkit-framework 0.1.0): skipped: requirement `never()` returned false\n  \
         fix: meet a requirement above, or add a plugin crate that implements it and link it (`cargo plugkit sync`, \
         or `plugkit_build::link_plugins()` in the build script); PLUGKIT_DEBUG=1 traces the selection"
    );
    let explanation = plugkit::registry()
        .explain(host::gated::URL)
        .unwrap()
        .to_string();
    assert!(
        explanation.ends_with(
            "runs: nothing; a call fails: no plugin is available, and there is no default"
        ),
        "{explanation}"
    );
    let err = host::missing("x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "no plugin is available for `plugkit://plugkit-framework/text/missing`, and it has no default implementation\n  \
         no linked crate registers a plugin for it\n  \
         fix: add a plugin crate that implements it and link it (`cargo plugkit sync`, or \
         `plugkit_build::link_plugins()` in the build script); PLUGKIT_DEBUG=1 traces the selection"
    );
}

#[test]
fn collect_all_runs_every_plugin_in_order_and_reports_panics() {
    let collected = host::packages("p-".to_owned());
    let ran: Vec<(&str, &[String])> = collected
        .iter()
        .map(|(entry, packages)| (entry.id(), packages.as_slice()))
        .collect();
    assert_eq!(
        ran,
        [
            ("pluggable_functions::packages_b", &["p-b".to_owned()][..]),
            ("pluggable_functions::packages_a", &["p-a".to_owned()][..]),
            ("pluggable_functions::packages_z", &["p-z".to_owned()][..]),
        ],
        "every plugin after the one that panicked ran, in order"
    );
    let failures: Vec<String> = collected
        .failures()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        failures,
        [format!(
            "plugin `pluggable_functions::packages_broken` (plugkit-framework {} (pluggable_functions::packages_broken)) panicked: cannot list packages",
            env!("CARGO_PKG_VERSION")
        )]
    );
    assert_eq!(collected.values().len(), 3);
}

#[test]
fn collect_all_with_no_plugin_is_empty() {
    let nobody = host::nobody();
    assert!(nobody.values().is_empty() && nobody.failures().is_empty());
    let explanation = plugkit::registry().explain(host::nobody::URL).unwrap();
    assert!(
        explanation
            .to_string()
            .ends_with("runs: nothing (the result is empty)")
    );
}

#[test]
fn checks_marked_recheck_each_call_run_on_every_call() {
    assert_eq!(host::flaky(), "online");
    let before = CHECKS.load(Ordering::SeqCst);
    assert_eq!(host::flaky(), "online");
    assert_eq!(CHECKS.load(Ordering::SeqCst), before + 1);
    ONLINE.store(false, Ordering::SeqCst);
    assert_eq!(host::flaky(), "default");
    ONLINE.store(true, Ordering::SeqCst);
    assert_eq!(host::flaky(), "online");
}

#[test]
fn rechecked_plugins_are_walked_in_order_past_a_check_that_panics_and_every_check_runs() {
    for call in 1..=3 {
        WALKS.store(0, Ordering::SeqCst);
        assert_eq!(host::walked(), "winner", "call {call}");
        // The panicking check, the first of `two checks` (its second, `never`, fails), then
        // both of the winner's: every check of a plugin runs, in order, once per call.
        assert_eq!(WALKS.load(Ordering::SeqCst), 4, "call {call}");
    }
    let (_, entry) = host::walked::handle().select_entry().unwrap();
    assert_eq!(entry.origin().item, "walked_winner");
}

// --- `flickering`: a per-call check that fails on the call, then passes when the error is written.

static FLIPS: AtomicUsize = AtomicUsize::new(0);

fn up_on_even_calls() -> bool {
    FLIPS.fetch_add(1, Ordering::SeqCst) % 2 == 1
}

#[plugin(host::flickering, requires = [up_on_even_calls], recheck_each_call)]
fn flickering_plugin(text: &str) -> String {
    text.to_owned()
}

#[test]
fn a_check_that_changes_between_the_call_and_the_error_is_reported_as_such() {
    let err = host::flickering("x").unwrap_err();
    assert!(
        err.to_string()
            .contains("): available now, but its check failed when the call was made\n"),
        "{err}"
    );
    assert_eq!(
        FLIPS.load(Ordering::SeqCst),
        2,
        "checked on the call, then for the error"
    );
}
