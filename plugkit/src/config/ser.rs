//! Serializing a configuration back with its tag: `type` first, then the fields, the form
//! typetag's internally tagged traits read (a value that is not a table goes under `value`,
//! as typetag writes it).

use std::fmt::Display;

use serde::ser::{
    self, Impossible, Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeTuple,
    SerializeTupleStruct, Serializer,
};

use super::conf::Kind;
use super::de::{TAG_KEY, VALUE_KEY};

/// Serializes a configuration of kind `K` with its `type` tag first, through erased-serde.
///
/// [`#[config_kind]`](crate::config_kind) implements `Serialize for dyn Trait` with it;
/// called by generated code, not part of the documented surface.
///
/// ```
/// #[plugkit::config_kind(name = "doc-serialize")]
/// pub trait SerializeDoc {}
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Memory { size: u32 }
/// #[plugkit::config_type(tag = "memory")]
/// impl SerializeDoc for Memory {}
///
/// let conf: Box<dyn SerializeDoc> = Box::new(Memory { size: 3 });
/// assert_eq!(serde_json::to_string(&conf).unwrap(), r#"{"type":"memory","size":3}"#);
/// ```
#[doc(hidden)]
pub fn serialize<K, S>(conf: &K, serializer: S) -> Result<S::Ok, S::Error>
where
    K: ?Sized + Kind,
    S: Serializer,
{
    erased_serde::serialize(
        conf,
        Tagged {
            kind: K::NAME,
            tag: K::tag_of(conf),
            inner: serializer,
        },
    )
}

/// Adds `type = tag` to the struct or map the configuration serializes as.
struct Tagged<S> {
    kind: &'static str,
    tag: &'static str,
    inner: S,
}

impl<S: Serializer> Tagged<S> {
    fn unsupported(&self, what: impl Display) -> S::Error {
        ser::Error::custom(format_args!(
            "cannot serialize the {} configuration `{}`: it serializes as {what}, and a tagged \
             configuration must be a struct or a map (the `type` is written beside its fields)",
            self.kind, self.tag
        ))
    }

    fn only_tag(self) -> Result<S::Ok, S::Error> {
        let mut map = self.inner.serialize_map(Some(1))?;
        map.serialize_entry(TAG_KEY, self.tag)?;
        map.end()
    }

    /// A value that is not a table goes under `value` beside the tag, as typetag writes it.
    fn with_value<T: ?Sized + Serialize>(self, key: &str, value: &T) -> Result<S::Ok, S::Error> {
        let mut map = self.inner.serialize_map(Some(2))?;
        map.serialize_entry(TAG_KEY, self.tag)?;
        map.serialize_entry(key, value)?;
        map.end()
    }

    fn seq(self, len: Option<usize>) -> Result<ValueSeq<S::SerializeMap>, S::Error> {
        let mut map = self.inner.serialize_map(Some(2))?;
        map.serialize_entry(TAG_KEY, self.tag)?;
        map.serialize_key(VALUE_KEY)?;
        Ok(ValueSeq {
            map,
            items: Vec::with_capacity(len.unwrap_or(0).min(64)),
        })
    }
}

/// A sequence written under `value`: its items are buffered, then written as the value.
struct ValueSeq<M> {
    map: M,
    items: Vec<serde_json::Value>,
}

impl<M: SerializeMap> ValueSeq<M> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), M::Error> {
        let item = serde_json::to_value(value).map_err(ser::Error::custom)?;
        self.items.push(item);
        Ok(())
    }

    fn finish(mut self) -> Result<M::Ok, M::Error> {
        self.map.serialize_value(&self.items)?;
        self.map.end()
    }
}

impl<M: SerializeMap> SerializeSeq for ValueSeq<M> {
    type Ok = M::Ok;
    type Error = M::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), M::Error> {
        self.push(value)
    }
    fn end(self) -> Result<M::Ok, M::Error> {
        self.finish()
    }
}

impl<M: SerializeMap> SerializeTuple for ValueSeq<M> {
    type Ok = M::Ok;
    type Error = M::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), M::Error> {
        self.push(value)
    }
    fn end(self) -> Result<M::Ok, M::Error> {
        self.finish()
    }
}

impl<M: SerializeMap> SerializeTupleStruct for ValueSeq<M> {
    type Ok = M::Ok;
    type Error = M::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), M::Error> {
        self.push(value)
    }
    fn end(self) -> Result<M::Ok, M::Error> {
        self.finish()
    }
}

macro_rules! under_value {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method(self, value: $ty) -> Result<S::Ok, S::Error> {
                self.with_value(VALUE_KEY, &value)
            }
        )*
    };
}

impl<S: Serializer> Serializer for Tagged<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = ValueSeq<S::SerializeMap>;
    type SerializeTuple = ValueSeq<S::SerializeMap>;
    type SerializeTupleStruct = ValueSeq<S::SerializeMap>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = S::SerializeMap;
    type SerializeStruct = S::SerializeStruct;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    under_value! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.with_value(variant, &())
    }

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.only_tag()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.with_value(VALUE_KEY, value)
    }

    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.only_tag()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<S::Ok, S::Error> {
        self.only_tag()
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.with_value(variant, value)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.seq(len)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Err(self.unsupported("an enum variant"))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        let mut map = self.inner.serialize_map(len.map(|n| n + 1))?;
        map.serialize_entry(TAG_KEY, self.tag)?;
        Ok(map)
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        let mut state = self.inner.serialize_struct(name, len + 1)?;
        state.serialize_field(TAG_KEY, self.tag)?;
        Ok(state)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        Err(self.unsupported("an enum variant"))
    }
}
