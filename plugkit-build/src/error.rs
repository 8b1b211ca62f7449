//! What can go wrong while a build script reads the package, its workspace and Cargo.lock.

use std::path::PathBuf;

/// An error of plugkit-build: every one names the file and says how to fix it.
///
/// A build script normally never sees one: [`link_plugins`](crate::link_plugins) and
/// [`guard_registration`](crate::guard_registration) turn errors into a `compile_error!` in the
/// generated file, so the message appears where the file is included.
///
/// ```
/// let err = plugkit_build::Error::MissingEnv { name: "OUT_DIR" };
/// assert_eq!(
///     err.to_string(),
///     "the environment variable `OUT_DIR` is not set\n  fix: call plugkit-build from a build script (`build.rs`), where cargo sets it"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A variable that cargo sets for build scripts is missing.
    #[error(
        "the environment variable `{name}` is not set\n  fix: call plugkit-build from a build \
         script (`build.rs`), where cargo sets it"
    )]
    MissingEnv {
        /// The variable.
        name: &'static str,
    },
    /// A file could not be read or written.
    #[error("cannot {action} {}: {source}\n  fix: check the path and its permissions", path.display())]
    Io {
        /// `read` or `write`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A manifest or Cargo.lock is not valid TOML, or not of the shape cargo writes.
    #[error("{}: {message}\n  fix: {fix}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line where TOML says it.
        message: String,
        /// How to fix it.
        fix: String,
    },
    /// No Cargo.lock above the package.
    #[error(
        "no Cargo.lock found in {} or any directory above it\n  fix: run `cargo generate-lockfile` \
         (cargo writes one before any build script runs, so this build is unusual)",
        dir.display()
    )]
    NoLockfile {
        /// The package's directory.
        dir: PathBuf,
    },
}

impl Error {
    pub(crate) fn read(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action: "read",
            path: path.into(),
            source,
        }
    }

    pub(crate) fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action: "write",
            path: path.into(),
            source,
        }
    }
}
