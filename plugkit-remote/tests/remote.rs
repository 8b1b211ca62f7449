//! Out-of-process plugins, host side and plugin side. The plugins here are shell scripts that
//! speak the protocol (as a plugin in another language would) or break it on purpose: crash,
//! hang, garbage, another protocol version, another host API, exit mid-call. Each failure is a
//! typed error with its exact text, the process is reaped (no zombie: checked in /proc), and
//! the other plugins keep working.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use plugkit::Registry;
use plugkit::instances::{InstanceError, Namespace, Secrets};
use plugkit_remote::{
    DispatchError, RemoteError, RemoteHost, RemoteNamespace, RemoteObject, RemotePlugin, Server,
    arguments, reply,
};

/// The host's trait, and its namespace.
pub trait Echo: Send + Sync {
    /// The text, or why not.
    fn echo(&self, text: &str) -> Result<String, String>;
}

/// The namespace.
#[derive(Namespace)]
#[namespace(name = "remote_test_echoes", instance = dyn Echo)]
pub struct Echoes;

#[derive(serde::Serialize, serde::Deserialize)]
struct EchoArgs {
    text: String,
}

struct RemoteEcho(RemoteObject);

impl Echo for RemoteEcho {
    fn echo(&self, text: &str) -> Result<String, String> {
        self.0
            .call(
                "echo",
                &EchoArgs {
                    text: text.to_owned(),
                },
            )
            .map_err(|e| e.to_string())
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
                let args: EchoArgs = arguments(method, args)?;
                reply(echo.echo(&args.text).map_err(DispatchError::Failed)?)
            }
            _ => Err(DispatchError::UnknownMethod {
                method: method.to_owned(),
            }),
        }
    }
}

/// A linked uid, for the plugin side.
struct Loud;
impl Echo for Loud {
    fn echo(&self, text: &str) -> Result<String, String> {
        match text.is_empty() {
            true => Err("nothing to echo".to_owned()),
            false => Ok(text.to_uppercase()),
        }
    }
}

#[plugkit::instance(Echoes, uid = "loud", args(volume = 11))]
fn loud(volume: u8) -> Loud {
    let _ = volume;
    Loud
}

#[plugkit::instance(Echoes, uid = "broken")]
fn broken() -> Loud {
    panic!("the constructor broke")
}

const TIMEOUT: Duration = Duration::from_millis(500);

fn host() -> RemoteHost {
    RemoteHost::new("test-host", "1.2.0")
        .timeout(TIMEOUT)
        .accept::<Echoes>()
}

/// Forks in other threads while a script is open for writing would make its exec fail with
/// "text file busy": write scripts and start processes one at a time.
static SPAWN: Mutex<()> = Mutex::new(());

/// A script plugin in `dir`, which writes its pid to `<name>.pid` first.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    let pid = dir.join(format!("{name}.pid"));
    let text = format!(
        "#!/bin/sh\necho $$ > '{}'\n{}\n",
        pid.display(),
        body.replace("PROTOCOL", "1")
    );
    let _guard = SPAWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn load(path: &Path) -> Result<RemotePlugin, RemoteError> {
    let _guard = SPAWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    host().load(path)
}

fn pid_of(dir: &Path, name: &str) -> u32 {
    let file = dir.join(format!("{name}.pid"));
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(text) = std::fs::read_to_string(&file)
            && let Ok(pid) = text.trim().parse()
        {
            return pid;
        }
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The process is gone: not running, and not a zombie waiting to be reaped by us.
fn assert_reaped(pid: u32) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"));
    assert!(stat.is_err(), "process {pid} is still there: {stat:?}");
}

