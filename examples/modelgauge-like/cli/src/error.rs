//! Everything that can fail, and the exit code of each.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use plugkit::instances::{InstanceError, MissingSecrets, SecretsError};
use thiserror::Error;

/// A failure of the command; `main` prints it after `error: `.
#[derive(Debug, Error)]
pub(crate) enum CliError {
    /// The plugin registry has problems (a duplicate uid...).
    #[error(transparent)]
    Registry(#[from] plugkit::BuildError),
    /// `config/secrets.toml` is unreadable or malformed.
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    /// Secrets needed for the run are not set; nothing was built.
    #[error(transparent)]
    MissingSecrets(#[from] MissingSecrets),
    /// A uid is unknown, or its constructor failed.
    #[error(transparent)]
    Instance(#[from] InstanceError),
    /// The SUT failed during a run.
    #[error(transparent)]
    Run(#[from] modelgauge_like::RunError),
    /// A SUT failed on `run-sut`'s prompt.
    #[error("SUT `{sut}` failed: {source}")]
    Sut {
        /// The SUT's uid.
        sut: String,
        /// Its error.
        source: modelgauge_like::SutError,
    },
    /// The record could not be written.
    #[error("cannot write the record to `{}`: {source}", path.display())]
    WriteRecord {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Output(#[from] io::Error),
}

impl CliError {
    /// 2 for a usage error (an unknown uid), 101 for a broken program, 1 otherwise.
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Registry(_) => 101,
            CliError::Instance(InstanceError::UnknownUid(_)) => 2,
            _ => 1,
        })
    }
}
