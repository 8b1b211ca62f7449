//! `cargo plugkit`: finds a workspace's plugin crates and generates the registration crate
//! that links them, so that a plugin is never silently dropped by the linker.
//!
//! The binary is a thin layer over this library:
//!
//! | command | what it does |
//! | --- | --- |
//! | [`sync`] | discovers each host's plugin crates, checks their host-API requirement with semver, and writes the registration crate (a marked region of its `Cargo.toml`, and `src/lib.rs`) |
//! | [`new_plugin`] | scaffolds a plugin crate that builds and passes its test at once |
//! | [`add`] | records a published plugin crate, then syncs |
//! | [`list`] | shows each host's plugins, versions and compatibility, as a table, JSON or a graph |
//!
//! Hosts are configured in the root manifest:
//!
//! ```toml
//! [workspace.metadata.plugkit.hosts.compas-like]
//! prefix = "compas-like-"
//! registration = "compas-like-plugins"
//! registration-path = "examples/compas-like/registration"
//! api = "compas-like"
//! ```
//!
//! ```no_run
//! use cargo_plugkit::{MessageFormat, Options, Shell, SyncArgs};
//!
//! let mut shell = Shell::new(false, false, false, MessageFormat::Human);
//! let report = cargo_plugkit::sync(&Options::default(), &SyncArgs::default(), &mut shell)?;
//! assert!(report.plugins > 0);
//! # Ok::<(), cargo_plugkit::Error>(())
//! ```
//!
//! See `docs/cargo-plugkit.md` for every option, exit code and configuration key.

mod add;
mod bootstrap;
mod cli;
mod compat;
mod config;
mod diagnose;
mod diff;
mod discover;
mod eol;
mod error;
mod generate;
mod known;
mod list;
mod location;
mod lockfile;
mod members;
mod metadata;
mod options;
mod paths;
mod region;
mod scaffold;
mod shell;
mod source;
mod sync;
mod update;
mod workspace;
mod write;

pub use add::{AddArgs, add};
pub use cli::run;
pub use error::{EXIT_DRIFT, EXIT_ERROR, EXIT_USAGE, Error};
pub use list::{ListFormat, list};
pub use options::Options;
pub use region::{BEGIN, END};
pub use scaffold::{NewArgs, Style, new_plugin};
pub use shell::{ColorChoice, MessageFormat, Shell};
pub use sync::sync;
pub use update::{SyncArgs, SyncReport};
