//! The decoder over the document model: every error it sees is given the TOML path and the
//! span of the innermost value concerned.

use std::borrow::Cow;
use std::cell::Cell;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde::forward_to_deserialize_any;

use serde::de::value::MapDeserializer;

use super::error::{DecodeError, DecodeErrorKind, relay_find, relay_store};
use super::handoff;
use super::locate;
use super::path::Path;
use super::value::{
    DATETIME_FIELD, DATETIME_NAME, Key, Kind, RAW_KEY, RAW_VALUE, Span, Value, put_key_span,
    put_raw_value,
};

/// The struct name by which the tagged decoder asks for a table split into its `type` and the
/// rest (answered with `visit_enum`); other deserializers see an ordinary struct.
pub(crate) const TAGGED: &str = "$plugkit::config::Tagged";
/// The newtype name by which a plugin section asks for unknown keys to be rejected below it,
/// and for a string (Qik's `pygraph = "qik.pygraph"`) to be passed as a string.
pub(crate) const SECTION: &str = "$plugkit::config::Section";
/// The key that holds a configuration's tag.
pub(crate) const TAG_KEY: &str = "type";

thread_local! {
    /// Whether an array must be read to its end (JSON, as serde_json reads it).
    static EXACT_LENGTH: Cell<bool> = const { Cell::new(false) };
}

/// Sets whether arrays must be read to their end until the guard is dropped.
pub(crate) struct ExactLength(bool);

impl ExactLength {
    pub(crate) fn enter(exact: bool) -> Self {
        ExactLength(EXACT_LENGTH.with(|e| e.replace(exact)))
    }
}

impl Drop for ExactLength {
    fn drop(&mut self) {
        EXACT_LENGTH.with(|e| e.set(self.0));
    }
}

/// Where a value is, to locate the errors that pass through it.
struct At<'p> {
    path: Path<'p>,
    span: Span,
}

impl At<'_> {
    /// Gives `error` this place, unless it already has a more precise one.
    fn locate(&self, error: DecodeError) -> DecodeError {
        let error = match error.kind() {
            DecodeErrorKind::Custom { message } => relay_find(message).unwrap_or(error),
            _ => error,
        };
        if error.is_located() {
            if !error.is_relative() {
                return error;
            }
            // Decoded from a buffer that a host's visitor made of this value: its path
            // continues this one.
            let error = error.below(&self.path.to_string(), self.span.range());
            relay_store(&error);
            return error;
        }
        let error = error.at(self.path.to_string(), self.span.range());
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
    /// The keys beside a `type`: a type that is not a table reads them as typetag does (a
    /// unit struct has no keys; any other non-table type is the `value` key).
    rest: bool,
}

/// The key under which a configuration that is not a table is written beside its `type`
/// (typetag's form for tuple structs, newtypes of plain values and sequences).
pub(crate) const VALUE_KEY: &str = "value";

impl<'de, 'p> ValueDe<'de, 'p> {
    pub(crate) fn new(value: Value<'de>, path: Path<'p>, strict: bool) -> Self {
        ValueDe {
            value,
            path,
            strict,
            rest: false,
        }
    }

    /// The keys beside a `type`, decoded strictly as the tag's type.
    pub(crate) fn rest(value: Value<'de>, path: Path<'p>) -> Self {
        ValueDe {
            value,
            path,
            strict: true,
            rest: true,
        }
    }

