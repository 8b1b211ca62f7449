//! A call to an instance living in a plugin process, beside the same call in process, in the
//! same group.
//!
//! - `remote_call/in process`: `echo` on a `Box<dyn Echo>` made by `make_instance` from a linked
//!   uid: a virtual call that upper-cases a short string.
//! - `remote_call/out of process`: the same method on the same uid served by a plugin process:
//!   the proxy encodes the request as a JSON line, writes it to the plugin's stdin, the plugin
//!   decodes it, calls the real instance and writes the answer, and the host reads and decodes
//!   it, and checks it. Its physical limit is the next benchmark: two pipe writes and two
//!   wake-ups of a sleeping process per call.
//! - `remote_call/pipe ping-pong (limit)`: the physical limit of the round trip. This
//!   executable started again as a raw echo (`PLUGKIT_BENCH_ECHO` set): it reads a line from
//!   its stdin and writes the same bytes back to its stdout. The benchmark writes the exact
//!   line plugkit writes for `echo("ping")` (captured from a real session, see
//!   [`captured_call`]) and reads the line back, and both sides check what they read.
//! - `remote_call/pipe ping-pong through a reader thread`: the same, with the reply read by a
//!   thread of the host and handed to the caller over a channel: the shape of a host whose
//!   answers are read by one thread for every caller.
//! - `remote_call/make and release`: `make_instance` of the remote uid, and dropping it (a
//!   `make` request and a `release` notification).
//!
//! The plugin is this very executable: started with `PLUGKIT_PLUGIN` set (as a host sets it for
//! every plugin), `main` serves instead of benchmarking. `docs/performance.md` §7 reports
//! the numbers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark whose setup fails must stop at once"
)]

use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use criterion::Criterion;
use plugkit::instances::{Namespace, Secrets};
use plugkit_remote::{
    DispatchError, RemoteHost, RemoteNamespace, RemoteObject, Server, arguments, reply,
};

/// What the namespace makes.
pub trait Echo: Send + Sync {
    /// The text, upper-cased.
    fn echo(&self, text: &str) -> String;
}

/// The namespace.
#[derive(Namespace)]
#[namespace(name = "bench_remote_echoes", instance = dyn Echo)]
pub struct Echoes;

struct Loud;
impl Echo for Loud {
    fn echo(&self, text: &str) -> String {
        text.to_uppercase()
    }
}

#[plugkit::instance(Echoes, uid = "loud")]
fn loud() -> Loud {
    Loud
}

#[derive(serde::Serialize)]
struct EchoArgs<'a> {
    text: &'a str,
}

#[derive(serde::Deserialize)]
struct EchoArgsOwned {
    text: String,
}

struct RemoteEcho(RemoteObject);
impl Echo for RemoteEcho {
    fn echo(&self, text: &str) -> String {
        self.0
            .call("echo", &EchoArgs { text })
            .unwrap_or_else(|e| e.to_string())
    }
}

impl RemoteNamespace for Echoes {
    fn proxy(object: RemoteObject) -> Box<dyn Echo> {
        Box::new(RemoteEcho(object))
    }

