//! The `qik-like` binary as users run it, in a copy of `examples/qik-like/demo`: listing,
//! running twice (the second run served from the SQLite cache), reruns when deps change, the
//! effective configuration, the plugin listing, a plugin command, and every error's text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, PartialEq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A fresh copy of the demo project, named for the test.
fn demo(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qik-like-e2e-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo");
    std::fs::copy(source.join("qik.toml"), dir.join("qik.toml")).unwrap();
    std::fs::copy(source.join("src/words.txt"), dir.join("src/words.txt")).unwrap();
    dir
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_qik-like"))
        .args(args)
        .current_dir(dir)
        .env("LANG", "C")
        .env_remove("PROJECT__NAME")
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

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, &[])
}

fn ok(stdout: &str, stderr: &str) -> Run {
    Run {
        code: 0,
        stdout: stdout.into(),
        stderr: stderr.into(),
    }
}

fn error(code: i32, stderr: &str) -> Run {
    Run {
        code,
        stdout: String::new(),
        stderr: stderr.into(),
    }
}

#[test]
fn ls_lists_the_commands_from_a_subfolder_too() {
    let dir = demo("ls");
    let listing = "count  cat src/*.txt | wc -w\n\
                   greet  echo \"hello from {ctx.project.name}, LANG=$LANG\"\n";
    assert_eq!(run(&dir, &["--ls"]), ok(listing, ""));
    // qik.toml is found by walking up.
    assert_eq!(run(&dir.join("src"), &["--ls"]), ok(listing, ""));
}

#[test]
fn the_second_run_is_served_from_the_sqlite_cache() {
    let dir = demo("sqlite");
    assert_eq!(
        run(&dir, &["count"]),
        ok("9\n", "qik-like: count: ran, stored in cache `db`\n")
    );
    assert!(
        dir.join(".qik/demo.sqlite").is_file(),
        "the database is where [plugins.sqlite] says"
    );
    assert_eq!(
        run(&dir, &["count"]),
        ok("9\n", "qik-like: count: served from cache `db`\n")
    );
    assert_eq!(
        run(&dir, &["cache-stats"]),
        ok(
            &format!(
                "1 cached run in {}\n",
                dir.join(".qik/demo.sqlite").display()
            ),
            ""
        )
    );
    // A changed dep is a new key: the command runs again, and is cached again.
    std::fs::write(dir.join("src/more.txt"), "one more\n").unwrap();
    assert_eq!(
        run(&dir, &["count"]),
        ok("11\n", "qik-like: count: ran, stored in cache `db`\n")
    );
    assert_eq!(
        run(&dir, &["count"]),
        ok("11\n", "qik-like: count: served from cache `db`\n")
    );
}

#[test]
fn a_plugin_dep_type_reruns_when_its_variable_changes() {
    let dir = demo("env");
    assert_eq!(
        run(&dir, &["greet"]),
        ok(
            "hello from demo, LANG=C\n",
            "qik-like: greet: ran, stored in cache `files`\n"
        )
    );
    assert!(
        dir.join(".qik/files").is_dir(),
        "the local cache is a folder"
    );
    assert_eq!(
        run(&dir, &["greet"]),
        ok(
            "hello from demo, LANG=C\n",
            "qik-like: greet: served from cache `files`\n"
        )
    );
    assert_eq!(
        run_in(&dir, &["greet"], &[("LANG", "fr_FR")]),
        ok(
            "hello from demo, LANG=fr_FR\n",
            "qik-like: greet: ran, stored in cache `files`\n"
        )
    );
    // A context variable overridden from the environment changes the command line too.
    assert_eq!(
        run_in(&dir, &["greet"], &[("PROJECT__NAME", "other")]),
        ok(
            "hello from other, LANG=C\n",
            "qik-like: greet: ran, stored in cache `files`\n"
        )
    );
}

#[test]
fn no_command_runs_them_all_and_a_failure_is_not_cached() {
    let dir = demo("all");
    let r = run(&dir, &[]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "9\nhello from demo, LANG=C\n");
    let toml = std::fs::read_to_string(dir.join("qik.toml")).unwrap();
    std::fs::write(
        dir.join("qik.toml"),
        format!("{toml}\n[commands.broken]\nexec = \"echo oops >&2; exit 4\"\ncache = \"db\"\n"),
    )
    .unwrap();
    let failed = Run {
        code: 1,
        stdout: String::new(),
        stderr: "oops\nqik-like: broken: failed with exit code 4, not cached\n".into(),
    };
    assert_eq!(run(&dir, &["broken"]), failed);
    assert_eq!(run(&dir, &["broken"]), failed);
}

