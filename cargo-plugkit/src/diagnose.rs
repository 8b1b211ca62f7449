//! Why cargo could not describe the workspace, when the cause is one plugkit knows, read from
//! the files (not from cargo's message): a registration crate that names a plugin crate which
//! was removed or moved, or a registration crate that a member needs and that does not exist.

use std::path::Path;

use crate::{Options, config, paths};

/// The fix for a failed `cargo metadata` when a registration crate explains it, else `None`.
pub(crate) fn cargo_failure(options: &Options) -> Option<String> {
    let root = config::find_root(options).ok()??;
    let manifest_path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest_path).ok()?;
    let doc = config::parse_manifest(&manifest_path, &text).ok()?;
    let hosts = config::hosts(&manifest_path, &doc).ok()?;
    for host in &hosts {
        let dir = paths::resolve(&root, &host.registration_path);
        let manifest = dir.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            return Some(format!(
                "the registration crate `{}` does not exist yet, and a member may depend on it: \
                 run `cargo plugkit sync`, which creates it in `{}`",
                host.registration, host.registration_path
            ));
        };
        if let Some((name, path)) = gone(&dir, &text) {
            return Some(format!(
                "the registration crate `{}` names `{name}` at `{path}`, which has no \
                 Cargo.toml (a plugin crate removed or moved): delete its line between the \
                 `# BEGIN cargo-plugkit` and `# END cargo-plugkit` markers of {}/Cargo.toml \
                 (keep the markers) and run `cargo plugkit sync` again",
                host.registration, host.registration_path
            ));
        }
    }
    None
}

/// The first `[dependencies]` entry of a registration crate whose `path` holds no manifest.
fn gone(dir: &Path, text: &str) -> Option<(String, String)> {
    let doc = text.parse::<toml_edit::DocumentMut>().ok()?;
    let dependencies = doc.get("dependencies")?.as_table_like()?;
    dependencies.iter().find_map(|(name, item)| {
        let path = item.get("path")?.as_str()?;
        (!dir.join(path).join("Cargo.toml").is_file()).then(|| (name.to_owned(), path.to_owned()))
    })
}
