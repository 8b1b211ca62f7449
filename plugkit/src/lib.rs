//! Extension points for Rust programs: a **host** declares where it can be extended, **plugin**
//! crates fill those places, and the host finds them without being edited, or is told, with the
//! fix, when a plugin it depends on is missing.
//!
//! Every registration is a constant descriptor collected at link time, so no plugin code runs
//! before `main`. The [`Registry`] built from them is checked (duplicate ids, ordering cycles,
//! payload types, expected plugins), ordered deterministically, and then read without locks.
//! Three styles of extension point share that one registry:
//!
//! | style | the host declares | a plugin crate provides | the host calls |
//! | --- | --- | --- | --- |
//! | [pluggable functions](fns) (COMPAS, pluggy) | `#[pluggable] fn` | `#[plugin(path)] fn` | the function |
//! | [configuration kinds](config) (Qik) | `#[config_kind] trait` | `#[config_type(tag = "..")] impl` | [`config::Decoder`], then the trait |
//! | [instance factories](instances) (ModelGauge) | `#[derive(Namespace)] struct` | `#[instance(Ns, uid = "..")] fn` | `make_instance(uid, &secrets)` |
//!
//! # Pluggable functions
//!
//! ```
//! /// The host: the area of a polygon; the body is the default.
//! #[plugkit::pluggable(category = "geometry")]
//! pub fn area(_points: &[(f64, f64)]) -> f64 { 0.0 }
//!
//! // A plugin crate: the path names the pluggable, and the compiler checks the signature.
//! #[plugkit::plugin(area, tryfirst)]
//! fn shoelace(p: &[(f64, f64)]) -> f64 {
//!     let next = |i: usize| p[(i + 1) % p.len()];
//!     (0..p.len()).map(|i| p[i].0 * next(i).1 - next(i).0 * p[i].1).sum::<f64>().abs() / 2.0
//! }
//!
//! assert_eq!(area(&[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]), 4.0);
//! let why = plugkit::registry().explain(area::URL)?; // what runs, and why the others do not
//! assert_eq!(why.running().next().map(|e| e.origin().item), Some("shoelace"));
//! # Ok::<(), plugkit::UnknownPoint>(())
//! ```
//!
//! `selector = collect_all` runs every plugin and keeps each result; `tryfirst`, `trylast`,
//! `priority`, `before`/`after` order them; `requires` names what a plugin needs. See [`fns`].
//!
//! An `async fn` is a pluggable too: its plugins are `async fn`s (their futures `Send` unless it
//! is `local`), and `collect_all` awaits them concurrently. plugkit needs no runtime (this
//! example's executor comes from the `futures` crate; tokio's works the same):
//!
//! ```
//! #[plugkit::pluggable(selector = collect_all)]
//! pub async fn warm_up(region: &str) -> String;
//!
//! #[plugkit::plugin(warm_up)]
//! async fn warm_cache(region: &str) -> String { format!("cache in {region}") }
//!
//! let warmed = futures::executor::block_on(warm_up("eu"));
//! assert_eq!(warmed.into_values(), ["cache in eu"]);
//! ```
//!
//! # Configuration kinds
//!
//! ```
//! /// The host: a cache as configured; `type = "..."` picks a plugin's type.
//! #[plugkit::config_kind(name = "front-page-cache", default = "memory")]
//! pub trait CacheConf { fn describe(&self) -> String; }
//!
//! // A plugin crate (with `serde`, feature `derive`): a serde type, and the factory.
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Memory { entries: u32 }
//!
//! #[plugkit::config_type(tag = "memory")]
//! impl CacheConf for Memory {
//!     fn describe(&self) -> String { format!("{} entries in memory", self.entries) }
//! }
//!
//! let cache: Box<dyn CacheConf> = plugkit::config::Decoder::default().toml_str("entries = 64")?;
//! assert_eq!(cache.describe(), "64 entries in memory");
//! # Ok::<(), plugkit::config::DecodeError>(())
//! ```
//!
//! Errors say the file, line, column and key, and suggest the tag meant; plugins add typed
//! `[plugins.<name>]` sections, and `{ctx.<ns>.<var>}` strings format from a context. See
//! [`config`].
//!
//! # Instance factories
//!
//! ```
//! use plugkit::instances::{Namespace, Secrets};
//!
//! /// The host: systems under test, made by uid.
//! pub trait Sut { fn answer(&self, prompt: &str) -> String; }
//! #[derive(Namespace)]
//! #[namespace(name = "front_page_suts", instance = dyn Sut)]
//! pub struct Suts;
//!
//! // A plugin crate: a constructor per uid, which runs only when the host asks.
//! struct Echo;
//! impl Sut for Echo { fn answer(&self, prompt: &str) -> String { prompt.to_owned() } }
//! #[plugkit::instance(Suts, uid = "echo")]
//! fn echo() -> Echo { Echo }
//!
//! let sut = Suts::instances().make_instance("echo", &Secrets::default())?;
//! assert_eq!(sut.answer("hello"), "hello");
//! # Ok::<(), plugkit::instances::InstanceError>(())
//! ```
//!
//! Constructors take arguments given at registration and secrets injected from a secrets file
//! (every missing secret is reported, with the TOML to add, before anything is built). See
//! [`instances`].
//!
//! # Run-time plugins
//!
//! Plugins found when the program runs, in a `--plugin-dir` folder, come from the companion
//! crate `plugkit-remote`: executables that speak a line-delimited JSON protocol (in any
//! language) and declarative TOML files, loaded into the same registry with deadlines, bounded
//! memory and no process left behind.
//!
//! # Linking the plugins
//!
//! A plugin crate registers itself, but only a crate the host links is there. Two ways make sure
//! it is, and both make a missing plugin an error that names it:
//!
//! - `cargo plugkit sync` generates a registration crate that links every plugin crate of the
//!   workspace; the host calls its `init()`.
//! - `cargo add my-plugin` alone, with `plugkit_build::link_plugins()` in the host's build script
//!   and `plugkit::init_expecting(plugkit::linked_plugins!())` at the start of `main`.
//!
//! [`init`] fails with every problem of the registrations; [`registry()`] alone sets the entries
//! concerned aside and warns.
//!
//! # Questions and answers
//!
//! - **In what order do plugins run?** Entries are ranked by tier (`tryfirst`, normal,
//!   `trylast`), then priority (higher first), then crate name, then id; the `before`/`after`
//!   constraints then pull an entry forward to just before the one it must precede (the order is
//!   built from the end: the worst ranked entry that nothing must follow goes last). Nothing
//!   depends on link order, so debug, release and LTO builds agree; a cycle of constraints is a
//!   [`Problem`].
//! - **Why was a plugin not used?** [`Registry::explain`] says, for one point, which entry runs
//!   and why each other does not; [`Registry::to_json`] lists everything for tools.
//! - **Where do plugkit's messages go?** Through the [`log`](https://docs.rs/log) facade, with the
//!   targets `plugkit::registry`, `plugkit::select`, `plugkit::call` and `plugkit::instances`;
//!   with no logger, warnings go to stderr, and `PLUGKIT_DEBUG=1` prints the trace there
//!   ([`debug`]).
//! - **Can plugin crates depend on my crate alone?** Yes: re-export plugkit from the host
//!   (`pub use plugkit;`), and write `crate = my_host::plugkit` on every attribute of the plugin
//!   crates, as in `#[my_host::plugkit::plugin(my_host::area, crate = my_host::plugkit)]`;
//!   without it the attributes look for a `plugkit` crate the plugin does not have. Both ways of
//!   linking find such plugins (`plugkit_build` counts a dependency on a plugin or host crate
//!   as the mark of one), and `my_host::plugkit::linked_plugins!()` works through the re-export.
//! - **One error type for `?`?** [`Error`]: every error plugkit returns converts into it, and
//!   each one's `Debug` is its message, so `main` that returns one prints the message and its
//!   `fix:` line.
//!
//! # Cargo features
//!
//! - `config` (default): configuration kinds (`plugkit::config`, `#[config_kind]`,
//!   `#[config_type]`, `#[plugin_section]`); compiles toml, erased-serde and dyn-clone.
//! - `instances` (default): instance factories (`plugkit::instances`, `#[instance]`,
//!   `#[derive(Namespace)]`); compiles toml and zeroize.
//! - `requires-manifest` (default): a name in `#[plugin(requires = [..])]` that is a dependency
//!   in the plugin crate's own `Cargo.toml` is settled when the crate compiles (met when the
//!   dependency is compiled in), which has the macros parse that manifest with toml. When no
//!   crate of the build turns it on, every name is left to the run-time check: met only by a
//!   linked crate that registers something, or a declared [`Capability`], so a dependency that
//!   registers nothing counts as absent.
//! - `clap` (implies `config`): plugins contribute subcommands to the host's command line
//!   ([`plugin_commands!`] declares a host's point, [`plugin_command!`] adds a plugin's command).
//!
//! A host that uses only pluggable functions writes `plugkit = { package = "plugkit-framework",
//! version = "0.1", default-features = false }` and compiles none of toml, erased-serde,
//! dyn-clone or zeroize: 26 packages instead of 36 (counted by `plugkit/tests/features.rs`), and
//! a clean build in about 0.6 times the CPU time (measured at 19 and 29 packages, before async
//! pluggables, the hot paths of issue 15 and linkme's proc-macro crate added seven small crates
//! to both; docs/performance.md).
//!
//! # Stability
//!
//! plugkit follows semantic versioning for everything documented here. Items hidden from these
//! docs (`__private`, and what only the macros' generated code calls) may change in any release;
//! a plugin crate and its host must use one plugkit, which `plugkit-build` and `cargo plugkit`
//! check. The minimum supported Rust version is 1.89; raising it is a minor release.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod entry;
mod error;
mod expected;
mod global;
mod linked;
mod origin;
mod panic;
mod point;
mod registry;
mod requirement;
mod submit;
mod suggest;

#[cfg(feature = "config")]
#[cfg_attr(docsrs, doc(cfg(feature = "config")))]
pub mod config;
pub mod debug;
pub mod fns;
#[cfg(feature = "instances")]
#[cfg_attr(docsrs, doc(cfg(feature = "instances")))]
pub mod instances;

pub use entry::{Capability, Entry};
pub use error::{AlreadyInitialized, BoxError, Error, UnknownPoint};
pub use expected::ExpectedPlugin;
pub use global::{init, init_expecting, install, registry};
pub use origin::Origin;
pub use point::{Point, Selector, Style};
pub use registry::{
    BuildError, Considered, Explanation, PointEntries, Problem, Registry, RegistryBuilder, Verdict,
};
pub use requirement::{Requirement, Unmet};

pub(crate) use panic::panic_message;

pub use plugkit_macros::{pluggable, plugin};

#[cfg(feature = "instances")]
#[cfg_attr(docsrs, doc(cfg(feature = "instances")))]
pub use plugkit_macros::instance;

#[cfg(feature = "config")]
#[cfg_attr(docsrs, doc(cfg(feature = "config")))]
pub use plugkit_macros::{config_kind, config_type, plugin_section};

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
