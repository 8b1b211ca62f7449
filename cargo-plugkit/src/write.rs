//! The files a command would change, compared byte for byte with what is on disk, and written
//! all or nothing: every file is staged (a temporary file in its directory, flushed to disk)
//! before the first is renamed into place, so that a failure while staging changes no file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::eol::Style;

/// One file a command would write, with what is there now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) path: PathBuf,
    /// The current content; `None` when the file does not exist.
    pub(crate) old: Option<String>,
    pub(crate) new: String,
}

impl Change {
    /// A change if `new` differs from what `path` holds, else `None`. `new` (written with
    /// `\n`) takes the line endings and final newline of the file it replaces, or `style` for
    /// a new file.
    pub(crate) fn compare(
        path: PathBuf,
        new: String,
        style: Style,
    ) -> Result<Option<Change>, Error> {
        let old = read_if_exists(&path)?;
        let new = old.as_deref().map_or(style, Style::of).apply(new);
        Ok((old.as_deref() != Some(new.as_str())).then_some(Change { path, old, new }))
    }
}

/// Writes every change, all or nothing: each new content is staged in a temporary file in its
/// directory (directories created as needed) and flushed to disk; only when all are staged are
/// they renamed into place, each keeping its file's permissions. If staging fails, the
/// temporary files and the directories made for them are removed and no file has changed. A
/// rename that fails (rare: the directory changed under us) puts back the files already
/// renamed.
pub(crate) fn apply_all(changes: &[Change]) -> Result<(), Error> {
    let mut dirs = NewDirs::default();
    let mut staged = Vec::with_capacity(changes.len());
    for change in changes {
        match stage(&change.path, change.new.as_bytes(), &mut dirs) {
            Ok(temp) => staged.push(temp),
            Err(e) => {
                drop(staged);
                dirs.remove();
                return Err(e);
            }
        }
    }
    for (i, (temp, change)) in staged.into_iter().zip(changes).enumerate() {
        if let Err(e) = temp.persist(&change.path) {
            for done in &changes[..i] {
                let _ = match &done.old {
                    Some(old) => write_atomic(&done.path, old.as_bytes()),
                    None => {
                        std::fs::remove_file(&done.path).map_err(|e| Error::write(&done.path, e))
                    }
                };
            }
            return Err(Error::write(&change.path, e.error));
        }
    }
    Ok(())
}

/// The directories created while staging, outermost first, to remove if staging fails.
#[derive(Default)]
struct NewDirs(Vec<PathBuf>);

impl NewDirs {
    fn create(&mut self, dir: &Path) -> std::io::Result<()> {
        let mut missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_owned)
            .collect();
        missing.reverse();
        std::fs::create_dir_all(dir)?;
        self.0.extend(missing);
        Ok(())
    }

    fn remove(self) {
        for dir in self.0.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// `bytes` in a temporary file beside `path`, flushed to disk, with the permissions `path` has
/// (or a new file's usual ones).
fn stage(path: &Path, bytes: &[u8], dirs: &mut NewDirs) -> Result<tempfile::NamedTempFile, Error> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    dirs.create(dir).map_err(|e| Error::write(path, e))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".cargo-plugkit-")
        .tempfile_in(dir)
        .map_err(|e| Error::write(path, e))?;
    temp.write_all(bytes).map_err(|e| Error::write(path, e))?;
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(temp.as_file()).map_err(|e| Error::write(path, e))?,
    };
    temp.as_file()
        .set_permissions(permissions)
        .map_err(|e| Error::write(path, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| Error::write(path, e))?;
    Ok(temp)
}

/// Files created where none existed, with the directories made for them, so that a failed
/// command can remove them again.
#[derive(Debug, Default)]
#[must_use = "a failed command must undo what it created"]
pub(crate) struct Created {
    files: Vec<PathBuf>,
    /// Outermost first.
    dirs: Vec<PathBuf>,
}

impl Created {
    /// Writes each file, none of which exists; on an error, removes what it wrote.
    pub(crate) fn write(files: &[(PathBuf, String)]) -> Result<Created, Error> {
        let mut created = Created::default();
        for (path, _) in files {
            if let Some(dir) = path.parent() {
                let mut new_dirs: Vec<PathBuf> = dir
                    .ancestors()
                    .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
                    .filter(|d| !created.dirs.iter().any(|c| c == d))
                    .map(Path::to_owned)
                    .collect();
                new_dirs.reverse();
                created.dirs.extend(new_dirs);
            }
        }
        let changes: Vec<Change> = files
            .iter()
            .map(|(path, text)| Change {
                path: path.clone(),
                old: None,
                new: text.clone(),
            })
            .collect();
        apply_all(&changes)?;
        created.files = files.iter().map(|(p, _)| p.clone()).collect();
        Ok(created)
    }

    /// Whether `path` is one of the files created.
    pub(crate) fn contains(&self, path: &Path) -> bool {
        self.files.iter().any(|f| f == path)
    }

    /// Removes the files and directories created (a directory only while it is empty).
    pub(crate) fn undo(self) {
        for file in &self.files {
            let _ = std::fs::remove_file(file);
        }
        for dir in self.dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// The file's text, or `None` if it does not exist.
pub(crate) fn read_if_exists(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        // A file where a directory of the path should be: the file does not exist either.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(Error::read(path, e)),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so
/// that a reader sees the old file or the new one, never half of one.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let temp = stage(path, bytes, &mut NewDirs::default())?;
    temp.persist(path)
        .map_err(|e| Error::write(path, e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    // What a new file gets under the usual umask 022; tempfile's own 0600 would hide it.
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    #[test]
    fn compares_bytes_and_writes_only_differences() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/file.txt");
        let change = Change::compare(path.clone(), "a\n".into(), Style::LF)
            .unwrap()
            .unwrap();
        assert_eq!(change.old, None);
        apply_all(&[change]).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\n");
        assert_eq!(
            Change::compare(path.clone(), "a\n".into(), Style::LF).unwrap(),
            None
        );
        let entries: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(entries.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_gives_new_files_the_usual_ones() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        write_atomic(&path, b"1").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        write_atomic(&path, b"2").unwrap();
        assert_eq!(mode(&path), 0o755);
    }

    #[test]
    fn a_directory_in_the_way_is_a_write_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file"), "x").unwrap();
        let path = dir.path().join("file/inner.txt");
        let err = write_atomic(&path, b"1").unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("could not write {}: ", path.display())),
            "{err}"
        );
    }

    #[test]
    fn a_failure_while_staging_changes_no_file() {
        // The second file's directory cannot be made: a regular file stands where it should
        // be. (Tests run as root here, which ignores a read-only directory's permissions, so
        // that would not make staging fail.)
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first.txt");
        std::fs::write(&first, "old\n").unwrap();
        std::fs::write(dir.path().join("blocker"), "a file, not a directory").unwrap();
        let changes = [
            Change::compare(first.clone(), "new\n".into(), Style::LF)
                .unwrap()
                .unwrap(),
            Change::compare(
                dir.path().join("new/dirs/second.txt"),
                "2\n".into(),
                Style::LF,
            )
            .unwrap()
            .unwrap(),
            Change::compare(
                dir.path().join("blocker/third.txt"),
                "3\n".into(),
                Style::LF,
            )
            .unwrap()
            .unwrap(),
        ];
        let err = apply_all(&changes).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                "could not write {}: ",
                dir.path().join("blocker/third.txt").display()
            )),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old\n");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["blocker", "first.txt"],
            "no temporary file or new directory is left"
        );
    }
}
