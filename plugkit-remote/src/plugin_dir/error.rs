//! Why a plugin folder, or a file in it, is refused.

use std::path::PathBuf;

use thiserror::Error;

/// A plugin folder, or a file in it, that plugkit refuses to run or read: each says why and the
/// fix. Nothing in the folder runs when one is found.
///
/// ```
/// use plugkit_remote::plugin_dir::UnsafePath;
/// let err = UnsafePath::WritableByOthers { path: "/srv/plugins".into(), what: "folder", mode: 0o777 };
/// assert_eq!(err.to_string(), "refusing the plugin folder `/srv/plugins`: users other than its owner can \
///     write to it (mode 777)\n  fix: `chmod go-w /srv/plugins`, or use a folder only you can write to");
/// ```
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum UnsafePath {
    /// The path does not exist or cannot be read.
    #[error("cannot read the plugin folder `{}`: {source}\n  fix: check the path", path.display())]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The path given as the plugin folder is not a folder.
    #[error("`{}` is not a folder\n  fix: pass the folder that holds the plugins", path.display())]
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
    /// The folder, or a plugin in it, can be written by users other than its owner: any of them
    /// could make the host run their code.
    #[error(
        "refusing the plugin {what} `{}`: users other than its owner can write to it (mode {mode:o})\n  \
         fix: `chmod go-w {}`, or use a folder only you can write to",
        path.display(),
        path.display()
    )]
    WritableByOthers {
        /// The folder or file.
        path: PathBuf,
        /// `folder` or `file`.
        what: &'static str,
        /// Its permission bits.
        mode: u32,
    },
    /// An entry of the folder that is not a regular file (a folder, a socket, a device...).
    #[error(
        "refusing `{}` in the plugin folder: it is a {kind}, not a regular file\n  \
         fix: a plugin folder holds only plugin executables and `.toml` files; move it elsewhere",
        path.display()
    )]
    NotARegularFile {
        /// The entry.
        path: PathBuf,
        /// What it is.
        kind: &'static str,
    },
    /// A symbolic link that does not resolve: to a missing file, or in a loop of links.
    #[error(
        "refusing `{}` in the plugin folder: it is a link to `{}`, which leads to no file (it \
         is missing, or the links form a loop)\n  \
         fix: remove the link, or point it at a plugin in the folder",
        path.display(),
        target.display()
    )]
    LinkBroken {
        /// The link.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// A symbolic link that points out of the folder.
    #[error(
        "refusing `{}` in the plugin folder: it is a link to `{}`, outside the folder\n  \
         fix: copy the plugin into the folder instead of linking to it",
        path.display(),
        target.display()
    )]
    LinkOutside {
        /// The link.
        path: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
}
