//! What can go wrong, with where and the fix.

use std::path::PathBuf;

use plugkit::config::{DecodeError, FormatError, SectionError};
use thiserror::Error;

/// An error from a cache or dep plugin's own code.
///
/// ```
/// let e: qik_like::BoxError = "disk full".into();
/// assert_eq!(e.to_string(), "disk full");
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Everything qik-like reports.
///
/// ```
/// let err = qik_like::Error::NoConfig { start: "/tmp/x".into() };
/// assert!(err.to_string().starts_with("no qik.toml in /tmp/x or any folder above it"));
/// ```
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// No `qik.toml` above the starting folder.
    #[error(
        "no qik.toml in {} or any folder above it\n  fix: create one, or run qik-like inside a project",
        start.display()
    )]
    NoConfig {
        /// Where the search started.
        start: PathBuf,
    },
    /// `qik.toml` does not decode.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A `{ctx.<ns>.<var>}` did not resolve.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// A plugin section was asked for and is not there.
    #[error(transparent)]
    Section(#[from] SectionError),
    /// A command name that `[commands]` does not have.
    #[error("unknown command `{name}`{}\n  fix: `qik-like --ls` lists the commands", match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    })]
    UnknownCommand {
        /// The name given.
        name: String,
        /// A close command name, if any.
        suggestion: Option<String>,
    },
    /// A command names a cache that `[caches]` does not define.
    #[error(
        "command `{command}` uses cache `{cache}`, which `[caches]` does not define\n  \
         fix: add `[caches.{cache}]` with a `type`, or use `local` or `none`"
    )]
    UnknownCache {
        /// The command.
        command: String,
        /// The cache it names.
        cache: String,
    },
    /// A cache failed to open, read or write.
    #[error("cache `{cache}`: {source}")]
    Cache {
        /// The cache's name.
        cache: String,
        /// What failed.
        source: BoxError,
    },
    /// A dep could not be fingerprinted.
    #[error("command `{command}`, dep {dep}: {source}")]
    Dep {
        /// The command.
        command: String,
        /// The dep, described.
        dep: String,
        /// What failed.
        source: BoxError,
    },
    /// The shell could not be started.
    #[error("cannot run command `{command}` (`{exec}`): {source}")]
    Spawn {
        /// The command.
        command: String,
        /// Its shell line.
        exec: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[source] std::io::Error),
}
