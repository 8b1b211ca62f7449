//! Awaited calls to a plugin process: many in flight to one process at once, matched to their
//! answers by request id (the plugin here answers them in reverse), with no thread per call;
//! the deadline still ends a plugin that stops reading or answering; a dropped call's answer is
//! dropped. The host's trait is async (`#[async_trait]`), its proxy awaits
//! [`RemoteObject::call_async`]; the calls run under `futures::executor` and under tokio.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use plugkit::Registry;
use plugkit::instances::{Namespace, Secrets};
use plugkit_remote::{DispatchError, RemoteError, RemoteHost, RemoteNamespace, RemoteObject};

/// The host's trait: async, as for a service called over the network.
#[async_trait]
pub trait Echo: Send + Sync {
    /// The text, as the plugin echoes it.
    async fn echo(&self, text: &str) -> Result<String, RemoteError>;
}

/// The namespace.
#[derive(Namespace)]
#[namespace(name = "mux_echoes", instance = dyn Echo)]
pub struct Echoes;

#[derive(serde::Serialize)]
struct EchoArgs<'a> {
    text: &'a str,
}

struct RemoteEcho(RemoteObject);

#[async_trait]
impl Echo for RemoteEcho {
    async fn echo(&self, text: &str) -> Result<String, RemoteError> {
        self.0.call_async("echo", &EchoArgs { text }).await
    }
}

impl RemoteNamespace for Echoes {
    fn proxy(object: RemoteObject) -> Box<dyn Echo> {
        Box::new(RemoteEcho(object))
    }

    fn dispatch(
        _: &dyn Echo,
        method: &str,
        _: serde_json::Value,
    ) -> Result<serde_json::Value, DispatchError> {
        // The plugins here are scripts: nothing is served from this side.
        Err(DispatchError::UnknownMethod {
            method: method.to_owned(),
        })
    }
}

/// An error of the greeter's methods: the plugin's message, or the plugin process's failure.
#[derive(Debug, PartialEq)]
pub struct GreetError(String);

impl std::fmt::Display for GreetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<RemoteError> for GreetError {
    fn from(e: RemoteError) -> Self {
        GreetError(e.to_string())
    }
}

/// The same through `#[remote]`: an async method and a sync one.
#[plugkit_remote::remote(Greeters)]
#[async_trait]
pub trait Greeter: Send + Sync {
    /// Awaited.
    async fn echo(&self, text: &str) -> Result<String, GreetError>;
    /// Blocking.
    fn shout(&self, text: &str) -> Result<String, GreetError>;
}

/// Greeters, made by uid.
#[derive(Namespace)]
#[namespace(name = "mux_greeters", instance = dyn Greeter)]
pub struct Greeters;

const TIMEOUT: Duration = Duration::from_millis(500);

/// The tests count this process's threads, and start processes (a script open for writing in
/// another thread would make an exec fail with "text file busy"): one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A script plugin serving `mux_echoes/mux`. It answers the handshake and `make` at once;
/// `on_call` runs for each call, with `$id` its request id and `$text` its text.
fn script(dir: &Path, name: &str, on_call: &str) -> PathBuf {
    let body = format!(
        r#"#!/bin/sh
n=0
out=''
while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed -n 's/^{{"id":\([0-9]*\).*/\1/p')
  case "$line" in
    *'"method":"handshake"'*) printf '{{"id":%s,"result":{{"protocol":1,"plugin":{{"name":"sh-mux","version":"1.0.0"}},"host_api":{{"name":"test-host","requirement":"^1.0"}},"registrations":[{{"namespace":"mux_echoes","uid":"mux","type":"ShMux","origin":{{"crate":"sh-mux","version":"1.0.0","module":"sh_mux","item":"mux"}}}}]}}}}\n' "$id" ;;
    *'"method":"make"'*) printf '{{"id":%s,"result":{{"instance":1}}}}\n' "$id" ;;
    *'"method":"call"'*)
      text=$(printf '%s' "$line" | sed -n 's/.*"text":"\([^"]*\)".*/\1/p')
      {on_call} ;;
  esac
done
"#
    );
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Collects 16 calls, then answers the last one first, waits, and answers the others from
/// the last to the first: `echo <text>` each.
const REVERSED: &str = r#"answer="{\"id\":$id,\"result\":\"echo $text\"}"
      n=$((n+1))
      if [ "$n" -eq 1 ]; then out="$answer"; else out="$answer
$out"; fi
      if [ "$n" -eq 16 ]; then
        first=$(printf '%s\n' "$out" | head -n 1)
        printf '%s\n' "$first"
        sleep 0.2
        printf '%s\n' "$out" | tail -n +2
        n=0
        out=''
      fi"#;

