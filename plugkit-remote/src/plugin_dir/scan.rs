//! Scanning a plugin folder with the safety rules; nothing is run or read yet.

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};

use super::UnsafePath;
use plugkit::__private::debug_emit;

/// A plugin folder that passed the safety rules: its plugin executables and its declarative
/// `*.toml` files, sorted by name. Scanning runs nothing and reads no file's contents.
///
/// The rules (on unix; elsewhere only the file-type and link rules apply, since permissions are
/// not mode bits):
/// - the folder, and every plugin in it, must not be writable by group or others;
/// - every entry must be a regular file, or a link to one inside the folder; links out of the
///   folder are refused;
/// - names starting with `.` are skipped; a regular file that is neither executable nor
///   `*.toml` (a README) is skipped and listed in [`skipped`](PluginDir::skipped);
/// - a link to another plugin of the folder is skipped and listed there too: that plugin is
///   loaded once.
///
/// ```
/// # #[cfg(unix)] {
/// use std::os::unix::fs::PermissionsExt;
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("my_sut.toml"), "[suts.polite]\ntype = \"echo\"\n")?;
/// std::fs::write(dir.path().join("README.md"), "my plugins")?;
/// let folder = plugkit_remote::plugin_dir::PluginDir::scan(dir.path())?;
/// assert_eq!(folder.declarations().len(), 1);
/// assert_eq!(folder.skipped().len(), 1);
///
/// std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777))?;
/// let err = plugkit_remote::plugin_dir::PluginDir::scan(dir.path()).unwrap_err();
/// assert!(err.to_string().contains("users other than its owner can write to it (mode 777)"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct PluginDir {
    path: PathBuf,
    executables: Vec<PathBuf>,
    declarations: Vec<PathBuf>,
    skipped: Vec<PathBuf>,
}

impl PluginDir {
    /// Scans `path`, applying the safety rules; the first entry (by name) that breaks one is
    /// the error, and then nothing in the folder is used. Prints [`WARNING`](super::WARNING)
    /// the first time.
    ///
    /// # Errors
    ///
    /// An [`UnsafePath`] saying which path, why, and the fix.
    ///
    /// ```
    /// let err = plugkit_remote::plugin_dir::PluginDir::scan(std::path::Path::new("/no/such/folder")).unwrap_err();
    /// assert!(err.to_string().starts_with("cannot read the plugin folder `/no/such/folder`"));
    /// ```
    pub fn scan(path: &Path) -> Result<Self, UnsafePath> {
        super::warn_once();
        let unreadable = |source| UnsafePath::Unreadable {
            path: path.to_owned(),
            source,
        };
        let root = fs::canonicalize(path).map_err(unreadable)?;
        let meta = fs::metadata(&root).map_err(unreadable)?;
        if !meta.is_dir() {
            return Err(UnsafePath::NotAFolder {
                path: path.to_owned(),
            });
        }
        check_not_writable_by_others(path, "folder", &meta)?;
        let mut names: Vec<PathBuf> = fs::read_dir(&root)
            .map_err(unreadable)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(unreadable)?;
        names.sort();
        let mut folder = PluginDir {
            path: path.to_owned(),
            executables: Vec::new(),
            declarations: Vec::new(),
            skipped: Vec::new(),
        };
        // (shown path, its target, whether it is a link, whether it is a `.toml` file)
        let mut plugins: Vec<(PathBuf, PathBuf, bool, bool)> = Vec::new();
        for entry in names {
            let hidden = entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden {
                continue;
            }
            let shown = path.join(entry.file_name().unwrap_or_default());
            let (meta, target) = follow(&root, &entry, &shown)?;
            if !meta.is_file() {
                return Err(UnsafePath::NotARegularFile {
                    path: shown,
                    kind: kind_of(&meta),
                });
            }
            let is_toml = entry.extension().is_some_and(|e| e == "toml");
            if is_toml || is_executable(&entry, &meta) {
                check_not_writable_by_others(&shown, "file", &meta)?;
                let is_link = target != entry;
                plugins.push((shown, target, is_link, is_toml));
            } else {
                if plugkit::debug::enabled() {
                    debug_emit(
                        log::Level::Debug,
                        "plugkit_remote::plugin_dir",
                        format_args!(
                            "plugin folder: skipping `{}` (neither executable nor .toml)",
                            shown.display()
                        ),
                    );
                }
                folder.skipped.push(shown);
            }
        }
        // A link to another plugin of the folder would load that plugin twice: the plugin
        // itself is kept, and of several links to one file outside the listing, the first.
        let mut kept: Vec<&Path> = plugins
            .iter()
            .filter(|(_, _, is_link, _)| !is_link)
            .map(|(_, target, _, _)| target.as_path())
            .collect();
        for (shown, target, is_link, is_toml) in &plugins {
            if *is_link && kept.contains(&target.as_path()) {
                if plugkit::debug::enabled() {
                    debug_emit(
                        log::Level::Debug,
                        "plugkit_remote::plugin_dir",
                        format_args!(
                            "plugin folder: skipping `{}`, a link to a plugin already in the folder",
                            shown.display()
                        ),
                    );
                }
                folder.skipped.push(shown.clone());
                continue;
            }
            if *is_link {
                kept.push(target);
            }
            match is_toml {
                true => folder.declarations.push(shown.clone()),
                false => folder.executables.push(shown.clone()),
            }
        }
        folder.skipped.sort();
        Ok(folder)
    }

