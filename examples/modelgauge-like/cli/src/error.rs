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
    /// The plugin folder is refused (writable by others, a link out of it...).
    #[error(transparent)]
    PluginDir(#[from] plugkit_remote::plugin_dir::UnsafePath),
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
    /// The plugin process serving the Test failed during a run.
    #[error("Test `{test}` failed: {source}")]
    TestPlugin {
        /// The Test's uid.
        test: String,
        /// How its plugin process failed.
        source: Box<plugkit_remote::RemoteError>,
    },
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
    /// The runtime that awaits a run's SUT calls could not start.
    #[error("cannot start the async runtime of `run-test`: {0}")]
    Runtime(io::Error),
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

#[cfg(test)]
mod tests {
    use std::process::ExitCode;

    use modelgauge_like::Suts;
    use plugkit::BoxError;
    use plugkit::instances::{Factory, Injector, InstanceError, Namespace, Secrets};
    use plugkit::{Entry, Origin, Registry};

    use super::CliError;

    fn made(_: &Injector<'_>) -> Result<Box<dyn modelgauge_like::Sut>, BoxError> {
        Err("never called".into())
    }

    static FACTORY: Factory<dyn modelgauge_like::Sut> = Factory::new("Twin", &made);

    /// A registry in which two crates register the same uid: a strict build fails.
    fn duplicate_uid() -> plugkit::BuildError {
        let entry = |krate| {
            Entry::new(
                Suts::URL,
                "twin",
                Origin::new(krate, "1.0.0", "m", "twin"),
                &FACTORY,
            )
        };
        match Registry::builder()
            .point(Suts::POINT)
            .entry(entry("modelgauge-like-a"))
            .entry(entry("modelgauge-like-b"))
            .build()
        {
            Ok(_) => unreachable!("a duplicate uid is a problem"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_broken_registry_exits_101_and_names_both_crates() {
        let err = CliError::from(duplicate_uid());
        assert_eq!(err.exit_code(), ExitCode::from(101));
        assert!(
            err.to_string().contains(
                "uid `twin` is registered twice on `plugkit://modelgauge-like/suts`: by \
                 modelgauge-like-a 1.0.0 (m::twin) and by modelgauge-like-b 1.0.0 (m::twin)"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_uid_exits_2_and_other_failures_1() {
        let unknown = Suts::instances()
            .make_instance("no_such_sut", &Secrets::default())
            .err()
            .unwrap();
        assert!(matches!(unknown, InstanceError::UnknownUid(_)));
        assert_eq!(CliError::from(unknown).exit_code(), ExitCode::from(2));
        let io = CliError::Output(std::io::Error::other("disk full"));
        assert_eq!(io.exit_code(), ExitCode::from(1));
    }
}
