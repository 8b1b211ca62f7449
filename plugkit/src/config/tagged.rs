//! Decoding `Box<dyn Kind>` from any self-describing format, in typetag's internally tagged
//! form: `type` beside the fields.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, VariantAccess,
    Visitor,
};
use serde::forward_to_deserialize_any;

use super::conf::{ConfType, DecodeFn, DirectFn, Kind, lookup, tags};
use super::de::{TAG_KEY, TAGGED, ValueDe};
use super::decoder::{current_registry, registry_in_use};
use super::error::{
    DecodeError, DecodeErrorKind, TagChoice, rank_choices, relay_find, relay_store,
};
use super::flatten;
use super::handoff;
use super::path::Path;
use super::value::{Key, KeySeed, Span, SpannedKeySeed, Value};

/// Decodes a configuration of kind `K`: reads its `type`, finds the registered type in the
/// registry, and decodes the other keys as that type, rejecting keys it does not have.
///
/// [`#[config_kind]`](crate::config_kind) implements `Deserialize for Box<dyn Trait>` with it;
/// called by generated code, not part of the documented surface.
///
/// ```
/// #[plugkit::config_kind(name = "doc-deserialize")]
/// pub trait DeserializeDoc {}
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Memory { size: u32 }
/// #[plugkit::config_type(tag = "memory")]
/// impl DeserializeDoc for Memory {}
///
/// let mut json = serde_json::Deserializer::from_str(r#"{"size": 3, "type": "memory"}"#);
/// let conf = plugkit::config::deserialize::<dyn DeserializeDoc, _>(&mut json).unwrap();
/// assert_eq!(conf.downcast_ref::<Memory>().unwrap().size, 3);
/// ```
#[doc(hidden)]
pub fn deserialize<'de, K, D>(deserializer: D) -> Result<Box<K>, D::Error>
where
    K: ?Sized + Kind,
    D: Deserializer<'de>,
{
    deserializer.deserialize_struct(
        TAGGED,
        &[TAG_KEY],
        TaggedVisitor::<K> {
            shorthand: None,
            value: None,
            kind: PhantomData,
        },
    )
}

/// Decodes a configuration of kind `K` as `Box<dyn Trait>` decodes (its `type`, then the
/// other keys as the registered type), and a bare string stands for the configuration
/// `shorthand` makes of it (Qik's `deps = ["src/*.py", { type = "pydist", .. }]`: a string is a glob).
///
/// ```
/// #[plugkit::config_kind(name = "doc-shorthand")]
/// pub trait ShorthandDoc {}
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Glob { pattern: String }
/// #[plugkit::config_type(tag = "glob")]
/// impl ShorthandDoc for Glob {}
///
/// struct Dep(Box<dyn ShorthandDoc>);
/// impl<'de> serde::Deserialize<'de> for Dep {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         plugkit::config::deserialize_or_shorthand::<dyn ShorthandDoc, D>(d, |text| Box::new(Glob { pattern: text.into() })).map(Dep)
///     }
/// }
///
/// let deps: Vec<Dep> = plugkit::config::Decoder::default().toml_str::<std::collections::BTreeMap<String, Vec<Dep>>>(
///     "deps = [\"src/*.rs\", { type = \"glob\", pattern = \"*.toml\" }]",
/// )?.remove("deps").unwrap();
/// let patterns: Vec<&str> = deps.iter().map(|d| d.0.downcast_ref::<Glob>().unwrap().pattern.as_str()).collect();
/// assert_eq!(patterns, ["src/*.rs", "*.toml"]);
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
pub fn deserialize_or_shorthand<'de, K, D>(
    deserializer: D,
    shorthand: fn(&str) -> Box<K>,
) -> Result<Box<K>, D::Error>
where
    K: ?Sized + Kind,
    D: Deserializer<'de>,
{
    deserializer.deserialize_struct(
        TAGGED,
        &[TAG_KEY],
        TaggedVisitor::<K> {
            shorthand: Some(shorthand),
            value: None,
            kind: PhantomData,
        },
    )
}