    fn dispatch(
        echo: &dyn Echo,
        method: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, DispatchError> {
        match method {
            "echo" => {
                let args: EchoArgsOwned = arguments(method, args)?;
                reply(echo.echo(&args.text))
            }
            _ => Err(DispatchError::UnknownMethod {
                method: method.to_owned(),
            }),
        }
    }
}

/// The line plugkit writes to the plugin for `far.echo("ping")`, captured from a real session:
/// the plugin is started through `sh`, whose `tee` copies every byte the host writes to a file
/// on its way to this executable serving as the plugin. The third line (after the handshake
/// and the `make`) is the call.
fn captured_call(exe: &Path, dir: &Path) -> Vec<u8> {
    let log = dir.join("requests");
    let script = dir.join("capture");
    let quote = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
    std::fs::write(
        &script,
        format!("#!/bin/sh\ntee {} | exec {}\n", quote(&log), quote(exe)),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let host = RemoteHost::new("plugkit-bench", "1.0.0")
        .timeout(Duration::from_secs(30))
        .accept::<Echoes>();
    let plugin = host.load(&script).unwrap();
    let registry = plugkit::Registry::builder()
        .point(Echoes::POINT)
        .entries(plugin.entries().iter().copied())
        .build()
        .unwrap();
    let far = Echoes::in_registry(&registry)
        .make_instance("loud", &Secrets::default())
        .unwrap();
    assert_eq!(far.echo("ping"), "PING");
    drop(far);
    plugin.shutdown();
    let requests = std::fs::read(&log).unwrap();
    let call = requests
        .split_inclusive(|b| *b == b'\n')
        .nth(2)
        .expect("the host wrote a handshake, a make and a call");
    assert!(
        call.starts_with(br#"{"id":3,"method":"call","params":{"instance":1,"method":"echo""#),
        "{}",
        String::from_utf8_lossy(call)
    );
    call.to_vec()
}

/// This executable started as a raw echo of lines: the other end of the limit's two pipes.
struct RawEcho {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
}

impl RawEcho {
    fn start(exe: &Path) -> Self {
        let mut child = Command::new(exe)
            .env("PLUGKIT_BENCH_ECHO", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::with_capacity(64 << 10, child.stdout.take().unwrap());
        RawEcho {
            child,
            stdin,
            stdout,
        }
    }

    fn stop(mut self) {
        drop(self.stdin);
        let mut rest = Vec::new();
        self.stdout.read_to_end(&mut rest).unwrap();
        assert!(self.child.wait().unwrap().success());
    }
}

/// The raw echo's loop: each line read from stdin is written back to stdout.
fn echo_lines() -> ExitCode {
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => return ExitCode::SUCCESS,
            Ok(_) => {}
            Err(_) => return ExitCode::FAILURE,
        }
        if output
            .write_all(&line)
            .and_then(|()| output.flush())
            .is_err()
        {
            return ExitCode::FAILURE;
        }
    }
}

fn bench(c: &mut Criterion) {
    let exe = std::env::current_exe().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let request = captured_call(&exe, dir.path());
    let host = RemoteHost::new("plugkit-bench", "1.0.0")
        .timeout(Duration::from_secs(30))
        .accept::<Echoes>();
    let plugin = host.load(&exe).unwrap();
    let registry = plugkit::Registry::builder()
        .point(Echoes::POINT)
        .entries(plugin.entries().iter().copied())
        .build()
        .unwrap();
    let remote = Echoes::in_registry(&registry);
    let secrets = Secrets::default();
    let local = Echoes::instances().make_instance("loud", &secrets).unwrap();
    let far = remote.make_instance("loud", &secrets).unwrap();
    assert_eq!(far.echo("ping"), local.echo("ping"));

    let mut group = c.benchmark_group("remote_call");
    group.bench_function("in process", |b| {
        b.iter(|| assert_eq!(local.echo(black_box("ping")), "PING"))
    });
    group.bench_function("out of process", |b| {
        b.iter(|| assert_eq!(far.echo(black_box("ping")), "PING"))
    });

    // The limit: the same request's bytes there and back over two pipes, the reply checked.
    let mut raw = RawEcho::start(&exe);
    let mut reply = Vec::with_capacity(256);
    group.bench_function("pipe ping-pong (limit)", |b| {
        b.iter(|| {
            raw.stdin.write_all(black_box(&request)).unwrap();
            reply.clear();
            raw.stdout.read_until(b'\n', &mut reply).unwrap();
            assert!(reply == request, "the echo changed the line");
        })
    });
    raw.stop();

    // The same through a reader thread and a channel.
    let RawEcho {
        child,
        mut stdin,
        mut stdout,
    } = RawEcho::start(&exe);
    let (lines, replies) = mpsc::channel::<Vec<u8>>();
    let reader = std::thread::spawn(move || {
        loop {
            let mut line = Vec::with_capacity(256);
            match stdout.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    if lines.send(line).is_err() {
                        return;
                    }
                }
            }
        }
    });
    group.bench_function("pipe ping-pong through a reader thread", |b| {
        b.iter(|| {
            stdin.write_all(black_box(&request)).unwrap();
            let reply = replies.recv().unwrap();
            assert!(reply == request, "the echo changed the line");
        })
    });
    drop(stdin);
    reader.join().unwrap();
    let mut child = child;
    assert!(child.wait().unwrap().success());

    group.bench_function("make and release", |b| {
        b.iter(|| remote.make_instance(black_box("loud"), &secrets).unwrap())
    });
    group.finish();
    drop(far);
    plugin.shutdown();
}

fn main() -> ExitCode {
    if std::env::var_os("PLUGKIT_BENCH_ECHO").is_some() {
        // Started by the benchmark below: be the limit's raw echo.
        return echo_lines();
    }
    if std::env::var_os("PLUGKIT_PLUGIN").is_some() {
        // Started by the benchmark below: be the plugin.
        return Server::plugin("plugkit-bench", "1.0.0")
            .host_api("plugkit-bench", "^1")
            .namespace::<Echoes>()
            .serve();
    }
    let mut criterion = Criterion::default().configure_from_args();
    bench(&mut criterion);
    criterion.final_summary();
    ExitCode::SUCCESS
}
