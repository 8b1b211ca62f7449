//! `--plugin-dir DIR` as users run it: the example plugin built as an executable and copied
//! into a temporary folder with a declarative SUT file, then plugins that crash, hang, write
//! garbage, speak another protocol version or exit mid-call (shell scripts speaking the
//! protocol), and folders that are refused. Every bad plugin is a warning or an error naming
//! it; the others keep working; and no plugin process is left running.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock, PoisonError};

const WARNING: &str = "warning: --plugin-dir runs the plugin executables in the specified \
    folder, which can execute code that could be harmful, malicious, or that could have \
    unexpected consequences. Use with caution and in a trusted environment.\n";

/// Writing a script while another thread forks would make its exec fail ("text file busy"):
/// write files and start processes one at a time.
static SPAWN: Mutex<()> = Mutex::new(());

/// The example plugin's executable, built once into its own target folder (the outer
/// `cargo test` holds the lock of the main one).
fn reverse_plugin() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target/plugin-dir-tests");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "modelgauge-like-reverse",
                "--target-dir",
            ])
            .arg(&target)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success(), "building modelgauge-like-reverse failed");
        target.join("debug/modelgauge-like-reverse")
    })
}

/// A plugin folder (mode 755) holding the example plugin and the example declarative file.
fn folder() -> tempfile::TempDir {
    let plugin = reverse_plugin();
    let dir = tempfile::tempdir().unwrap();
    let _guard = SPAWN.lock().unwrap_or_else(PoisonError::into_inner);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let exe = dir.path().join("modelgauge-like-reverse");
    std::fs::copy(plugin, &exe).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let declared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugin-dir/polite_echo.toml");
    let file = dir.path().join("polite_echo.toml");
    std::fs::copy(declared, &file).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    dir
}

/// A shell-script plugin that writes its pid to `<name>.pid` in `pids`, then runs `body`.
fn script(dir: &Path, pids: &Path, name: &str, body: &str) {
    let path = dir.join(name);
    let text = format!(
        "#!/bin/sh\necho $$ > '{}/{name}.pid'\n{body}\n",
        pids.display()
    );
    let _guard = SPAWN.lock().unwrap_or_else(PoisonError::into_inner);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Answers the handshake with one SUT `uid`, then runs `on_make` when asked to make it.
fn handshake_then(uid: &str, on_make: &str) -> String {
    format!(
        r#"while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed -n 's/^{{"id":\([0-9]*\).*/\1/p')
  case "$line" in
    *'"method":"handshake"'*) printf '{{"id":%s,"result":{{"protocol":1,"plugin":{{"name":"sh-plugin","version":"1.0.0"}},"host_api":{{"name":"modelgauge-like","requirement":"^0.1"}},"registrations":[{{"namespace":"suts","uid":"{uid}","type":"Sh","origin":{{"crate":"sh-plugin","version":"1.0.0","module":"sh","item":"{uid}"}}}}]}}}}\n' "$id" ;;
    *'"method":"make"'*) {on_make} ;;
  esac
done"#
    )
}

/// The process of `<name>.pid` is gone (killed and reaped, or exited).
fn assert_gone(pids: &Path, name: &str) {
    let pid = std::fs::read_to_string(pids.join(format!("{name}.pid"))).unwrap();
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()));
    assert!(stat.is_err(), "plugin `{name}` is still there: {stat:?}");
}

#[derive(Debug, PartialEq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with_timeout(dir, "500", args)
}

