//! What every configuration value is, what a kind is, and what a `type` tag registers.

use std::any::Any;
use std::fmt;

use crate::{Entry, Origin, Point, PointKind, Registry};

/// What every configuration value is: serializable through erased-serde, cloneable through
/// dyn-clone, printable, shareable, and downcastable to its concrete type.
///
/// Implemented for every `T: Serialize + Clone + Debug + Send + Sync + 'static`; a kind's trait
/// has it as a supertrait (added by [`#[config_kind]`](crate::config_kind)), so a
/// `Box<dyn CacheConf>` can be cloned, printed, serialized and downcast.
///
/// ```
/// use plugkit::config::Conf;
///
/// #[derive(Clone, Debug, serde::Serialize)]
/// struct Local { dir: String }
///
/// let conf: Box<dyn Conf> = Box::new(Local { dir: ".cache".into() });
/// let copy = dyn_clone::clone_box(&*conf);
/// assert_eq!(copy.as_any().downcast_ref::<Local>().unwrap().dir, ".cache");
/// assert_eq!(serde_json::to_string(&conf).unwrap(), r#"{"dir":".cache"}"#);
/// ```
pub trait Conf:
    erased_serde::Serialize + dyn_clone::DynClone + Any + Send + Sync + fmt::Debug
{
    /// The value as [`Any`], to downcast it to its concrete type.
    fn as_any(&self) -> &dyn Any;

    /// The concrete type's name, for messages.
    fn type_name(&self) -> &'static str;
}

impl<T> Conf for T
where
    T: serde::Serialize + Clone + Any + Send + Sync + fmt::Debug,
{
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn type_name(&self) -> &'static str {
        std::any::type_name::<T>()
    }
}

dyn_clone::clone_trait_object!(Conf);

impl serde::Serialize for dyn Conf {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        erased_serde::serialize(self, serializer)
    }
}

/// A configuration kind: implemented for `dyn Trait` by [`#[config_kind]`](crate::config_kind)
/// on the host's trait. Holds the kind's point (its tags are the point's entries), its name
/// for messages, and how to read a value's tag.
///
/// ```
/// #[plugkit::config_kind(name = "doc-kind-cache", default = "memory")]
/// pub trait KindDocCache {}
///
/// use plugkit::config::Kind;
/// assert_eq!(<dyn KindDocCache as Kind>::NAME, "doc-kind-cache");
/// assert_eq!(<dyn KindDocCache as Kind>::POINT.url, "plugkit://plugkit/config/doc-kind-cache");
/// assert_eq!(<dyn KindDocCache as Kind>::default_tag(), Some("memory"));
/// ```
pub trait Kind: Conf + 'static {
    /// The kind's extension point: a [`PointKind::ConfigKind`] whose entries are the tags.
    const POINT: Point;
    /// The kind's name in messages ("unknown cache type `s4`").
    const NAME: &'static str;

    /// The `type` tag of a value of this kind.
    fn tag_of(conf: &Self) -> &'static str;

    /// The tag used when a configuration has no `type`, if the host chose one.
    fn default_tag() -> Option<&'static str> {
        match Self::POINT.kind {
            PointKind::ConfigKind { default_tag } => default_tag,
            _ => None,
        }
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
/// impl ConfTypeDoc for Memory { fn __plugkit_tag(&self) -> &'static str { "memory" } }
///
/// static MEMORY: ConfType<dyn ConfTypeDoc> = ConfType::new("memory", "Memory", |d| {
///     Ok(Box::new(erased_serde::deserialize::<Memory>(d)?))
/// });
/// let mut json = serde_json::Deserializer::from_str(r#"{"size": 3}"#);
/// let conf = MEMORY.decode(&mut <dyn erased_serde::Deserializer>::erase(&mut json)).unwrap();
/// assert_eq!(conf.as_any().downcast_ref::<Memory>().unwrap().size, 3);
/// ```
pub struct ConfType<K: ?Sized + 'static> {
    tag: &'static str,
    type_name: &'static str,
    decode: DecodeFn<K>,
}

impl<K: ?Sized + 'static> ConfType<K> {
    /// A tag, the name of its Rust type (for listings), and its decoder.
    pub const fn new(tag: &'static str, type_name: &'static str, decode: DecodeFn<K>) -> Self {
        ConfType {
            tag,
            type_name,
            decode,
        }
    }

    /// The `type` tag users write.
    pub const fn tag(&self) -> &'static str {
        self.tag
    }

    /// The Rust type behind the tag.
    pub const fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// Decodes a configuration of this type (the fields beside `type`).
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

/// One registered tag of a kind, for listings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagInfo {
    /// The `type` tag.
    pub tag: &'static str,
    /// The Rust type behind it.
    pub type_name: &'static str,
    /// Who registered it.
    pub origin: Origin,
}

/// Every tag registered for kind `K` in `registry`, sorted by tag.
///
/// ```
/// #[plugkit::config_kind(name = "doc-tags")]
/// pub trait TagsDoc {}
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Memory {}
/// #[plugkit::config_type(tag = "memory")]
/// impl TagsDoc for Memory {}
///
/// let tags = plugkit::config::tags::<dyn TagsDoc>(plugkit::registry());
/// assert_eq!(tags[0].tag, "memory");
/// assert_eq!(tags[0].origin.crate_name, "plugkit");
/// ```
pub fn tags<K: ?Sized + Kind>(registry: &Registry) -> Vec<TagInfo> {
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

/// Every configuration kind in `registry` (points of kind [`PointKind::ConfigKind`]) with its
/// entries, for listings such as a `plugins` command.
///
/// ```
/// let registry = plugkit::Registry::builder().discovered().build_partial();
/// for kind in plugkit::config::kinds(&registry) {
///     assert!(matches!(kind.point().kind, plugkit::PointKind::ConfigKind { .. }));
/// }
/// ```
pub fn kinds(registry: &Registry) -> impl Iterator<Item = &crate::PointEntries> {
    registry
        .points()
        .iter()
        .filter(|p| matches!(p.point().kind, PointKind::ConfigKind { .. }))
}

/// The registered type behind `tag` for kind `K`, if any.
pub(crate) fn lookup<'r, K: ?Sized + Kind>(
    registry: &'r Registry,
    tag: &str,
) -> Option<(&'static ConfType<K>, &'r Entry)> {
    let entry = registry.point(K::POINT.url)?.entry(tag)?;
    entry.payload::<ConfType<K>>().map(|t| (t, entry))
}
