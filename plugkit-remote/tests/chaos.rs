//! The chaos test: a fault-injecting plugin process driven by a seeded random sequence of calls.
//!
//! This executable is both sides. Started by a host with `PLUGKIT_PLUGIN` set, `main` is a
//! plugin built with plugkit's `Server`, whose one method does what it is told: answer, crash
//! mid-call, hang, write garbage on stdout, answer more than the host's message limit, close
//! its stdout and keep running, start child processes, or stop reading its stdin. Otherwise
//! `main` is the host: it makes [`CALLS`] calls in an order drawn from [`SEED`], restarting
//! the plugin whenever a fault stopped it, and checks that
//! - every call was answered: a result, or the typed error its fault must give;
//! - no process started by the test is left (checked through `/proc`);
//! - the host's peak RSS stayed under [`PEAK_RSS_BOUND_KIB`].
//!
//! It also checks that a plugin built with `Server` exits when its stdin closes mid-call.
//! `docs/run-time-plugins.md` reports its figures.

#![cfg_attr(not(unix), allow(unused))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    missing_docs
)] // a test fails by panicking and reports on stdout

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use plugkit::instances::{Namespace, Secrets};
use plugkit_remote::{
    DispatchError, RemoteError, RemoteHost, RemoteNamespace, RemoteObject, Server, arguments, reply,
};

/// Calls made by the chaos test.
const CALLS: usize = 5_000;
/// The seed of the sequence of calls.
const SEED: u64 = 0x5EED_C4A0_5000;
/// One call in this many injects a fault.
const FAULT_EVERY: u64 = 16;
/// The host's timeout for each request.
const TIMEOUT: Duration = Duration::from_millis(250);
/// The host's message limit; the `huge` fault answers more.
const MAX_MESSAGE: usize = 256 << 10;
/// The bound on the host's peak resident memory (VmHWM), in KiB.
const PEAK_RSS_BOUND_KIB: u64 = 64 << 10;

/// What the plugin's one method does.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Answers with the text, upper-cased.
    Answer,
    /// Exits with status 3 mid-call.
    Crash,
    /// Never answers.
    Hang,
    /// Writes a line that is not a protocol message, then answers.
    Garbage,
    /// Answers with more than the host's message limit.
    Huge,
    /// Closes its stdout and keeps running.
    CloseStdout,
    /// Starts two `sleep 300` processes, then answers.
    Spawn,
    /// Answers, then never reads stdin again (the next request is 512 KiB, more than a pipe holds).
    StopReading,
}

const FAULTS: [Mode; 7] = [
    Mode::Crash,
    Mode::Hang,
    Mode::Garbage,
    Mode::Huge,
    Mode::CloseStdout,
    Mode::Spawn,
    Mode::StopReading,
];

/// The host's trait.
pub trait Chaos: Send + Sync {
    /// Does what `mode` says with `text`.
    fn act(&self, mode: Mode, text: &str) -> Result<String, RemoteError>;
}

#[derive(Namespace)]
#[namespace(name = "chaos_faults", instance = dyn Chaos)]
pub struct Faults;

#[derive(serde::Serialize, serde::Deserialize)]
struct Act {
    mode: Mode,
    text: String,
}

struct RemoteChaos(RemoteObject);

impl Chaos for RemoteChaos {
    fn act(&self, mode: Mode, text: &str) -> Result<String, RemoteError> {
        self.0.call(
            "act",
            &Act {
                mode,
                text: text.to_owned(),
            },
        )
    }
}

impl RemoteNamespace for Faults {
    fn proxy(object: RemoteObject) -> Box<dyn Chaos> {
        Box::new(RemoteChaos(object))
    }

