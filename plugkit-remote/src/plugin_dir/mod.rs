//! Plugins loaded from a folder at run time (ModelGauge's `--plugin-dir`), safely.
//!
//! A plugin folder holds two kinds of plugins:
//! - **executables**, which run as plugin processes speaking the [the crate root](crate)
//!   protocol: their crash or hang cannot take the host down;
//! - **declarative files**, `*.toml`, which declare instances of registered configuration kinds
//!   (a SUT of a configured `type` with its options) and run no code.
//!
//! [`PluginDir::scan`] applies the safety rules (nothing runs if one is broken) and prints
//! [`WARNING`] once; [`load`] starts the executables and reads the declarations, and every
//! resulting entry is an ordinary registry entry.
//!
//! ```no_run
//! use plugkit_remote::plugin_dir::{PluginDir, load};
//! use plugkit_remote::RemoteHost;
//!
//! let folder = PluginDir::scan(std::path::Path::new("plugins"))?;
//! let loaded = load(&folder, &RemoteHost::new("my-host", "1.2.0"), |_| Ok(Vec::new()));
//! let registry = plugkit::Registry::builder().discovered().entries(loaded.entries().iter().copied()).build()?;
//! plugkit::install(registry)?;
//! // ... run the program; dropping `loaded` shuts the plugin processes down.
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod declare;
mod error;
mod load;
mod scan;

use std::sync::Once;

pub use declare::{Declarable, declare};
pub use error::UnsafePath;
pub use load::{LoadFailure, Loaded, load};
pub use scan::PluginDir;

/// ModelGauge's warning, given once by [`PluginDir::scan`]: plugins run code.
///
/// ```
/// assert!(plugkit_remote::plugin_dir::WARNING.contains("can execute code"));
/// ```
pub const WARNING: &str = "--plugin-dir runs the plugin executables in the specified \
    folder, which can execute code that could be harmful, malicious, or that could have \
    unexpected consequences. Use with caution and in a trusted environment.";

/// Gives [`WARNING`] the first time only: a `warn` record with the target
/// `plugkit_remote::plugin_dir` when a logger takes it, else `warning: ...` on stderr.
///
/// ```
/// plugkit_remote::plugin_dir::warn_once();
/// plugkit_remote::plugin_dir::warn_once(); // prints nothing more
/// ```
pub fn warn_once() {
    static WARNED: Once = Once::new();
    WARNED.call_once(|| {
        plugkit::__private::debug_emit(
            log::Level::Warn,
            "plugkit_remote::plugin_dir",
            format_args!("{WARNING}"),
        );
    });
}
