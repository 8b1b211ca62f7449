//! What a build script hands back to cargo and rustc: a generated file in `OUT_DIR`, and the
//! `cargo::rerun-if-changed` lines that keep it from running again for nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::env::BuildEnv;

/// What a build script hands back: the generated file's text, the files whose change must
/// rerun it, and warnings for cargo to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Generated {
    pub(crate) text: String,
    pub(crate) rerun_if_changed: BTreeSet<PathBuf>,
    pub(crate) warnings: Vec<String>,
}

/// Runs `plan` for this build and writes its text to `$OUT_DIR/<file>`; an error becomes a
/// `compile_error!` in that file. With `env_var`, the file's path is also given to rustc as
/// that environment variable (`cargo::rustc-env`), so that code including it compiles only
/// while the build script still writes it. Only when cargo's own variables are missing (not a
/// build script) does it print the error and exit with status 1, which fails the build script.
#[allow(clippy::print_stdout)] // stdout is how a build script talks to cargo
pub(crate) fn run(
    file: &str,
    env_var: Option<&str>,
    plan: impl FnOnce(&BuildEnv) -> Result<Generated, Error>,
) {
    let env = match BuildEnv::from_env() {
        Ok(env) => env,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    };
    let text = match plan(&env) {
        Ok(generated) => {
            rerun_if_changed(&generated.rerun_if_changed);
            for warning in &generated.warnings {
                println!("cargo::warning={}", warning.replace('\n', " "));
            }
            generated.text
        }
        Err(err) => {
            // Rerun on any change of the package, so that a fixed manifest is read again.
            rerun_if_changed(&BTreeSet::from([env.manifest_dir.clone()]));
            compile_error(&err)
        }
    };
    let path = env.out_dir.join(file);
    if let Err(err) = write(&path, &text) {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
    if let Some(var) = env_var {
        println!("cargo::rustc-env={var}={}", path.display());
    }
}

/// Tells cargo to rerun the build script when one of `paths` changes, and only then.
#[allow(clippy::print_stdout)] // stdout is how a build script talks to cargo
pub(crate) fn rerun_if_changed(paths: &BTreeSet<PathBuf>) {
    for path in paths {
        println!("cargo::rerun-if-changed={}", path.display());
    }
}

/// A file whose only content is a `compile_error!` with the error's message.
pub(crate) fn compile_error(err: &Error) -> String {
    format!(
        "::core::compile_error!({:?})\n",
        format!("plugkit-build: {err}")
    )
}

/// Writes `text` to `path` unless it already holds exactly that, so that an unchanged file
/// does not make rustc recompile the crate.
pub(crate) fn write(path: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| Error::write(path, e))
}