/// A process that is not our child is gone within a few seconds: killed, and reaped by the
/// system (a zombie waiting for init is dead).
fn assert_gone_soon(pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"));
        let dead = match &stat {
            Err(_) => true,
            Ok(s) => s
                .rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('Z')),
        };
        if dead {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "process {pid} is still there: {stat:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Answers the handshake with `registrations`, then `make` with instance 1, then `call` with
/// `pong`. Ids are read from the request, as a real plugin must.
fn good_plugin(uid: &str) -> String {
    format!(
        r#"echo "starting" >&2
while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed -n 's/^{{"id":\([0-9]*\).*/\1/p')
  case "$line" in
    *'"method":"handshake"'*) printf '{{"id":%s,"result":{{"protocol":PROTOCOL,"plugin":{{"name":"sh-echo","version":"1.0.0"}},"host_api":{{"name":"test-host","requirement":"^1.0"}},"registrations":[{{"namespace":"remote_test_echoes","uid":"{uid}","type":"ShEcho","origin":{{"crate":"sh-echo","version":"1.0.0","module":"sh_echo","item":"echo"}},"args":[{{"name":"loud","value":"false"}}]}}]}}}}\n' "$id" ;;
    *'"method":"make"'*) printf '{{"id":%s,"result":{{"instance":1}}}}\n' "$id" ;;
    *'"method":"call"'*) printf '{{"id":%s,"result":"pong"}}\n' "$id" ;;
  esac
done
echo "stdin closed, bye" >&2"#
    )
}

/// Answers the handshake like [`good_plugin`], then runs `on_make` when asked to make.
fn plugin_then(uid: &str, on_make: &str) -> String {
    good_plugin(uid).replace(
        r#"printf '{"id":%s,"result":{"instance":1}}\n' "$id" ;;"#,
        &format!("{on_make} ;;"),
    )
}

fn registry_with(plugins: &[&RemotePlugin]) -> Registry {
    let mut builder = Registry::builder().point(Echoes::POINT);
    for p in plugins {
        builder = builder.entries(p.entries().iter().copied());
    }
    builder.build().unwrap()
}

fn make_err(registry: &Registry, uid: &str) -> String {
    match Echoes::in_registry(registry).make_instance(uid, &Secrets::default()) {
        Ok(_) => panic!("making `{uid}` succeeded"),
        Err(InstanceError::Construct(e)) => e.to_string(),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_plugin_in_another_language_serves_ordinary_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(dir.path(), "sh-echo", &good_plugin("sh_echo"));
    let plugin = load(&path).unwrap();
    assert_eq!(
        (plugin.name(), plugin.crate_name(), plugin.crate_version()),
        ("sh-echo", "sh-echo", "1.0.0")
    );
    let registry = registry_with(&[&plugin]);
    let echoes = Echoes::in_registry(&registry);
    let listed = &echoes.list()[0];
    assert_eq!(
        (
            listed.uid(),
            listed.to_string(),
            listed.origin().to_string()
        ),
        (
            "sh_echo",
            "ShEcho(loud = false)".to_owned(),
            "sh-echo 1.0.0 (sh_echo::echo)".to_owned()
        )
    );
    let made = echoes
        .make_instance("sh_echo", &Secrets::default())
        .unwrap();
    assert_eq!(made.echo("ping").unwrap(), "pong");
    assert_eq!(made.echo("again").unwrap(), "pong");

    let pid = pid_of(dir.path(), "sh-echo");
    assert_eq!(plugin.pid(), Some(pid));
    plugin.shutdown();
    assert_eq!(plugin.pid(), None);
    assert_reaped(pid);
    assert_eq!(
        made.echo("after").unwrap_err(),
        "plugin `sh-echo` is stopped: the host shut it down"
    );
}

#[test]
fn a_crash_during_the_handshake_is_an_error_naming_the_plugin() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "crashy",
        "read -r line\necho 'about to crash' >&2\nexit 3",
    );
    let err = load(&path).unwrap_err();
    assert!(matches!(err, RemoteError::Exited { .. }));
    assert_eq!(
        err.to_string(),
        "plugin `crashy` exited during the handshake (exit status: 3)\n  \
         fix: its messages on stderr, shown with the prefix `[crashy]`, may say why"
    );
    assert_reaped(pid_of(dir.path(), "crashy"));
}

#[test]
fn a_hang_during_the_handshake_is_killed_after_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(dir.path(), "hangs", "exec sleep 30");
    let started = Instant::now();
    let err = load(&path).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(err, RemoteError::Timeout { .. }));
    assert_eq!(
        err.to_string(),
        "plugin `hangs` did not answer the handshake within 500 ms, and was stopped\n  \
         fix: check the plugin, or give it more time (the host's plugin timeout)"
    );
    assert_reaped(pid_of(dir.path(), "hangs"));
}

