//! Typed configuration kinds (the Qik style): a host declares a kind as a trait; plugins add
//! `type = "..."` choices, each a serde struct whose trait impl is the factory.
//!
//! - [`#[config_kind]`](crate::config_kind) on the host's trait makes it a kind: an extension
//!   point whose entries are the tags. `Box<dyn Trait>` then decodes from typetag's internally
//!   tagged form (`type` beside the fields) and serializes back with its tag; a kind declared
//!   with `clone` and `debug` also clones and prints, and asks the same of its types.
//! - [`#[config_type]`](crate::config_type) on `impl Trait for Struct` registers the tag. The
//!   trait's methods are the factory: `conf.build(name, &ctx)` constructs the runtime object
//!   when the host asks, never before.
//! - [`Decoder`] reads TOML (or JSON) with every error located: file, line, column, TOML path.
//!   Unknown tags name the kind, a "did you mean", and which crate registered each tag; a
//!   missing `type` falls back on the kind's default tag; unknown keys are rejected. Duplicate
//!   tags are a [`Problem::Duplicate`](crate::Problem::Duplicate) when the registry is built.
//! - [`PluginSections`] holds the `[plugins.<name>]` sections, typed by each plugin with
//!   [`#[plugin_section]`](crate::plugin_section).
//! - [`Context`] formats `{ctx.<ns>.<var>}` in strings, with `<NS>__<VAR>` environment overrides.
//! - With the `clap` feature, `Commands` lets plugins contribute subcommands.
//!
//! ```
//! use plugkit::config::{Context, DecodeErrorKind};
//! use std::collections::BTreeMap;
//!
//! /// What a cache does, once built.
//! pub trait Store { fn describe(&self) -> String; }
//!
//! /// A cache as configured: one `[caches.<name>]` table.
//! #[plugkit::config_kind(name = "store", default = "folder", debug)] // `debug`: printable
//! pub trait StoreConf {
//!     /// The factory: builds the store named `name`.
//!     fn build(&self, name: &str, ctx: &Context) -> Result<Box<dyn Store>, plugkit::config::FormatError>;
//! }
//!
//! #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
//! struct Folder { path: String }
//! struct FolderStore(String);
//! impl Store for FolderStore { fn describe(&self) -> String { format!("folder {}", self.0) } }
//!
//! #[plugkit::config_type(tag = "folder")]
//! impl StoreConf for Folder {
//!     fn build(&self, _name: &str, ctx: &Context) -> Result<Box<dyn Store>, plugkit::config::FormatError> {
//!         Ok(Box::new(FolderStore(ctx.format(&self.path)?)))
//!     }
//! }
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct Config { stores: BTreeMap<String, Box<dyn StoreConf>> }
//!
//! let text = "[stores.main]\npath = \"{ctx.project.root}/.cache\"\n";
//! let config: Config = plugkit::config::Decoder::default().file("app.toml").toml_str(text)?;
//! let ctx = Context::default().with("project", "root", "/srv");
//! let store = config.stores["main"].build("main", &ctx)?; // built only now
//! assert_eq!(store.describe(), "folder /srv/.cache");
//! assert_eq!(plugkit::config::tag_of(&*config.stores["main"]), "folder"); // the default tag
//!
//! let err = plugkit::config::Decoder::default().file("app.toml")
//!     .toml_str::<Config>("[stores.main]\ntype = \"foldr\"\n").unwrap_err();
//! assert!(matches!(err.kind(), DecodeErrorKind::UnknownTag { .. }));
//! assert!(err.to_string().starts_with(
//!     "app.toml:2:8: in `stores.main.type`: unknown store type `foldr`; did you mean `folder` (from plugkit-framework)?"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod conf;
mod context;
mod de;
mod decoder;
mod error;
mod flatten;
mod handoff;
mod json;
mod json_stream;
mod locate;
mod path;
mod point;
mod sections;
mod ser;
mod tagged;
mod value;

#[cfg(feature = "clap")]
mod commands;

pub(crate) use point::kind_point;

pub use conf::{Conf, ConfValue, Kind, kinds, tag_of};
pub use context::{Context, FormatError};
pub use decoder::Decoder;
pub use error::{DecodeError, DecodeErrorKind, Location, TagChoice};
pub use sections::{PLUGINS_URL, PluginSection, PluginSections, SectionError};
pub use tagged::{deserialize_or_shorthand, deserialize_or_value};

#[cfg(feature = "clap")]
pub use commands::{CommandConflict, Commands, PluginCommand};

// Public for the code the macros generate (through `plugkit::__private`) and for run-time
// plugins; not part of the documented surface.
#[cfg(feature = "clap")]
#[doc(hidden)]
pub use commands::RunFn;
#[doc(hidden)]
pub use conf::{ConfType, DecodeFn, Direct, DirectFn, TagCache};
#[doc(hidden)]
pub use de::ValueDe;
pub(crate) use sections::PLUGINS_POINT;
#[doc(hidden)]
pub use sections::SectionType;
#[doc(hidden)]
pub use ser::serialize;
#[doc(hidden)]
pub use tagged::deserialize;
