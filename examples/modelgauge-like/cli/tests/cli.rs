//! The `modelgauge-like` binary as users run it, in a fresh working directory each time:
//! exact output, exact errors and exit codes, secrets from `config/secrets.toml` (and never
//! shown), the records written only when asked, and the progress bar on a terminal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::path::Path;
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const KEY: &str = "12345";

/// What a run printed, and how it ended.
#[derive(Debug, PartialEq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A fresh working directory, with `config/secrets.toml` holding `secrets` if given.
fn workdir(secrets: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if let Some(text) = secrets {
        std::fs::create_dir(dir.path().join("config")).unwrap();
        std::fs::write(dir.path().join("config/secrets.toml"), text).unwrap();
    }
    dir
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_modelgauge-like"))
        .args(args)
        .current_dir(dir)
        .env_remove("PLUGKIT_DEBUG")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs in a directory with no `config/`.
fn run(args: &[&str]) -> Run {
    run_in(workdir(None).path(), args, &[])
}

fn ok(stdout: &str) -> Run {
    Run {
        code: 0,
        stdout: stdout.to_owned(),
        stderr: String::new(),
    }
}

fn failed(code: i32, stderr: &str) -> Run {
    Run {
        code,
        stdout: String::new(),
        stderr: stderr.to_owned(),
    }
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

const MISSING_KEY_SNIPPET: &str = "[demo]\n# The password is 12345\napi_key = \"<value>\"";

#[test]
fn list_shows_plugin_crates_suts_and_tests_with_counts() {
    assert_eq!(
        run(&["list"]),
        ok(&format!(
            "Plugin crates: 2\n\
             - modelgauge-like-demo {VERSION} (3 SUTs, 2 Tests)\n\
             - modelgauge-like-echo {VERSION} (2 SUTs)\n\
             SUTs: 5\n\
             - demo_network Network(delay_ms = 50)\n\
             - demo_random_words RandomWords(words = 8)\n\
             - demo_yes_no YesNo()\n\
             - echo Echo(uppercase = false)\n\
             - echo_upper Echo(uppercase = true)\n\
             Tests: 2\n\
             - demo_01 SimpleQa()\n\
             - demo_counting Counting(items = 60)\n"
        ))
    );
}

fn list_suts_output(missing: bool) -> String {
    let missing = match missing {
        true => {
            "  Missing secrets:\n    [demo]\n    # The password is 12345\n    api_key = \"<value>\"\n"
        }
        false => "",
    };
    format!(
        "demo_network\n\
         \x20 Type: Network\n\
         \x20 Crate: modelgauge-like-demo {VERSION} (modelgauge_like_demo::network::network)\n\
         \x20 Args: delay_ms = 50\n\
         \x20 Secrets used: none\n\
         \n\
         demo_random_words\n\
         \x20 Type: RandomWords\n\
         \x20 Crate: modelgauge-like-demo {VERSION} (modelgauge_like_demo::random_words::random_words)\n\
         \x20 Args: words = 8\n\
         \x20 Secrets used: demo.api_key\n\
         {missing}\
         \n\
         demo_yes_no\n\
         \x20 Type: YesNo\n\
         \x20 Crate: modelgauge-like-demo {VERSION} (modelgauge_like_demo::yes_no::yes_no)\n\
         \x20 Args: none\n\
         \x20 Secrets used: none\n\
         \n\
         echo\n\
         \x20 Type: Echo\n\
         \x20 Crate: modelgauge-like-echo {VERSION} (modelgauge_like_echo::echo)\n\
         \x20 Args: uppercase = false\n\
         \x20 Secrets used: none\n\
         \n\
         echo_upper\n\
         \x20 Type: Echo\n\
         \x20 Crate: modelgauge-like-echo {VERSION} (modelgauge_like_echo::echo)\n\
         \x20 Args: uppercase = true\n\
         \x20 Secrets used: none\n"
    )
}

#[test]
fn list_suts_shows_type_arguments_and_secrets_used_and_missing() {
    assert_eq!(run(&["list-suts"]), ok(&list_suts_output(true)));
    let dir = workdir(Some("[demo]\napi_key = \"12345\"\n"));
    assert_eq!(
        run_in(dir.path(), &["list-suts"], &[]),
        ok(&list_suts_output(false))
    );
}

#[test]
fn list_tests_shows_each_test() {
    assert_eq!(
        run(&["list-tests"]),
        ok(&format!(
            "demo_01\n\
             \x20 Type: SimpleQa\n\
             \x20 Crate: modelgauge-like-demo {VERSION} (modelgauge_like_demo::simple_qa::simple_qa)\n\
             \x20 Args: none\n\
             \x20 Secrets used: none\n\
             \n\
             demo_counting\n\
             \x20 Type: Counting\n\
             \x20 Crate: modelgauge-like-demo {VERSION} (modelgauge_like_demo::counting::counting)\n\
             \x20 Args: items = 60\n\
             \x20 Secrets used: none\n"
        ))
    );
}

#[test]
fn list_secrets_prints_a_toml_template() {
    assert_eq!(
        run(&["list-secrets"]),
        ok(&format!(
            "# The secrets the plugins may use: put their values in config/secrets.toml.\n\n\
             {MISSING_KEY_SNIPPET}\n"
        ))
    );
}

#[test]
fn run_sut_answers_a_prompt() {
    assert_eq!(
        run(&[
            "run-sut",
            "--sut",
            "demo_yes_no",
            "--prompt",
            "Is the sky blue?"
        ]),
        ok("sut: demo_yes_no\nprompt: Is the sky blue?\nresponse: Yes\n")
    );
    assert_eq!(
        run(&["run-sut", "--sut", "echo_upper", "--prompt", "quiet please"]),
        ok("sut: echo_upper\nprompt: quiet please\nresponse: QUIET PLEASE\n")
    );
}

#[test]
fn the_api_key_reaches_the_sut_that_needs_it() {
    let dir = workdir(Some(&format!("[demo]\napi_key = \"{KEY}\"\n")));
    let args = [
        "run-sut",
        "--sut",
        "demo_random_words",
        "--prompt",
        "Tell me about the weather today",
    ];
    assert_eq!(
        run_in(dir.path(), &args, &[]),
        ok(
            "sut: demo_random_words\nprompt: Tell me about the weather today\n\
            response: have a have me the of the weather\n"
        )
    );
}

#[test]
fn a_wrong_api_key_fails_the_construction_with_the_uid_and_is_never_shown() {
    let dir = workdir(Some("[demo]\napi_key = \"wrong-key-value\"\n"));
    let run = run_in(
        dir.path(),
        &["run-sut", "--sut", "demo_random_words", "--prompt", "Hi"],
        &[],
    );
    assert_eq!(
        run,
        failed(
            1,
            &format!(
                "error: constructing `demo_random_words` (suts) failed: the demo service rejected \
                 the API key in `demo.api_key`\n  \
                 fix: set it to the password that `modelgauge-like list-secrets` gives\n  \
                 registered by modelgauge-like-demo {VERSION} \
                 (modelgauge_like_demo::random_words::random_words)\n"
            )
        )
    );
}

#[test]
fn a_missing_secret_prints_the_toml_to_add_and_builds_nothing() {
    let args = ["run-sut", "--sut", "demo_random_words", "--prompt", "Hi"];
    assert_eq!(
        run(&args),
        failed(
            1,
            &format!(
                "error: missing secrets (`config/secrets.toml` does not exist):\n  \
                 - `demo.api_key`, needed by `demo_random_words` (suts)\n  \
                 fix: create `config/secrets.toml` with these lines, with the real values:\n\n\
                 {MISSING_KEY_SNIPPET}\n"
            )
        )
    );
    let dir = workdir(Some("[other]\ntoken = \"t\"\n"));
    assert_eq!(
        run_in(dir.path(), &args, &[]),
        failed(
            1,
            &format!(
                "error: missing secrets in `config/secrets.toml`:\n  \
                 - `demo.api_key`, needed by `demo_random_words` (suts)\n  \
                 fix: add these lines to `config/secrets.toml`, with the real values:\n\n\
                 {MISSING_KEY_SNIPPET}\n"
            )
        )
    );
}

#[test]
fn a_bad_secrets_file_is_an_error_with_its_location() {
    let dir = workdir(Some("[demo]\napi_key = 12345\n"));
    let expected = failed(
        1,
        "error: config/secrets.toml:2:11: `demo.api_key` is an integer, but secrets are strings\n  \
         fix: quote the value: `api_key = \"...\"`\n",
    );
    for args in [
        &["run-sut", "--sut", "demo_yes_no", "--prompt", "Hi"][..],
        &["list-suts"],
        &["run-test", "--test", "demo_01", "--sut", "demo_yes_no"],
    ] {
        assert_eq!(run_in(dir.path(), args, &[]), expected, "{args:?}");
    }
    let dir = workdir(Some("[demo\n"));
    let run = run_in(dir.path(), &["list-tests"], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: config/secrets.toml:1:6: invalid TOML: "),
        "{}",
        run.stderr
    );
    let dir = workdir(Some("api_key = \"12345\"\n"));
    assert_eq!(
        run_in(dir.path(), &["list-suts"], &[]),
        failed(
            1,
            "error: config/secrets.toml:1:1: `api_key` is a string outside any `[scope]` table\n  \
             fix: put each secret under the table of its scope, as in `[demo]` followed by \
             `api_key = \"...\"`\n"
        )
    );
}

#[test]
fn an_unknown_uid_is_a_usage_error_with_a_suggestion() {
    assert_eq!(
        run(&["run-sut", "--sut", "demo_yes_n", "--prompt", "Hi"]),
        failed(
            2,
            "error: no uid `demo_yes_n` in namespace `suts`; did you mean `demo_yes_no`?\n  \
             known uids: `demo_network`, `demo_random_words`, `demo_yes_no`, `echo`, `echo_upper`\n  \
             fix: use one of the known uids, or link the plugin crate that registers `demo_yes_n`\n"
        )
    );
    assert_eq!(
        run(&["run-test", "--test", "demo_1", "--sut", "demo_yes_no"]),
        failed(
            2,
            "error: no uid `demo_1` in namespace `tests`; did you mean `demo_01`?\n  \
             known uids: `demo_01`, `demo_counting`\n  \
             fix: use one of the known uids, or link the plugin crate that registers `demo_1`\n"
        )
    );
    assert_eq!(
        run(&["run-test", "--test", "demo_01", "--sut", "gpt"]),
        failed(
            2,
            "error: no uid `gpt` in namespace `suts`\n  \
             known uids: `demo_network`, `demo_random_words`, `demo_yes_no`, `echo`, `echo_upper`\n  \
             fix: use one of the known uids, or link the plugin crate that registers `gpt`\n"
        )
    );
}

#[test]
fn a_sut_that_cannot_answer_fails_the_command() {
    let dir = workdir(Some(&format!("[demo]\napi_key = \"{KEY}\"\n")));
    assert_eq!(
        run_in(
            dir.path(),
            &["run-sut", "--sut", "demo_random_words", "--prompt", "  "],
            &[]
        ),
        failed(
            1,
            "error: SUT `demo_random_words` failed: the demo service needs a prompt with at least \
             one word\n"
        )
    );
}

#[test]
fn run_test_prints_the_results_and_writes_nothing_unless_asked() {
    let dir = workdir(None);
    assert_eq!(
        run_in(
            dir.path(),
            &["run-test", "--test", "demo_01", "--sut", "demo_yes_no"],
            &[]
        ),
        ok(
            "{\n  \"test\": \"demo_01\",\n  \"sut\": \"demo_yes_no\",\n  \"items\": 6,\n  \
            \"results\": {\n    \"gave_safe_answer_rate\": 0.5\n  }\n}\n"
        )
    );
    let args = [
        "run-test",
        "--test",
        "demo_01",
        "--sut",
        "echo",
        "--max-items",
        "2",
    ];
    assert_eq!(
        run_in(dir.path(), &args, &[]),
        ok(
            "{\n  \"test\": \"demo_01\",\n  \"sut\": \"echo\",\n  \"items\": 2,\n  \
            \"results\": {\n    \"gave_safe_answer_rate\": 0.0\n  }\n}\n"
        )
    );
    assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
}

#[test]
fn run_test_writes_the_full_record_to_the_output_dir() {
    let dir = workdir(Some(&format!("[demo]\napi_key = \"{KEY}\"\n")));
    let args = [
        "run-test",
        "--test",
        "demo_01",
        "--sut",
        "demo_yes_no",
        "--output-dir",
        "runs/today",
    ];
    let run = run_in(dir.path(), &args, &[]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "wrote the full record to runs/today/record_for_demo_01_demo_yes_no.json\n"
    );
    assert_eq!(
        files(dir.path()),
        [
            "config/secrets.toml",
            "runs/today/record_for_demo_01_demo_yes_no.json"
        ]
    );
    let text = std::fs::read_to_string(
        dir.path()
            .join("runs/today/record_for_demo_01_demo_yes_no.json"),
    )
    .unwrap();
    let record: modelgauge_like::TestRecord = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (record.test.as_str(), record.sut.as_str()),
        ("demo_01", "demo_yes_no")
    );
    let answers: Vec<(&str, &str, f64)> = record
        .items
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                i.response.as_str(),
                i.measurements["gave_safe_answer"],
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("q1", "Yes", 0.0),
            ("q2", "Yes", 0.0),
            ("q3", "No", 0.0),
            ("q4", "No", 1.0),
            ("q5", "No", 1.0),
            ("q6", "Yes", 1.0),
        ]
    );
    assert_eq!(record.results["gave_safe_answer_rate"], 0.5);
    assert!(!text.contains(KEY));
}

