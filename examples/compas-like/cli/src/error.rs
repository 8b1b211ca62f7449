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

#[cfg(test)]
mod tests {
    use std::process::ExitCode;

    use plugkit::{Entry, Registry};

    use super::CliError;

    /// A registry with the same plugin registered twice: a problem, as a strict build reports it.
    fn broken_registry() -> plugkit::BuildError {
        static F: fn() = || {};
        const URL: &str = "plugkit://test/f";
        let point =
            plugkit::__private::first_match_point::<fn()>(URL, true, "fn()", plugkit::origin!("f"));
        let entry = Entry::new(URL, "p::f", plugkit::origin!("f"), &F);
        match Registry::builder()
            .point(point)
            .entry(entry)
            .entry(entry)
            .build()
        {
            Ok(_) => unreachable!("a duplicate id is a problem"),
            Err(e) => e,
        }
    }

    #[test]
    fn each_failure_has_its_exit_code() {
        let unknown = match Registry::builder()
            .build()
            .map(|r| r.point("plugkit://nowhere/f").map(|_| ()))
        {
            Ok(Err(e)) => e,
            _ => unreachable!("an empty registry has no points"),
        };
        let codes = [
            (CliError::Registry(broken_registry()), 101),
            (CliError::UnknownPoint(unknown), 2),
            (
                CliError::PluginsFailed {
                    url: "plugkit://test/f",
                    failed: 1,
                    ran: 2,
                },
                1,
            ),
            (CliError::Output(std::io::Error::other("disk full")), 1),
        ];
        for (error, code) in codes {
            assert_eq!(error.exit_code(), ExitCode::from(code), "{error}");
        }
    }
}
