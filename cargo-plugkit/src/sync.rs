//! `cargo plugkit sync`: discover each host's plugins and bring its registration crate up to
//! date, or (`--check`, `--locked`) say what would change without writing.

use serde_json::json;

use crate::paths::slashes;
use crate::update::{self, SyncArgs, SyncReport};
use crate::workspace::Workspace;
use crate::write::Created;
use crate::{Error, Options, Shell, bootstrap};

/// Runs `cargo plugkit sync` on the workspace that `options` point to.
///
/// Writes only files whose bytes change, atomically. With `--check` or `--locked` (or
/// `--frozen`) it writes nothing and fails with [`Error::Drift`] if anything would change.
///
/// ```no_run
/// use cargo_plugkit::{MessageFormat, Options, Shell, SyncArgs};
///
/// let options = Options { manifest_path: Some("examples/compas-like/Cargo.toml".into()), ..Options::default() };
/// let check = SyncArgs { check: true, ..SyncArgs::default() };
/// let mut shell = Shell::new(false, false, false, MessageFormat::Human);
/// match cargo_plugkit::sync(&options, &check, &mut shell) {
///     Ok(report) => assert!(report.changed.is_empty()),
///     Err(err) => std::process::exit(err.exit_code()),
/// }
/// ```
pub fn sync(options: &Options, args: &SyncArgs, shell: &mut Shell) -> Result<SyncReport, Error> {
    sync_all(options, args, shell).map_err(Error::with_line)
}

fn sync_all(options: &Options, args: &SyncArgs, shell: &mut Shell) -> Result<SyncReport, Error> {
    let writing = !args.check && !options.is_locked();
    // Decided from the root manifest before cargo runs: a member may depend on a registration
    // crate that does not exist yet, and then cargo cannot describe the workspace.
    let missing = bootstrap::missing(options)?;
    let created = if writing {
        bootstrap::create(&missing)?
    } else {
        Created::default()
    };
    let result = Workspace::load(options, shell)
        .and_then(|workspace| update::run(&workspace, options, args, &created, shell));
    match result {
        Ok(report) => Ok(report),
        Err(Error::CargoFailed { .. }) if !writing && !missing.is_empty() => {
            // Cargo could not load the workspace without them: they are the drift.
            let root = missing_root(&missing);
            let files: Vec<String> = missing
                .iter()
                .flat_map(|m| &m.files)
                .map(|f| match f.strip_prefix(&root) {
                    Ok(rel) => slashes(rel),
                    Err(_) => f.display().to_string(),
                })
                .collect();
            for file in &files {
                shell.status("Outdated", format!("{file} (to be created)"));
                shell.json(
                    &json!({"reason": "file", "path": file, "action": "outdated", "diff": null}),
                );
            }
            shell.json(&json!({"reason": "sync-finished", "success": false, "changed": files}));
            Err(update::drift(files, args.check))
        }
        Err(err) => {
            created.undo();
            // A registration crate that could not be created before cargo ran explains why
            // cargo could not load the workspace better than cargo's message does.
            match err {
                Error::CargoFailed { .. } => Err(missing
                    .into_iter()
                    .find_map(bootstrap::Missing::not_created)
                    .unwrap_or(err)),
                other => Err(other),
            }
        }
    }
}

/// The workspace root of the missing registration crates' paths, for messages.
fn missing_root(missing: &[bootstrap::Missing]) -> std::path::PathBuf {
    missing.first().map(|m| m.root.clone()).unwrap_or_default()
}
