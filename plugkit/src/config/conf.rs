//! What every configuration value is, what a kind is, and what a `type` tag registers.

use std::any::Any;
use std::fmt;

use super::error::DecodeError;
use crate::{Origin, Point, Registry};

/// What every value of a configuration kind is: serializable through erased-serde,
/// shareable, and downcastable to its concrete type. Implemented for every
/// `T: Serialize + Send + Sync + 'static`; a kind's trait has it as a supertrait (added by
/// [`#[config_kind]`](crate::config_kind)), so a `Box<dyn CacheConf>` can be serialized and
/// downcast. A kind declared with `clone` or `debug` also requires `Clone` or `Debug`.
///
/// ```
/// use plugkit::config::ConfValue;
///
/// #[derive(serde::Serialize)]
/// struct Local { dir: String }
///
/// let conf: Box<dyn ConfValue> = Box::new(Local { dir: ".cache".into() });
/// assert_eq!(conf.downcast_ref::<Local>().unwrap().dir, ".cache");
/// assert_eq!(serde_json::to_string(&conf).unwrap(), r#"{"dir":".cache"}"#);
/// ```
pub trait ConfValue: erased_serde::Serialize + Any + Send + Sync {
    /// The value as [`Any`], to downcast it to its concrete type.
    #[doc(hidden)]
    fn as_any(&self) -> &dyn Any;

    /// The concrete type's name, for messages.
    #[doc(hidden)]
    fn type_name(&self) -> &'static str;
}

impl<T> ConfValue for T
where
    T: serde::Serialize + Any + Send + Sync,
{
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn type_name(&self) -> &'static str {
        std::any::type_name::<T>()
    }
}

/// A configuration value that is also cloneable (through dyn-clone) and printable: what a
/// plugin's section ([`PluginSection`](super::PluginSection)) is. Implemented for every
/// `T: Serialize + Clone + Debug + Send + Sync + 'static`.
///
/// ```
/// use plugkit::config::Conf;
///
/// #[derive(Clone, Debug, serde::Serialize)]
/// struct Local { dir: String }
///
/// let conf: Box<dyn Conf> = Box::new(Local { dir: ".cache".into() });
/// let copy = dyn_clone::clone_box(&*conf);
/// assert_eq!(copy.downcast_ref::<Local>().unwrap().dir, ".cache");
/// assert_eq!(serde_json::to_string(&conf).unwrap(), r#"{"dir":".cache"}"#);
/// assert_eq!(format!("{conf:?}"), r#"Local { dir: ".cache" }"#);
/// ```
pub trait Conf: ConfValue + dyn_clone::DynClone + fmt::Debug {}

impl<T> Conf for T where T: ConfValue + Clone + fmt::Debug {}

impl dyn ConfValue {
    /// The value as a `T`, if it is one (see [`<dyn Conf>::downcast_ref`](trait.Conf.html#method.downcast_ref)
    /// for why to prefer it to `as_any`).
    ///
    /// ```
    /// use plugkit::config::ConfValue;
    /// let conf: Box<dyn ConfValue> = Box::new(3_u8);
    /// assert_eq!(conf.downcast_ref::<u8>(), Some(&3));
    /// ```
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        self.as_any().downcast_ref()
    }
}

impl serde::Serialize for dyn ConfValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        erased_serde::serialize(self, serializer)
    }
}

dyn_clone::clone_trait_object!(Conf);

impl dyn Conf {
    /// The value as a `T`, if it is one: on a `Box<dyn Conf>`, the value in the box (never
    /// the box itself).
    ///
    /// ```
    /// use plugkit::config::Conf;
    /// let conf: Box<dyn Conf> = Box::new(3_u8);
    /// assert_eq!(conf.downcast_ref::<u8>(), Some(&3));
    /// assert_eq!(conf.downcast_ref::<u16>(), None);
    /// ```
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        self.as_any().downcast_ref()
    }
}

impl serde::Serialize for dyn Conf {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        erased_serde::serialize(self, serializer)
    }
}