#[test]
fn garbage_on_stdout_is_an_error_quoting_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "chatty",
        "read -r line\necho 'Hello! I am a plugin.'\nexec sleep 30",
    );
    let err = load(&path).unwrap_err();
    assert!(matches!(err, RemoteError::Garbage { .. }));
    assert_eq!(
        err.to_string(),
        "plugin `chatty` wrote something that is not a plugkit message during the handshake: \
         \"Hello! I am a plugin.\" (expected value at line 1 column 1)\n  \
         fix: a plugin writes only protocol messages on stdout; its logs go to stderr"
    );
    assert_reaped(pid_of(dir.path(), "chatty"));
}

#[test]
fn another_protocol_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "future",
        &good_plugin("future").replace("PROTOCOL", "2"),
    );
    let err = load(&path).unwrap_err();
    assert!(matches!(
        err,
        RemoteError::ProtocolVersion {
            theirs: 2,
            ours: 1,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "plugin `future` speaks plugkit protocol 2, and this host speaks 1\n  \
         fix: rebuild the plugin against a plugkit whose protocol is 1"
    );
    assert_reaped(pid_of(dir.path(), "future"));
}

#[test]
fn the_host_api_requirement_is_checked_with_semver() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "newer",
        &good_plugin("newer").replace("^1.0", "^1.3"),
    );
    let err = load(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plugin `newer` (sh-echo 1.0.0) requires test-host ^1.3, and this host is test-host \
         1.2.0\n  fix: rebuild the plugin against test-host 1.2.0"
    );
    assert_reaped(pid_of(dir.path(), "newer"));

    let path = script(
        dir.path(),
        "garbled",
        &good_plugin("garbled").replace("^1.0", "one point oh"),
    );
    let err = load(&path).unwrap_err();
    assert!(matches!(err, RemoteError::BadRequirement { .. }));
    assert!(
        err.to_string().starts_with(
            "plugin `garbled` declares the host-API requirement \"one point oh\", which is not a \
             semver requirement: "
        ),
        "{err}"
    );

    let path = script(
        dir.path(),
        "stranger",
        &good_plugin("stranger").replace("\"test-host\"", "\"other-host\""),
    );
    assert_eq!(
        load(&path).unwrap_err().to_string(),
        "plugin `stranger` is a plugin of `other-host`, not of `test-host`\n  \
         fix: remove it from this folder"
    );
}

#[test]
fn a_namespace_the_host_does_not_take_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "elsewhere",
        &good_plugin("x").replace("remote_test_echoes", "tests"),
    );
    assert_eq!(
        load(&path).unwrap_err().to_string(),
        "plugin `elsewhere` registers `x` in namespace `tests`, which this host does not take \
         from plugin processes (it takes `remote_test_echoes`)\n  \
         fix: register only in those namespaces"
    );
}

#[test]
fn a_null_result_is_a_result_and_the_plugin_keeps_serving() {
    // What a method returning `()` or `None` answers: `"result":null`. The first call answers
    // null (which `echo`'s `String` cannot hold), the second "pong".
    let dir = tempfile::tempdir().unwrap();
    let body = good_plugin("nully").replace(
        r#"*'"method":"call"'*) printf '{"id":%s,"result":"pong"}\n' "$id" ;;"#,
        r#"*'"method":"call"'*) if [ -e "$0.answered" ]; then printf '{"id":%s,"result":"pong"}\n' "$id"; else : > "$0.answered"; printf '{"id":%s,"result":null}\n' "$id"; fi ;;"#,
    );
    assert_ne!(body, good_plugin("nully"));
    let plugin = load(&script(dir.path(), "nully", &body)).unwrap();
    let registry = registry_with(&[&plugin]);
    let made = Echoes::in_registry(&registry)
        .make_instance("nully", &Secrets::default())
        .unwrap();
    let first = made.echo("ping").unwrap_err();
    assert!(
        first.contains("its result does not decode: invalid type: null, expected a string"),
        "{first}"
    );
    assert_eq!(made.echo("ping").unwrap(), "pong");
}