/// Decodes a configuration of kind `K` as `Box<dyn Trait>` decodes (its `type`, then the
/// other keys as the registered type), and any value that is not a table (a string, a list,
/// a number, a boolean) is handed to `shorthand`, which decodes it as the kind sees fit (Qik's
/// `venv = ["requirements.in", "dev.in"]`). Errors in it are located like any other.
///
/// ```
/// #[plugkit::config_kind(name = "doc-value-shorthand")]
/// pub trait VenvDoc {}
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Reqs { files: Vec<String> }
/// #[plugkit::config_type(tag = "reqs")]
/// impl VenvDoc for Reqs {}
///
/// /// A string or a list of strings: requirement files.
/// #[derive(serde::Deserialize)]
/// #[serde(untagged)]
/// enum Files { One(String), Many(Vec<String>) }
///
/// struct Venv(Box<dyn VenvDoc>);
/// impl<'de> serde::Deserialize<'de> for Venv {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         plugkit::config::deserialize_or_value::<dyn VenvDoc, D>(d, |v| {
///             let files = match erased_serde::deserialize::<Files>(v)? {
///                 Files::One(f) => vec![f],
///                 Files::Many(f) => f,
///             };
///             Ok(Box::new(Reqs { files }))
///         }).map(Venv)
///     }
/// }
///
/// let venvs: std::collections::BTreeMap<String, Venv> =
///     plugkit::config::Decoder::default().toml_str("a = [\"r.in\", \"dev.in\"]\nb = \"r.in\"\n")?;
/// assert_eq!(venvs["a"].0.downcast_ref::<Reqs>().unwrap().files, ["r.in", "dev.in"]);
/// assert_eq!(venvs["b"].0.downcast_ref::<Reqs>().unwrap().files, ["r.in"]);
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
pub fn deserialize_or_value<'de, K, D>(
    deserializer: D,
    shorthand: for<'a> fn(
        &mut dyn erased_serde::Deserializer<'a>,
    ) -> Result<Box<K>, erased_serde::Error>,
) -> Result<Box<K>, D::Error>
where
    K: ?Sized + Kind,
    D: Deserializer<'de>,
{
    deserializer.deserialize_struct(
        TAGGED,
        &[TAG_KEY],
        TaggedVisitor::<K> {
            shorthand: None,
            value: Some(shorthand),
            kind: PhantomData,
        },
    )
}

struct TaggedVisitor<K: ?Sized> {
    shorthand: Option<fn(&str) -> Box<K>>,
    value: Option<DecodeFn<K>>,
    kind: PhantomData<fn() -> Box<K>>,
}

impl<K: ?Sized + Kind> TaggedVisitor<K> {
    /// A value that is not a table, for the kind's `shorthand` if it has one.
    fn value<'de, D, E>(self, deserializer: D, unexpected: de::Unexpected<'_>) -> Result<Box<K>, E>
    where
        D: Deserializer<'de>,
        E: de::Error,
    {
        match self.value {
            Some(shorthand) => {
                let mut erased = <dyn erased_serde::Deserializer<'de>>::erase(deserializer);
                shorthand(&mut erased).map_err(de::Error::custom)
            }
            None => Err(de::Error::invalid_type(unexpected, &self)),
        }
    }
}