fn host() -> RemoteHost {
    RemoteHost::new("test-host", "1.2.0")
        .timeout(TIMEOUT)
        .accept::<Echoes>()
}

fn registry(plugin: &plugkit_remote::RemotePlugin) -> Registry {
    Registry::builder()
        .point(Echoes::POINT)
        .entries(plugin.entries().iter().copied())
        .build()
        .unwrap()
}

/// This process's threads.
fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

#[test]
fn concurrent_calls_to_one_process_are_matched_by_id_without_a_thread_each() {
    let _guard = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let path = script(dir.path(), "reversed", REVERSED);
    let before = threads();
    let plugin = host().load(&path).unwrap();
    let loaded = threads();
    // A reader thread, a stderr thread and a deadline thread: per process, not per call. (The test
    // harness may start one thread for the next test meanwhile: one more is allowed.)
    assert!(loaded <= before + 3 + 1, "{before} threads, then {loaded}");
    let registry = registry(&plugin);
    let echo = Echoes::in_registry(&registry)
        .make_instance("mux", &Secrets::default())
        .unwrap();
    let finished = std::cell::RefCell::new(Vec::new());
    let texts: Vec<String> = (0..16).map(|i| format!("t{i}")).collect();
    let (answers, in_flight) = futures::executor::block_on(async {
        let calls = texts.iter().enumerate().map(|(i, text)| {
            let (echo, finished) = (&echo, &finished);
            async move {
                let answer = echo.echo(text).await;
                finished.borrow_mut().push(i);
                answer
            }
        });
        // `join!` polls in order: when the count runs, all 16 requests are written, and the
        // plugin answers none before it has read them all.
        futures::join!(futures::future::join_all(calls), async { threads() })
    });
    assert!(
        in_flight <= loaded + 1,
        "16 calls in flight: {in_flight} threads, against {loaded} before"
    );
    let answers: Vec<String> = answers.into_iter().map(Result::unwrap).collect();
    let expected: Vec<String> = (0..16).map(|i| format!("echo t{i}")).collect();
    assert_eq!(answers, expected);
    // The last call was answered first, 200 ms before the others.
    assert_eq!(finished.borrow()[0], 15, "{:?}", finished.borrow());
    // The blocking API and the async one share the process.
    let (many, _) = futures::executor::block_on(async {
        let calls = (0..16).map(|i| echo.echo(if i == 0 { "again" } else { "x" }));
        futures::join!(futures::future::join_all(calls), async {})
    });
    assert_eq!(many[0].as_deref().unwrap(), "echo again");
    drop(echo);
    plugin.shutdown();
    assert!(plugin.pid().is_none());
}

/// The plugin side of `Greeter`, as a plugin process built with `Server` runs it.
struct Local;

#[async_trait]
impl Greeter for Local {
    async fn echo(&self, text: &str) -> Result<String, GreetError> {
        // A future that needs its executor: pending once, then ready.
        let mut yielded = false;
        std::future::poll_fn(|cx| match std::mem::replace(&mut yielded, true) {
            true => std::task::Poll::Ready(()),
            false => {
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        })
        .await;
        match text {
            "" => Err(GreetError("nothing to echo".to_owned())),
            _ => Ok(format!("echo {text}")),
        }
    }

    fn shout(&self, text: &str) -> Result<String, GreetError> {
        Ok(text.to_uppercase())
    }
}

#[test]
fn a_remote_traits_async_methods_are_awaited_by_the_proxy_and_run_by_the_dispatch() {
    // The plugin side: the dispatch runs the async method to its end.
    let answer = Greeters::dispatch(&Local, "echo", serde_json::json!({"text": "hi"})).unwrap();
    assert_eq!(answer, "echo hi");
    let failed = Greeters::dispatch(&Local, "echo", serde_json::json!({"text": ""}));
    assert_eq!(failed.unwrap_err().to_string(), "nothing to echo");
    // The host side: the proxy's async method awaits `call_async`.
    let _guard = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "greeter",
        r#"printf '{"id":%s,"result":"echo %s"}\n' "$id" "$text""#,
    );
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("mux_echoes", "mux_greeters");
    std::fs::write(&path, text).unwrap();
    let plugin = RemoteHost::new("test-host", "1.2.0")
        .timeout(TIMEOUT)
        .accept::<Greeters>()
        .load(&path)
        .unwrap();
    let registry = Registry::builder()
        .point(Greeters::POINT)
        .entries(plugin.entries().iter().copied())
        .build()
        .unwrap();
    let greeter = Greeters::in_registry(&registry)
        .make_instance("mux", &Secrets::default())
        .unwrap();
    let (a, b) =
        futures::executor::block_on(async { futures::join!(greeter.echo("a"), greeter.echo("b")) });
    assert_eq!(
        (a.unwrap(), b.unwrap()),
        ("echo a".to_owned(), "echo b".to_owned())
    );
    assert_eq!(greeter.shout("c").unwrap(), "echo c");
}

