//! Plugin configuration sections: `[plugins.<name>]`, typed by the plugin.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use thiserror::Error;

use super::conf::{Conf, DecodeFn};
use super::de::SECTION;
use super::decoder::current_registry;
use super::error::{DecodeError, DecodeErrorKind, TagChoice, quoted, rank_choices, relay_store};
use crate::{Entry, Origin, Point, Registry};

/// The point whose entries are the plugin sections; each entry's id is the plugin's name.
///
/// ```
/// assert!(plugkit::registry().point(plugkit::config::PLUGINS_URL).is_ok());
/// ```
pub const PLUGINS_URL: &str = "plugkit://plugkit/config/plugins";

/// The point of [`PLUGINS_URL`], which every registry discovers (plugkit's own registration:
/// the workspace forbids the `link_section` of a submission in plugkit itself).
pub(crate) const PLUGINS_POINT: Point = Point::new::<SectionType>(
    PLUGINS_URL,
    &super::point::SECTIONS,
    "a plugin section ([plugins.<name>])",
    crate::origin!("PluginSections"),
);

/// A plugin's typed configuration section, `[plugins.<NAME>]`. Implemented by
/// [`#[plugin_section]`](crate::plugin_section), which also registers it.
///
/// ```
/// #[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
/// #[plugkit::plugin_section(name = "doc-section-trait")]
/// struct Settings { verbose: bool }
///
/// use plugkit::config::PluginSection;
/// assert_eq!(Settings::NAME, "doc-section-trait");
/// ```
pub trait PluginSection: Conf + Default + DeserializeOwned {
    /// The plugin's name: the `<name>` of `[plugins.<name>]`; see [`PluginSection`] for an
    /// example.
    const NAME: &'static str;
}

/// What a plugin section registers: the payload of its entry in [`PLUGINS_URL`]. Built by
/// [`#[plugin_section]`](crate::plugin_section); not part of the documented surface.
///
/// ```
/// use plugkit::config::SectionType;
/// #[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
/// struct Settings { verbose: bool }
///
/// static SETTINGS: SectionType = SectionType::new(
///     "by-hand",
///     "Settings",
///     |d| Ok(Box::new(erased_serde::deserialize::<Settings>(d)?)),
///     || Box::new(Settings::default()),
/// );
/// assert_eq!(SETTINGS.name(), "by-hand");
/// assert_eq!(format!("{:?}", SETTINGS.default_conf()), "Settings { verbose: false }");
/// ```
#[doc(hidden)]
pub struct SectionType {
    name: &'static str,
    type_name: &'static str,
    decode: DecodeFn<dyn Conf>,
    default: fn() -> Box<dyn Conf>,
}

impl SectionType {
    /// A section: the plugin's name, its type's name, its decoder and its default; see
    /// [`SectionType`] for an example.
    pub const fn new(
        name: &'static str,
        type_name: &'static str,
        decode: DecodeFn<dyn Conf>,
        default: fn() -> Box<dyn Conf>,
    ) -> Self {
        SectionType {
            name,
            type_name,
            decode,
            default,
        }
    }

    /// The plugin's name; see [`SectionType`] for an example.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The section's Rust type.
    ///
    /// ```
    /// #[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
    /// struct S {}
    /// let t = plugkit::config::SectionType::new("s", "S", |d| Ok(Box::new(erased_serde::deserialize::<S>(d)?)), || Box::new(S::default()));
    /// assert_eq!(t.type_name(), "S");
    /// ```
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The section's value when the configuration has none; see [`SectionType`] for an
    /// example.
    pub fn default_conf(&self) -> Box<dyn Conf> {
        (self.default)()
    }
}

impl fmt::Debug for SectionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SectionType")
            .field("name", &self.name)
            .field("type_name", &self.type_name)
            .finish_non_exhaustive()
    }
}

/// Asking for a plugin's section failed.
///
/// ```
/// #[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
/// #[plugkit::plugin_section(name = "doc-section-error")]
/// struct Settings { verbose: bool }
///
/// // Decoded against a registry that links no plugin section: the plugin is not enabled there.
/// #[derive(serde::Deserialize)]
/// struct Config { plugins: plugkit::config::PluginSections }
/// let empty: &'static plugkit::Registry = Box::leak(Box::new(plugkit::Registry::builder().build()?));
/// let config: Config = plugkit::config::Decoder::default().registry(empty).toml_str("[plugins]")?;
/// let err = config.plugins.get::<Settings>().unwrap_err();
/// assert!(matches!(err, plugkit::config::SectionError::NotEnabled { .. }));
/// assert_eq!(err.to_string(), "plugin `doc-section-error` is not enabled: no linked crate \
///     registers a `[plugins.doc-section-error]` section\n  no linked crate registers any \
///     plugin section\n  fix: add the plugin's crate to the host's dependencies (then \
///     `cargo plugkit sync`)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SectionError {
    /// No linked crate registers a section of this name.
    #[error(
        "plugin `{name}` is not enabled: no linked crate registers a `[plugins.{name}]` section{}\n  \
         fix: add the plugin's crate to the host's dependencies (then `cargo plugkit sync`)",
        Enabled(enabled)
    )]
    NotEnabled {
        /// The name asked for.
        name: String,
        /// The plugins that registered a section, with their crates.
        enabled: Vec<TagChoice>,
    },
    /// The section is registered with another type than the one asked for.
    #[error(
        "the `[plugins.{name}]` section is a `{registered}`, not a `{asked}`\n  \
         fix: read it as `{registered}`"
    )]
    WrongType {
        /// The plugin's name.
        name: String,
        /// The registered type.
        registered: String,
        /// The type asked for.
        asked: String,
    },
}