fn run_with_timeout(dir: &Path, timeout_ms: &str, args: &[&str]) -> Run {
    let workdir = tempfile::tempdir().unwrap();
    let child = {
        let _guard = SPAWN.lock().unwrap_or_else(PoisonError::into_inner);
        Command::new(env!("CARGO_BIN_EXE_modelgauge-like"))
            .arg("--plugin-dir")
            .arg(dir)
            .args(["--plugin-timeout-ms", timeout_ms])
            .args(args)
            .current_dir(workdir.path())
            .env_remove("PLUGKIT_DEBUG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn the_folders_plugins_join_the_linked_ones() {
    let dir = folder();
    let listed = run(dir.path(), &["list"]);
    assert_eq!(
        listed,
        Run {
            code: 0,
            stdout: "Plugin crates: 4\n\
                     - modelgauge-like-demo 0.1.0 (3 SUTs, 2 Tests)\n\
                     - modelgauge-like-echo 0.1.0 (2 SUTs)\n\
                     - modelgauge-like-reverse 0.1.0 (2 SUTs)\n\
                     - polite_echo.toml declared (2 SUTs)\n\
                     SUTs: 9\n\
                     - demo_network Network(delay_ms = 50)\n\
                     - demo_random_words RandomWords(words = 8)\n\
                     - demo_yes_no YesNo()\n\
                     - echo Echo(uppercase = false)\n\
                     - echo_upper Echo(uppercase = true)\n\
                     - polite_echo echo(prefix = \"Dear user, you asked: \", uppercase = false)\n\
                     - reverse Reverse(shout = false)\n\
                     - reverse_shout Reverse(shout = true)\n\
                     - shouting_echo echo(prefix = \"\", uppercase = true)\n\
                     Tests: 2\n\
                     - demo_01 SimpleQa()\n\
                     - demo_counting Counting(items = 60)\n"
                .to_owned(),
            stderr: WARNING.to_owned(),
        }
    );
    let suts = run(dir.path(), &["list-suts"]);
    assert_eq!(suts.code, 0, "{}", suts.stderr);
    assert!(
        suts.stdout.contains(
            "reverse\n  Type: Reverse\n  Crate: modelgauge-like-reverse 0.1.0 \
             (modelgauge_like_reverse::reverse)\n  Args: shout = false\n  Secrets used: none\n"
        ),
        "{}",
        suts.stdout
    );
    assert!(
        suts.stdout.contains(&format!(
            "polite_echo\n  Type: echo\n  Crate: polite_echo.toml declared ({}/polite_echo.toml::polite_echo)\n  \
             Args: prefix = \"Dear user, you asked: \", uppercase = false\n",
            dir.path().display()
        )),
        "{}",
        suts.stdout
    );
    let tests = run(dir.path(), &["list-tests"]);
    assert_eq!(
        (tests.code, tests.stdout.lines().next()),
        (0, Some("demo_01"))
    );
}

#[test]
fn remote_and_declared_suts_run_like_linked_ones() {
    let dir = folder();
    assert_eq!(
        run(
            dir.path(),
            &[
                "run-sut",
                "--sut",
                "reverse_shout",
                "--prompt",
                "is the sky blue"
            ]
        ),
        Run {
            code: 0,
            stdout: "sut: reverse_shout\nprompt: is the sky blue\nresponse: BLUE SKY THE IS\n"
                .to_owned(),
            stderr: WARNING.to_owned(),
        }
    );
    assert_eq!(
        run(
            dir.path(),
            &["run-sut", "--sut", "polite_echo", "--prompt", "hello"]
        ),
        Run {
            code: 0,
            stdout: "sut: polite_echo\nprompt: hello\nresponse: Dear user, you asked: hello\n"
                .to_owned(),
            stderr: WARNING.to_owned(),
        }
    );
    // The SUT's own error comes back as it was written in the plugin process.
    assert_eq!(
        run(
            dir.path(),
            &["run-sut", "--sut", "reverse", "--prompt", " "]
        ),
        Run {
            code: 1,
            stdout: String::new(),
            stderr: format!(
                "{WARNING}error: SUT `reverse` failed: the prompt is empty: there is nothing to reverse\n"
            ),
        }
    );
    let test = run(
        dir.path(),
        &[
            "run-test",
            "--test",
            "demo_01",
            "--sut",
            "reverse",
            "--no-progress-bar",
        ],
    );
    assert_eq!(test.code, 0, "{}", test.stderr);
    assert!(
        test.stdout
            .contains("\"sut\": \"reverse\",\n  \"items\": 6,"),
        "{}",
        test.stdout
    );
    // Calls awaited at once to one plugin process: matched to their answers by id.
    let parallel = run(
        dir.path(),
        &[
            "run-test",
            "--test",
            "demo_01",
            "--sut",
            "reverse",
            "--no-progress-bar",
            "--parallel",
            "4",
        ],
    );
    assert_eq!(
        (parallel.code, parallel.stdout.as_str()),
        (0, test.stdout.as_str()),
        "{}",
        parallel.stderr
    );
}

#[test]
fn crashing_hanging_garbled_and_outdated_plugins_are_left_out_with_a_warning() {
    let dir = folder();
    let pids = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        pids.path(),
        "a-crash",
        "read -r line\necho 'about to crash' >&2\nexit 3",
    );
    script(dir.path(), pids.path(), "b-hang", "exec sleep 30");
    script(
        dir.path(),
        pids.path(),
        "c-garbage",
        "read -r line\necho 'Hello!'\nexec sleep 30",
    );
    script(
        dir.path(),
        pids.path(),
        "d-future",
        &handshake_then("future", "exit 1").replace("\"protocol\":1", "\"protocol\":2"),
    );
    let listed = run(dir.path(), &["list-suts"]);
    assert_eq!(listed.code, 0);
    assert!(
        listed.stdout.contains("reverse_shout\n"),
        "{}",
        listed.stdout
    );
    assert_eq!(
        listed.stderr,
        format!(
            "{WARNING}[a-crash] about to crash\n\
             warning: plugin `a-crash` exited during the handshake (exit status: 3)\n  \
             fix: its messages on stderr, shown with the prefix `[a-crash]`, may say why\n  \
             (left out; the other plugins are loaded)\n\
             warning: plugin `b-hang` did not answer the handshake within 500 ms, and was stopped\n  \
             fix: check the plugin, or give it more time (the host's plugin timeout)\n  \
             (left out; the other plugins are loaded)\n\
             warning: plugin `c-garbage` wrote something that is not a plugkit message during the \
             handshake: \"Hello!\" (expected value at line 1 column 1)\n  \
             fix: a plugin writes only protocol messages on stdout; its logs go to stderr\n  \
             (left out; the other plugins are loaded)\n\
             warning: plugin `d-future` speaks plugkit protocol 2, and this host speaks 1\n  \
             fix: rebuild the plugin against a plugkit whose protocol is 1\n  \
             (left out; the other plugins are loaded)\n"
        )
    );
    for name in ["a-crash", "b-hang", "c-garbage", "d-future"] {
        assert_gone(pids.path(), name);
    }
}

#[test]
fn a_plugin_that_exits_or_hangs_mid_call_fails_that_command_only() {
    let dir = folder();
    let pids = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        pids.path(),
        "quitter",
        &handshake_then("quits", "echo 'giving up' >&2; exit 4"),
    );
    script(
        dir.path(),
        pids.path(),
        "sleeper",
        &handshake_then("sleeps", "exec sleep 30"),
    );
    let quits = run(dir.path(), &["run-sut", "--sut", "quits", "--prompt", "hi"]);
    assert_eq!(
        quits,
        Run {
            code: 1,
            stdout: String::new(),
            stderr: format!(
                "{WARNING}[quitter] giving up\n\
                 error: constructing `quits` (suts) failed: plugin `quitter` exited during `make` \
                 of `quits` (suts) (exit status: 4)\n  \
                 fix: its messages on stderr, shown with the prefix `[quitter]`, may say why\n  \
                 registered by sh-plugin 1.0.0 (sh::quits)\n"
            ),
        }
    );
    let sleeps = run(
        dir.path(),
        &["run-sut", "--sut", "sleeps", "--prompt", "hi"],
    );
    assert_eq!(sleeps.code, 1);
    assert_eq!(
        sleeps.stderr,
        format!(
            "{WARNING}error: constructing `sleeps` (suts) failed: plugin `sleeper` did not answer \
             `make` of `sleeps` (suts) within 500 ms, and was stopped\n  \
             fix: check the plugin, or give it more time (the host's plugin timeout)\n  \
             registered by sh-plugin 1.0.0 (sh::sleeps)\n"
        )
    );
    assert_gone(pids.path(), "quitter");
    assert_gone(pids.path(), "sleeper");
    // The same folder, another SUT: the remote plugin answers.
    let ok = run(
        dir.path(),
        &["run-sut", "--sut", "reverse", "--prompt", "a b"],
    );
    assert_eq!(
        (ok.code, ok.stdout.as_str()),
        (0, "sut: reverse\nprompt: a b\nresponse: b a\n")
    );
}

