//! The document model the decoder walks: values with their byte spans (from TOML), or without
//! (buffered from another format while looking for `type`).

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use super::error::{DecodeError, DecodeErrorKind};

/// The key and struct name by which the `toml` crate passes a datetime through serde: a
/// one-key map `{ "$__toml_private_datetime": "1979-05-27T07:32:00Z" }`.
pub(crate) const DATETIME_FIELD: &str = "$__toml_private_datetime";
/// See [`DATETIME_FIELD`].
pub(crate) const DATETIME_NAME: &str = "$__toml_private_Datetime";

/// The newtype name by which a buffer asks plugkit's decoder for its value whole, spans
/// included (a host's visitor that hands a table to the tagged decoder); other deserializers
/// see an ordinary newtype.
pub(crate) const RAW_VALUE: &str = "$plugkit::config::RawValue";
/// The newtype name by which a buffer asks plugkit's decoder for a key with its span.
pub(crate) const RAW_KEY: &str = "$plugkit::config::RawKey";

thread_local! {
    static RAW: RefCell<Option<Value<'static>>> = const { RefCell::new(None) };
    static KEY_SPAN: Cell<Span> = const { Cell::new(Span::NONE) };
}

/// Where a key or a value is written: a byte range of the source, or nowhere (a value
/// buffered from another format). Eight bytes, copied freely; offsets beyond 4 GiB saturate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// No place.
    pub(crate) const NONE: Span = Span {
        start: u32::MAX,
        end: u32::MAX,
    };

    pub(crate) fn new(range: Range<usize>) -> Span {
        let at = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX - 1);
        Span {
            start: at(range.start),
            end: at(range.end),
        }
    }

    /// The byte range, if there is one.
    pub(crate) fn range(self) -> Option<Range<usize>> {
        (self != Span::NONE).then_some(self.start as usize..self.end as usize)
    }
}

/// Leaves a value for the [`RAW_VALUE`] request being answered.
pub(crate) fn put_raw_value(value: Value<'static>) {
    RAW.with(|r| *r.borrow_mut() = Some(value));
}

/// Leaves a key's span for the [`RAW_KEY`] request being answered.
pub(crate) fn put_key_span(span: Span) {
    KEY_SPAN.with(|k| k.set(span));
}

/// A value and where it is in the source, if it came from one.
#[derive(Clone, Debug)]
pub(crate) struct Value<'a> {
    pub(crate) kind: Kind<'a>,
    pub(crate) span: Span,
}

#[derive(Clone, Debug)]
pub(crate) enum Kind<'a> {
    Unit,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(Cow<'a, str>),
    Bytes(Vec<u8>),
    Array(Vec<Value<'a>>),
    Table(Vec<(Key<'a>, Value<'a>)>),
    /// A TOML date, time or both: kept as TOML keeps it, never read as a string.
    Datetime(Datetime),
}

/// A table's key and where it is written.
#[derive(Clone, Debug)]
pub(crate) struct Key<'a> {
    pub(crate) name: Cow<'a, str>,
    pub(crate) span: Span,
}

impl<'a> Value<'a> {
    /// The same value, owning its text.
    pub(crate) fn into_owned(self) -> Value<'static> {
        let kind = match self.kind {
            Kind::Unit => Kind::Unit,
            Kind::Bool(b) => Kind::Bool(b),
            Kind::I64(i) => Kind::I64(i),
            Kind::U64(u) => Kind::U64(u),
            Kind::F64(x) => Kind::F64(x),
            Kind::Str(s) => Kind::Str(Cow::Owned(s.into_owned())),
            Kind::Bytes(b) => Kind::Bytes(b),
            Kind::Datetime(d) => Kind::Datetime(d),
            Kind::Array(items) => Kind::Array(items.into_iter().map(Value::into_owned).collect()),
            Kind::Table(entries) => Kind::Table(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            Key {
                                name: Cow::Owned(k.name.into_owned()),
                                span: k.span,
                            },
                            v.into_owned(),
                        )
                    })
                    .collect(),
            ),
        };
        Value {
            kind,
            span: self.span,
        }
    }

    pub(crate) fn table(entries: Vec<(Key<'a>, Value<'a>)>, span: Span) -> Self {
        Value {
            kind: Kind::Table(entries),
            span,
        }
    }

    /// The value from a parsed TOML document. Fails on what the TOML specification forbids
    /// and the parser lets through: integers beyond 64-bit signed, floats that overflow.
    pub(crate) fn from_toml(table: Spanned<DeTable<'a>>) -> Result<Self, DecodeError> {
        let span = table.span();
        from_table(table.into_inner(), span)
    }
}