struct Enabled<'a>(&'a [TagChoice]);

impl fmt::Display for Enabled<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => f.write_str("\n  no linked crate registers any plugin section"),
            list => {
                f.write_str("\n  enabled plugins: ")?;
                for (i, c) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{c}")?;
                }
                Ok(())
            }
        }
    }
}

struct Section {
    conf: Box<dyn Conf>,
    written: bool,
    origin: Origin,
}

/// The `[plugins]` table: every enabled plugin's section, decoded with the type the plugin
/// registered, or its default when the configuration has none or names the plugin by a
/// string (Qik's `pygraph = "qik.pygraph"`, read through plugkit's
/// [`Decoder`](super::Decoder)). Unknown plugins and unknown keys are errors with their
/// location.
///
/// ```
/// #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
/// #[serde(default)]
/// #[plugkit::plugin_section(name = "doc-sections")]
/// struct Settings { journal: String, retries: u32 }
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Config { #[serde(default)] plugins: plugkit::config::PluginSections }
///
/// let config: Config = plugkit::config::Decoder::default().toml_str("[plugins.doc-sections]\nretries = 3\n")?;
/// let settings: &Settings = config.plugins.get::<Settings>()?;
/// assert_eq!(settings.retries, 3);
/// assert!(config.plugins.is_written("doc-sections"));
///
/// let err = plugkit::config::Decoder::default().file("qik.toml")
///     .toml_str::<Config>("[plugins.doc-sections]\nretry = 3\n").unwrap_err();
/// assert!(err.to_string().starts_with("qik.toml:2:1: in `plugins.doc-sections.retry`: unknown field `retry`; did you mean `retries`?"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PluginSections {
    sections: BTreeMap<&'static str, Section>,
}

impl PluginSections {
    /// Every section registered in `registry`, at its default (what `Default` gives, from the
    /// registry decoding uses).
    pub(crate) fn defaults_in(registry: &Registry) -> Self {
        let mut sections = BTreeMap::new();
        for (section, entry) in registered(registry) {
            sections.insert(
                section.name,
                Section {
                    conf: section.default_conf(),
                    written: false,
                    origin: *entry.origin(),
                },
            );
        }
        PluginSections { sections }
    }

    /// The section of plugin `T`, decoded or default.
    ///
    /// ```
    /// #[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
    /// #[plugkit::plugin_section(name = "doc-sections-get")]
    /// struct Settings { verbose: bool }
    ///
    /// let sections = plugkit::config::PluginSections::default();
    /// assert!(!sections.get::<Settings>()?.verbose);
    /// # Ok::<(), plugkit::config::SectionError>(())
    /// ```
    pub fn get<T: PluginSection>(&self) -> Result<&T, SectionError> {
        let conf = self.get_by_name(T::NAME)?;
        conf.as_any()
            .downcast_ref::<T>()
            .ok_or_else(|| SectionError::WrongType {
                name: T::NAME.to_owned(),
                registered: conf.type_name().to_owned(),
                asked: std::any::type_name::<T>().to_owned(),
            })
    }

    /// The section of the plugin named `name`, as registered.
    fn get_by_name(&self, name: &str) -> Result<&dyn Conf, SectionError> {
        match self.sections.get(name) {
            Some(section) => Ok(&*section.conf),
            None => Err(SectionError::NotEnabled {
                name: name.to_owned(),
                enabled: self
                    .sections
                    .iter()
                    .map(|(name, s)| TagChoice {
                        tag: (*name).to_owned(),
                        crate_name: s.origin.crate_name.to_owned(),
                    })
                    .collect(),
            }),
        }
    }

    /// Whether the configuration wrote the section (rather than leaving it at its default, or
    /// naming the plugin by its path, `name = "qik.name"`).
    ///
    /// ```
    /// #[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
    /// #[plugkit::plugin_section(name = "doc-is-written")]
    /// struct Settings { verbose: bool }
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Config { plugins: plugkit::config::PluginSections }
    ///
    /// let decoder = plugkit::config::Decoder::default();
    /// let table: Config = decoder.toml_str("[plugins.doc-is-written]\nverbose = true\n")?;
    /// assert!(table.plugins.is_written("doc-is-written"));
    /// let path: Config = decoder.toml_str("[plugins]\ndoc-is-written = \"qik.doc-is-written\"\n")?;
    /// assert!(!path.plugins.is_written("doc-is-written"));
    /// assert!(!path.plugins.is_written("not-linked"));
    /// # Ok::<(), plugkit::config::DecodeError>(())
    /// ```
    pub fn is_written(&self, name: &str) -> bool {
        self.sections.get(name).is_some_and(|s| s.written)
    }

