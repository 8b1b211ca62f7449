//! The selection trace: `PLUGKIT_DEBUG=1` and `plugkit::debug::set_enabled` write what happened
//! to stderr, and nothing to stdout. Each test re-runs this test binary as a child process
//! (selecting the `child` test) so that the child's stderr can be read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking
#![allow(clippy::print_stdout)] // the child prints its answers for the parent to compare

use std::process::Command;

use plugkit::{pluggable, plugin};

/// The pluggable the child calls.
#[pluggable(category = "trace")]
pub fn shade(level: u8) -> &'static str {
    let _ = level;
    "default"
}

fn never() -> bool {
    false
}

#[plugin(shade, tryfirst, requires = [never])]
fn shade_gated(_level: u8) -> &'static str {
    "gated"
}

#[plugin(shade)]
fn shade_plain(_level: u8) -> &'static str {
    "plain"
}

/// Runs in the child: calls the pluggable twice and prints its answers on stdout.
#[test]
fn child() {
    let Ok(mode) = std::env::var("TRACE_CHILD") else {
        return;
    };
    if mode == "api" {
        plugkit::debug::set_enabled(true);
    }
    if mode == "late" {
        // Quiet, then traced, then quiet again: the switch resets what the calls cached.
        let first = shade(1);
        plugkit::debug::set_enabled(true);
        let second = shade(2);
        plugkit::debug::set_enabled(false);
        println!("answers: {first} {second} {}", shade(3));
        return;
    }
    println!("answers: {} {}", shade(1), shade(2));
}

fn run_child(mode: &str, debug_env: Option<&str>) -> (String, String) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env("TRACE_CHILD", mode);
    match debug_env {
        Some(value) => command.env("PLUGKIT_DEBUG", value),
        None => command.env_remove("PLUGKIT_DEBUG"),
    };
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "child failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn trace_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("[plugkit] "))
        .collect()
}

/// The trace lines about this test's point: plugkit itself, and the other styles, may
/// declare points of their own. Candidate lines follow their point's `selecting` line.
fn shade_lines(stderr: &str) -> Vec<&str> {
    let mut ours = false;
    trace_lines(stderr)
        .into_iter()
        .filter(|l| {
            if !l.starts_with("[plugkit]   ") {
                ours = l.contains("plugkit://plugkit-framework/trace/shade");
            }
            ours
        })
        .collect()
}

fn expected_trace() -> Vec<String> {
    let v = env!("CARGO_PKG_VERSION");
    let url = "plugkit://plugkit-framework/trace/shade";
    vec![
        format!("[plugkit] discovered point {url} from plugkit-framework {v} (debug_trace::shade)"),
        format!(
            "[plugkit] discovered plugin debug_trace::shade_plain for {url} from plugkit-framework {v} (debug_trace::shade_plain)"
        ),
        format!(
            "[plugkit] discovered plugin debug_trace::shade_gated for {url} from plugkit-framework {v} (debug_trace::shade_gated)"
        ),
        format!(
            "[plugkit] registered {url} in order [debug_trace::shade_gated, debug_trace::shade_plain]"
        ),
        format!("[plugkit] selecting for {url} (first_match)"),
        format!(
            "[plugkit]   candidate debug_trace::shade_gated from plugkit-framework {v} (debug_trace::shade_gated): skipped: requirement `never()` returned false"
        ),
        format!(
            "[plugkit]   candidate debug_trace::shade_plain from plugkit-framework {v} (debug_trace::shade_plain): available"
        ),
        format!("[plugkit] call {url} -> debug_trace::shade_plain"),
        format!("[plugkit] call {url} -> debug_trace::shade_plain"),
    ]
}

/// Discovery order follows link order, which is not specified: compare it as a set.
fn assert_trace(stderr: &str) {
    let mut got: Vec<&str> = shade_lines(stderr);
    let expected = expected_trace();
    let mut want: Vec<&str> = expected.iter().map(String::as_str).collect();
    let discovered = |l: &&str| l.starts_with("[plugkit] discovered");
    let (mut got_found, got_rest): (Vec<&str>, Vec<&str>) = got.drain(..).partition(discovered);
    let (mut want_found, want_rest): (Vec<&str>, Vec<&str>) = want.drain(..).partition(discovered);
    got_found.sort_unstable();
    want_found.sort_unstable();
    assert_eq!(got_found, want_found);
    assert_eq!(got_rest, want_rest);
}

#[test]
fn plugkit_debug_traces_discovery_registration_selection_and_calls_to_stderr() {
    let (stdout, stderr) = run_child("env", Some("1"));
    assert_trace(&stderr);
    let (quiet_stdout, quiet_stderr) = run_child("env", None);
    // The whole stdout also holds libtest's timings; compare what the program printed.
    // libtest writes `test child ... ` before the program's line, hence `find`.
    let answers = |out: &str| {
        out.lines()
            .filter_map(|l| l.find("answers: ").map(|at| l[at..].to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(answers(&stdout), ["answers: plain plain"]);
    assert_eq!(answers(&stdout), answers(&quiet_stdout));
    assert!(
        !stdout.contains("[plugkit]"),
        "the trace must not touch stdout: {stdout}"
    );
    assert!(trace_lines(&quiet_stderr).is_empty(), "{quiet_stderr}");
}

#[test]
fn plugkit_debug_off_values_keep_it_quiet() {
    for off in ["0", "false", "off", ""] {
        let (_, stderr) = run_child("env", Some(off));
        assert!(
            trace_lines(&stderr).is_empty(),
            "PLUGKIT_DEBUG={off:?} traced: {stderr}"
        );
    }
}

#[test]
fn the_api_switch_traces_too() {
    let (_, stderr) = run_child("api", None);
    assert_trace(&stderr);
    let (_, stderr) = run_child("api", Some("0"));
    assert_trace(&stderr);
}

#[test]
fn the_api_switch_turned_on_after_a_call_traces_the_calls_after_it() {
    let (stdout, stderr) = run_child("late", None);
    assert!(stdout.contains("answers: plain plain plain"), "{stdout}");
    assert_eq!(
        shade_lines(&stderr),
        ["[plugkit] call plugkit://plugkit-framework/trace/shade -> debug_trace::shade_plain"],
        "only the second call is traced: {stderr}"
    );
}