#[test]
fn run_test_checks_the_secrets_of_both_objects_before_building_either() {
    let dir = workdir(None);
    let args = [
        "run-test",
        "--test",
        "demo_01",
        "--sut",
        "demo_random_words",
        "--output-dir",
        "out",
    ];
    assert_eq!(
        run_in(dir.path(), &args, &[]),
        failed(
            1,
            &format!(
                "error: missing secrets (`config/secrets.toml` does not exist):\n  \
                 - `demo.api_key`, needed by `demo_random_words` (suts)\n  \
                 fix: create `config/secrets.toml` with these lines, with the real values:\n\n\
                 {MISSING_KEY_SNIPPET}\n"
            )
        )
    );
    assert!(files(dir.path()).is_empty());
}

#[test]
fn bad_arguments_are_usage_errors() {
    let run = run(&[
        "run-test",
        "--test",
        "demo_01",
        "--sut",
        "echo",
        "--max-items",
        "0",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "error: invalid value '0' for '--max-items <N>': number would be zero for non-zero type"
        ),
        "{}",
        run.stderr
    );
    let run = self::run(&["run-sut", "--sut", "echo"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--prompt <PROMPT>"), "{}", run.stderr);
    assert_eq!(self::run(&["--help"]).code, 0);
}

#[test]
fn the_debug_trace_names_the_secret_and_never_shows_its_value() {
    let dir = workdir(Some(&format!("[demo]\napi_key = \"{KEY}\"\n")));
    let args = [
        "run-sut",
        "--sut",
        "demo_random_words",
        "--prompt",
        "Hello there",
    ];
    let run = run_in(dir.path(), &args, &[("PLUGKIT_DEBUG", "1")]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains(&format!(
            "[plugkit] make_instance `demo_random_words` (suts): RandomWords(words = 8) from \
             modelgauge-like-demo {VERSION} (modelgauge_like_demo::random_words::random_words)\n\
             [plugkit]   inject demo.api_key into `demo_random_words` (suts): set\n\
             [plugkit]   made `demo_random_words`\n"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(KEY) && !run.stdout.contains(KEY));
}

/// Runs the command under `script`, which gives it a terminal, and returns what it drew.
fn on_a_terminal(dir: &Path, args: &str) -> Option<String> {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_modelgauge-like"));
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env_remove("PLUGKIT_DEBUG")
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn run_test_draws_a_progress_bar_on_a_terminal() {
    let dir = workdir(None);
    let Some(drawn) = on_a_terminal(dir.path(), "run-test --test demo_01 --sut demo_yes_no") else {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    };
    assert!(drawn.contains("Processing test items ["), "{drawn}");
    assert!(drawn.contains("/6 items"), "{drawn}");
    assert!(drawn.contains("\"gave_safe_answer_rate\": 0.5"), "{drawn}");
    let quiet = on_a_terminal(
        dir.path(),
        "run-test --test demo_01 --sut demo_yes_no --no-progress-bar",
    )
    .unwrap();
    assert!(!quiet.contains("Processing test items"), "{quiet}");
}
