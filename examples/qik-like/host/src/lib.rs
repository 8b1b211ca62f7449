//! qik-like: a small command runner in [Qik](https://qik.build)'s style, on plugkit's
//! configuration kinds.
//!
//! A project's `qik.toml` (found by walking up from the current folder) declares commands,
//! their deps and the cache their output goes to:
//!
//! ```toml
//! [ctx.project]
//! name = "demo"
//!
//! [caches.db]
//! type = "sqlite"              # from the qik-like-sqlite plugin
//!
//! [commands.build]
//! exec = "cc -o {ctx.project.name} main.c"
//! deps = ["*.c", { type = "env", name = "CC" }]   # a glob, and the qik-like-env plugin's dep type
//! cache = "db"
//!
//! [plugins.sqlite]
//! journal_mode = "wal"
//! ```
//!
//! Two configuration kinds, [`CacheConf`] (`type` defaults to `local`) and [`DepConf`] (a bare
//! string is a glob), are extension points: plugin crates add `type`s with
//! `#[plugkit::config_type]`, a `[plugins.<name>]` section with `#[plugkit::plugin_section]`,
//! and subcommands through [`COMMANDS`]. Built in: the `local` cache (a folder), the `none`
//! cache, and the `glob` dep.
//!
//! ```
//! let dir = std::env::temp_dir().join("qik-like-doc-lib");
//! std::fs::create_dir_all(&dir)?;
//! std::fs::write(dir.join("qik.toml"), "[commands.hello]\nexec = \"echo hello\"\n")?;
//! let project = qik_like::Project::find(&dir)?;
//! assert_eq!(project.config.commands["hello"].exec, "echo hello");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cache;
mod config;
mod ctx;
mod dep;
mod error;
mod listing;
mod run;

pub use cache::{Cache, CacheConf, CachedRun, LocalConf, NoCacheConf};
pub use config::{CommandConf, FILE_NAME, Project, QikToml};
pub use ctx::{COMMANDS, Ctx};
pub use dep::{Dep, DepConf, DepSpec, GlobConf};
pub use error::{BoxError, Error};
pub use listing::{list_commands, list_plugins};
pub use run::{Report, run_commands};
