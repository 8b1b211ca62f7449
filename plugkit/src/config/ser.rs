//! Serializing a configuration back with its tag: `type` first, then the fields, the form
//! typetag's internally tagged traits read.

use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct, Serializer};

use super::conf::Kind;
use super::de::TAG_KEY;

/// Serializes a configuration of kind `K` with its `type` tag first, through erased-serde.
///
/// [`#[config_kind]`](crate::config_kind) implements `Serialize for dyn Trait` with it.
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
}

macro_rules! unsupported {
    ($($method:ident($($ty:ty),*) = $what:literal;)*) => {
        $(
            fn $method(self, $(_: $ty),*) -> Result<S::Ok, S::Error> {
                Err(self.unsupported($what))
            }
        )*
    };
}

impl<S: Serializer> Serializer for Tagged<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = S::SerializeMap;
    type SerializeStruct = S::SerializeStruct;
    type SerializeStructVariant = Impossible<S::Ok, S::Error>;

    unsupported! {
        serialize_bool(bool) = "a boolean";
        serialize_i8(i8) = "an integer";
        serialize_i16(i16) = "an integer";
        serialize_i32(i32) = "an integer";
        serialize_i64(i64) = "an integer";
        serialize_u8(u8) = "an integer";
        serialize_u16(u16) = "an integer";
        serialize_u32(u32) = "an integer";
        serialize_u64(u64) = "an integer";
        serialize_f32(f32) = "a float";
        serialize_f64(f64) = "a float";
        serialize_char(char) = "a character";
        serialize_str(&str) = "a string";
        serialize_bytes(&[u8]) = "bytes";
        serialize_unit_variant(&'static str, u32, &'static str) = "an enum variant";
    }

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        Err(self.unsupported("`None`"))
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<S::Ok, S::Error> {
        value.serialize(self)
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
        _variant: &'static str,
        _value: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(self.unsupported("an enum variant"))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Err(self.unsupported("a sequence"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, S::Error> {
        Err(self.unsupported("a tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Err(self.unsupported("a tuple struct"))
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
