//! Everything that can go wrong, each saying what, where and the fix, and the exit code it maps to.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

/// The exit code of a run that found drift or an incompatibility (`--check`, `--locked`,
/// `--deny-incompatible`, two incompatible plugkit versions).
///
/// ```
/// let drift = cargo_plugkit::Error::Drift { files: vec![], fix: String::new() };
/// assert_eq!(drift.exit_code(), cargo_plugkit::EXIT_DRIFT);
/// ```
pub const EXIT_DRIFT: i32 = 1;
/// The exit code of a usage error (clap's).
///
/// ```
/// assert_eq!(cargo_plugkit::run(["cargo-plugkit", "sync", "--bogus"]), cargo_plugkit::EXIT_USAGE);
/// ```
pub const EXIT_USAGE: i32 = 2;
/// The exit code of any other error (cargo's).
///
/// ```
/// let err = cargo_plugkit::Error::AmbiguousHost { known: vec!["a".into(), "b".into()] };
/// assert_eq!(err.exit_code(), cargo_plugkit::EXIT_ERROR);
/// ```
pub const EXIT_ERROR: i32 = 101;

/// A failure of `cargo plugkit`. Its message says what went wrong, where, and how to fix it;
/// [`Error::exit_code`] says how the process exits.
///
/// ```
/// use cargo_plugkit::Error;
///
/// let err = Error::UnknownHost { name: "qik".into(), known: vec!["compas-like".into()] };
/// assert_eq!(err.exit_code(), 101);
/// assert!(err.to_string().starts_with("no host `qik` is configured"));
/// ```
#[non_exhaustive]
#[derive(Debug, Error)]
pub enum Error {
    /// cargo could not be started.
    #[error(
        "could not run `{program}`: {source}\n  \
         fix: install cargo, or set $CARGO to the cargo to use"
    )]
    CargoNotFound {
        /// The program tried (`$CARGO` or `cargo`).
        program: String,
        /// Why it could not start.
        source: io::Error,
    },
    /// cargo ran and failed.
    #[error("`{command}` failed ({status}):\n{stderr}\n  fix: {fix}")]
    CargoFailed {
        /// The command line.
        command: String,
        /// Its exit status.
        status: String,
        /// What it printed on stderr.
        stderr: String,
        /// The fix: for a failure plugkit knows, the one that applies; else to correct what
        /// cargo reports.
        fix: String,
    },
    /// `cargo metadata` printed something that is not its JSON format.
    #[error(
        "could not read the output of `cargo metadata`: {message}\n  \
         fix: use a cargo that supports `--format-version 1` (any cargo since 1.41)"
    )]
    Metadata {
        /// What was wrong.
        message: String,
    },
    /// A file could not be read.
    #[error(
        "could not read {}: {source}\n  \
         fix: make it a readable file (or remove what stands in its place), then run the command again",
        path.display()
    )]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A file could not be written. Every file holds what it held before: nothing was renamed
    /// into place yet, or the failure came while renaming the staged files into place and the
    /// files already renamed were put back (their contents restored, their mtimes new).
    #[error(
        "could not write {}: {source}\n  \
         fix: make the file and its directory writable (a file may stand where a directory is \
         needed), then run the command again; every file holds what it held before",
        path.display()
    )]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A manifest is not valid TOML.
    #[error(
        "{} is not valid TOML: {message}\n  fix: correct the TOML at the line and column shown",
        path.display()
    )]
    Toml {
        /// The manifest.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A configuration key is unknown, or has the wrong type or value.
    #[error(
        "invalid `{key}` in {}{}: {message}\n  fix: {fix}",
        path.display(),
        line.map(|l| format!(":{l}")).unwrap_or_default()
    )]
    Config {
        /// The manifest.
        path: PathBuf,
        /// The line of the mistake in it (1-based), when it has one.
        line: Option<usize>,
        /// The dotted key.
        key: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: String,
    },
    /// There is no `Cargo.toml` where the command looks: the manifest given with
    /// `--manifest-path` does not exist, or none is in the directory or any parent.
    #[error("{}", no_workspace(dir, manifest_path.as_deref()))]
    NoWorkspace {
        /// The working directory.
        dir: PathBuf,
        /// The manifest given with `--manifest-path`, if any.
        manifest_path: Option<PathBuf>,
    },
    /// The workspace configures no host.
    #[error(
        "no plugin host is configured in {}\n  \
         fix: add a `[workspace.metadata.plugkit.hosts.<name>]` table with `prefix`, \
         `registration`, `registration-path` and `api` (see docs/cargo-plugkit.md)",
        path.display()
    )]
    NoHosts {
        /// The root manifest.
        path: PathBuf,
    },
    /// `--host` names a host that is not configured.
    #[error(
        "no host `{name}` is configured; the workspace has: {}\n  \
         fix: pass one of these to `--host`, or add `[workspace.metadata.plugkit.hosts.{name}]`",
        known.join(", ")
    )]
    UnknownHost {
        /// The host asked for.
        name: String,
        /// The hosts configured.
        known: Vec<String>,
    },
    /// A command that works on one host was not told which.
    #[error(
        "the workspace has several hosts ({}) and the command works on one\n  \
         fix: say which with `--host <name>`",
        known.join(", ")
    )]
    AmbiguousHost {
        /// The hosts configured.
        known: Vec<String>,
    },
    /// The host-API crate's version could not be found.
    #[error(
        "the host-API crate `{api}` of host `{host}` is neither a workspace member nor in Cargo.lock\n  \
         fix: correct `api` in `[workspace.metadata.plugkit.hosts.{host}]`, or build once so that \
         Cargo.lock records it"
    )]
    ApiNotFound {
        /// The host.
        host: String,
        /// The API crate named in its configuration.
        api: String,
    },
    /// The registration crate's `Cargo.toml` lacks usable markers.
    #[error("{problem} in {}\n  fix: {fix}", path.display())]
    Markers {
        /// The registration crate's manifest.
        path: PathBuf,
        /// What is wrong with the markers.
        problem: String,
        /// Where to put them.
        fix: String,
    },
    /// A plugin's host-API requirement does not match the host and `--deny-incompatible` was given.
    #[error(
        "{count} plugin crate{s} of host `{host}` {are} incompatible with {api} {version}: {list}\n  \
         fix: upgrade {them}, or drop `--deny-incompatible` to leave {them} out",
        s = if *count == 1 { "" } else { "s" },
        are = if *count == 1 { "is" } else { "are" },
        them = if *count == 1 { "it" } else { "them" },
        list = crates.join(", ")
    )]
    Incompatible {
        /// The host.
        host: String,
        /// The host-API crate.
        api: String,
        /// Its version.
        version: String,
        /// How many plugins are incompatible.
        count: usize,
        /// Each as `name version (requires req)`.
        crates: Vec<String>,
    },
    /// Cargo.lock holds two copies of plugkit (any two versions or sources), or two
    /// semver-incompatible versions of a host-API crate.
    #[error(
        "Cargo.lock holds {} copies of `{krate}`: {}; they would split the plugin registry in \
         two\n  \
         fix: make every crate depend on one `{krate}`, from one source at one version \
         (`cargo tree -i {krate}` shows who pulls in which)",
        versions.len(),
        versions.join(" and ")
    )]
    SplitVersions {
        /// The crate.
        krate: String,
        /// The incompatible versions, sorted.
        versions: Vec<String>,
    },
    /// `--check` or `--locked` found files that `sync` would change.
    #[error("{} out of date: {}\n  fix: {fix}", describe_count(files.len()), files.join(", "))]
    Drift {
        /// The files that would change, relative to the workspace root.
        files: Vec<String>,
        /// What to run.
        fix: String,
    },
    /// `new` was asked to write where something already exists.
    #[error(
        "destination {} already exists\n  \
         fix: choose another path; `cargo plugkit new` never overwrites",
        path.display()
    )]
    DestinationExists {
        /// The destination.
        path: PathBuf,
    },
    /// A name or path given on the command line is unusable.
    #[error("{message}\n  fix: {fix}")]
    Invalid {
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: String,
    },
}