#[test]
fn a_dropped_call_is_abandoned_and_its_answer_dropped() {
    let _guard = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    // Answers each call at once.
    let path = script(
        dir.path(),
        "prompt",
        r#"printf '{"id":%s,"result":"echo %s"}\n' "$id" "$text""#,
    );
    let plugin = host().load(&path).unwrap();
    let registry = registry(&plugin);
    let echo = Echoes::in_registry(&registry)
        .make_instance("mux", &Secrets::default())
        .unwrap();
    futures::executor::block_on(async {
        let mut dropped = echo.echo("dropped");
        // Polled once: written, then dropped before its answer is taken.
        assert!(futures::poll!(&mut dropped).is_pending());
        drop(dropped);
        assert_eq!(echo.echo("kept").await.unwrap(), "echo kept");
        assert_eq!(echo.echo("again").await.unwrap(), "echo again");
    });
    assert!(plugin.pid().is_some());
}

#[test]
fn a_plugin_that_stops_reading_fails_awaited_calls_at_the_deadline() {
    let _guard = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    // It answers the first call, then never reads again.
    let path = script(
        dir.path(),
        "deaf",
        r#"printf '{"id":%s,"result":"echo %s"}\n' "$id" "$text"; exec sleep 30"#,
    );
    let plugin = host().load(&path).unwrap();
    let registry = registry(&plugin);
    let echo = Echoes::in_registry(&registry)
        .make_instance("mux", &Secrets::default())
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let big = "x".repeat(120_000);
    let started = Instant::now();
    let errors = runtime.block_on(async {
        assert_eq!(echo.echo("first").await.unwrap(), "echo first");
        let calls = (0..4).map(|_| echo.echo(&big));
        futures::future::join_all(calls).await
    });
    let took = started.elapsed();
    assert!(
        took >= TIMEOUT && took < TIMEOUT + Duration::from_secs(1),
        "{took:?}"
    );
    let errors: Vec<String> = errors
        .into_iter()
        .map(|r| r.unwrap_err().to_string())
        .collect();
    let first = &errors[0];
    assert!(
        first.starts_with("plugin `deaf` stopped reading: it took ")
            && first.contains(" of the 120")
            && first.contains(
                " bytes of `echo` of `mux` (mux_echoes) within 500 ms, and was stopped\n  fix: "
            ),
        "{first}"
    );
    // The others were not written: the process was stopped for the first.
    for other in &errors[1..] {
        assert_eq!(other, &format!("plugin `deaf` is stopped: {first}"));
    }
    assert!(plugin.pid().is_none());
}

#[test]
fn a_plugin_that_stops_answering_fails_every_awaited_call_at_the_deadline() {
    let _guard = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    // It reads every call and answers none.
    let path = script(dir.path(), "mute", ":");
    let plugin = host().load(&path).unwrap();
    let registry = registry(&plugin);
    let echo = Echoes::in_registry(&registry)
        .make_instance("mux", &Secrets::default())
        .unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let echo: std::sync::Arc<dyn Echo> = echo.into();
    let started = Instant::now();
    let errors = runtime.block_on(async {
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let echo = std::sync::Arc::clone(&echo);
                tokio::spawn(async move { echo.echo(&format!("t{i}")).await })
            })
            .collect();
        let mut errors = Vec::new();
        for task in tasks {
            errors.push(task.await.unwrap().unwrap_err().to_string());
        }
        errors
    });
    let took = started.elapsed();
    assert!(
        took >= TIMEOUT && took < TIMEOUT + Duration::from_secs(1),
        "{took:?}"
    );
    let timeout = "plugin `mute` did not answer `echo` of `mux` (mux_echoes) within 500 ms, and \
                   was stopped\n  fix: check the plugin, or give it more time (the host's plugin \
                   timeout)";
    // Calls whose deadline had passed time out; one registered a moment later is stopped for
    // them.
    for err in &errors {
        assert!(
            err == timeout || err == &format!("plugin `mute` is stopped: {timeout}"),
            "{err}"
        );
    }
    assert!(errors.iter().any(|e| e == timeout));
    assert!(plugin.pid().is_none());
}