    /// The folder, as given.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let folder = plugkit_remote::plugin_dir::PluginDir::scan(dir.path())?;
    /// assert_eq!(folder.path(), dir.path());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The plugin executables, sorted by name.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// assert!(plugkit_remote::plugin_dir::PluginDir::scan(dir.path())?.executables().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn executables(&self) -> &[PathBuf] {
        &self.executables
    }

    /// The declarative plugin files (`*.toml`), sorted by name.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("b.toml"), "")?;
    /// std::fs::write(dir.path().join("a.toml"), "")?;
    /// let folder = plugkit_remote::plugin_dir::PluginDir::scan(dir.path())?;
    /// assert_eq!(folder.declarations(), [dir.path().join("a.toml"), dir.path().join("b.toml")]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn declarations(&self) -> &[PathBuf] {
        &self.declarations
    }

    /// Regular files that are neither executable nor `*.toml`, and links to another plugin of
    /// the folder, which are left alone, sorted by name.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("notes.txt"), "")?;
    /// # #[cfg(unix)]
    /// assert_eq!(plugkit_remote::plugin_dir::PluginDir::scan(dir.path())?.skipped(), [dir.path().join("notes.txt")]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn skipped(&self) -> &[PathBuf] {
        &self.skipped
    }
}

/// The metadata of `entry` and the file it is, following a link only if it stays inside
/// `root`.
fn follow(root: &Path, entry: &Path, shown: &Path) -> Result<(Metadata, PathBuf), UnsafePath> {
    let unreadable = |source| UnsafePath::Unreadable {
        path: shown.to_owned(),
        source,
    };
    let own = fs::symlink_metadata(entry).map_err(unreadable)?;
    if !own.file_type().is_symlink() {
        return Ok((own, entry.to_owned()));
    }
    let outside = || UnsafePath::LinkOutside {
        path: shown.to_owned(),
        target: fs::read_link(entry).unwrap_or_default(),
    };
    let target = fs::canonicalize(entry).map_err(|_| UnsafePath::LinkBroken {
        path: shown.to_owned(),
        target: fs::read_link(entry).unwrap_or_default(),
    })?;
    if !target.starts_with(root) {
        return Err(outside());
    }
    let meta = fs::metadata(&target).map_err(unreadable)?;
    Ok((meta, target))
}

fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "named pipe";
        }
        if t.is_socket() {
            return "socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "device";
        }
    }
    "special file"
}

#[cfg(unix)]
fn check_not_writable_by_others(
    path: &Path,
    what: &'static str,
    meta: &Metadata,
) -> Result<(), UnsafePath> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    match mode & 0o022 {
        0 => Ok(()),
        _ => Err(UnsafePath::WritableByOthers {
            path: path.to_owned(),
            what,
            mode,
        }),
    }
}

/// Elsewhere permissions are not mode bits: documented as not checked.
#[cfg(not(unix))]
fn check_not_writable_by_others(_: &Path, _: &'static str, _: &Metadata) -> Result<(), UnsafePath> {
    Ok(())
}

#[cfg(unix)]
fn is_executable(_: &Path, meta: &Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(path: &Path, _: &Metadata) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("exe"))
}