    /// Every section by plugin name, sorted.
    ///
    /// ```
    /// #[derive(serde::Deserialize)]
    /// struct Config { plugins: plugkit::config::PluginSections }
    /// let empty: &'static plugkit::Registry = Box::leak(Box::new(plugkit::Registry::builder().build()?));
    /// let config: Config = plugkit::config::Decoder::default().registry(empty).toml_str("[plugins]")?;
    /// assert_eq!(config.plugins.iter().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &dyn Conf)> {
        self.sections.iter().map(|(name, s)| (*name, &*s.conf))
    }
}

/// Every section of the program-wide registry (or, while a [`Decoder`](super::Decoder)
/// decodes, of its registry), at its default.
impl Default for PluginSections {
    fn default() -> Self {
        PluginSections::defaults_in(current_registry())
    }
}

impl Clone for PluginSections {
    fn clone(&self) -> Self {
        let sections = self
            .sections
            .iter()
            .map(|(name, s)| {
                (
                    *name,
                    Section {
                        conf: dyn_clone::clone_box(&*s.conf),
                        written: s.written,
                        origin: s.origin,
                    },
                )
            })
            .collect();
        PluginSections { sections }
    }
}

impl fmt::Debug for PluginSections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for PluginSections {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.sections.len()))?;
        for (name, conf) in self.iter() {
            map.serialize_entry(name, conf)?;
        }
        map.end()
    }
}

impl<'de> de::Deserialize<'de> for PluginSections {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(SectionsVisitor)
    }
}

fn registered(registry: &Registry) -> impl Iterator<Item = (&'static SectionType, &Entry)> {
    registry
        .find_point(PLUGINS_URL)
        .into_iter()
        .flat_map(|p| p.entries())
        .filter_map(|e| e.payload::<SectionType>().map(|s| (s, e)))
}

struct SectionsVisitor;

impl<'de> Visitor<'de> for SectionsVisitor {
    type Value = PluginSections;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of plugin sections (`[plugins.<name>]`)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut sections = PluginSections::defaults_in(current_registry());
        while let Some((section, origin)) = map.next_key_seed(NameSeed)? {
            let (conf, written) = map.next_value_seed(SectionSeed(section))?;
            sections.sections.insert(
                section.name,
                Section {
                    conf,
                    written,
                    origin,
                },
            );
        }
        Ok(sections)
    }
}

/// A plugin's name, looked up among the registered sections.
struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = (&'static SectionType, Origin);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed {
    type Value = (&'static SectionType, Origin);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a plugin's name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        let registry = current_registry();
        let found = registry
            .find_point(PLUGINS_URL)
            .and_then(|p| p.entry(name))
            .and_then(|e| e.payload::<SectionType>().map(|s| (s, *e.origin())));
        found.ok_or_else(|| {
            let enabled = registered(registry)
                .map(|(s, e)| TagChoice {
                    tag: s.name.to_owned(),
                    crate_name: e.origin().crate_name.to_owned(),
                })
                .collect();
            let (suggestion, enabled) = rank_choices(name, enabled);
            let error = DecodeError::new(DecodeErrorKind::UnknownPlugin {
                name: name.to_owned(),
                suggestion,
                enabled,
            });
            E::custom(relay_store(&error))
        })
    }
}

/// A section's value, decoded strictly (unknown keys rejected) as the registered type; or,
/// through plugkit's [`Decoder`](super::Decoder), Qik's string form (`pygraph = "qik.pygraph"`,
/// the plugin's path): the plugin enabled with its defaults.
struct SectionSeed(&'static SectionType);

impl<'de> DeserializeSeed<'de> for SectionSeed {
    /// The section, and whether it was written as a table.
    type Value = (Box<dyn Conf>, bool);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_newtype_struct(SECTION, self)
    }
}

impl<'de> Visitor<'de> for SectionSeed {
    type Value = (Box<dyn Conf>, bool);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the `[plugins.{}]` section, or the plugin's path (a string)",
            self.0.name
        )
    }

    /// The plugin's path: its last dotted part names the plugin (`-` and `_` alike).
    fn visit_str<E: de::Error>(self, path: &str) -> Result<Self::Value, E> {
        let normal = |s: &str| s.replace('-', "_");
        let last = path.rsplit('.').next().unwrap_or(path);
        if normal(last) == normal(self.0.name) {
            return Ok((self.0.default_conf(), false));
        }
        let name = self.0.name;
        Err(E::custom(format!(
            "{:?} is not a path of the `{name}` plugin: its last part must be `{name}`\n  \
             fix: write the plugin's path, such as `{} = \"qik.{name}\"`, or a `[plugins.{}]` table",
            quoted(path),
            self.0.name,
            self.0.name
        )))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let mut erased = <dyn erased_serde::Deserializer<'de>>::erase(deserializer);
        (self.0.decode)(&mut erased)
            .map(|conf| (conf, true))
            .map_err(de::Error::custom)
    }
}

crate::error::debug_is_display!(SectionError);