impl<'de, K: ?Sized + Kind> Visitor<'de> for TaggedVisitor<K> {
    type Value = Box<K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a {} configuration (a table with `type = \"...\"` and that type's keys{})",
            K::NAME,
            if self.shorthand.is_some() {
                ", or a string"
            } else if self.value.is_some() {
                ", or a value"
            } else {
                ""
            }
        )
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        match self.shorthand {
            Some(shorthand) => Ok(shorthand(text)),
            None => self.value(
                de::value::StrDeserializer::<E>::new(text),
                de::Unexpected::Str(text),
            ),
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.value(
            de::value::BoolDeserializer::<E>::new(v),
            de::Unexpected::Bool(v),
        )
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.value(
            de::value::I64Deserializer::<E>::new(v),
            de::Unexpected::Signed(v),
        )
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.value(
            de::value::U64Deserializer::<E>::new(v),
            de::Unexpected::Unsigned(v),
        )
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.value(
            de::value::F64Deserializer::<E>::new(v),
            de::Unexpected::Float(v),
        )
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.value(
            de::value::SeqAccessDeserializer::new(seq),
            de::Unexpected::Seq,
        )
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let ((conf_type, defaulted), rest) = data.variant_seed(TagSeed::<K>(PhantomData))?;
        // plugkit's own decoder takes this and decodes the rest without erasure.
        handoff::offer(conf_type);
        let decoded = rest.newtype_variant_seed(ConfSeed(conf_type));
        handoff::take_offer();
        decoded.map_err(|e| {
            if defaulted {
                default_note::<K, _>(e)
            } else {
                e
            }
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let first = map.next_key_seed(SpannedKeySeed)?;
        match first {
            // `type` first: decode the rest directly from a buffer when the type can (no
            // erasure), else as it streams, as typetag does.
            Some(key) if key.name == TAG_KEY => {
                let (conf_type, _) = map.next_value_seed(TagSeed::<K>(PhantomData))?;
                match conf_type.direct() {
                    Some(direct) => {
                        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(4));
                        while let Some(key) = map.next_key_seed(SpannedKeySeed)? {
                            entries.push((key, map.next_value()?));
                        }
                        decode_buffered(conf_type, direct, entries)
                    }
                    None => ConfSeed(conf_type).deserialize(StrictMap { map, fields: None }),
                }
            }
            None => {
                let conf_type = default_or_missing::<K, A::Error>()?;
                ConfSeed(conf_type)
                    .deserialize(StrictMap { map, fields: None })
                    .map_err(default_note::<K, _>)
            }
            // `type` later, or absent: keep the keys until it comes.
            Some(key) => {
                let mut entries = vec![(key, map.next_value::<Value<'de>>()?)];
                let mut conf_type = None;
                while let Some(key) = map.next_key_seed(SpannedKeySeed)? {
                    if key.name == TAG_KEY && conf_type.is_none() {
                        conf_type = Some(map.next_value_seed(TagSeed::<K>(PhantomData))?.0);
                    } else {
                        entries.push((key, map.next_value()?));
                    }
                }
                let (conf_type, defaulted) = match conf_type {
                    Some(t) => (t, false),
                    None => (default_or_missing::<K, A::Error>()?, true),
                };
                let decoded = match conf_type.direct() {
                    Some(direct) => decode_buffered(conf_type, direct, entries),
                    None => {
                        let rest = ValueDe::rest(Value::table(entries, Span::NONE), Path::Root);
                        ConfSeed(conf_type)
                            .deserialize(rest)
                            .map_err(|e| de::Error::custom(relay_store(&e.relative())))
                    }
                };
                decoded.map_err(|e| {
                    if defaulted {
                        default_note::<K, _>(e)
                    } else {
                        e
                    }
                })
            }
        }
    }
}

/// Decodes buffered keys with the type's direct decoder; its errors carry their path within
/// the configuration.
fn decode_buffered<K: ?Sized + Kind, E: de::Error>(
    conf_type: &'static ConfType<K>,
    direct: DirectFn<K>,
    entries: Vec<(Key<'_>, Value<'_>)>,
) -> Result<Box<K>, E> {
    flatten::decode_direct(
        conf_type,
        direct,
        Value::table(entries, Span::NONE),
        Path::Root,
    )
    .map_err(|e| de::Error::custom(relay_store(&e.relative())))
}

/// Says, on a key that does not fit, that the configuration had no `type` and was read as the
/// kind's default type.
fn default_note<K: ?Sized + Kind, E: de::Error>(error: E) -> E {
    let Some(found) = relay_find(&error.to_string()) else {
        return error;
    };
    if !matches!(
        found.kind(),
        DecodeErrorKind::UnknownField { .. } | DecodeErrorKind::MissingField { .. }
    ) || found.note().is_some()
    {
        return error;
    }
    let tag = K::default_tag().unwrap_or_default();
    let noted = found.with_note(format!(
        "this {} configuration has no `type`, so it was read as the default type `{tag}`",
        K::NAME
    ));
    E::custom(relay_store(&noted))
}

/// Reads a `type` and finds what it registers.
struct TagSeed<K: ?Sized>(PhantomData<fn() -> Box<K>>);

impl<'de, K: ?Sized + Kind> DeserializeSeed<'de> for TagSeed<K> {
    /// The registered type, and whether it is the kind's default (no `type` written).
    type Value = (&'static ConfType<K>, bool);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, K: ?Sized + Kind> Visitor<'de> for TagSeed<K> {
    type Value = (&'static ConfType<K>, bool);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the `type` of a {} configuration, a string", K::NAME)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((default_or_missing::<K, E>()?, true))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok((default_or_missing::<K, E>()?, true))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, tag: &str) -> Result<Self::Value, E> {
        Ok((resolve::<K, E>(tag)?, false))
    }
}

fn resolve<K: ?Sized + Kind, E: de::Error>(tag: &str) -> Result<&'static ConfType<K>, E> {
    let (registry, global) = registry_in_use();
    if let Some(conf_type) = lookup::<K>(registry, global, tag) {
        return Ok(conf_type);
    }
    let point = registry.find_point(K::POINT.url);
    let twice: Vec<String> = point
        .map(|p| p.rejected())
        .unwrap_or_default()
        .iter()
        .filter(|r| r.entry.id() == tag)
        .map(|r| r.entry.origin().to_string())
        .collect();
    let error = if point.is_none() {
        DecodeErrorKind::UnknownKind {
            kind: K::NAME.to_owned(),
            url: K::POINT.url.to_owned(),
        }
    } else if twice.len() > 1 {
        DecodeErrorKind::DuplicateTag {
            kind: K::NAME.to_owned(),
            tag: tag.to_owned(),
            registrations: twice,
        }
    } else {
        let (suggestion, registered) = rank_choices(tag, choices::<K>());
        DecodeErrorKind::UnknownTag {
            kind: K::NAME.to_owned(),
            tag: tag.to_owned(),
            suggestion,
            registered,
        }
    };
    Err(E::custom(relay_store(&DecodeError::new(error))))
}

fn default_or_missing<K: ?Sized + Kind, E: de::Error>() -> Result<&'static ConfType<K>, E> {
    match K::default_tag() {
        Some(tag) => resolve::<K, E>(tag),
        None => {
            let mut registered = choices::<K>();
            registered.sort_by(|a, b| a.tag.cmp(&b.tag));
            let error = DecodeError::new(DecodeErrorKind::MissingTag {
                kind: K::NAME.to_owned(),
                registered,
            });
            Err(E::custom(relay_store(&error)))
        }
    }
}

fn choices<K: ?Sized + Kind>() -> Vec<TagChoice> {
    tags::<K>(current_registry())
        .into_iter()
        .map(|t| TagChoice {
            tag: t.tag.to_owned(),
            crate_name: t.origin.crate_name.to_owned(),
        })
        .collect()
}

/// Decodes the keys beside `type` as the registered type, through erased-serde.
struct ConfSeed<K: ?Sized + 'static>(&'static ConfType<K>);

impl<'de, K: ?Sized + Kind> DeserializeSeed<'de> for ConfSeed<K> {
    type Value = Box<K>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_newtype_struct(handoff::HANDOFF, self)
    }
}

impl<'de, K: ?Sized + Kind> Visitor<'de> for ConfSeed<K> {
    type Value = Box<K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the keys of a `{}` {} configuration",
            self.0.tag(),
            K::NAME
        )
    }

    /// plugkit's decoder decoded the value directly and handed it over.
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        handoff::take_result::<K>().ok_or_else(|| {
            de::Error::custom(
                "a configuration was expected and none was handed over (a plugkit bug)",
            )
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        let mut erased = <dyn erased_serde::Deserializer<'de>>::erase(deserializer);
        self.0.decode(&mut erased).map_err(de::Error::custom)
    }
}

/// The rest of a map whose `type` came first, rejecting keys the struct does not have.
struct StrictMap<A> {
    map: A,
    fields: Option<&'static [&'static str]>,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for StrictMap<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(StrictMap {
            map: self.map,
            fields: Some(fields),
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map
        enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<A> {
    type Error = A::Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let Some(key) = self.map.next_key_seed(KeySeed)? else {
            return Ok(None);
        };
        if let Some(fields) = self.fields
            && !fields.contains(&key.as_ref())
        {
            return Err(de::Error::unknown_field(&key, fields));
        }
        match key {
            Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
            Cow::Owned(key) => seed.deserialize(key.into_deserializer()),
        }
        .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}