fn from_table<'a>(table: DeTable<'a>, span: Range<usize>) -> Result<Value<'a>, DecodeError> {
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table {
        let key_span = key.span();
        let key = Key {
            name: key.into_inner(),
            span: Span::new(key_span.clone()),
        };
        let mut value = from_toml_value(value)?;
        // Implicit tables (`[a.b]` makes `a`) have no text of their own: point at the key.
        if value.span.range().is_none_or(|s| s.is_empty()) {
            value.span = Span::new(key_span);
        }
        entries.push((key, value));
    }
    Ok(Value::table(entries, Span::new(span)))
}

fn out_of_range(message: String, span: Range<usize>) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Syntax { message }).with_span(span)
}

fn from_toml_value(value: Spanned<DeValue<'_>>) -> Result<Value<'_>, DecodeError> {
    let span = value.span();
    let kind = match value.into_inner() {
        DeValue::String(s) => Kind::Str(s),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Kind::I64(n),
            Err(_) => {
                return Err(out_of_range(
                    format!(
                        "integer `{i}` is out of range: TOML integers are 64-bit signed, \
                         from {} to {}",
                        i64::MIN,
                        i64::MAX
                    ),
                    span,
                ));
            }
        },
        DeValue::Float(x) => match x.as_str().parse::<f64>() {
            // As the `toml` crate: an infinity must be written `inf`.
            Ok(n) if !n.is_infinite() || x.as_str().contains("inf") => Kind::F64(n),
            _ => {
                return Err(out_of_range(
                    format!("float `{}` is out of range of a 64-bit float", x.as_str()),
                    span,
                ));
            }
        },
        DeValue::Boolean(b) => Kind::Bool(b),
        DeValue::Datetime(d) => Kind::Datetime(d),
        DeValue::Array(items) => Kind::Array(
            items
                .into_iter()
                .map(from_toml_value)
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => return from_table(table, span),
    };
    Ok(Value {
        kind,
        span: Span::new(span),
    })
}

/// Buffers any self-describing input (no spans): what the tagged decoder does when `type` is
/// not the first key.
impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE, ValueVisitor)
    }
}

struct ValueVisitor;

fn plain(kind: Kind<'_>) -> Value<'_> {
    Value {
        kind,
        span: Span::NONE,
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(plain(Kind::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(plain(Kind::I64(v)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(plain(Kind::U64(v)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(plain(Kind::F64(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(plain(Kind::Str(Cow::Owned(v.to_owned()))))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(plain(Kind::Str(Cow::Borrowed(v))))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(plain(Kind::Str(Cow::Owned(v))))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(plain(Kind::Bytes(v.to_vec())))
    }
    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        Ok(plain(Kind::Bytes(v)))
    }
    /// Also how plugkit's decoder answers [`RAW_VALUE`]: the value it left, whole.
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(RAW
            .with(|r| r.borrow_mut().take())
            .unwrap_or_else(|| plain(Kind::Unit)))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(plain(Kind::Unit))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(plain(Kind::Array(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(name) = map.next_key_seed(KeySeed)? {
            if entries.is_empty() && name == DATETIME_FIELD {
                // A datetime as the `toml` crate passes it: keep it one.
                let text: Cow<'de, str> = map.next_value_seed(KeySeed)?;
                let datetime = text.parse::<Datetime>().map_err(de::Error::custom)?;
                return Ok(plain(Kind::Datetime(datetime)));
            }
            let value = map.next_value()?;
            entries.push((
                Key {
                    name,
                    span: Span::NONE,
                },
                value,
            ));
        }
        Ok(Value::table(entries, Span::NONE))
    }
}

/// A map key with its span, when plugkit's decoder gives it.
pub(crate) struct SpannedKeySeed;

impl<'de> de::DeserializeSeed<'de> for SpannedKeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        KEY_SPAN.with(|k| k.set(Span::NONE));
        let name = d.deserialize_newtype_struct(RAW_KEY, KeySeed)?;
        let span = KEY_SPAN.with(|k| k.replace(Span::NONE));
        Ok(Key { name, span })
    }
}

/// A map key as text: borrowed when the input allows it; numbers and booleans as written.
pub(crate) struct KeySeed;

impl<'de> de::DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}
