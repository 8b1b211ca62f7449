//! Loading a scanned plugin folder: start its executables, read its declarations.

use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::PluginDir;
use crate::Entry;
use crate::instances::BoxError;
use crate::remote::{RemoteError, RemoteHost, RemotePlugin};

/// A plugin of the folder that could not be used; the others were.
///
/// ```
/// use plugkit::plugin_dir::LoadFailure;
/// let failure = LoadFailure::Declaration { file: "plugins/bad.toml".into(), source: "bad.toml:1:1: oops".into() };
/// assert_eq!(failure.to_string(), "bad.toml:1:1: oops");
/// ```
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum LoadFailure {
    /// A plugin executable failed to start or to pass its handshake.
    #[error(transparent)]
    Plugin(#[from] RemoteError),
    /// A declarative file could not be decoded (its error names the file, line and column).
    #[error("{source}")]
    Declaration {
        /// The file.
        file: PathBuf,
        /// Why.
        source: BoxError,
    },
}

/// What a plugin folder provided: registry entries from its plugin processes and declarative
/// files, the running plugins (shut down and reaped when this is dropped), and the plugins that
/// failed, each with its error.
///
/// ```no_run
/// use plugkit::plugin_dir::{PluginDir, load};
/// use plugkit::remote::RemoteHost;
///
/// let folder = PluginDir::scan(std::path::Path::new("plugins"))?;
/// let loaded = load(&folder, &RemoteHost::new("my-host", "1.2.0"), |_file| Ok(Vec::new()));
/// for failure in loaded.failures() {
///     eprintln!("warning: {failure}");
/// }
/// let registry = plugkit::Registry::builder().discovered().entries(loaded.entries().iter().copied()).build()?;
/// # let _ = registry;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "dropping it shuts the plugin processes down"]
pub struct Loaded {
    entries: Vec<Entry>,
    plugins: Vec<RemotePlugin>,
    failures: Vec<LoadFailure>,
}

impl Loaded {
    /// Every entry the folder provided, to add to the registry.
    ///
    /// ```no_run
    /// # fn f(loaded: plugkit::plugin_dir::Loaded) {
    /// println!("{} uids", loaded.entries().len());
    /// # }
    /// ```
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The plugin processes that passed their handshake.
    ///
    /// ```no_run
    /// # fn f(loaded: plugkit::plugin_dir::Loaded) {
    /// for p in loaded.plugins() { println!("{} {}", p.crate_name(), p.crate_version()); }
    /// # }
    /// ```
    pub fn plugins(&self) -> &[RemotePlugin] {
        &self.plugins
    }

    /// The plugins that could not be used, in folder order.
    ///
    /// ```no_run
    /// # fn f(loaded: plugkit::plugin_dir::Loaded) {
    /// assert!(loaded.failures().is_empty());
    /// # }
    /// ```
    pub fn failures(&self) -> &[LoadFailure] {
        &self.failures
    }

    /// Shuts every plugin process down and reaps it (dropping does the same).
    ///
    /// ```no_run
    /// # fn f(loaded: plugkit::plugin_dir::Loaded) {
    /// loaded.shutdown();
    /// # }
    /// ```
    pub fn shutdown(&self) {
        self.plugins.iter().for_each(RemotePlugin::shutdown);
    }
}

impl fmt::Debug for Loaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loaded")
            .field("entries", &self.entries.len())
            .field("plugins", &self.plugins)
            .field("failures", &self.failures)
            .finish()
    }
}

/// Loads a scanned folder: starts each executable with `host` (a failure leaves that plugin
/// out), and passes each declarative file to `declarations`, which decodes it with
/// [`plugkit::config`](crate::config) and makes its entries with [`declare`](super::declare)
/// (a failure leaves that file out).
///
/// ```
/// use plugkit::plugin_dir::{PluginDir, load};
/// use plugkit::remote::RemoteHost;
///
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("empty.toml"), "")?;
/// let folder = PluginDir::scan(dir.path())?;
/// let mut read = Vec::new();
/// let loaded = load(&folder, &RemoteHost::new("my-host", "1.2.0"), |file| {
///     read.push(file.to_owned());
///     Ok(Vec::new())
/// });
/// assert_eq!(read, [dir.path().join("empty.toml")]);
/// assert!(loaded.entries().is_empty() && loaded.failures().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load(
    folder: &PluginDir,
    host: &RemoteHost,
    mut declarations: impl FnMut(&Path) -> Result<Vec<Entry>, BoxError>,
) -> Loaded {
    let mut loaded = Loaded {
        entries: Vec::new(),
        plugins: Vec::new(),
        failures: Vec::new(),
    };
    for path in folder.executables() {
        match host.load(path) {
            Ok(plugin) => {
                loaded.entries.extend_from_slice(plugin.entries());
                loaded.plugins.push(plugin);
            }
            Err(e) => loaded.failures.push(e.into()),
        }
    }
    for file in folder.declarations() {
        match declarations(file) {
            Ok(entries) => loaded.entries.extend(entries),
            Err(source) => loaded.failures.push(LoadFailure::Declaration {
                file: file.clone(),
                source,
            }),
        }
    }
    loaded
}