#[test]
fn an_exit_mid_call_fails_that_call_and_the_other_plugins_keep_working() {
    let dir = tempfile::tempdir().unwrap();
    let quitter = script(
        dir.path(),
        "quitter",
        &plugin_then("quitter", "echo 'giving up' >&2; exit 4"),
    );
    let sleeper = script(
        dir.path(),
        "sleeper",
        &plugin_then("sleeper", "exec sleep 30"),
    );
    let good = script(dir.path(), "good", &good_plugin("good"));
    let (quitter, sleeper, good) = (
        load(&quitter).unwrap(),
        load(&sleeper).unwrap(),
        load(&good).unwrap(),
    );
    let registry = registry_with(&[&quitter, &sleeper, &good]);
    assert_eq!(
        make_err(&registry, "quitter"),
        "constructing `quitter` (remote_test_echoes) failed: plugin `quitter` exited during \
         `make` of `quitter` (remote_test_echoes) (exit status: 4)\n  \
         fix: its messages on stderr, shown with the prefix `[quitter]`, may say why\n  \
         registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    assert_eq!(
        make_err(&registry, "sleeper"),
        "constructing `sleeper` (remote_test_echoes) failed: plugin `sleeper` did not answer \
         `make` of `sleeper` (remote_test_echoes) within 500 ms, and was stopped\n  \
         fix: check the plugin, or give it more time (the host's plugin timeout)\n  \
         registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    // Stopped for good: the next call says so at once.
    assert_eq!(
        make_err(&registry, "quitter"),
        "constructing `quitter` (remote_test_echoes) failed: plugin `quitter` is stopped: \
         plugin `quitter` exited during `make` of `quitter` (remote_test_echoes) (exit status: 4)\n  \
         fix: its messages on stderr, shown with the prefix `[quitter]`, may say why\n  \
         registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    assert_reaped(pid_of(dir.path(), "quitter"));
    assert_reaped(pid_of(dir.path(), "sleeper"));

    let made = Echoes::in_registry(&registry)
        .make_instance("good", &Secrets::default())
        .unwrap();
    assert_eq!(made.echo("ping").unwrap(), "pong");
    drop(good);
    assert_reaped(pid_of(dir.path(), "good"));
}

#[test]
fn a_plugin_that_stops_reading_fails_a_large_call_within_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    // It answers `make`, then never reads again.
    let path = script(
        dir.path(),
        "deaf",
        &plugin_then(
            "deaf",
            r#"printf '{"id":%s,"result":{"instance":1}}\n' "$id"; exec sleep 30"#,
        ),
    );
    let plugin = load(&path).unwrap();
    let registry = registry_with(&[&plugin]);
    let made = Echoes::in_registry(&registry)
        .make_instance("deaf", &Secrets::default())
        .unwrap();
    let prompt = "x".repeat(120_000);
    let started = Instant::now();
    let err = made.echo(&prompt).unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= TIMEOUT && took < TIMEOUT + Duration::from_secs(1),
        "{took:?}"
    );
    let (head, tail) = err.split_once(" bytes of ").unwrap();
    assert!(
        head.starts_with("plugin `deaf` stopped reading: it took ") && head.contains(" of the 120"),
        "{err}"
    );
    assert!(
        tail.starts_with(
            "`echo` of `deaf` (remote_test_echoes) within 500 ms, and was stopped\n  \
         fix: check the plugin (it must read every request), or give it more time (the host's \
         plugin timeout)"
        ),
        "{err}"
    );
    assert_reaped(pid_of(dir.path(), "deaf"));
    // Dropping the instance queues its release: it never waits for the plugin.
    let started = Instant::now();
    drop(made);
    drop(plugin);
    assert!(started.elapsed() < Duration::from_millis(100));
}

