//! Runs the chapter `docs/from-zero.md` as a reader would, so that it cannot go stale: one test
//! per way (a registration crate; `cargo add` only), each in an empty temporary directory.
//!
//! The chapter's fenced blocks, in order, are the script:
//!
//! - ```` ```sh ````: commands, run by `sh` with `set -e` in the directory the previous block
//!   ended in (a `cd` carries over); they must succeed;
//! - ```` ```<lang> title="<path>" ````: a file written at `<path>`, relative to that directory;
//!   the paragraph before the block must name the path in backticks, so the reader sees it too;
//! - ```` ```console ````: `$ <command>` lines, each followed by what it prints (stdout and
//!   stderr together). A line `...` stands for any number of lines and `[..]` for any text
//!   within a line. The command must succeed, or fail when the info string says
//!   ```` ```console fails ````.
//!
//! Any other block is an error: every command and file of the chapter is run. Blocks belong to
//! the `##` section they are in; "What you need" runs before each way, and its
//! `cargo install --path /path/to/plugkit/cargo-plugkit` is replaced by a shell function `cargo`
//! that runs `cargo plugkit …` with the binary this test was built with, as cargo would (a
//! `cargo-plugkit` installed in `$CARGO_HOME/bin` would win over one put on `PATH`).
//! `/path/to/plugkit` stands for this repository everywhere.
//!
//! Builds are offline, in one target directory under `target/tmp` shared by both ways (a nested
//! cargo on the main one would wait for the lock that `cargo test` holds); cargo resolves
//! offline from the crates already downloaded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository: what `/path/to/plugkit` stands for.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

const PLACEHOLDER: &str = "/path/to/plugkit";
const INSTALL: &str = "cargo install --path /path/to/plugkit/cargo-plugkit";
const PREREQUISITES: &str = "## What you need";
const WAY_1: &str = "## Way 1: a workspace with a registration crate";
const WAY_2: &str = "## Way 2: `cargo add` only";

/// What a fenced block is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Sh,
    File(String),
    Console { fails: bool },
}

/// A fenced block of the chapter.
#[derive(Clone, Debug)]
struct Block {
    /// The `##` heading it is under.
    section: String,
    /// Its first line's number in the chapter, for messages.
    line: usize,
    kind: Kind,
    text: String,
}

/// Every fenced block of `chapter`; an error at a block of no known kind, at a file block whose
/// path the paragraph before it does not name, and at a block left open.
fn blocks(chapter: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut section = String::new();
    // The last paragraph, and whether a blank line ended it.
    let mut paragraph = String::new();
    let mut ended = false;
    let mut open: Option<Block> = None;
    for (n, line) in chapter.lines().enumerate() {
        let n = n + 1;
        if let Some(block) = &mut open {
            if line == "```" {
                blocks.push(open.take().unwrap());
            } else {
                block.text.push_str(line);
                block.text.push('\n');
            }
        } else if let Some(info) = line.strip_prefix("```") {
            let mut words = info.split_whitespace();
            let lang = words.next().unwrap_or("");
            let attrs: Vec<&str> = words.collect();
            let title = attrs.iter().find_map(|a| {
                a.strip_prefix("title=\"")
                    .and_then(|t| t.strip_suffix('"'))
                    .map(str::to_owned)
            });
            let kind = match (lang, title, attrs.as_slice()) {
                ("sh", None, []) => Kind::Sh,
                ("console", None, []) => Kind::Console { fails: false },
                ("console", None, ["fails"]) => Kind::Console { fails: true },
                (_, Some(path), [_]) if paragraph.contains(&format!("`{path}`")) => {
                    Kind::File(path)
                }
                (_, Some(path), [_]) => {
                    return Err(format!(
                        "docs/from-zero.md:{n}: the paragraph before the block does not name \
                         `{path}`"
                    ));
                }
                _ => {
                    return Err(format!(
                        "docs/from-zero.md:{n}: ```{info} is neither `sh`, `console`, `console \
                         fails` nor a file (`title=\"path\"`), so the test would not run it"
                    ));
                }
            };
            open = Some(Block {
                section: section.clone(),
                line: n,
                kind,
                text: String::new(),
            });
            paragraph.clear();
        } else if line.starts_with("## ") {
            section = line.to_owned();
            paragraph.clear();
        } else if line.trim().is_empty() {
            ended = true;
        } else {
            if ended {
                paragraph.clear();
                ended = false;
            }
            paragraph.push_str(line);
            paragraph.push('\n');
        }
    }
    match open {
        Some(block) => Err(format!(
            "docs/from-zero.md:{}: the block is not closed",
            block.line
        )),
        None => Ok(blocks),
    }
}