    fn at(&self) -> At<'p> {
        At {
            path: self.path,
            span: self.value.span,
        }
    }

    fn any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let ValueDe {
            value,
            path,
            strict,
            ..
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
            Kind::Array(items) => {
                let len = items.len();
                let mut access = ArrayAccess {
                    items: items.into_iter(),
                    index: 0,
                    parent: path,
                    strict,
                };
                let read = visitor.visit_seq(&mut access)?;
                // JSON: items beyond what the type reads are an error, as serde_json says
                // (the `toml` crate drops them, and so does TOML here).
                if access.items.len() > 0 && EXACT_LENGTH.with(Cell::get) {
                    return Err(de::Error::invalid_length(len, &"fewer elements in array"));
                }
                Ok(read)
            }
            Kind::Table(entries) => visitor.visit_map(TableAccess {
                entries: entries.into_iter(),
                pending: None,
                parent: path,
                fields: None,
                next_field: 0,
                strict,
            }),
            // As the `toml` crate passes a datetime, so that `toml::value::Datetime` (and any
            // buffer of the input) reads it.
            Kind::Datetime(d) => visitor.visit_map(MapDeserializer::new(std::iter::once((
                DATETIME_FIELD,
                d.to_string(),
            )))),
        }
    }

    /// A request for one type of value: a datetime is none of them.
    fn scalar<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let at = self.at();
        match &self.value.kind {
            Kind::Datetime(d) => Err(at.locate(de::Error::invalid_type(
                de::Unexpected::Other(&format!("datetime `{d}`")),
                &visitor,
            ))),
            _ => self.any(visitor).map_err(|e| at.locate(e)),
        }
    }

    /// A configuration that is not a table: its `value` key, the only one allowed.
    fn value_key<V, F>(self, visitor: V, then: F) -> Result<V::Value, DecodeError>
    where
        V: Visitor<'de>,
        F: for<'q> FnOnce(ValueDe<'de, 'q>, V) -> Result<V::Value, DecodeError>,
    {
        let at = self.at();
        let ValueDe {
            value,
            path,
            strict,
            ..
        } = self;
        let Value { kind, span } = value;
        let Kind::Table(mut entries) = kind else {
            return then(ValueDe::new(Value { kind, span }, path, strict), visitor);
        };
        let Some(i) = entries.iter().position(|(k, _)| k.name == VALUE_KEY) else {
            return Err(at.locate(de::Error::missing_field(VALUE_KEY)));
        };
        let (_, inner) = entries.remove(i);
        if let Some((other, _)) = entries.first() {
            let at = At {
                path: Path::Key(&path, &other.name),
                span: other.span,
            };
            return Err(at.locate(de::Error::unknown_field(&other.name, &[VALUE_KEY])));
        }
        then(
            ValueDe::new(inner, Path::Key(&path, VALUE_KEY), strict),
            visitor,
        )
    }

    /// A unit struct: beside its `type`, no keys; elsewhere, what the value is.
    fn unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if let (true, Kind::Table(entries)) = (self.rest, &self.value.kind) {
            return match entries.first() {
                None => visitor.visit_unit().map_err(|e| self.at().locate(e)),
                Some((key, _)) => {
                    let at = At {
                        path: Path::Key(&self.path, &key.name),
                        span: key.span,
                    };
                    Err(at.locate(de::Error::unknown_field(&key.name, &[])))
                }
            };
        }
        self.scalar(visitor)
    }

    /// The tagged protocol: the `type` apart, then the rest, which is decoded strictly.
    fn tagged<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let ValueDe {
            value,
            path,
            strict,
            ..
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
            .scalar(visitor),
        }
    }

    /// A struct with `#[serde(flatten)]` fields, which serde reads as a map: noted for the
    /// check of unused keys, and its errors located at the key whose value they name.
    fn flattened<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        locate::seen();
        let at = self.at();
        let copy = self.value.clone();
        let path = self.path;
        self.any(visitor).map_err(|e| {
            let e = match e.kind() {
                DecodeErrorKind::Custom { message } => relay_find(message).unwrap_or(e),
                _ => e,
            };
            if e.is_located() {
                return e;
            }
            match locate::locate_by_value(&copy, path, e) {
                Ok(located) => {
                    relay_store(&located);
                    located
                }
                Err(e) => at.locate(e),
            }
        })
    }
}

/// Whether `visitor` is a derived struct's (serde asks for a map when it has flattened fields).
fn expects_struct(visitor: &dyn de::Expected) -> bool {
    struct Prefix {
        seen: String,
    }
    impl std::fmt::Write for Prefix {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let room = 7_usize.saturating_sub(self.seen.len());
            self.seen.extend(s.chars().take(room));
            Ok(())
        }
    }
    let mut prefix = Prefix {
        seen: String::new(),
    };
    let _ = std::fmt::write(&mut prefix, format_args!("{visitor}"));
    prefix.seen == "struct "
}