#[test]
fn a_timeout_ends_the_whole_process_group() {
    let dir = tempfile::tempdir().unwrap();
    let helper = dir.path().join("helper.pid");
    let path = script(
        dir.path(),
        "parent",
        &plugin_then(
            "parent",
            &format!("sleep 300 & echo $! > '{}'; wait", helper.display()),
        ),
    );
    let plugin = load(&path).unwrap();
    let registry = registry_with(&[&plugin]);
    assert_eq!(
        make_err(&registry, "parent"),
        "constructing `parent` (remote_test_echoes) failed: plugin `parent` did not answer \
         `make` of `parent` (remote_test_echoes) within 500 ms, and was stopped\n  \
         fix: check the plugin, or give it more time (the host's plugin timeout)\n  \
         registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    assert_reaped(pid_of(dir.path(), "parent"));
    assert_gone_soon(pid_of(dir.path(), "helper"));
}

#[test]
fn a_caller_is_not_held_by_a_descendant_that_keeps_stdout_open_outside_the_group() {
    let dir = tempfile::tempdir().unwrap();
    let stray = dir.path().join("stray.pid");
    // On `make`, it starts a process in a session of its own (out of reach of the group's end)
    // that keeps the plugin's stdout open, and waits for it.
    let path = script(
        dir.path(),
        "leaver",
        &plugin_then(
            "leaver",
            &format!("setsid sleep 30 & echo $! > '{}'; wait", stray.display()),
        ),
    );
    let plugin = load(&path).unwrap();
    let registry = registry_with(&[&plugin]);
    let started = Instant::now();
    let err = make_err(&registry, "leaver");
    let stray = pid_of(dir.path(), "stray");
    let took = started.elapsed();
    let _ = std::process::Command::new("kill")
        .arg(stray.to_string())
        .status();
    // The caller reads its answer itself, and stops reading at the deadline although stdout
    // never closes.
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(
        err,
        "constructing `leaver` (remote_test_echoes) failed: plugin `leaver` did not answer \
         `make` of `leaver` (remote_test_echoes) within 500 ms, and was stopped\n  \
         fix: check the plugin, or give it more time (the host's plugin timeout)\n  \
         registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    assert_reaped(pid_of(dir.path(), "leaver"));
}

#[test]
fn a_shutdown_ends_what_the_plugin_started() {
    let dir = tempfile::tempdir().unwrap();
    let helper = dir.path().join("helper.pid");
    let path = script(
        dir.path(),
        "starter",
        &format!(
            "sleep 300 & echo $! > '{}'\n{}",
            helper.display(),
            good_plugin("starter")
        ),
    );
    let plugin = load(&path).unwrap();
    let helper = pid_of(dir.path(), "helper");
    assert!(std::fs::read_to_string(format!("/proc/{helper}/stat")).is_ok());
    plugin.shutdown();
    assert_reaped(pid_of(dir.path(), "starter"));
    assert_gone_soon(helper);
}

#[test]
fn a_plugin_that_closes_its_stdout_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "mute",
        &plugin_then("mute", "exec >&-; exec sleep 30"),
    );
    let plugin = load(&path).unwrap();
    let registry = registry_with(&[&plugin]);
    let err = make_err(&registry, "mute");
    assert_eq!(
        err,
        "constructing `mute` (remote_test_echoes) failed: plugin `mute` closed its stdout during \
         `make` of `mute` (remote_test_echoes) but did not exit, and was stopped\n  \
         fix: a plugin keeps its stdout open, for its answers, until its stdin is closed\n  \
         registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    assert_reaped(pid_of(dir.path(), "mute"));
}

#[test]
fn an_answer_over_the_size_limit_names_its_size_the_limit_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "huge",
        &plugin_then("huge", "head -c 2000000 /dev/zero | tr '\\0' a; echo"),
    );
    let plugin = {
        let _guard = SPAWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        host().max_message(1 << 20).load(&path).unwrap()
    };
    let registry = registry_with(&[&plugin]);
    let err = match Echoes::in_registry(&registry).make_instance("huge", &Secrets::default()) {
        Err(InstanceError::Construct(e)) => e.to_string(),
        other => panic!("{:?}", other.map(|_| ())),
    };
    assert_eq!(
        err,
        "constructing `huge` (remote_test_echoes) failed: plugin `huge` answered `make` of `huge` \
         (remote_test_echoes) with a message of 2000000 bytes, more than this host's limit of \
         1048576 bytes, and was stopped\n  \
         fix: raise the host's message limit (`RemoteHost::max_message`), or make the plugin \
         answer with less\n  \
         registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    assert_reaped(pid_of(dir.path(), "huge"));
    // Within the limit, the same size is an answer.
    let path = script(
        dir.path(),
        "big",
        &plugin_then(
            "big",
            r#"printf '{"id":%s,"result":{"instance":1}}\n' "$id""#,
        )
        .replace(
            r#"printf '{"id":%s,"result":"pong"}\n' "$id""#,
            r#"printf '{"id":%s,"result":"' "$id"; head -c 2000000 /dev/zero | tr '\0' a; printf '"}\n'"#,
        ),
    );
    let plugin = {
        let _guard = SPAWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        host().max_message(4 << 20).load(&path).unwrap()
    };
    let registry = registry_with(&[&plugin]);
    let made = Echoes::in_registry(&registry)
        .make_instance("big", &Secrets::default())
        .unwrap();
    assert_eq!(made.echo("ping").unwrap().len(), 2_000_000);
}