#[test]
fn a_bad_declarative_file_is_left_out_with_its_location() {
    let dir = folder();
    std::fs::write(
        dir.path().join("typo.toml"),
        "[suts.mine]\ntype = \"ecoh\"\n",
    )
    .unwrap();
    let listed = run(
        dir.path(),
        &["run-sut", "--sut", "polite_echo", "--prompt", "hi"],
    );
    assert_eq!(listed.code, 0);
    assert!(
        listed.stderr.starts_with(&format!(
            "{WARNING}warning: {}/typo.toml:2:8: in `suts.mine.type`: unknown sut type `ecoh`; \
             did you mean `echo` (from modelgauge-like-echo)?\n",
            dir.path().display()
        )),
        "{}",
        listed.stderr
    );
    assert!(
        listed
            .stderr
            .ends_with("  (left out; the other plugins are loaded)\n")
    );
}

#[test]
fn a_folder_or_plugin_others_can_write_is_refused_and_nothing_runs() {
    let dir = folder();
    let pids = tempfile::tempdir().unwrap();
    script(dir.path(), pids.path(), "witness", "exit 0");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(
        run(dir.path(), &["list"]),
        Run {
            code: 1,
            stdout: String::new(),
            stderr: format!(
                "{WARNING}error: refusing the plugin folder `{0}`: users other than its owner can \
                 write to it (mode 777)\n  fix: `chmod go-w {0}`, or use a folder only you can \
                 write to\n",
                dir.path().display()
            ),
        }
    );
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let exe = dir.path().join("modelgauge-like-reverse");
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o777)).unwrap();
    let refused = run(dir.path(), &["list-suts"]);
    assert_eq!(refused.code, 1);
    assert_eq!(
        refused.stderr,
        format!(
            "{WARNING}error: refusing the plugin file `{0}`: users other than its owner can write \
             to it (mode 777)\n  fix: `chmod go-w {0}`, or use a folder only you can write to\n",
            exe.display()
        )
    );
    assert!(!pids.path().join("witness.pid").exists(), "a plugin ran");
}