/// A configuration kind: implemented for `dyn Trait` by [`#[config_kind]`](crate::config_kind)
/// on the host's trait. Holds the kind's point (its tags are the point's entries, its
/// `default` the tag used when a configuration has no `type`) and its name for messages; a
/// value's tag is [`tag_of`].
///
/// ```
/// #[plugkit::config_kind(name = "doc-kind-cache", default = "memory")]
/// pub trait KindDocCache {}
///
/// use plugkit::config::Kind;
/// assert_eq!(<dyn KindDocCache as Kind>::NAME, "doc-kind-cache");
/// assert_eq!(<dyn KindDocCache as Kind>::POINT.url, "plugkit://plugkit-framework/config/doc-kind-cache");
/// assert_eq!(<dyn KindDocCache as Kind>::POINT.default, Some("memory"));
/// ```
pub trait Kind: ConfValue + 'static {
    /// The kind's extension point, whose entries are the tags.
    const POINT: Point;
    /// The kind's name in messages ("unknown cache type `s4`").
    const NAME: &'static str;

    /// The `type` tag of a value of this kind.
    #[doc(hidden)]
    fn tag_of(conf: &Self) -> &'static str;

    /// The kind's tags in the program-wide registry, looked up once; emitted by the macro.
    #[doc(hidden)]
    fn tag_cache() -> &'static TagCache<Self>;

    /// The tag used when a configuration has no `type`, if the host chose one.
    #[doc(hidden)]
    fn default_tag() -> Option<&'static str> {
        Self::POINT.default
    }
}

/// The `type` tag of a configuration value.
///
/// ```
/// #[plugkit::config_kind(name = "doc-tag-of")]
/// pub trait TagOfDoc {}
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Memory {}
///
/// #[plugkit::config_type(tag = "memory")]
/// impl TagOfDoc for Memory {}
///
/// let conf: Box<dyn TagOfDoc> = Box::new(Memory {});
/// assert_eq!(plugkit::config::tag_of(&*conf), "memory");
/// ```
pub fn tag_of<K: ?Sized + Kind>(conf: &K) -> &'static str {
    K::tag_of(conf)
}

/// How a tag's configuration is decoded: from any self-describing deserializer, erased.
///
/// ```
/// #[plugkit::config_kind(name = "doc-decode-fn")]
/// pub trait DecodeFnDoc {}
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Memory {}
/// #[plugkit::config_type(tag = "memory")]
/// impl DecodeFnDoc for Memory {}
///
/// let f: plugkit::config::DecodeFn<dyn DecodeFnDoc> = |d| Ok(Box::new(erased_serde::deserialize::<Memory>(d)?));
/// # let _ = f;
/// ```
#[doc(hidden)]
pub type DecodeFn<K> =
    for<'de> fn(&mut dyn erased_serde::Deserializer<'de>) -> Result<Box<K>, erased_serde::Error>;

/// What a `type` tag registers: the payload of its entry in the kind's point. Built by
/// [`#[config_type]`](crate::config_type); tests and run-time plugins build it by hand.
///
/// ```
/// use plugkit::config::ConfType;
///
/// #[plugkit::config_kind(name = "doc-conf-type")]
/// pub trait ConfTypeDoc {}
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Memory { size: u32 }
/// impl ConfTypeDoc for Memory { fn __plugkit_config_tag(&self) -> &'static str { "memory" } }
///
/// static MEMORY: ConfType<dyn ConfTypeDoc> = ConfType::new("memory", "Memory", |d| {
///     Ok(Box::new(erased_serde::deserialize::<Memory>(d)?))
/// });
/// let mut json = serde_json::Deserializer::from_str(r#"{"size": 3}"#);
/// let conf = MEMORY.decode(&mut <dyn erased_serde::Deserializer>::erase(&mut json)).unwrap();
/// assert_eq!(conf.downcast_ref::<Memory>().unwrap().size, 3);
/// ```
#[doc(hidden)]
pub struct ConfType<K: ?Sized + 'static> {
    tag: &'static str,
    type_name: &'static str,
    decode: DecodeFn<K>,
    direct: Option<DirectFn<K>>,
    flatten: super::flatten::FlattenState,
}