    fn dispatch(
        chaos: &dyn Chaos,
        method: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, DispatchError> {
        match method {
            "act" => {
                let args: Act = arguments(method, args)?;
                reply(
                    chaos
                        .act(args.mode, &args.text)
                        .map_err(|e| DispatchError::Failed(e.to_string()))?,
                )
            }
            _ => Err(DispatchError::UnknownMethod {
                method: method.to_owned(),
            }),
        }
    }
}

/// The plugin side: the faults, for real.
struct Faulty;

impl Chaos for Faulty {
    fn act(&self, mode: Mode, text: &str) -> Result<String, RemoteError> {
        match mode {
            Mode::Answer => {}
            Mode::Crash => std::process::exit(3),
            Mode::Hang => std::thread::sleep(Duration::from_secs(300)),
            Mode::Garbage => {
                // The server's own lock on stdout is this thread's: this line goes first.
                let mut out = std::io::stdout().lock();
                out.write_all(b"chaos: this is not a plugkit message\n")
                    .unwrap();
                out.flush().unwrap();
            }
            Mode::Huge => return Ok("x".repeat(MAX_MESSAGE + (128 << 10))),
            Mode::CloseStdout => {
                #[cfg(unix)]
                {
                    let null = std::fs::File::create("/dev/null").unwrap();
                    rustix::stdio::dup2_stdout(&null).unwrap();
                }
                std::thread::sleep(Duration::from_secs(300));
            }
            Mode::Spawn => {
                for _ in 0..2 {
                    let child = Command::new("sleep")
                        .arg("300")
                        .stdin(Stdio::null())
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .spawn()
                        .unwrap();
                    std::mem::forget(child);
                }
            }
            Mode::StopReading => {
                // Keep the host's pipe open but read from one that never has data.
                #[cfg(unix)]
                {
                    use std::os::fd::AsFd;
                    let host = std::io::stdin().as_fd().try_clone_to_owned().unwrap();
                    let (never, writer) = std::io::pipe().unwrap();
                    rustix::stdio::dup2_stdin(&never).unwrap();
                    std::mem::forget((host, never, writer));
                }
            }
        }
        Ok(text.to_uppercase())
    }
}

#[plugkit::instance(Faults, uid = "chaos")]
fn chaos() -> Faulty {
    Faulty
}

/// SplitMix64: a seeded sequence, the same on every machine.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The error kind a call must end with, by what the plugin was told.
fn expected(mode: Mode, after_stop_reading: bool) -> &'static str {
    if after_stop_reading {
        return "NotReading";
    }
    match mode {
        Mode::Answer | Mode::Spawn | Mode::StopReading => "answer",
        Mode::Crash => "Exited",
        Mode::Hang => "Timeout",
        Mode::Garbage => "Garbage",
        Mode::Huge => "TooLarge",
        Mode::CloseStdout => "ClosedStdout",
    }
}

fn kind(result: &Result<String, RemoteError>) -> &'static str {
    match result {
        Ok(_) => "answer",
        Err(RemoteError::Exited { .. }) => "Exited",
        Err(RemoteError::Timeout { .. }) => "Timeout",
        Err(RemoteError::Garbage { .. }) => "Garbage",
        Err(RemoteError::TooLarge { .. }) => "TooLarge",
        Err(RemoteError::ClosedStdout { .. }) => "ClosedStdout",
        Err(RemoteError::NotReading { .. }) => "NotReading",
        Err(_) => "other",
    }
}

/// A running chaos plugin and the instance it made.
struct Running {
    plugin: plugkit_remote::RemotePlugin,
    instance: Box<dyn Chaos>,
}

fn start(host: &RemoteHost, exe: &std::path::Path, groups: &mut Vec<u32>) -> Running {
    let plugin = host.load(exe).unwrap();
    groups.push(plugin.pid().unwrap());
    let registry = plugkit::Registry::builder()
        .point(Faults::POINT)
        .entries(plugin.entries().iter().copied())
        .build()
        .unwrap();
    let instance = Faults::in_registry(&registry)
        .make_instance("chaos", &Secrets::default())
        .unwrap();
    Running { plugin, instance }
}