/// What `[..]` and `...` allow: does `actual` match `expected`?
fn lines_match(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..])),
        Some((pattern, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line_matches(pattern, line) && lines_match(rest, more)),
    }
}

fn line_matches(pattern: &str, line: &str) -> bool {
    let mut parts = pattern.split("[..]");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Once `cargo plugkit` is "installed": cargo runs `cargo-plugkit plugkit <args>` for
/// `cargo plugkit <args>`, with `$CARGO` set.
const INSTALLED: &str = "cargo() {\n    if [ \"$1\" = plugkit ]; then \"$PLUGKIT_TEST_BIN\" \"$@\"; \
                         else command cargo \"$@\"; fi\n}\n";

/// A reader at a terminal: the directory they are in and the environment they run commands in.
struct Reader {
    cwd: PathBuf,
    /// Where each command writes the directory it ended in.
    state: PathBuf,
    installed: bool,
}

impl Reader {
    fn new(root: &Path) -> Reader {
        let work = root.join("reader");
        std::fs::create_dir_all(&work).unwrap();
        Reader {
            cwd: work,
            state: root.join("cwd"),
            installed: false,
        }
    }

    /// `sh -c script` with `$1` the current directory and `$2` the file for the next one.
    fn sh(&mut self, script: &str) -> Output {
        let cargo = Path::new(env!("CARGO"));
        // The toolchain that runs this test, first.
        let mut path: Vec<PathBuf> = cargo.parent().map(Path::to_owned).into_iter().collect();
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let prelude = if self.installed { INSTALLED } else { "" };
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!("{prelude}{script}"))
            .arg("sh")
            .arg(&self.cwd)
            .arg(&self.state)
            .env("PATH", std::env::join_paths(path).unwrap())
            .env("CARGO", cargo)
            .env("PLUGKIT_TEST_BIN", env!("CARGO_BIN_EXE_cargo-plugkit"))
            .env(
                "CARGO_TARGET_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("from-zero"),
            )
            .env("CARGO_NET_OFFLINE", "true")
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("RUSTFLAGS")
            .env_remove("NO_COLOR")
            .env_remove("PLUGKIT_DEBUG")
            .output()
            .unwrap();
        if let Ok(cwd) = std::fs::read_to_string(&self.state) {
            self.cwd = PathBuf::from(cwd.trim_end_matches('\n'));
        }
        output
    }

    /// Runs one block of the chapter.
    fn run(&mut self, block: &Block) {
        let repo = repo();
        let quoted = format!("'{}'", repo.display().to_string().replace('\'', r"'\''"));
        let at = format!("docs/from-zero.md:{}", block.line);
        match &block.kind {
            Kind::Sh if block.text.trim_end() == INSTALL => self.installed = true,
            Kind::Sh => {
                let script = format!(
                    "set -e\ncd \"$1\"\n{}pwd > \"$2\"\n",
                    block.text.replace(PLACEHOLDER, &quoted)
                );
                let output = self.sh(&script);
                assert!(
                    output.status.success(),
                    "{at}: the commands failed:\n{}\n{}{}",
                    block.text,
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            Kind::File(path) => {
                let path = self.cwd.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                let text = block.text.replace(PLACEHOLDER, &repo.display().to_string());
                std::fs::write(path, text).unwrap();
            }
            Kind::Console { fails } => {
                let mut commands: Vec<(&str, Vec<&str>)> = Vec::new();
                for line in block.text.lines() {
                    match line.strip_prefix("$ ") {
                        Some(command) => commands.push((command, Vec::new())),
                        None => match commands.last_mut() {
                            Some((_, expected)) => expected.push(line),
                            None => panic!("{at}: a console block starts with `$ <command>`"),
                        },
                    }
                }
                for (command, expected) in commands {
                    let script = format!(
                        "exec 2>&1\ncd \"$1\" || exit 1\n{}\nstatus=$?\npwd > \"$2\"\nexit $status\n",
                        command.replace(PLACEHOLDER, &quoted)
                    );
                    let output = self.sh(&script);
                    let printed = String::from_utf8_lossy(&output.stdout);
                    let actual: Vec<&str> = printed.lines().collect();
                    assert_eq!(
                        !output.status.success(),
                        *fails,
                        "{at}: `{command}` {} ({}), printing:\n{printed}",
                        if *fails {
                            "was to fail and succeeded"
                        } else {
                            "failed"
                        },
                        output.status
                    );
                    assert!(
                        lines_match(&expected, &actual),
                        "{at}: `{command}` printed something else.\nexpected:\n{}\nprinted:\n{printed}",
                        expected.join("\n")
                    );
                }
            }
        }
    }
}

/// Runs "What you need", then the section `way`, in a new temporary directory; returns the
/// number of blocks run.
fn run_way(way: &str) -> usize {
    let chapter = std::fs::read_to_string(repo().join("docs/from-zero.md")).unwrap();
    let blocks = blocks(&chapter).unwrap();
    for block in &blocks {
        assert!(
            [PREREQUISITES, WAY_1, WAY_2].contains(&block.section.as_str()),
            "docs/from-zero.md:{}: a block under `{}`, which neither test runs",
            block.line,
            block.section
        );
    }
    let temp = tempfile::tempdir().unwrap();
    let mut reader = Reader::new(temp.path());
    let mut ran = 0;
    for section in [PREREQUISITES, way] {
        for block in blocks.iter().filter(|b| b.section == section) {
            reader.run(block);
            ran += 1;
        }
    }
    ran
}

#[test]
fn way_1_a_workspace_with_a_registration_crate() {
    assert!(run_way(WAY_1) > 10);
}

#[test]
fn way_2_cargo_add_only() {
    assert!(run_way(WAY_2) > 10);
}

#[test]
fn output_patterns_match_as_documented() {
    let lines = |s: &'static str| s.lines().collect::<Vec<_>>();
    assert!(lines_match(&lines("...\nb\n..."), &lines("a\nb\nc")));
    assert!(lines_match(&lines("...\nb"), &lines("b")));
    assert!(!lines_match(&lines("...\nb"), &lines("b\nc")));
    assert!(lines_match(&lines("a [..] c"), &lines("a bbb c")));
    assert!(lines_match(&lines("[..]/x[..]z"), &lines("/tmp/x/y/z")));
    assert!(!lines_match(&lines("a [..] c"), &lines("a bbb d")));
    assert!(!lines_match(&lines("a"), &lines("a\nb")));
    assert!(!line_matches("ab[..]ba", "aba"));
}

#[test]
fn every_block_of_the_chapter_is_of_a_kind_the_test_runs() {
    let chapter = std::fs::read_to_string(repo().join("docs/from-zero.md")).unwrap();
    let blocks = blocks(&chapter).unwrap();
    assert!(
        blocks
            .iter()
            .any(|b| b.kind == Kind::Console { fails: true })
    );
    assert_eq!(
        blocks
            .iter()
            .filter(|b| b.section == PREREQUISITES)
            .map(|b| b.text.trim_end())
            .collect::<Vec<_>>(),
        [INSTALL]
    );
}

#[test]
fn a_block_the_test_would_not_run_is_an_error() {
    assert_eq!(
        blocks("Some text.\n\n```text\nx\n```\n").unwrap_err(),
        "docs/from-zero.md:3: ```text is neither `sh`, `console`, `console fails` nor a file \
         (`title=\"path\"`), so the test would not run it"
    );
    assert_eq!(
        blocks("Write it:\n```toml title=\"a.toml\"\nx = 1\n```\n").unwrap_err(),
        "docs/from-zero.md:2: the paragraph before the block does not name `a.toml`"
    );
    assert_eq!(
        blocks("```sh\nls\n").unwrap_err(),
        "docs/from-zero.md:1: the block is not closed"
    );
    let named = blocks("## S\nWrite `a.toml`:\n```toml title=\"a.toml\"\nx = 1\n```\n").unwrap();
    assert_eq!(named[0].kind, Kind::File("a.toml".into()));
    assert_eq!(named[0].section, "## S");
    assert_eq!(named[0].text, "x = 1\n");
}
