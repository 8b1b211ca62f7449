//! The options every command shares, as cargo spells them.

use std::path::PathBuf;

/// The options shared by every command: where the workspace is and how cargo may resolve.
///
/// `--locked` also means "write nothing" for the commands that write; `--frozen` is `--locked`
/// plus `--offline`, as in cargo.
///
/// ```
/// use cargo_plugkit::Options;
///
/// let options = Options { frozen: true, ..Options::default() };
/// assert!(options.is_locked() && options.is_offline());
/// assert_eq!(options.cargo_flags(), ["--frozen"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--manifest-path`: a `Cargo.toml` of the workspace (any member's, or the root's).
    pub manifest_path: Option<PathBuf>,
    /// `--locked`: Cargo.lock must not change, and `sync` must not write.
    pub locked: bool,
    /// `--offline`: cargo must not use the network.
    pub offline: bool,
    /// `--frozen`: `--locked` and `--offline`.
    pub frozen: bool,
    /// The working directory to run from; `None` is the process's own.
    pub cwd: Option<PathBuf>,
}

impl Options {
    /// Whether writing is forbidden (`--locked` or `--frozen`).
    ///
    /// ```
    /// use cargo_plugkit::Options;
    /// assert!(Options { locked: true, ..Options::default() }.is_locked());
    /// ```
    pub fn is_locked(&self) -> bool {
        self.locked || self.frozen
    }

    /// Whether the network is forbidden (`--offline` or `--frozen`).
    ///
    /// ```
    /// use cargo_plugkit::Options;
    /// assert!(!Options::default().is_offline());
    /// ```
    pub fn is_offline(&self) -> bool {
        self.offline || self.frozen
    }

    /// The flags passed through to cargo, in cargo's order.
    ///
    /// ```
    /// use cargo_plugkit::Options;
    /// let options = Options { locked: true, offline: true, ..Options::default() };
    /// assert_eq!(options.cargo_flags(), ["--locked", "--offline"]);
    /// ```
    pub fn cargo_flags(&self) -> Vec<&'static str> {
        let mut flags = Vec::new();
        if self.frozen {
            flags.push("--frozen");
        } else {
            if self.locked {
                flags.push("--locked");
            }
            if self.offline {
                flags.push("--offline");
            }
        }
        flags
    }
}