/// The processes of `groups` (process groups the test started) and the test's own children
/// that are still alive; zombies that are not ours are dead, waiting for init.
fn left_behind(groups: &[u32]) -> Vec<String> {
    let me = std::process::id().to_string();
    let mut left = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().filter_map(Result::ok) {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some((_, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let fields: Vec<&str> = rest.split(' ').collect();
        // state, ppid, pgrp
        let (state, ppid, pgrp) = (fields[0], fields[1], fields[2]);
        let ours = ppid == me || groups.iter().any(|g| g.to_string() == pgrp);
        if ours && (state != "Z" || ppid == me) {
            left.push(stat.trim().to_owned());
        }
    }
    left
}

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn chaos_test() {
    let exe = std::env::current_exe().unwrap();
    let host = RemoteHost::new("plugkit-chaos", "1.0.0")
        .timeout(TIMEOUT)
        .max_message(MAX_MESSAGE)
        .accept::<Faults>();
    let started = Instant::now();
    let mut sequence = Sequence(SEED);
    let mut groups = Vec::new();
    let mut running = start(&host, &exe, &mut groups);
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut faults: BTreeMap<Mode, usize> = BTreeMap::new();
    let mut after_stop_reading = false;
    let big = "b".repeat(512 << 10);
    for call in 0..CALLS {
        let mode = match after_stop_reading || !sequence.next().is_multiple_of(FAULT_EVERY) {
            true => Mode::Answer,
            false => FAULTS[usize::try_from(sequence.next() % 7).unwrap()],
        };
        let text = match after_stop_reading {
            true => big.as_str(),
            false => "chaos",
        };
        let result = running.instance.act(mode, text);
        let got = kind(&result);
        let want = expected(mode, after_stop_reading);
        assert_eq!(
            got, want,
            "call {call} ({mode:?}, after stop reading: {after_stop_reading}): {result:?}"
        );
        if let Ok(answer) = &result {
            assert_eq!(answer, &text.to_uppercase());
        }
        if mode != Mode::Answer {
            *faults.entry(mode).or_default() += 1;
        }
        *outcomes.entry(got).or_default() += 1;
        after_stop_reading = mode == Mode::StopReading;
        if result.is_err() {
            running.plugin.shutdown();
            running = start(&host, &exe, &mut groups);
        }
    }
    running.plugin.shutdown();
    drop(running);
    let elapsed = started.elapsed();
    // Killed processes that are not our children are reaped by init: give it a moment.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut left = left_behind(&groups);
    while !left.is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        left = left_behind(&groups);
    }
    let peak = peak_rss_kib();
    println!(
        "chaos: {CALLS} calls (seed {SEED:#x}) in {:.1} s; faults by kind: {faults:?}; outcomes: \
         {outcomes:?}; plugin processes started: {}; processes left: {}; peak RSS {} MiB \
         (bound {} MiB)",
        elapsed.as_secs_f64(),
        groups.len(),
        left.len(),
        peak >> 10,
        PEAK_RSS_BOUND_KIB >> 10
    );
    assert_eq!(
        outcomes.values().sum::<usize>(),
        CALLS,
        "a call was not answered"
    );
    assert!(left.is_empty(), "processes left: {left:#?}");
    assert!(
        peak < PEAK_RSS_BOUND_KIB,
        "peak RSS {peak} KiB over {PEAK_RSS_BOUND_KIB}"
    );
    for fault in FAULTS {
        assert!(
            faults.get(&fault).is_some_and(|n| *n >= 20),
            "{fault:?}: {faults:?}"
        );
    }
}

/// A plugin built with `Server` exits when its stdin closes, even in the middle of a call.
fn server_exits_when_stdin_closes() {
    let exe = std::env::current_exe().unwrap();
    let mut plugin = Command::new(exe)
        .env("PLUGKIT_PLUGIN", "chaos")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = plugin.stdin.take().unwrap();
    stdin
        .write_all(
            b"{\"id\":1,\"method\":\"make\",\"params\":{\"namespace\":\"chaos_faults\",\"uid\":\"chaos\"}}\n\
              {\"id\":2,\"method\":\"call\",\"params\":{\"instance\":1,\"method\":\"act\",\"args\":{\"mode\":\"hang\",\"text\":\"\"}}}\n",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert!(plugin.try_wait().unwrap().is_none(), "it should be hanging");
    drop(stdin);
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = plugin.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the plugin outlived its stdin");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}

fn main() -> ExitCode {
    if std::env::var_os("PLUGKIT_PLUGIN").is_some() {
        return Server::plugin("plugkit-chaos", "1.0.0")
            .host_api("plugkit-chaos", "^1")
            .namespace::<Faults>()
            .serve();
    }
    if !cfg!(target_os = "linux") {
        println!("chaos: skipped, it reads /proc (Linux only)");
        return ExitCode::SUCCESS;
    }
    let tests: [(&str, fn()); 2] = [
        (
            "server_exits_when_stdin_closes",
            server_exits_when_stdin_closes,
        ),
        ("chaos_test", chaos_test),
    ];
    let mut failed = 0;
    for (name, test) in tests {
        match std::panic::catch_unwind(test) {
            Ok(()) => println!("test {name} ... ok"),
            Err(_) => {
                println!("test {name} ... FAILED");
                failed += 1;
            }
        }
    }
    println!("{} passed, {failed} failed", tests.len() - failed);
    match failed {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}