/// How a tag's configuration is decoded from plugkit's own buffered document, without
/// erasure: the fast path [`#[config_type]`](crate::config_type) adds with
/// [`ConfType::with_direct`].
///
/// ```
/// #[plugkit::config_kind(name = "doc-direct-fn")]
/// pub trait DirectFnDoc {}
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Memory {}
/// #[plugkit::config_type(tag = "memory")]
/// impl DirectFnDoc for Memory {}
///
/// let f: plugkit::config::DirectFn<dyn DirectFnDoc> = |d| Ok(Box::new(<Memory as serde::Deserialize>::deserialize(d)?));
/// # let _ = f;
/// ```
#[doc(hidden)]
pub type DirectFn<K> = for<'de, 'p> fn(Direct<'de, 'p>) -> Result<Box<K>, DecodeError>;

/// The deserializer [`DirectFn`]s read: plugkit's document decoder. Opaque.
///
/// ```
/// fn read(d: plugkit::config::Direct<'_, '_>) -> Result<u32, plugkit::config::DecodeError> {
///     serde::Deserialize::deserialize(d)
/// }
/// # let _ = read;
/// ```
#[doc(hidden)]
pub type Direct<'de, 'p> = super::ValueDe<'de, 'p>;

impl<K: ?Sized + 'static> ConfType<K> {
    /// A tag, the name of its Rust type (for listings), and its decoder.
    ///
    /// ```
    /// #[plugkit::config_kind(name = "doc-conf-type-new")]
    /// pub trait NewDoc {}
    /// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
    /// struct Memory {}
    /// impl NewDoc for Memory { fn __plugkit_config_tag(&self) -> &'static str { "memory" } }
    /// let t = plugkit::config::ConfType::<dyn NewDoc>::new("memory", "Memory", |d| Ok(Box::new(erased_serde::deserialize::<Memory>(d)?)));
    /// assert_eq!((t.tag(), t.type_name(), t.has_direct()), ("memory", "Memory", false));
    /// ```
    pub const fn new(tag: &'static str, type_name: &'static str, decode: DecodeFn<K>) -> Self {
        ConfType {
            tag,
            type_name,
            decode,
            direct: None,
            flatten: super::flatten::FlattenState::new(),
        }
    }

    /// Adds a decoder from plugkit's document model that needs no erasure (monomorphized
    /// where the type is registered); the tagged decoder prefers it when the input was
    /// buffered.
    ///
    /// ```
    /// use plugkit::config::ConfType;
    /// #[plugkit::config_kind(name = "doc-with-direct")]
    /// pub trait WithDirectDoc {}
    /// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
    /// struct Memory { size: u32 }
    /// impl WithDirectDoc for Memory { fn __plugkit_config_tag(&self) -> &'static str { "memory" } }
    ///
    /// static MEMORY: ConfType<dyn WithDirectDoc> = ConfType::<dyn WithDirectDoc>::new("memory", "Memory", |d| {
    ///     Ok(Box::new(erased_serde::deserialize::<Memory>(d)?))
    /// })
    /// .with_direct(|d| Ok(Box::new(<Memory as serde::Deserialize>::deserialize(d)?)));
    /// assert!(MEMORY.has_direct());
    /// ```
    pub const fn with_direct(mut self, direct: DirectFn<K>) -> Self {
        self.direct = Some(direct);
        self
    }

    /// Whether the type has a [`with_direct`](ConfType::with_direct) decoder (every type
    /// registered with [`#[config_type]`](crate::config_type) has one); see
    /// [`ConfType::with_direct`] for an example.
    pub const fn has_direct(&self) -> bool {
        self.direct.is_some()
    }

    pub(crate) fn direct(&self) -> Option<DirectFn<K>> {
        self.direct
    }

    pub(crate) fn flatten_state(&self) -> &super::flatten::FlattenState {
        &self.flatten
    }

    /// The `type` tag users write; see [`ConfType::new`] for an example.
    pub const fn tag(&self) -> &'static str {
        self.tag
    }

    /// The Rust type behind the tag; see [`ConfType::new`] for an example.
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// Decodes a configuration of this type (the fields beside `type`); see [`ConfType`] for
    /// an example.
    pub fn decode(
        &self,
        deserializer: &mut dyn erased_serde::Deserializer<'_>,
    ) -> Result<Box<K>, erased_serde::Error> {
        (self.decode)(deserializer)
    }
}

