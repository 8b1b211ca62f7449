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
//!   tags are a [`Problem::DuplicateTag`](crate::Problem::DuplicateTag) when the registry is built.
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
//! let config: Config = plugkit::config::Decoder::new().file("app.toml").toml_str(text)?;
//! let ctx = Context::new().with("project", "root", "/srv");
//! let store = config.stores["main"].build("main", &ctx)?; // built only now
//! assert_eq!(store.describe(), "folder /srv/.cache");
//! assert_eq!(plugkit::config::tag_of(&*config.stores["main"]), "folder"); // the default tag
//!
//! let err = plugkit::config::Decoder::new().file("app.toml")
//!     .toml_str::<Config>("[stores.main]\ntype = \"foldr\"\n").unwrap_err();
//! assert!(matches!(err.kind(), DecodeErrorKind::UnknownTag { .. }));
//! assert!(err.to_string().starts_with(
//!     "app.toml:2:8: in `stores.main.type`: unknown store type `foldr`; did you mean `folder` (from plugkit)?"));
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
mod path;
mod sections;
mod ser;
mod tagged;
mod value;

#[cfg(feature = "clap")]
mod commands;

pub use conf::{
    Conf, ConfType, ConfValue, DecodeFn, Direct, DirectFn, Kind, TagCache, TagInfo, kinds, tag_of,
    tags,
};
pub use context::{Context, FormatError};
#[doc(hidden)]
pub use de::ValueDe;
pub use decoder::{Decoder, from_json_str, from_toml_file, from_toml_str};
pub use error::{DecodeError, DecodeErrorKind, Location, TagChoice};
pub use sections::{PLUGINS_URL, PluginSection, PluginSections, SectionError, SectionType};
pub use ser::serialize;
pub use tagged::{deserialize, deserialize_or_shorthand, deserialize_or_value};

#[cfg(feature = "clap")]
pub use commands::{CommandConflict, CommandError, Commands, PluginCommand, RunFn};

/// Registers a [`Point`](crate::Point) built by hand (a constant expression), as the attribute
/// macros do for theirs.
///
/// ```
/// const URL: &str = "plugkit://doc-submit-point/names";
/// struct Name(&'static str);
/// plugkit::submit_point!(plugkit::Point::namespace::<Name>(URL, "Name", plugkit::origin!("names")));
/// assert!(plugkit::registry().point(URL).is_some());
/// ```
#[macro_export]
macro_rules! submit_point {
    ($point:expr) => {
        $crate::__private::inventory::submit! { $point }
    };
}

/// Registers an [`Entry`](crate::Entry) built by hand (a constant expression), as the
/// attribute macros do for theirs.
///
/// ```
/// const URL: &str = "plugkit://doc-submit-entry/names";
/// struct Name(&'static str);
/// static ADA: Name = Name("Ada");
/// plugkit::submit_point!(plugkit::Point::namespace::<Name>(URL, "Name", plugkit::origin!("names")));
/// plugkit::submit_entry!(plugkit::Entry::new(URL, "ada", plugkit::origin!("ADA"), &ADA));
/// let entry = plugkit::registry().point(URL).unwrap().entry("ada").unwrap();
/// assert_eq!(entry.payload::<Name>().unwrap().0, "Ada");
/// ```
#[macro_export]
macro_rules! submit_entry {
    ($entry:expr) => {
        $crate::__private::inventory::submit! { $entry }
    };
}