fn no_workspace(dir: &std::path::Path, manifest_path: Option<&std::path::Path>) -> String {
    match manifest_path {
        Some(path) => format!(
            "the manifest {} does not exist (relative to {})\n  \
             fix: give `--manifest-path` the `Cargo.toml` of the workspace, or of one of its members",
            path.display(),
            dir.display()
        ),
        None => format!(
            "no Cargo.toml in {} or any parent directory, so there is no workspace to work on\n  \
             fix: run `cargo plugkit` inside a Cargo workspace, or pass \
             `--manifest-path <its Cargo.toml>`",
            dir.display()
        ),
    }
}

fn describe_count(n: usize) -> String {
    if n == 1 {
        "1 file is".to_owned()
    } else {
        format!("{n} files are")
    }
}

impl Error {
    /// How the process exits on this error: 1 for drift and incompatibility, 101 otherwise.
    ///
    /// ```
    /// use cargo_plugkit::Error;
    /// let drift = Error::Drift { files: vec!["Cargo.toml".into()], fix: "run `cargo plugkit sync`".into() };
    /// assert_eq!(drift.exit_code(), 1);
    /// ```
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Incompatible { .. } | Error::SplitVersions { .. } | Error::Drift { .. } => {
                EXIT_DRIFT
            }
            _ => EXIT_ERROR,
        }
    }

    /// The error with the line of its key in its manifest, for a configuration error whose
    /// manifest can be read and holds the key (or the table above it).
    pub(crate) fn with_line(self) -> Self {
        match self {
            Error::Config {
                path,
                line: None,
                key,
                message,
                fix,
            } => {
                let line = std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|text| crate::location::line_of(&text, &key));
                Error::Config {
                    path,
                    line,
                    key,
                    message,
                    fix,
                }
            }
            other => other,
        }
    }

    pub(crate) fn read(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn write(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn config(
        path: impl Into<PathBuf>,
        key: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Error::Config {
            path: path.into(),
            line: None,
            key: key.into(),
            message: message.into(),
            fix: fix.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    /// One of each variant; `index` fails to compile when a variant is added, so the list
    /// below must grow with it.
    fn every_variant() -> Vec<Error> {
        let io = || io::Error::other("boom");
        vec![
            Error::CargoNotFound {
                program: "cargo".into(),
                source: io(),
            },
            Error::CargoFailed {
                command: "cargo metadata".into(),
                status: "exit status: 101".into(),
                stderr: "error: x".into(),
                fix: "correct it".into(),
            },
            Error::Metadata {
                message: "bad".into(),
            },
            Error::read("/w/f", io()),
            Error::write("/w/f", io()),
            Error::Toml {
                path: "/w/Cargo.toml".into(),
                message: "bad".into(),
            },
            Error::config("/w/Cargo.toml", "k", "is bad", "fix it"),
            Error::NoWorkspace {
                dir: "/w".into(),
                manifest_path: None,
            },
            Error::NoWorkspace {
                dir: "/w".into(),
                manifest_path: Some("x/Cargo.toml".into()),
            },
            Error::NoHosts {
                path: "/w/Cargo.toml".into(),
            },
            Error::UnknownHost {
                name: "x".into(),
                known: vec!["h".into()],
            },
            Error::AmbiguousHost {
                known: vec!["a".into(), "b".into()],
            },
            Error::ApiNotFound {
                host: "h".into(),
                api: "h".into(),
            },
            Error::Markers {
                path: "/w/r/Cargo.toml".into(),
                problem: "none".into(),
                fix: "add".into(),
            },
            Error::Incompatible {
                host: "h".into(),
                api: "h".into(),
                version: "0.1.0".into(),
                count: 1,
                crates: vec!["h-x 0.1.0 (requires ^0.2)".into()],
            },
            Error::SplitVersions {
                krate: "plugkit".into(),
                versions: vec!["0.1.0".into(), "0.2.0".into()],
            },
            Error::Drift {
                files: vec!["Cargo.toml".into()],
                fix: "run `cargo plugkit sync`".into(),
            },
            Error::DestinationExists {
                path: "/w/p".into(),
            },
            Error::Invalid {
                message: "bad".into(),
                fix: "fix it".into(),
            },
        ]
    }

    fn index(err: &Error) -> usize {
        match err {
            Error::CargoNotFound { .. } => 0,
            Error::CargoFailed { .. } => 1,
            Error::Metadata { .. } => 2,
            Error::Read { .. } => 3,
            Error::Write { .. } => 4,
            Error::Toml { .. } => 5,
            Error::Config { .. } => 6,
            Error::NoWorkspace { .. } => 7,
            Error::NoHosts { .. } => 8,
            Error::UnknownHost { .. } => 9,
            Error::AmbiguousHost { .. } => 10,
            Error::ApiNotFound { .. } => 11,
            Error::Markers { .. } => 12,
            Error::Incompatible { .. } => 13,
            Error::SplitVersions { .. } => 14,
            Error::Drift { .. } => 15,
            Error::DestinationExists { .. } => 16,
            Error::Invalid { .. } => 17,
        }
    }

    #[test]
    fn every_error_ends_with_a_fix() {
        let errors = every_variant();
        let mut seen: Vec<usize> = errors.iter().map(index).collect();
        seen.dedup();
        assert_eq!(
            seen,
            (0..=17).collect::<Vec<_>>(),
            "one sample of every variant, in order"
        );
        for err in &errors {
            let text = err.to_string();
            let (_, fix) = text
                .rsplit_once("\n  fix: ")
                .unwrap_or_else(|| panic!("no fix: {text}"));
            assert!(!fix.is_empty() && !fix.contains('\n'), "{text}");
        }
    }
}
