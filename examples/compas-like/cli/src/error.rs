//! Everything that can fail, and the exit code of each.

use std::io;
use std::process::ExitCode;

use thiserror::Error;

/// A failure of the command; `main` prints it after `error: `.
#[derive(Debug, Error)]
pub(crate) enum CliError {
    /// The plugin registry has problems (duplicate ids, cycles...).
    #[error(transparent)]
    Registry(#[from] plugkit::BuildError),
    /// An input file could not be loaded.
    #[error(transparent)]
    Load(#[from] compas_like::LoadError),
    /// The geometric operation failed.
    #[error(transparent)]
    Geometry(#[from] compas_like::GeometryError),
    /// Some plugins of a `collect_all` point failed; the others' results were printed.
    #[error(
        "{failed} of the {ran} plugins of `{url}` failed; the results above come from the others"
    )]
    PluginsFailed {
        /// The point.
        url: &'static str,
        /// How many failed.
        failed: usize,
        /// How many ran.
        ran: usize,
    },
    /// No extension point has the URL given.
    #[error(transparent)]
    UnknownPoint(#[from] plugkit::UnknownPoint),
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[from] io::Error),
}

impl CliError {
    /// 1 for a failed operation, 2 for a usage error, 101 for a broken program.
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Registry(_) => 101,
            CliError::UnknownPoint(_) => 2,
            CliError::Load(_)
            | CliError::Geometry(_)
            | CliError::PluginsFailed { .. }
            | CliError::Output(_) => 1,
        })
    }
}