#[test]
fn a_link_out_of_the_folder_is_refused() {
    let dir = folder();
    let outside = folder();
    symlink(
        outside.path().join("modelgauge-like-reverse"),
        dir.path().join("linked"),
    )
    .unwrap();
    let refused = run(
        dir.path(),
        &["run-test", "--test", "demo_01", "--sut", "reverse"],
    );
    assert_eq!(refused.code, 1);
    assert_eq!(
        refused.stderr,
        format!(
            "{WARNING}error: refusing `{}/linked` in the plugin folder: it is a link to `{}/modelgauge-like-reverse`, \
             outside the folder\n  fix: copy the plugin into the folder instead of linking to it\n",
            dir.path().display(),
            outside.path().display()
        )
    );
}

/// Copies the example's Python plugin into `dir`; false (after saying why) without `python3`.
fn python_plugin(dir: &Path) -> bool {
    let found = Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        eprintln!("skipped: python3 is not on this machine, so the Python plugin cannot run");
        return false;
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugin-dir/python_sut.py");
    let _guard = SPAWN.lock().unwrap_or_else(PoisonError::into_inner);
    let path = dir.join("python_sut.py");
    std::fs::copy(source, &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    true
}

#[test]
fn a_plugin_written_in_python_serves_suts_and_a_test() {
    let dir = folder();
    if !python_plugin(dir.path()) {
        return;
    }
    let listed = run_with_timeout(dir.path(), "10000", &["list"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        listed
            .stdout
            .contains("- modelgauge-like-python 0.1.0 (2 SUTs, 1 Test)\n"),
        "{}",
        listed.stdout
    );
    assert!(
        listed
            .stdout
            .contains("- python_count Count(unit = \"words\")\n- python_title TitleCase()\n"),
        "{}",
        listed.stdout
    );
    assert!(
        listed.stdout.ends_with("- python_says_yes SaysYes()\n"),
        "{}",
        listed.stdout
    );
    assert_eq!(
        run_with_timeout(
            dir.path(),
            "10000",
            &[
                "run-sut",
                "--sut",
                "python_title",
                "--prompt",
                "is the sky blue"
            ]
        ),
        Run {
            code: 0,
            stdout: "sut: python_title\nprompt: is the sky blue\nresponse: Is The Sky Blue\n"
                .to_owned(),
            stderr: WARNING.to_owned(),
        }
    );
    // The SUT's own error, raised in Python.
    assert_eq!(
        run_with_timeout(
            dir.path(),
            "10000",
            &["run-sut", "--sut", "python_title", "--prompt", " "]
        ),
        Run {
            code: 1,
            stdout: String::new(),
            stderr: format!(
                "{WARNING}error: SUT `python_title` failed: the prompt is empty: there is nothing \
                 to title\n"
            ),
        }
    );
    let test = run_with_timeout(
        dir.path(),
        "10000",
        &[
            "run-test",
            "--test",
            "demo_01",
            "--sut",
            "python_count",
            "--no-progress-bar",
        ],
    );
    assert_eq!(test.code, 0, "{}", test.stderr);
    assert!(
        test.stdout
            .contains("\"sut\": \"python_count\",\n  \"items\": 6,"),
        "{}",
        test.stdout
    );
    let parallel = run_with_timeout(
        dir.path(),
        "10000",
        &[
            "run-test",
            "--test",
            "demo_01",
            "--sut",
            "python_count",
            "--no-progress-bar",
            "--parallel",
            "4",
        ],
    );
    assert_eq!(
        (parallel.code, parallel.stdout.as_str()),
        (0, test.stdout.as_str()),
        "{}",
        parallel.stderr
    );
    // A Test served by the Python plugin, run against a linked SUT and against its own.
    let test = run_with_timeout(
        dir.path(),
        "10000",
        &[
            "run-test",
            "--test",
            "python_says_yes",
            "--sut",
            "demo_yes_no",
            "--no-progress-bar",
        ],
    );
    assert_eq!(
        (test.code, test.stdout.as_str()),
        (
            0,
            "{\n  \"test\": \"python_says_yes\",\n  \"sut\": \"demo_yes_no\",\n  \"items\": 2,\n  \
             \"results\": {\n    \"said_yes_rate\": 0.5\n  }\n}\n"
        ),
        "{}",
        test.stderr
    );
    let test = run_with_timeout(
        dir.path(),
        "10000",
        &[
            "run-test",
            "--test",
            "python_says_yes",
            "--sut",
            "python_title",
            "--no-progress-bar",
        ],
    );
    assert_eq!(test.code, 0, "{}", test.stderr);
    assert!(
        test.stdout.contains("\"said_yes_rate\": 0.0"),
        "{}",
        test.stdout
    );
}

#[test]
fn a_plugin_or_file_whose_uid_clashes_is_left_out_naming_both() {
    let dir = folder();
    let pids = tempfile::tempdir().unwrap();
    // `echo` is linked (modelgauge-like-echo); `reverse` comes from the folder's plugin.
    script(
        dir.path(),
        pids.path(),
        "clasher",
        &handshake_then("echo", "exit 1"),
    );
    std::fs::write(
        dir.path().join("z-clash.toml"),
        "[suts.reverse]\ntype = \"echo\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("z-spaced.toml"),
        "[suts.\"has space\"]\ntype = \"echo\"\n",
    )
    .unwrap();
    let d = dir.path().display();
    let listed = run(dir.path(), &["list-suts"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(
        listed.stderr,
        format!(
            "{WARNING}warning: plugin `{d}/clasher` registers uid `echo` in namespace `suts` \
             (sh-plugin 1.0.0 (sh::echo)), which the linked crate modelgauge-like-echo 0.1.0 \
             (modelgauge_like_echo::echo) already registers\n  \
             fix: remove one of the two from the program or the folder, or rename the uid in one \
             of them\n  (left out; the other plugins are loaded)\n\
             warning: plugin `{d}/z-clash.toml` registers uid `reverse` in namespace `suts` \
             (z-clash.toml declared ({d}/z-clash.toml::reverse)), which plugin \
             `{d}/modelgauge-like-reverse` (modelgauge-like-reverse 0.1.0 \
             (modelgauge_like_reverse::reverse)) already registers\n  \
             fix: remove one of the two from the program or the folder, or rename the uid in one \
             of them\n  (left out; the other plugins are loaded)\n\
             warning: `{d}/z-spaced.toml` declares the uid \"has space\" in namespace `suts`: a \
             uid is a non-empty name without spaces or control characters (users type it on \
             command lines)\n  fix: rename it in the file\n  \
             (left out; the other plugins are loaded)\n"
        )
    );
    assert!(
        listed.stdout.contains("reverse_shout\n"),
        "{}",
        listed.stdout
    );
    assert!(listed.stdout.contains("polite_echo\n"), "{}", listed.stdout);
    assert_gone(pids.path(), "clasher");
}

#[test]
fn a_plugin_without_its_execute_bit_is_skipped_saying_so() {
    let dir = folder();
    let script = dir.path().join("my_sut.py");
    std::fs::write(&script, "#!/usr/bin/env python3\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o644)).unwrap();
    let listed = run(dir.path(), &["list-suts"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(
        listed.stderr,
        format!(
            "{WARNING}note: skipping `{}/my_sut.py` in the plugin folder: it is neither \
             executable nor a `.toml` file (a plugin executable needs `chmod +x`)\n",
            dir.path().display()
        )
    );
}

#[test]
fn a_declarative_file_that_is_not_utf8_is_left_out_saying_so() {
    let dir = folder();
    std::fs::write(
        dir.path().join("latin1.toml"),
        b"[suts.caf\xe9]\ntype = \"echo\"\n",
    )
    .unwrap();
    let listed = run(dir.path(), &["list-suts"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(
        listed.stderr,
        format!(
            "{WARNING}warning: `{}/latin1.toml` is not UTF-8 text: line 1 has a byte that is not \
             UTF-8\n  fix: save the file as UTF-8\n  (left out; the other plugins are loaded)\n",
            dir.path().display()
        )
    );
}

#[test]
fn a_link_to_a_plugin_of_the_folder_does_not_start_it_twice() {
    let dir = folder();
    symlink(
        dir.path().join("modelgauge-like-reverse"),
        dir.path().join("reverse-again"),
    )
    .unwrap();
    symlink(
        dir.path().join("polite_echo.toml"),
        dir.path().join("polite_again.toml"),
    )
    .unwrap();
    let listed = run(dir.path(), &["list"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(listed.stderr, WARNING);
    assert!(
        listed
            .stdout
            .contains("- modelgauge-like-reverse 0.1.0 (2 SUTs)\n"),
        "{}",
        listed.stdout
    );
}

#[test]
fn a_timeout_ends_what_a_script_plugin_started() {
    let dir = folder();
    let pids = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        pids.path(),
        "spawner",
        &handshake_then(
            "spawns",
            &format!(
                "sleep 300 & echo $! > '{}/helper.pid'; wait",
                pids.path().display()
            ),
        ),
    );
    let ran = run(
        dir.path(),
        &["run-sut", "--sut", "spawns", "--prompt", "hi"],
    );
    assert_eq!(ran.code, 1);
    assert!(
        ran.stderr.contains("within 500 ms, and was stopped"),
        "{}",
        ran.stderr
    );
    assert_gone(pids.path(), "spawner");
    assert_gone_soon(pids.path(), "helper");
}

#[test]
fn a_host_killed_during_a_call_leaves_no_plugin_running() {
    for signal in ["-TERM", "-KILL"] {
        host_killed_during_a_call(signal);
    }
}

fn host_killed_during_a_call(signal: &str) {
    let dir = folder();
    let pids = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        pids.path(),
        "stuck",
        &handshake_then(
            "stuck",
            &format!(
                "sleep 300 & echo $! > '{}/helper.pid'; wait",
                pids.path().display()
            ),
        ),
    );
    let workdir = tempfile::tempdir().unwrap();
    let mut host = {
        let _guard = SPAWN.lock().unwrap_or_else(PoisonError::into_inner);
        Command::new(env!("CARGO_BIN_EXE_modelgauge-like"))
            .arg("--plugin-dir")
            .arg(dir.path())
            .args(["--plugin-timeout-ms", "600000"])
            .args(["run-sut", "--sut", "stuck", "--prompt", "hi"])
            .current_dir(workdir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let helper = pids.path().join("helper.pid");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !helper.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the plugin never got the call"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args([signal, &host.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    host.wait().unwrap();
    assert_gone_soon(pids.path(), "stuck");
    assert_gone_soon(pids.path(), "helper");
    // The example's own plugin, built with plugkit's `Server`, goes too: its process group is
    // ended by the watchdog, or it exits once its stdin closes. Either takes a moment on a
    // loaded machine, so wait for it as for the others.
    let reverse = dir
        .path()
        .join("modelgauge-like-reverse")
        .display()
        .to_string();
    wait_until("the example plugin is gone", || {
        let running = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read_to_string(e.path().join("cmdline")).ok())
            .filter(|c| c.starts_with(&reverse))
            .count();
        (running == 0).then_some(()).ok_or(running)
    });
}

#[test]
fn stderr_without_newlines_is_forwarded_in_bounded_lines() {
    let dir = folder();
    let pids = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        pids.path(),
        "noisy",
        &format!(
            "head -c 8000000 /dev/zero | tr '\\0' e >&2\necho >&2\n{}",
            handshake_then("noisy", "exit 1")
        ),
    );
    let listed = run(dir.path(), &["list-suts"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.contains("noisy\n"), "{}", listed.stdout);
    assert_eq!(
        listed.stderr,
        format!(
            "{WARNING}[noisy] {} [line cut at 8192 bytes]\n",
            "e".repeat(8192)
        )
    );
}

/// A process of `<name>.pid` that is not the host's child is gone within a few seconds:
/// killed, and reaped by the system (a zombie waiting for init is dead).
fn assert_gone_soon(pids: &Path, name: &str) {
    let pid = std::fs::read_to_string(pids.join(format!("{name}.pid"))).unwrap();
    wait_until(&format!("`{name}` is gone"), || {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()));
        let dead = match &stat {
            Err(_) => true,
            Ok(s) => s
                .rsplit_once(") ")
                .is_some_and(|(_, rest)| rest.starts_with('Z')),
        };
        dead.then_some(()).ok_or(stat)
    });
}

/// Polls `check` every 20 ms until it holds, failing with `what` and the last thing `check`
/// saw after 10 s (a loaded machine ends and reaps processes a moment late).
fn wait_until<T: std::fmt::Debug>(what: &str, mut check: impl FnMut() -> Result<(), T>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let seen = match check() {
            Ok(()) => return,
            Err(seen) => seen,
        };
        assert!(
            std::time::Instant::now() < deadline,
            "expected: {what}; still: {seen:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_test_whose_plugin_fails_mid_run_fails_the_command_with_the_plugins_error() {
    let dir = folder();
    let pids = tempfile::tempdir().unwrap();
    script(
        dir.path(),
        pids.path(),
        "crashy-test",
        r#"while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  case "$line" in
    *'"method":"handshake"'*) printf '{"id":%s,"result":{"protocol":1,"plugin":{"name":"sh-test","version":"1.0.0"},"host_api":{"name":"modelgauge-like","requirement":"^0.1"},"registrations":[{"namespace":"tests","uid":"crashy","type":"Crashy","origin":{"crate":"sh-test","version":"1.0.0","module":"sh","item":"crashy"}}]}}\n' "$id" ;;
    *'"method":"make"'*) printf '{"id":%s,"result":{"instance":1}}\n' "$id" ;;
    *'"method":"call"'*) echo "giving up" >&2; exit 4 ;;
  esac
done"#,
    );
    assert_eq!(
        run(
            dir.path(),
            &[
                "run-test",
                "--test",
                "crashy",
                "--sut",
                "reverse",
                "--no-progress-bar"
            ]
        ),
        Run {
            code: 1,
            stdout: String::new(),
            stderr: format!(
                "{WARNING}[crashy-test] giving up\n\
                 error: Test `crashy` failed: plugin `crashy-test` exited during `items` of \
                 `crashy` (tests) (exit status: 4)\n  \
                 fix: its messages on stderr, shown with the prefix `[crashy-test]`, may say why\n"
            ),
        }
    );
    assert_gone(pids.path(), "crashy-test");
}