#[test]
fn uids_from_a_plugin_follow_the_rules_of_compiled_uids() {
    let dir = tempfile::tempdir().unwrap();
    for (name, uid) in [("spaced", "has space"), ("empty", "")] {
        let path = script(dir.path(), name, &good_plugin(uid));
        assert_eq!(
            load(&path).unwrap_err().to_string(),
            format!(
                "plugin `{name}` registers the uid {uid:?} in namespace `remote_test_echoes`: a uid \
                 is a non-empty name without spaces or control characters (users type it on \
                 command lines)\n  fix: rename it in the plugin"
            )
        );
        assert_reaped(pid_of(dir.path(), name));
    }
}

#[test]
fn dropping_the_plugin_shuts_down_a_process_that_ignores_its_closed_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "stubborn",
        &good_plugin("stubborn").replace("echo \"stdin closed, bye\" >&2", "exec sleep 30"),
    );
    let plugin = load(&path).unwrap();
    let pid = pid_of(dir.path(), "stubborn");
    let started = Instant::now();
    drop(plugin);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_reaped(pid);
}

#[test]
fn a_missing_executable_cannot_start() {
    let err = load(Path::new("/no/such/plugin")).unwrap_err();
    assert!(matches!(err, RemoteError::Spawn { .. }));
    assert_eq!(
        err.to_string(),
        "cannot start plugin `plugin` (/no/such/plugin): No such file or directory (os error 2)\n  \
         fix: check that it is an executable built for this machine"
    );
}

