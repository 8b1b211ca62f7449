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
    #[error("`{command}` failed ({status}):\n{stderr}{hint}")]
    CargoFailed {
        /// The command line.
        command: String,
        /// Its exit status.
        status: String,
        /// What it printed on stderr.
        stderr: String,
        /// A fix, when the failure is one plugkit knows (starts with a newline), or nothing.
        hint: String,
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
    #[error("could not read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A file could not be written; nothing was left half-written.
    #[error("could not write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A manifest is not valid TOML.
    #[error("{} is not valid TOML: {message}", path.display())]
    Toml {
        /// The manifest.
        path: PathBuf,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A configuration key has the wrong type or value.
    #[error("invalid `{key}` in {}: {message}\n  fix: {fix}", path.display())]
    Config {
        /// The manifest.
        path: PathBuf,
        /// The dotted key.
        key: String,
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: String,
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
        "the workspace has several hosts ({}); say which with `--host <name>`",
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
    /// Cargo.lock holds two semver-incompatible versions of plugkit or of a host-API crate.
    #[error(
        "Cargo.lock holds semver-incompatible versions of `{krate}`: {}; they would split the \
         plugin registry in two\n  \
         fix: make every crate depend on one compatible version of `{krate}` \
         (`cargo tree -i {krate}@{}` shows who pulls it in)",
        versions.join(" and "),
        versions.first().map_or("", String::as_str)
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
            key: key.into(),
            message: message.into(),
            fix: fix.into(),
        }
    }
}
