//! plugkit's messages go through the `log` facade: a host's logger receives them with their
//! targets, and then nothing is printed to stderr, even with `PLUGKIT_DEBUG=1`; with no logger,
//! a warning still reaches stderr. Each test re-runs this test binary as a child process (the
//! logger is process-wide), selecting the `child` test, and reads what it printed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking
#![allow(clippy::print_stdout)] // the child prints the records its logger received

use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use plugkit::{pluggable, plugin};

/// The pluggable the child calls.
#[pluggable(category = "log")]
pub fn tone(level: u8) -> &'static str {
    let _ = level;
    "default"
}

#[plugin(tone)]
fn tone_plain(_level: u8) -> &'static str {
    "plain"
}

/// A point whose first plugin's check runs on every call and fails: a call that has something
/// to tell asks the logger whether it takes `plugkit::select`.
#[pluggable(category = "log")]
pub fn pitch() -> &'static str {
    "default"
}

fn never() -> bool {
    false
}

#[plugin(pitch, requires = [never], recheck_each_call, priority = 1)]
fn pitch_never() -> &'static str {
    "never"
}

#[plugin(pitch)]
fn pitch_plain() -> &'static str {
    "plain"
}

/// How many times a logger was asked about a `plugkit` target.
static ASKED: AtomicUsize = AtomicUsize::new(0);

/// A host's logger at `debug` for its own targets only, as `RUST_LOG=myapp=debug` sets one up.
struct OnlyMyApp;

impl log::Log for OnlyMyApp {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        if metadata.target().starts_with("plugkit") {
            ASKED.fetch_add(1, Ordering::SeqCst);
        }
        metadata.target().starts_with("myapp")
    }

    fn log(&self, _record: &log::Record<'_>) {}

    fn flush(&self) {}
}

/// Every record received, as `level target: message`.
static RECORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Collect;

impl log::Log for Collect {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("plugkit")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let line = format!("{} {}: {}", record.level(), record.target(), record.args());
            RECORDS.lock().unwrap().push(line);
        }
    }

    fn flush(&self) {}
}

/// Runs in the child: with a logger when asked, calls the pluggable twice, prints the records.
#[test]
fn child() {
    let Ok(mode) = std::env::var("LOG_CHILD") else {
        return;
    };
    if mode == "logger" {
        log::set_logger(&Collect).unwrap();
        log::set_max_level(log::LevelFilter::Trace);
    }
    if mode == "late" {
        // A logger installed after the first call: the call after it is not traced (the
        // plugin was cached with the trace off) until `plugkit::debug::refresh()`.
        assert_eq!(tone(1), "plain");
        log::set_logger(&Collect).unwrap();
        log::set_max_level(log::LevelFilter::Trace);
        assert_eq!(tone(2), "plain");
        println!("record: refresh");
        plugkit::debug::refresh();
        assert_eq!(tone(3), "plain");
        for line in RECORDS.lock().unwrap().iter() {
            println!("record: {line}");
        }
        return;
    }
    if mode == "myapp" {
        log::set_logger(&OnlyMyApp).unwrap();
        log::set_max_level(log::LevelFilter::Debug);
        assert_eq!(pitch(), "plain");
        let before = ASKED.load(Ordering::SeqCst);
        assert_eq!((pitch(), pitch(), pitch()), ("plain", "plain", "plain"));
        println!("asked: {}", ASKED.load(Ordering::SeqCst) - before);
        return;
    }
    if mode == "warning" {
        // A problem in the program-wide registry: the entry below names a point nobody declares.
        let _ = plugkit::registry();
        return;
    }
    assert_eq!((tone(1), tone(2)), ("plain", "plain"));
    for line in RECORDS.lock().unwrap().iter() {
        println!("record: {line}");
    }
}

fn run_child(mode: &str, debug_env: Option<&str>) -> (String, String) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env("LOG_CHILD", mode);
    match debug_env {
        Some(value) => command.env("PLUGKIT_DEBUG", value),
        None => command.env_remove("PLUGKIT_DEBUG"),
    };
    let output = command.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The records about this test's point.
fn records(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter_map(|l| l.find("record: ").map(|at| &l[at + "record: ".len()..]))
        .filter(|l| l.contains("log_facade::tone") || l.contains("/log/tone"))
        .collect()
}

#[test]
fn a_hosts_logger_receives_the_trace_with_its_targets_and_nothing_is_printed() {
    let (stdout, stderr) = run_child("logger", Some("1"));
    let url = "plugkit://plugkit-framework/log/tone";
    let got = records(&stdout);
    let want = [
        format!("DEBUG plugkit::registry: registered {url} in order [log_facade::tone_plain]"),
        format!("DEBUG plugkit::select: selecting for {url} (first_match)"),
        format!(
            "DEBUG plugkit::select:   candidate log_facade::tone_plain from plugkit-framework {} \
             (log_facade::tone_plain): available",
            env!("CARGO_PKG_VERSION")
        ),
        format!("TRACE plugkit::call: call {url} -> log_facade::tone_plain"),
        format!("TRACE plugkit::call: call {url} -> log_facade::tone_plain"),
    ];
    let got: Vec<&str> = got
        .into_iter()
        .filter(|l| !l.contains("discovered"))
        .collect();
    assert_eq!(got, want, "{stdout}");
    assert!(
        !stderr.contains("[plugkit]"),
        "a logger took the trace, so PLUGKIT_DEBUG prints nothing: {stderr}"
    );
}

#[test]
fn without_a_logger_plugkit_debug_prints_the_trace_and_plain_runs_print_nothing() {
    let (_, stderr) = run_child("plain", Some("1"));
    assert!(
        stderr.contains(
            "[plugkit] call plugkit://plugkit-framework/log/tone -> log_facade::tone_plain"
        ),
        "{stderr}"
    );
    let (_, quiet) = run_child("plain", None);
    assert!(!quiet.contains("[plugkit]"), "{quiet}");
}

/// An entry of a point nobody declares: a problem of the program-wide registry.
static STRAY: fn() = || {};
plugkit::submit_entry!(plugkit::__private::entry(
    "plugkit://nowhere/log/stray",
    "log_facade::stray",
    plugkit::origin!("stray"),
    &STRAY
));

#[test]
fn without_a_logger_a_registry_warning_reaches_stderr() {
    let (_, stderr) = run_child("warning", None);
    assert!(
        stderr.starts_with(
            "warning: the plugin registry has 1 problem:\n- plugin `log_facade::stray`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("(the entries concerned are set aside; the others work)"),
        "{stderr}"
    );
}

#[test]
fn a_logger_installed_after_the_first_call_gets_the_call_trace_after_refresh() {
    let (stdout, stderr) = run_child("late", None);
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.find("record: ").map(|at| &l[at + "record: ".len()..]))
        .filter(|l| *l == "refresh" || l.contains("/log/tone"))
        .collect();
    assert_eq!(
        lines,
        [
            "refresh",
            "TRACE plugkit::call: call plugkit://plugkit-framework/log/tone -> log_facade::tone_plain"
        ],
        "{stdout}"
    );
    assert!(!stderr.contains("[plugkit]"), "{stderr}");
}

#[test]
fn a_logger_that_takes_debug_for_other_targets_leaves_calls_on_their_fast_path() {
    // The first call asks the logger whether it takes plugkit's call trace; it does not, so the
    // choice is cached and the calls after it ask nothing (each would otherwise report the
    // failing recheck to the logger).
    let (stdout, stderr) = run_child("myapp", None);
    assert!(stdout.contains("asked: 0\n"), "{stdout}");
    assert!(!stderr.contains("[plugkit]"), "{stderr}");
}
