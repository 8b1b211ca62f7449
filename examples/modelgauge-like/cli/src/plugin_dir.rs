//! `--plugin-dir DIR`: the plugins of a folder, added to the linked ones.

use std::path::Path;
use std::time::Duration;

use plugkit::{Registry, install as install_registry};
use plugkit_remote::plugin_dir::{Loaded, PluginDir, load};

use crate::error::CliError;

/// Scans `dir` (refusing it if unsafe), starts its plugin executables, reads its declarative
/// files, and installs the program-wide registry: the linked plugins plus the folder's. A plugin
/// that fails is left out with a warning; the others work. The returned value holds the
/// plugin processes: dropping it shuts them down.
pub(crate) fn install(dir: &Path, timeout: Duration) -> Result<Loaded, CliError> {
    let folder = PluginDir::scan(dir)?;
    // Said, not silent: a plugin script without its execute bit is one of these. (A link to
    // another plugin of the folder is skipped too, but that plugin is loaded.)
    let not_links = folder
        .skipped()
        .iter()
        .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| !m.file_type().is_symlink()));
    for skipped in not_links {
        eprintln!(
            "note: skipping `{}` in the plugin folder: it is neither executable nor a `.toml` \
             file (a plugin executable needs `chmod +x`)",
            skipped.display()
        );
    }
    // The linked plugins alone, to decode the declarative files against their SUT types.
    let linked: &'static Registry = Box::leak(Box::new(
        Registry::builder()
            .discovered()
            .expect_plugins(modelgauge_like_plugins::EXPECTED)
            .build()?,
    ));
    let host = modelgauge_like::remote_host(timeout);
    let loaded = load(&folder, &host, |file| {
        modelgauge_like::declared_suts(file, linked)
    });
    for failure in loaded.failures() {
        eprintln!("warning: {failure}\n  (left out; the other plugins are loaded)");
    }
    let registry = Registry::builder()
        .discovered()
        .expect_plugins(modelgauge_like_plugins::EXPECTED)
        .entries(loaded.entries().iter().copied())
        .build()?;
    // Nothing read the registry yet, so this cannot fail; if it did, the linked one stays.
    let _ = install_registry(registry);
    Ok(loaded)
}