/// The plugin side, on in-memory streams: the answers to each request, one per line.
fn serve(requests: &[&str]) -> Vec<serde_json::Value> {
    let input = requests.join("\n");
    let mut output = Vec::new();
    Server::plugin("test-plugin", "0.3.0")
        .host_api("test-host", "^1.2")
        .namespace::<Echoes>()
        .serve_on(input.as_bytes(), &mut output)
        .unwrap();
    String::from_utf8(output)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_server_answers_the_handshake_with_the_linked_registrations() {
    let answers = serve(&[
        r#"{"id":1,"method":"handshake","params":{"protocol":1,"host":{"name":"test-host","version":"1.2.0"}}}"#,
    ]);
    let welcome = &answers[0]["result"];
    assert_eq!(answers[0]["id"], 1);
    assert_eq!(welcome["protocol"], 1);
    assert_eq!(
        welcome["plugin"],
        serde_json::json!({"name": "test-plugin", "version": "0.3.0"})
    );
    assert_eq!(
        welcome["host_api"],
        serde_json::json!({"name": "test-host", "requirement": "^1.2"})
    );
    let loud = welcome["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["uid"] == "loud")
        .unwrap();
    assert_eq!(
        *loud,
        serde_json::json!({
            "namespace": "remote_test_echoes", "uid": "loud", "type": "Loud",
            "origin": {"crate": "plugkit-remote", "version": env!("CARGO_PKG_VERSION"), "module": "remote", "item": "loud"},
            "args": [{"name": "volume", "value": "11"}],
            "secrets": []
        })
    );
}

#[test]
fn the_server_makes_calls_and_releases_instances_and_reports_failures() {
    let answers = serve(&[
        r#"{"id":1,"method":"make","params":{"namespace":"remote_test_echoes","uid":"loud"}}"#,
        r#"{"id":2,"method":"call","params":{"instance":1,"method":"echo","args":{"text":"hi"}}}"#,
        r#"{"id":3,"method":"call","params":{"instance":1,"method":"echo","args":{"text":""}}}"#,
        r#"{"id":4,"method":"call","params":{"instance":1,"method":"shout","args":{}}}"#,
        r#"{"id":5,"method":"call","params":{"instance":1,"method":"echo","args":{}}}"#,
        r#"{"method":"release","params":{"instance":1}}"#,
        r#"{"id":6,"method":"call","params":{"instance":1,"method":"echo","args":{"text":"hi"}}}"#,
        r#"{"id":7,"method":"make","params":{"namespace":"remote_test_echoes","uid":"nope"}}"#,
        r#"{"id":8,"method":"make","params":{"namespace":"suts","uid":"loud"}}"#,
        r#"{"id":9,"method":"make","params":{"namespace":"remote_test_echoes","uid":"broken"}}"#,
        r#"{"id":10,"method":"fly"}"#,
        r#"not json at all"#,
        r#"{"id":11,"method":"make","params":{"uid":3}}"#,
    ]);
    let brief: Vec<String> = answers
        .iter()
        .map(|a| match &a["error"] {
            serde_json::Value::Null => format!("{} ok {}", a["id"], a["result"]),
            e => format!("{} error {}", a["id"], e["message"].as_str().unwrap()),
        })
        .collect();
    assert_eq!(
        brief[..7],
        [
            "1 ok {\"instance\":1}",
            "2 ok \"HI\"",
            "3 error nothing to echo",
            "4 error no method `shout`",
            "5 error bad arguments for `echo`: missing field `text`",
            "6 error no instance 1",
            "7 error no uid `nope` in namespace `remote_test_echoes`\n  known uids: `broken`, `loud`\n  \
         fix: use one of the known uids, or link the plugin crate that registers `nope`",
        ]
    );
    assert_eq!(brief[7], "8 error this plugin serves no namespace `suts`");
    assert!(
        brief[8].starts_with(
            "9 error constructing `broken` (remote_test_echoes) failed: the constructor panicked: the constructor broke"
        ),
        "{}",
        brief[8]
    );
    assert_eq!(brief[9], "10 error unknown method `fly`");
    assert_eq!(
        brief[10],
        "11 error bad params for `make`: invalid type: integer `3`, expected a string"
    );
    assert_eq!(brief.len(), 11);
}

#[test]
fn a_plugin_whose_uid_clashes_is_left_out_naming_both_and_the_rest_loads() {
    use plugkit_remote::plugin_dir::{LoadFailure, PluginDir, load as load_folder};
    let dir = tempfile::tempdir().unwrap();
    // `loud` is linked into this test; `dup` is in two plugins of the folder.
    script(dir.path(), "a-linked-clash", &good_plugin("loud"));
    script(dir.path(), "b-first", &good_plugin("dup"));
    script(dir.path(), "c-second", &good_plugin("dup"));
    script(dir.path(), "d-fine", &good_plugin("fine"));
    let folder = PluginDir::scan(dir.path()).unwrap();
    let loaded = {
        let _guard = SPAWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        load_folder(&folder, &host(), |_| Ok(Vec::new()))
    };
    let failures: Vec<String> = loaded.failures().iter().map(|f| f.to_string()).collect();
    let d = dir.path().display();
    assert_eq!(
        failures,
        [
            format!(
                "plugin `{d}/a-linked-clash` registers uid `loud` in namespace \
                 `remote_test_echoes` (sh-echo 1.0.0 (sh_echo::echo)), which the linked crate \
                 plugkit-remote {} (remote::loud) already registers\n  \
                 fix: remove one of the two from the program or the folder, or rename the uid in \
                 one of them",
                env!("CARGO_PKG_VERSION")
            ),
            format!(
                "plugin `{d}/c-second` registers uid `dup` in namespace `remote_test_echoes` \
                 (sh-echo 1.0.0 (sh_echo::echo)), which plugin `{d}/b-first` (sh-echo 1.0.0 \
                 (sh_echo::echo)) already registers\n  \
                 fix: remove one of the two from the program or the folder, or rename the uid in \
                 one of them"
            ),
        ]
    );
    assert!(matches!(loaded.failures()[0], LoadFailure::Clash { .. }));
    let uids: Vec<&str> = loaded.entries().iter().map(|e| e.id()).collect();
    assert_eq!(uids, ["dup", "fine"]);
    // The plugins left out are stopped; the registry builds with the rest.
    assert_reaped(pid_of(dir.path(), "a-linked-clash"));
    assert_reaped(pid_of(dir.path(), "c-second"));
    let registry = Registry::builder()
        .discovered()
        .entries(loaded.entries().iter().copied())
        .build()
        .unwrap();
    let made = Echoes::in_registry(&registry)
        .make_instance("fine", &Secrets::default())
        .unwrap();
    assert_eq!(made.echo("ping").unwrap(), "pong");
}

/// The bytes a process wrote so far (`wchar` in `/proc/<pid>/io`).
fn written_by(pid: u32) -> u64 {
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).unwrap();
    io.lines()
        .find_map(|l| l.strip_prefix("wchar:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

#[test]
fn lines_nobody_asked_for_do_not_grow_the_host() {
    let dir = tempfile::tempdir().unwrap();
    // Once it has answered the handshake, it writes answers to no request, as fast as it can.
    let yes = dir.path().join("yes.pid");
    let path = script(
        dir.path(),
        "spammer",
        &good_plugin("spammer").replace(
            r#""args":[{"name":"loud","value":"false"}]}]}}\n' "$id" ;;"#,
            &format!(
                r#""args":[{{"name":"loud","value":"false"}}]}}]}}}}\n' "$id"; yes '{{"id":99,"result":1}}' & echo $! > '{}' ;;"#,
                yes.display()
            ),
        ),
    );
    let plugin = load(&path).unwrap();
    let registry = registry_with(&[&plugin]);
    let yes = pid_of(dir.path(), "yes");
    std::thread::sleep(Duration::from_secs(1));
    // The host takes a line or two and the pipe's buffer, then the writer blocks (kept whole,
    // one second of these lines is about 200 MiB here).
    let written = written_by(yes);
    assert!(written < 4 << 20, "the host took {written} bytes");
    let err = make_err(&registry, "spammer");
    assert_eq!(
        err,
        "constructing `spammer` (remote_test_echoes) failed: plugin `spammer` broke the plugkit \
         protocol during `make` of `spammer` (remote_test_echoes): it answered request 99 while \
         request 2 was waiting\n  registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    assert_reaped(pid_of(dir.path(), "spammer"));
}

#[test]
fn a_shutdown_cuts_a_call_in_flight_short() {
    let dir = tempfile::tempdir().unwrap();
    let path = script(
        dir.path(),
        "slowpoke",
        &plugin_then("slowpoke", "exec sleep 30"),
    );
    let plugin = {
        let _guard = SPAWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        host().timeout(Duration::from_secs(20)).load(&path).unwrap()
    };
    let registry = registry_with(&[&plugin]);
    let started = Instant::now();
    let err = std::thread::scope(|s| {
        let call = s.spawn(|| make_err(&registry, "slowpoke"));
        std::thread::sleep(Duration::from_millis(300));
        plugin.shutdown();
        call.join().unwrap()
    });
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        err,
        "constructing `slowpoke` (remote_test_echoes) failed: plugin `slowpoke` is stopped: the \
         host shut it down\n  registered by sh-echo 1.0.0 (sh_echo::echo)"
    );
    assert_reaped(pid_of(dir.path(), "slowpoke"));
}