macro_rules! scalars {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
                if self.rest {
                    return self.value_key(visitor, |d, v| d.$method(v));
                }
                self.scalar(visitor)
            }
        )*
    };
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
        if name == RAW_VALUE {
            put_raw_value(self.value.into_owned());
            return visitor.visit_none();
        }
        if name == SECTION {
            if let Kind::Str(s) = self.value.kind {
                return match s {
                    Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
                    Cow::Owned(s) => visitor.visit_string(s),
                }
                .map_err(|e| at.locate(e));
            }
            return visitor
                .visit_newtype_struct(ValueDe {
                    strict: true,
                    ..self
                })
                .map_err(|e| at.locate(e));
        }
        visitor.visit_newtype_struct(self).map_err(|e| at.locate(e))
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
        if name == DATETIME_NAME && matches!(self.value.kind, Kind::Datetime(_)) {
            return self.deserialize_any(visitor);
        }
        let ValueDe {
            value,
            path,
            strict,
            ..
        } = self;
        match value.kind {
            Kind::Table(entries) => visitor.visit_map(TableAccess {
                entries: entries.into_iter(),
                pending: None,
                parent: path,
                fields: strict.then_some(fields),
                next_field: 0,
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
            .scalar(visitor),
        }
        .map_err(|e| at.locate(e))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        if self.strict && matches!(self.value.kind, Kind::Table(_)) && expects_struct(&visitor) {
            return self.flattened(visitor);
        }
        self.deserialize_any(visitor)
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
            ..
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
            .scalar(visitor),
        }
        .map_err(|e| at.locate(e))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let at = self.at();
        visitor.visit_unit().map_err(|e| at.locate(e))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.unit(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.unit(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        if self.rest {
            return self.value_key(visitor, |d, v| d.deserialize_tuple(len, v));
        }
        self.scalar(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        if self.rest {
            return self.value_key(visitor, |d, v| d.deserialize_tuple_struct(name, len, v));
        }
        self.scalar(visitor)
    }

    scalars! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_seq
        deserialize_identifier
    }
}

/// Whether `key` is one of a struct's `fields`: first the field after the one the previous
/// key matched (keys are often written in the order the fields are declared), then all of
/// them, lengths and first bytes first, which tells most names apart without comparing them
/// whole. `next` is where the next look starts.
fn has_field(fields: &[&str], key: &str, next: &mut usize) -> bool {
    let same = |f: &&str| {
        f.len() == key.len() && f.as_bytes().first() == key.as_bytes().first() && *f == key
    };
    if fields.get(*next).is_some_and(same) {
        *next += 1;
        return true;
    }
    match fields.iter().position(same) {
        Some(i) => {
            *next = i + 1;
            true
        }
        None => false,
    }
}

struct TableAccess<'de, 'p> {
    entries: std::vec::IntoIter<(Key<'de>, Value<'de>)>,
    pending: Option<(Key<'de>, Value<'de>)>,
    parent: Path<'p>,
    fields: Option<&'static [&'static str]>,
    /// The field the next key is looked for first (see [`has_field`]).
    next_field: usize,
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
                span: key.span,
            };
            match self.fields {
                Some(fields) if !has_field(fields, &key.name, &mut self.next_field) => {
                    Err(at.locate(de::Error::unknown_field(&key.name, fields)))
                }
                _ => seed
                    .deserialize(KeyDe(&key.name, key.span))
                    .map_err(|e| at.locate(e)),
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
        let at = At {
            path: Path::Key(&self.parent, &key.name),
            span: value.span,
        };
        // A type's own checks, made once it has read the value, are located at it too.
        seed.deserialize(ValueDe::new(value, at.path, self.strict))
            .map_err(|e| at.locate(e))
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
        let at = At {
            path: Path::Index(&self.parent, index),
            span: value.span,
        };
        seed.deserialize(ValueDe::new(value, at.path, self.strict))
            .map(Some)
            .map_err(|e| at.locate(e))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// A key, as text (and its span, for a buffer that asks); the caller locates its errors.
pub(crate) struct KeyDe<'k, 'de>(pub(crate) &'k Cow<'de, str>, pub(crate) Span);

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

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        if name == RAW_KEY {
            put_key_span(self.1);
        }
        self.deserialize_any(visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map
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
                span: key.span,
            };
            seed.deserialize(KeyDe(&key.name, key.span))
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
                    span: rest.span,
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
        match handoff::take_offer().filter(|d| d.has_direct()) {
            // The tag's type decodes directly from the document: no erasure.
            Some(direct) => {
                direct.decode_put(self.rest, self.path)?;
                seed.deserialize(Handoff)
            }
            None => seed.deserialize(ValueDe::rest(self.rest, self.path)),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        ValueDe::rest(self.rest, self.path).deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        ValueDe::rest(self.rest, self.path).deserialize_struct("", fields, visitor)
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
