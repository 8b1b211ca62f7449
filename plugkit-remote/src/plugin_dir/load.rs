//! Loading a scanned plugin folder: start its executables, read its declarations.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::PluginDir;
use crate::{RemoteError, RemoteHost, RemotePlugin, is_valid_uid};
use plugkit::BoxError;
use plugkit::{Entry, Origin, Registry};

/// A plugin of the folder that could not be used; the others were.
///
/// ```
/// use plugkit_remote::plugin_dir::LoadFailure;
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
    /// A declarative file that is not UTF-8 text.
    #[error(
        "`{}` is not UTF-8 text: line {line} has a byte that is not UTF-8\n  \
         fix: save the file as UTF-8",
        file.display()
    )]
    NotUtf8 {
        /// The file.
        file: PathBuf,
        /// The line (from 1) of the first byte that is not UTF-8.
        line: usize,
    },
    /// A declarative file declares a uid that users could not type.
    #[error(
        "`{}` declares the uid {uid:?} in namespace `{namespace}`: a uid is a non-empty name \
         without spaces or control characters (users type it on command lines)\n  \
         fix: rename it in the file",
        file.display()
    )]
    BadUid {
        /// The file.
        file: PathBuf,
        /// The namespace.
        namespace: String,
        /// The uid.
        uid: String,
    },
    /// A plugin of the folder registers a uid that a linked plugin, or an earlier plugin of the
    /// folder, already registers: the later one is left out whole.
    #[error(
        "plugin `{}` registers uid `{uid}` in namespace `{namespace}` ({ours}), which {theirs} \
         already registers\n  \
         fix: remove one of the two from the program or the folder, or rename the uid in one \
         of them",
        plugin.display()
    )]
    Clash {
        /// The plugin left out: an executable or a declarative file.
        plugin: PathBuf,
        /// The namespace.
        namespace: String,
        /// The uid both register.
        uid: String,
        /// Where the plugin left out registers it (its origin).
        ours: String,
        /// Who registers it already: `the linked crate ...` or `plugin `...``.
        theirs: String,
    },
}

/// What a plugin folder provided: registry entries from its plugin processes and declarative
/// files, the running plugins (shut down and reaped when this is dropped), and the plugins that
/// failed, each with its error.
///
/// ```no_run
/// use plugkit_remote::plugin_dir::{PluginDir, load};
/// use plugkit_remote::RemoteHost;
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
    /// # fn f(loaded: plugkit_remote::plugin_dir::Loaded) {
    /// println!("{} uids", loaded.entries().len());
    /// # }
    /// ```
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The plugin processes that passed their handshake.
    ///
    /// ```no_run
    /// # fn f(loaded: plugkit_remote::plugin_dir::Loaded) {
    /// for p in loaded.plugins() { println!("{} {}", p.crate_name(), p.crate_version()); }
    /// # }
    /// ```
    pub fn plugins(&self) -> &[RemotePlugin] {
        &self.plugins
    }

    /// The plugins that could not be used, in folder order.
    ///
    /// ```no_run
    /// # fn f(loaded: plugkit_remote::plugin_dir::Loaded) {
    /// assert!(loaded.failures().is_empty());
    /// # }
    /// ```
    pub fn failures(&self) -> &[LoadFailure] {
        &self.failures
    }

    /// Shuts every plugin process down and reaps it (dropping does the same).
    ///
    /// ```no_run
    /// # fn f(loaded: plugkit_remote::plugin_dir::Loaded) {
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
/// [`plugkit::config`](plugkit::config) and makes its entries with [`declare`](super::declare)
/// (a failure leaves that file out). A file that is not UTF-8 is left out before it is
/// decoded, and one that declares a uid users could not type after.
///
/// A plugin (executable or file) that registers a uid which a linked plugin, or a plugin
/// loaded before it from the folder, already registers in the same namespace is left out
/// whole, with a [`LoadFailure::Clash`] naming both; the rest loads.
///
/// ```
/// use plugkit_remote::plugin_dir::{PluginDir, load};
/// use plugkit_remote::RemoteHost;
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
    let mut uids = Uids::new();
    for path in folder.executables() {
        match host.load(path) {
            Ok(plugin) => match uids.claim(path, plugin.entries()) {
                Ok(()) => {
                    loaded.entries.extend_from_slice(plugin.entries());
                    loaded.plugins.push(plugin);
                }
                Err(clash) => {
                    plugin.shutdown();
                    loaded.failures.push(clash);
                }
            },
            Err(e) => loaded.failures.push(e.into()),
        }
    }
    for file in folder.declarations() {
        if let Err(failure) = utf8(file) {
            loaded.failures.push(failure);
            continue;
        }
        let entries = match declarations(file) {
            Ok(entries) => entries,
            Err(source) => {
                loaded.failures.push(LoadFailure::Declaration {
                    file: file.clone(),
                    source,
                });
                continue;
            }
        };
        if let Some(bad) = entries.iter().find(|e| !is_valid_uid(e.id())) {
            loaded.failures.push(LoadFailure::BadUid {
                file: file.clone(),
                namespace: namespace_name(bad.point()).to_owned(),
                uid: bad.id().to_owned(),
            });
            continue;
        }
        match uids.claim(file, &entries) {
            Ok(()) => loaded.entries.extend(entries),
            Err(clash) => loaded.failures.push(clash),
        }
    }
    loaded
}

/// A declarative file that cannot be read is left to `declarations`, which says so.
fn utf8(file: &Path) -> Result<(), LoadFailure> {
    match std::fs::read(file) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(_) => Ok(()),
            Err(e) => Err(LoadFailure::NotUtf8 {
                file: file.to_owned(),
                line: bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1,
            }),
        },
        Err(_) => Ok(()),
    }
}

/// The last part of a namespace's point URL: its name.
fn namespace_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

/// Who registers each uid: the linked plugins, then the folder's plugins as they are loaded.
struct Uids {
    linked: Registry,
    folder: HashMap<(&'static str, &'static str), (PathBuf, Origin)>,
}

impl Uids {
    fn new() -> Self {
        Uids {
            linked: Registry::builder().discovered().build_partial(),
            folder: HashMap::new(),
        }
    }

    /// Claims the uids of `entries` for `plugin`, all or none.
    fn claim(&mut self, plugin: &Path, entries: &[Entry]) -> Result<(), LoadFailure> {
        let mut claimed: HashMap<(&'static str, &'static str), &Origin> = HashMap::new();
        for entry in entries {
            let key = (entry.point(), entry.id());
            let clash = |theirs: String| LoadFailure::Clash {
                plugin: plugin.to_owned(),
                namespace: namespace_name(entry.point()).to_owned(),
                uid: entry.id().to_owned(),
                ours: entry.origin().to_string(),
                theirs,
            };
            let linked = self
                .linked
                .point(entry.point())
                .ok()
                .and_then(|p| p.entries().iter().find(|e| e.id() == entry.id()));
            if let Some(other) = linked {
                return Err(clash(format!("the linked crate {}", other.origin())));
            }
            if let Some((path, origin)) = self.folder.get(&key) {
                return Err(clash(format!("plugin `{}` ({origin})", path.display())));
            }
            if let Some(origin) = claimed.insert(key, entry.origin()) {
                return Err(clash(format!("the same plugin ({origin})")));
            }
        }
        for entry in entries {
            self.folder.insert(
                (entry.point(), entry.id()),
                (plugin.to_owned(), *entry.origin()),
            );
        }
        Ok(())
    }
}
