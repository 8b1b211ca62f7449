//! `run-test --parallel N`, through the binary: with an async SUT that waits 50 ms per item
//! (`demo_network`), N items in flight finish well under the time of one at a time, measured
//! in the same test, and print and record exactly what one at a time does.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// What a run printed, and how long it took.
struct Timed {
    code: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

fn run(dir: &Path, args: &[&str]) -> Timed {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_modelgauge-like"))
        .args(args)
        .current_dir(dir)
        .env_remove("PLUGKIT_DEBUG")
        .output()
        .unwrap();
    Timed {
        took: started.elapsed(),
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// `run-test` of 40 items of `demo_counting` on `demo_network`, its record written to `out`.
fn forty(dir: &Path, out: &str, extra: &[&str]) -> Timed {
    let mut args = vec![
        "run-test",
        "--test",
        "demo_counting",
        "--sut",
        "demo_network",
        "--max-items",
        "40",
        "--output-dir",
        out,
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

#[test]
fn parallel_runs_overlap_an_async_suts_calls_and_print_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let sequential = forty(dir.path(), "one", &[]);
    let parallel = forty(dir.path(), "eight", &["--parallel", "8"]);
    for run in [&sequential, &parallel] {
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(
        sequential.stdout,
        "{\n  \"test\": \"demo_counting\",\n  \"sut\": \"demo_network\",\n  \"items\": 40,\n  \
         \"results\": {\n    \"correct_rate\": 0.5\n  }\n}\n"
    );
    assert_eq!(parallel.stdout, sequential.stdout);
    assert_eq!(
        parallel.stderr,
        "wrote the full record to eight/record_for_demo_counting_demo_network.json\n"
    );
    let record = |out: &str| {
        std::fs::read_to_string(
            dir.path()
                .join(out)
                .join("record_for_demo_counting_demo_network.json"),
        )
        .unwrap()
    };
    // Every item, in the same order, with the same answer and measurements.
    assert_eq!(record("eight"), record("one"));
    let items: serde_json::Value = serde_json::from_str(&record("one")).unwrap();
    let ids: Vec<&str> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, (1..=40).map(|n| format!("n{n}")).collect::<Vec<_>>());
    // One at a time waits 40 × 50 ms at least; 8 at a time, 5 × 50 ms and the start.
    assert!(
        sequential.took >= Duration::from_millis(40 * 50),
        "{:?}",
        sequential.took
    );
    assert!(
        parallel.took < sequential.took / 3,
        "--parallel 8 took {:?}, one at a time {:?}",
        parallel.took,
        sequential.took
    );
    eprintln!(
        "one at a time {:?}, 8 at a time {:?}: {:.1}x",
        sequential.took,
        parallel.took,
        sequential.took.as_secs_f64() / parallel.took.as_secs_f64()
    );
}

#[test]
fn parallel_takes_a_positive_number() {
    let dir = tempfile::tempdir().unwrap();
    let zero = forty(dir.path(), "out", &["--parallel", "0"]);
    assert_eq!(zero.code, 2);
    assert_eq!(zero.stdout, "");
    assert!(
        zero.stderr.starts_with(
            "error: invalid value '0' for '--parallel <N>': number would be zero for non-zero type"
        ),
        "{}",
        zero.stderr
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn missing_secrets_stop_a_parallel_run_before_anything_runs() {
    let dir = tempfile::tempdir().unwrap();
    // `demo_random_words` needs its API key: without it, nothing runs at all.
    let missing = run(
        dir.path(),
        &[
            "run-test",
            "--test",
            "demo_counting",
            "--sut",
            "demo_random_words",
            "--parallel",
            "8",
        ],
    );
    assert_eq!(missing.code, 1);
    assert_eq!(missing.stdout, "");
    assert_eq!(
        missing.stderr,
        "error: missing secrets (`config/secrets.toml` does not exist):\n  \
         - `demo.api_key`, needed by `demo_random_words` (suts)\n  \
         fix: create `config/secrets.toml` with these lines, with the real values:\n\n\
         [demo]\n# The password is 12345\napi_key = \"<value>\"\n"
    );
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
fn a_parallel_run_draws_its_progress_bar_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let args = "run-test --test demo_counting --sut demo_network --max-items 40 --parallel 8";
    let Some(drawn) = on_a_terminal(dir.path(), args) else {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    };
    assert!(drawn.contains("Processing test items ["), "{drawn}");
    assert!(drawn.contains("/40 items"), "{drawn}");
    assert!(drawn.contains("\"correct_rate\": 0.5"), "{drawn}");
}
