//! What a build script hands back to cargo and rustc: a generated file in `OUT_DIR`, and the
//! `cargo::rerun-if-changed` lines that keep it from running again for nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::env::BuildEnv;

/// Runs `plan` for this build and writes its text to `$OUT_DIR/<file>`; an error becomes a
/// `compile_error!` in that file. Only when cargo's own variables are missing (not a build
/// script) does it print the error and exit with status 1, which fails the build script.
pub(crate) fn run(
    file: &str,
    plan: impl FnOnce(&BuildEnv) -> Result<(String, BTreeSet<PathBuf>), Error>,
) {
    let env = match BuildEnv::from_env() {
        Ok(env) => env,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    };
    let text = match plan(&env) {
        Ok((text, rerun)) => {
            rerun_if_changed(&rerun);
            text
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
