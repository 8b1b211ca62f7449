//! The errors of pluggable functions: no plugin available, and a plugin that panicked.

use std::fmt;

use thiserror::Error;

use crate::Origin;

/// A plugin passed over, and why: a line of [`NoPlugin`]'s message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Skipped {
    /// The entry's id.
    pub(crate) id: &'static str,
    /// Where it was registered.
    pub(crate) origin: Origin,
    /// Why it was passed over.
    pub(crate) reason: String,
}

/// A `first_match` pluggable function without a default body was called, and no plugin is
/// available. Lists every candidate with the reason it was skipped, and the fix.
///
/// ```
/// #[plugkit::pluggable(category = "docs")]
/// pub fn orphan_no_plugin_doc(x: u32) -> u32;
///
/// let err = orphan_no_plugin_doc(1).unwrap_err();
/// assert!(err.to_string().starts_with("no plugin is available for `plugkit://plugkit-framework/docs/orphan_no_plugin_doc`"));
/// ```
#[derive(Clone, Error, PartialEq, Eq)]
pub struct NoPlugin {
    url: &'static str,
    skipped: Vec<Skipped>,
}

impl NoPlugin {
    pub(crate) fn new(url: &'static str, skipped: Vec<Skipped>) -> Self {
        NoPlugin { url, skipped }
    }
}

impl fmt::Display for NoPlugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no plugin is available for `{}`, and it has no default implementation",
            self.url
        )?;
        if self.skipped.is_empty() {
            f.write_str("\n  no linked crate registers a plugin for it")?;
        } else {
            f.write_str("\n  candidates:")?;
            for s in &self.skipped {
                write!(
                    f,
                    "\n  - {} ({} {}): {}",
                    s.id, s.origin.crate_name, s.origin.crate_version, s.reason
                )?;
            }
        }
        let link = "add a plugin crate that implements it and link it (`cargo plugkit sync`, or \
                    `plugkit_build::link_plugins()` in the build script)";
        match self.skipped.is_empty() {
            true => write!(f, "\n  fix: {link}"),
            false => write!(f, "\n  fix: meet a requirement above, or {link}"),
        }?;
        f.write_str("; PLUGKIT_DEBUG=1 traces the selection")
    }
}

/// A plugin panicked while `collect_all` ran it; the panic was caught and the other plugins
/// still ran.
///
/// ```
/// let panic = plugkit::fns::PluginPanic { id: "p::f", origin: plugkit::origin!("f"), message: "boom".into() };
/// assert!(panic.to_string().starts_with("plugin `p::f` (plugkit-framework "));
/// assert!(panic.to_string().ends_with("panicked: boom"));
/// ```
#[derive(Clone, Error, PartialEq, Eq)]
#[error("plugin `{id}` ({origin}) panicked: {message}")]
pub struct PluginPanic {
    /// The entry's id.
    pub id: &'static str,
    /// Where it was registered.
    pub origin: Origin,
    /// The panic message.
    pub message: String,
}

crate::error::debug_is_display!(NoPlugin, PluginPanic);