#[test]
fn config_show_prints_the_effective_configuration() {
    let dir = demo("show");
    let r = run(&dir, &["config", "show"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        r#"[ctx.project]
name = "demo"

[caches.db]
type = "sqlite"

[caches.files]
type = "local"
dir = ".qik/files"

[caches.local]
type = "local"
dir = ".qik/cache"

[caches.none]
type = "none"

[commands.count]
exec = "cat src/*.txt | wc -w"
cache = "db"

[[commands.count.deps]]
type = "glob"
pattern = "src/*.txt"

[commands.greet]
exec = 'echo "hello from {ctx.project.name}, LANG=$LANG"'
cache = "files"

[[commands.greet.deps]]
type = "env"
name = "LANG"

[plugins.sqlite]
path = ".qik/{ctx.project.name}.sqlite"
journal_mode = "wal"
"#
    );
}

#[test]
fn plugins_lists_kinds_types_sections_and_commands_with_their_crates() {
    let dir = demo("plugins");
    let v = VERSION;
    assert_eq!(
        run(&dir, &["plugins"]),
        ok(
            &format!(
                "plugin sections ([plugins.<name>])\n  \
                 sqlite  qik-like-sqlite {v} (qik_like_sqlite::SqliteSettings)\n\
                 cache kind (plugkit://qik-like/config/cache), default type `local`\n  \
                 local   qik-like {v} (qik_like::cache::LocalConf)\n  \
                 none    qik-like {v} (qik_like::cache::NoCacheConf)\n  \
                 sqlite  qik-like-sqlite {v} (qik_like_sqlite::SqliteConf)\n\
                 dep kind (plugkit://qik-like/config/dep)\n  \
                 glob  qik-like {v} (qik_like::dep::GlobConf)\n  \
                 env   qik-like-env {v} (qik_like_env::EnvConf)\n\
                 plugin commands\n  \
                 cache-stats  qik-like-sqlite {v} (qik_like_sqlite::cache-stats)\n"
            ),
            ""
        )
    );
}

#[test]
fn help_shows_the_plugin_command() {
    let r = run(&demo("help"), &["--help"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(
            "  cache-stats  Count the runs kept in the SQLite cache ([plugins.sqlite] path)\n"
        ),
        "{}",
        r.stdout
    );
}

fn with_toml(test: &str, text: &str) -> PathBuf {
    let dir = demo(test);
    std::fs::write(dir.join("qik.toml"), text).unwrap();
    dir
}

#[test]
fn an_unknown_cache_type_names_the_types_and_their_crates() {
    let dir = with_toml("unknown-tag", "[caches.db]\ntype = \"sqlit\"\n");
    let file = dir.join("qik.toml");
    assert_eq!(
        run(&dir, &["--ls"]),
        error(
            3,
            &format!(
                "error: {}:2:8: in `caches.db.type`: unknown cache type `sqlit`; did you mean \
                 `sqlite` (from qik-like-sqlite)?\n  registered cache types: `sqlite` \
                 (qik-like-sqlite), `local` (qik-like), `none` (qik-like)\n  fix: write one of \
                 the registered types, or add the crate that provides `sqlit` to the host's \
                 dependencies (then `cargo plugkit sync`)\n",
                file.display()
            )
        )
    );
}

#[test]
fn bad_fields_and_sections_are_located() {
    let dir = with_toml(
        "fields",
        "[commands.a]\nexec = \"true\"\ndeps = [{ type = \"env\", nmae = \"X\" }]\n",
    );
    let file = dir.join("qik.toml");
    assert_eq!(
        run(&dir, &["--ls"]).stderr,
        format!(
            "error: {}:3:25: in `commands.a.deps[0].nmae`: unknown field `nmae`; did you mean \
             `name`?\n  expected `name`\n  fix: rename or remove the key\n",
            file.display()
        )
    );
    std::fs::write(&file, "[plugins.sqlite]\njournal = \"wal\"\n").unwrap();
    assert_eq!(
        run(&dir, &["--ls"]).stderr,
        format!(
            "error: {}:2:1: in `plugins.sqlite.journal`: unknown field `journal`; did you mean \
             `journal_mode`?\n  expected one of `path` or `journal_mode`\n  fix: rename or remove the key\n",
            file.display()
        )
    );
    std::fs::write(&file, "[plugins.sqlit]\n").unwrap();
    assert!(run(&dir, &["--ls"]).stderr.starts_with(&format!(
        "error: {}:1:10: in `plugins.sqlit`: no enabled plugin has a `[plugins.sqlit]` \
             section; did you mean `sqlite` (from qik-like-sqlite)?",
        file.display()
    )));
}

#[test]
fn run_time_errors_say_what_and_the_fix() {
    let dir = with_toml(
        "runtime",
        "[commands.a]\nexec = \"echo {ctx.project.nmae}\"\ncache = \"none\"\n\
         [commands.b]\nexec = \"true\"\ncache = \"remote\"\n",
    );
    assert_eq!(
        run(&dir, &["a"]),
        error(
            3,
            "error: in `commands.a.exec`: unresolved variable `{ctx.project.nmae}` in \"echo \
             {ctx.project.nmae}\"\n  \
             fix: set `nmae` in `[ctx.project]`, or the environment variable `PROJECT__NMAE`\n"
        )
    );
    assert_eq!(
        run(&dir, &["b"]),
        error(
            3,
            "error: command `b` uses cache `remote`, which `[caches]` does not define\n  \
             fix: add `[caches.remote]` with a `type`, or use `local` or `none`\n"
        )
    );
    assert_eq!(
        run(&dir, &["c"]),
        error(
            3,
            "error: unknown command `c`; did you mean `a`?\n  fix: `qik-like --ls` lists the commands\n"
        )
    );
}

#[test]
fn without_a_qik_toml_it_says_where_it_looked() {
    let dir = std::env::temp_dir().join(format!("qik-like-e2e-{}-none", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Nothing above the temp folder has a qik.toml either (checked: else the test is moot).
    if dir.ancestors().any(|d| d.join("qik.toml").is_file()) {
        return;
    }
    assert_eq!(
        run(&dir, &["--ls"]),
        error(
            3,
            &format!(
                "error: no qik.toml in {} or any folder above it\n  fix: create one, or run \
                 qik-like inside a project\n",
                dir.display()
            )
        )
    );
}