impl<K: ?Sized> fmt::Debug for ConfType<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfType")
            .field("tag", &self.tag)
            .field("type_name", &self.type_name)
            .finish_non_exhaustive()
    }
}

/// One registered tag of a kind, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TagInfo {
    /// The `type` tag.
    pub(crate) tag: &'static str,
    /// The Rust type behind it.
    pub(crate) type_name: &'static str,
    /// Who registered it.
    pub(crate) origin: Origin,
}

/// Every tag registered for kind `K` in `registry`, sorted by tag.
pub(crate) fn tags<K: ?Sized + Kind>(registry: &Registry) -> Vec<TagInfo> {
    let mut tags: Vec<TagInfo> = registry
        .point(K::POINT.url)
        .map(|p| {
            p.entries()
                .iter()
                .filter_map(|e| {
                    e.payload::<ConfType<K>>().map(|t| TagInfo {
                        tag: t.tag,
                        type_name: t.type_name,
                        origin: *e.origin(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    tags.sort_by_key(|t| t.tag);
    tags
}

/// Every configuration kind in `registry`, and the point of the plugin sections
/// ([`PLUGINS_URL`](super::PLUGINS_URL), whose entries are the plugins' names), with their
/// entries, for listings such as a `plugins` command.
///
/// ```
/// #[plugkit::config_kind(name = "doc-kinds")]
/// pub trait KindsDoc {}
///
/// let kinds: Vec<_> = plugkit::config::kinds(plugkit::registry()).map(|k| k.point()).collect();
/// let ours = kinds.iter().find(|p| p.url == "plugkit://plugkit-framework/config/doc-kinds").unwrap();
/// assert_eq!(ours.style.noun, "configuration kind");
/// assert!(kinds.iter().any(|p| p.url == plugkit::config::PLUGINS_URL));
/// ```
pub fn kinds(registry: &Registry) -> impl Iterator<Item = &crate::PointEntries> {
    registry
        .points()
        .iter()
        .filter(|p| super::point::is_kind(p.point()))
}

/// A kind's tags in the program-wide registry, sorted, built on the first decode: decoding
/// then finds a tag with a binary search instead of two hash lookups. Declared by
/// [`#[config_kind]`](crate::config_kind); not for direct use.
#[doc(hidden)]
pub struct TagCache<K: ?Sized + 'static> {
    tags: std::sync::OnceLock<Vec<(&'static str, &'static ConfType<K>)>>,
}

impl<K: ?Sized + 'static> TagCache<K> {
    /// An empty cache; `#[config_kind]` declares one per kind.
    pub const fn new() -> Self {
        TagCache {
            tags: std::sync::OnceLock::new(),
        }
    }
}

impl<K: ?Sized + 'static> Default for TagCache<K> {
    fn default() -> Self {
        TagCache::new()
    }
}

/// The registered type behind `tag` for kind `K`, if any. `global` says that `registry` is
/// the program-wide one, which never changes once built, so its tags can be cached.
pub(crate) fn lookup<K: ?Sized + Kind>(
    registry: &'static Registry,
    global: bool,
    tag: &str,
) -> Option<&'static ConfType<K>> {
    if global {
        let tags = K::tag_cache().tags.get_or_init(|| {
            let mut tags: Vec<_> = registry
                .point(K::POINT.url)
                .into_iter()
                .flat_map(|p| p.entries())
                .filter_map(|e| e.payload::<ConfType<K>>().map(|t| (e.id(), t)))
                .collect();
            tags.sort_unstable_by_key(|(id, _)| *id);
            tags
        });
        // A few tags: equality checks lengths first, cheaper than ordering them.
        if tags.len() <= 16 {
            return tags.iter().find(|(id, _)| *id == tag).map(|(_, t)| *t);
        }
        return tags
            .binary_search_by(|(id, _)| (*id).cmp(tag))
            .ok()
            .map(|i| tags[i].1);
    }
    registry
        .find_point(K::POINT.url)?
        .entry(tag)?
        .payload::<ConfType<K>>()
}
