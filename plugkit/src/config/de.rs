//! The decoder over the document model: every error it sees is given the TOML path and the
//! span of the innermost value concerned.

use std::borrow::Cow;
use std::ops::Range;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde::forward_to_deserialize_any;

use super::error::{DecodeError, DecodeErrorKind, relay_find, relay_store};
use super::handoff;
use super::path::Path;
use super::value::{Key, Kind, Value};

/// The struct name by which the tagged decoder asks for a table split into its `type` and the
/// rest (answered with `visit_enum`); other deserializers see an ordinary struct.
pub(crate) const TAGGED: &str = "$plugkit::config::Tagged";
/// The newtype name by which a decoder asks for unknown keys to be rejected below it.
pub(crate) const STRICT: &str = "$plugkit::config::Strict";
/// The key that holds a configuration's tag.
pub(crate) const TAG_KEY: &str = "type";

/// Where a value is, to locate the errors that pass through it.
struct At<'p> {
    path: Path<'p>,
    span: Option<Range<usize>>,
}

impl At<'_> {
    /// Gives `error` this place, unless it already has a more precise one.
    fn locate(&self, error: DecodeError) -> DecodeError {
        let error = match error.kind() {
            DecodeErrorKind::Custom { message } => relay_find(message).unwrap_or(error),
            _ => error,
        };
        if error.is_located() {
            return error;
        }
        let error = error.at(self.path.to_string(), self.span.clone());
        relay_store(&error);
        error
    }
}

/// plugkit's document decoder: one value of a configuration, with its path and span, so that
/// every error it sees is located. `strict` rejects keys that a struct does not have. Opaque:
/// it appears only as the input of [`DirectFn`](super::DirectFn)s.
pub struct ValueDe<'de, 'p> {
    value: Value<'de>,
    path: Path<'p>,
    strict: bool,
}

impl<'de, 'p> ValueDe<'de, 'p> {
    pub(crate) fn new(value: Value<'de>, path: Path<'p>, strict: bool) -> Self {
        ValueDe {
            value,
            path,
            strict,
        }
    }

    fn at(&self) -> At<'p> {
        At {
            path: self.path,
            span: self.value.span.clone(),
        }
    }

    fn any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let ValueDe {
            value,
            path,
            strict,
        } = self;
        match value.kind {
            Kind::Unit => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::I64(i) => visitor.visit_i64(i),
            Kind::U64(u) => visitor.visit_u64(u),
            Kind::F64(x) => visitor.visit_f64(x),
            Kind::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Kind::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Kind::Bytes(b) => visitor.visit_byte_buf(b),
            Kind::Array(items) => visitor.visit_seq(ArrayAccess {
                items: items.into_iter(),
                index: 0,
                parent: path,
                strict,
            }),
            Kind::Table(entries) => visitor.visit_map(TableAccess {
                entries: entries.into_iter(),
                pending: None,
                parent: path,
                fields: None,
                strict,
            }),
            Kind::OutOfRange(text) => Err(de::Error::invalid_type(
                de::Unexpected::Other(&text),
                &visitor,
            )),
        }
    }

    /// The tagged protocol: the `type` apart, then the rest, which is decoded strictly.
    fn tagged<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let ValueDe {
            value,
            path,
            strict,
        } = self;
        match value.kind {
            Kind::Table(mut entries) => {
                let tag = entries
                    .iter()
                    .position(|(k, _)| k.name == TAG_KEY)
                    .map(|i| entries.remove(i));
                visitor.visit_enum(TaggedAccess {
                    tag,
                    rest: Value::table(entries, value.span),
                    path,
                })
            }
            kind => ValueDe::new(
                Value {
                    kind,
                    span: value.span,
                },
                path,
                strict,
            )
            .any(visitor),
        }
    }
}

impl<'de> Deserializer<'de> for ValueDe<'de, '_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let at = self.at();
        self.any(visitor).map_err(|e| at.locate(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let at = self.at();
        match self.value.kind {
            Kind::Unit => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|e| at.locate(e))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let at = self.at();
        let strict = self.strict || name == STRICT;
        visitor
            .visit_newtype_struct(ValueDe { strict, ..self })
            .map_err(|e| at.locate(e))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let at = self.at();
        if name == TAGGED {
            return self.tagged(visitor).map_err(|e| at.locate(e));
        }
        let ValueDe {
            value,
            path,
            strict,
        } = self;
        match value.kind {
            Kind::Table(entries) => visitor.visit_map(TableAccess {
                entries: entries.into_iter(),
                pending: None,
                parent: path,
                fields: strict.then_some(fields),
                strict,
            }),
            kind => ValueDe::new(
                Value {
                    kind,
                    span: value.span,
                },
                path,
                strict,
            )
            .any(visitor),
        }
        .map_err(|e| at.locate(e))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let at = self.at();
        let ValueDe {
            value,
            path,
            strict,
        } = self;
        match value.kind {
            Kind::Str(s) => visitor.visit_enum(s.into_owned().into_deserializer()),
            Kind::Table(mut entries) if entries.len() == 1 => {
                let (key, value) = entries.remove(0);
                visitor.visit_enum(ExternalEnum {
                    key,
                    value,
                    parent: path,
                    strict,
                })
            }
            kind => ValueDe::new(
                Value {
                    kind,
                    span: value.span,
                },
                path,
                strict,
            )
            .any(visitor),
        }
        .map_err(|e| at.locate(e))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let at = self.at();
        visitor.visit_unit().map_err(|e| at.locate(e))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

struct TableAccess<'de, 'p> {
    entries: std::vec::IntoIter<(Key<'de>, Value<'de>)>,
    pending: Option<(Key<'de>, Value<'de>)>,
    parent: Path<'p>,
    fields: Option<&'static [&'static str]>,
    strict: bool,
}

impl<'de> MapAccess<'de> for TableAccess<'de, '_> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let decoded = {
            let at = At {
                path: Path::Key(&self.parent, &key.name),
                span: key.span.clone(),
            };
            match self.fields {
                Some(fields) if !fields.contains(&key.name.as_ref()) => {
                    Err(at.locate(de::Error::unknown_field(&key.name, fields)))
                }
                _ => seed.deserialize(KeyDe(&key.name)).map_err(|e| at.locate(e)),
            }
        };
        self.pending = Some((key, value));
        decoded.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom(
                "a map value was asked for before its key (a bug in a Deserialize impl)",
            ));
        };
        seed.deserialize(ValueDe::new(
            value,
            Path::Key(&self.parent, &key.name),
            self.strict,
        ))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct ArrayAccess<'de, 'p> {
    items: std::vec::IntoIter<Value<'de>>,
    index: usize,
    parent: Path<'p>,
    strict: bool,
}

