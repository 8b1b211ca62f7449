//! A call to an instance living in a plugin process, beside the same call in process, in the
//! same group.
//!
//! - `remote_call/in process`: `echo` on a `Box<dyn Echo>` made by `make_instance` from a linked
//!   uid: a virtual call that upper-cases a short string.
//! - `remote_call/out of process`: the same method on the same uid served by a plugin process:
//!   the proxy encodes the request as a JSON line, writes it to the plugin's stdin, the plugin
//!   decodes it, calls the real instance and writes the answer, and the host reads and decodes
//!   it. The physical limit is two pipe writes and two wake-ups of a sleeping thread per call.
//! - `remote_call/make and release`: `make_instance` of the remote uid, and dropping it (a
//!   `make` request and a `release` notification).
//!
//! The plugin is this very executable: started with `PLUGKIT_PLUGIN` set (as a host sets it for
//! every plugin), `main` serves instead of benchmarking. `docs/performance.md` §7 reports
//! the numbers.

#![allow(clippy::unwrap_used)] // a benchmark whose setup fails must stop at once

use std::hint::black_box;
use std::process::ExitCode;
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

fn bench(c: &mut Criterion) {
    let exe = std::env::current_exe().unwrap();
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
    let secrets = Secrets::new();
    let local = Echoes::make_instance("loud", &secrets).unwrap();
    let far = remote.make_instance("loud", &secrets).unwrap();
    assert_eq!(far.echo("ping"), local.echo("ping"));

    let mut group = c.benchmark_group("remote_call");
    group.bench_function("in process", |b| b.iter(|| local.echo(black_box("ping"))));
    group.bench_function("out of process", |b| b.iter(|| far.echo(black_box("ping"))));
    group.bench_function("make and release", |b| {
        b.iter(|| remote.make_instance(black_box("loud"), &secrets).unwrap())
    });
    group.finish();
    drop(far);
    plugin.shutdown();
}

fn main() -> ExitCode {
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