impl<'de> SeqAccess<'de> for ArrayAccess<'de, '_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(ValueDe::new(
            value,
            Path::Index(&self.parent, index),
            self.strict,
        ))
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A key, as text; the caller locates its errors.
struct KeyDe<'k, 'de>(&'k Cow<'de, str>);

impl<'de> Deserializer<'de> for KeyDe<'_, 'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_str(s),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        visitor.visit_enum(self.0.to_string().into_deserializer())
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        struct identifier ignored_any
    }
}

/// An externally tagged enum written as a one-key table: `{ variant = value }`.
struct ExternalEnum<'de, 'p> {
    key: Key<'de>,
    value: Value<'de>,
    parent: Path<'p>,
    strict: bool,
}

impl<'de, 'p> EnumAccess<'de> for ExternalEnum<'de, 'p> {
    type Error = DecodeError;
    type Variant = VariantValue<'de, 'p>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), DecodeError> {
        let ExternalEnum {
            key,
            value,
            parent,
            strict,
        } = self;
        let variant = {
            let at = At {
                path: Path::Key(&parent, &key.name),
                span: key.span.clone(),
            };
            seed.deserialize(KeyDe(&key.name))
                .map_err(|e| at.locate(e))?
        };
        Ok((
            variant,
            VariantValue {
                key,
                value,
                parent,
                strict,
            },
        ))
    }
}

struct VariantValue<'de, 'p> {
    key: Key<'de>,
    value: Value<'de>,
    parent: Path<'p>,
    strict: bool,
}

impl<'de> VariantAccess<'de> for VariantValue<'de, '_> {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        de::Deserialize::deserialize(ValueDe::new(
            self.value,
            Path::Key(&self.parent, &self.key.name),
            self.strict,
        ))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DecodeError> {
        seed.deserialize(ValueDe::new(
            self.value,
            Path::Key(&self.parent, &self.key.name),
            self.strict,
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        ValueDe::new(
            self.value,
            Path::Key(&self.parent, &self.key.name),
            self.strict,
        )
        .deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        ValueDe::new(
            self.value,
            Path::Key(&self.parent, &self.key.name),
            self.strict,
        )
        .deserialize_struct("", fields, visitor)
    }
}

/// A table split for the tagged decoder: its `type` (if any) as the variant, the rest as the
/// variant's content.
struct TaggedAccess<'de, 'p> {
    tag: Option<(Key<'de>, Value<'de>)>,
    rest: Value<'de>,
    path: Path<'p>,
}

impl<'de, 'p> EnumAccess<'de> for TaggedAccess<'de, 'p> {
    type Error = DecodeError;
    type Variant = TaggedRest<'de, 'p>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), DecodeError> {
        let TaggedAccess { tag, rest, path } = self;
        let tag = match tag {
            Some((_, value)) => seed.deserialize(TagDe(Some(ValueDe::new(
                value,
                Path::Key(&path, TAG_KEY),
                false,
            ))))?,
            None => {
                let at = At {
                    path,
                    span: rest.span.clone(),
                };
                seed.deserialize(TagDe(None)).map_err(|e| at.locate(e))?
            }
        };
        Ok((tag, TaggedRest { rest, path }))
    }
}

struct TaggedRest<'de, 'p> {
    rest: Value<'de>,
    path: Path<'p>,
}

impl<'de> VariantAccess<'de> for TaggedRest<'de, '_> {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DecodeError> {
        let rest = ValueDe::new(self.rest, self.path, true);
        match handoff::take_offer().filter(|d| d.has_direct()) {
            // The tag's type decodes directly from the document: no erasure.
            Some(direct) => {
                handoff::put_result(direct.decode_any(rest)?);
                seed.deserialize(Handoff)
            }
            None => seed.deserialize(rest),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        ValueDe::new(self.rest, self.path, true).deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        ValueDe::new(self.rest, self.path, true).deserialize_struct("", fields, visitor)
    }
}

/// A value decoded directly, handed over to the seed that asks with [`handoff::HANDOFF`].
struct Handoff;

impl<'de> Deserializer<'de> for Handoff {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}

/// The `type` of a tagged table: `Some` of its value, or `None` when the table has none.
struct TagDe<'de, 'p>(Option<ValueDe<'de, 'p>>);

impl<'de> Deserializer<'de> for TagDe<'de, '_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Some(value) => value.deserialize_any(visitor),
            None => visitor.visit_none(),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.0 {
            Some(value) => {
                let at = value.at();
                visitor.visit_some(value).map_err(|e| at.locate(e))
            }
            None => visitor.visit_none(),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple tuple_struct map
        struct enum identifier ignored_any
    }
}
