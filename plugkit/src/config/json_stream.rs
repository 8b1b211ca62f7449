//! JSON decoded as it is read: the arrays and objects that serde walks are read one item or
//! entry at a time, and only the values it asks for as a whole (a tagged configuration, a
//! string, a number, a plugin section, ...) are read into the document model and decoded by
//! plugkit's document decoder, then dropped. A large document never sits whole in memory,
//! and each configuration's tree is freed before the next is read.
//!
//! This is the fast path of [`Decoder::json_str`](super::Decoder::json_str), for input that
//! decodes. Errors are not reported from here: on the first one, anywhere (a syntax error, a
//! key written twice, a type that does not fit), the decoder reads the whole text into the
//! document model and decodes that instead, which says what and where (the types'
//! `Deserialize` then run a second time, from the start). So that a success
//! here is always the one the whole-document path would have given, every byte of the text
//! is read (a skipped value is still parsed), every check of that path is made (keys written
//! twice, nesting depth, items beyond what a type reads, trailing characters), and any error
//! seen on the way, even one a type caught and recovered from, fails the fast path.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::de::{KeyDe, SECTION, TAGGED, ValueDe};
use super::error::DecodeError;
use super::json::{Parser, same_key};
use super::path::Path;
use super::value::{DATETIME_NAME, RAW_VALUE, Span};

/// Decodes `text` as it is read; `None` on any error (see the module's documentation). Arrays
/// read whole are checked for items beyond what a type reads only under
/// [`ExactLength`](super::de::ExactLength)`(true)`, as [`Decoder::json_str`](super::Decoder::json_str) sets it.
pub(crate) fn decode<'a, T: Deserialize<'a>>(text: &'a str) -> Option<T> {
    let mut parser = Parser::new(text);
    parser.skip_ws();
    let value = T::deserialize(StreamDe {
        parser: &mut parser,
        path: Path::Root,
    })
    .ok()?;
    parser.end().ok()?;
    (!parser.failed).then_some(value)
}

/// One value of the text, at the parser's position.
struct StreamDe<'s, 'a, 'p> {
    parser: &'s mut Parser<'a>,
    path: Path<'p>,
}

/// The error that ends the fast path where the whole-document path has its own.
fn fallback() -> DecodeError {
    de::Error::custom("not decoded as it is read")
}

impl<'a, 'p> StreamDe<'_, 'a, 'p> {
    /// Runs `read` on this value; an error marks the whole decode as failed.
    fn guarded<R>(
        self,
        read: impl FnOnce(StreamDe<'_, 'a, 'p>) -> Result<R, DecodeError>,
    ) -> Result<R, DecodeError> {
        let StreamDe { parser, path } = self;
        let result = read(StreamDe {
            parser: &mut *parser,
            path,
        });
        if result.is_err() {
            parser.failed = true;
        }
        result
    }

    /// The value read whole, for plugkit's document decoder.
    fn whole(self) -> Result<ValueDe<'a, 'p>, DecodeError> {
        let value = self.parser.value()?;
        Ok(ValueDe::new(value, self.path, false))
    }

    /// An array, item by item.
    fn seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.parser.enter()?;
        self.parser.pos += 1;
        let mut items = Items {
            parser: &mut *self.parser,
            parent: self.path,
            index: 0,
            done: false,
        };
        let read = visitor.visit_seq(&mut items)?;
        // JSON: items beyond what the type reads are an error.
        if items.next_item()? {
            return Err(fallback());
        }
        self.parser.leave();
        Ok(read)
    }

    /// An object, entry by entry.
    fn map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.parser.enter()?;
        self.parser.pos += 1;
        let mut entries = Entries {
            parser: &mut *self.parser,
            parent: self.path,
            keys: Vec::new(),
            seen: None,
            read: 0,
            current: None,
            done: false,
        };
        let read = visitor.visit_map(&mut entries)?;
        // Entries the type did not read are still read, for their syntax.
        while entries.next_key()?.is_some() {}
        self.parser.leave();
        Ok(read)
    }
}

macro_rules! whole {
    ($($method:ident($($arg:ident: $ty:ty),*))*) => {
        $(
            fn $method<V: Visitor<'a>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, DecodeError> {
                self.guarded(|d| d.whole()?.$method($($arg,)* visitor))
            }
        )*
    };
}

impl<'a> Deserializer<'a> for StreamDe<'_, 'a, '_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.guarded(|d| match d.parser.peek() {
            Some(b'{') => d.map(visitor),
            Some(b'[') => d.seq(visitor),
            _ => d.whole()?.deserialize_any(visitor),
        })
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.guarded(|d| match d.parser.peek() {
            Some(b'[') => d.seq(visitor),
            _ => d.whole()?.deserialize_seq(visitor),
        })
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.guarded(|d| match d.parser.peek() {
            Some(b'{') => d.map(visitor),
            _ => d.whole()?.deserialize_map(visitor),
        })
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.guarded(|d| match d.parser.peek() {
            // A tagged configuration is split and decoded whole.
            Some(b'{') if name != TAGGED && name != DATETIME_NAME => d.map(visitor),
            _ => d.whole()?.deserialize_struct(name, fields, visitor),
        })
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.guarded(|d| match d.parser.peek() {
            Some(b'{' | b'[') => visitor.visit_some(d),
            _ => d.whole()?.deserialize_option(visitor),
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.guarded(|d| match d.parser.peek() {
            Some(b'{' | b'[') if name != RAW_VALUE && name != SECTION => {
                visitor.visit_newtype_struct(d)
            }
            _ => d.whole()?.deserialize_newtype_struct(name, visitor),
        })
    }

    whole! {
        deserialize_bool() deserialize_i8() deserialize_i16() deserialize_i32()
        deserialize_i64() deserialize_i128() deserialize_u8() deserialize_u16()
        deserialize_u32() deserialize_u64() deserialize_u128() deserialize_f32()
        deserialize_f64() deserialize_char() deserialize_str() deserialize_string()
        deserialize_bytes() deserialize_byte_buf() deserialize_unit()
        deserialize_identifier() deserialize_ignored_any()
        deserialize_unit_struct(name: &'static str)
        deserialize_tuple(len: usize)
        deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
    }
}

/// The items of an array being read.
struct Items<'s, 'a, 'p> {
    parser: &'s mut Parser<'a>,
    parent: Path<'p>,
    index: usize,
    done: bool,
}

impl Items<'_, '_, '_> {
    /// Moves to the next item: `false` at the end of the array (its `]` read).
    fn next_item(&mut self) -> Result<bool, DecodeError> {
        if self.done {
            return Ok(false);
        }
        let parser = &mut *self.parser;
        parser.skip_ws();
        match parser.peek() {
            Some(b']') => {
                parser.pos += 1;
                self.done = true;
                return Ok(false);
            }
            Some(b',') if self.index > 0 => {
                parser.pos += 1;
                parser.skip_ws();
            }
            _ if self.index > 0 => return Err(parser.error("expected `,` or `]`")),
            _ => {}
        }
        Ok(true)
    }
}

impl<'a> SeqAccess<'a> for Items<'_, 'a, '_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        let result = match self.next_item() {
            Ok(true) => {
                let index = self.index;
                self.index += 1;
                seed.deserialize(StreamDe {
                    parser: &mut *self.parser,
                    path: Path::Index(&self.parent, index),
                })
                .map(Some)
            }
            Ok(false) => Ok(None),
            Err(e) => Err(e),
        };
        if result.is_err() {
            self.parser.failed = true;
        }
        result
    }
}

/// The entries of an object being read.
struct Entries<'s, 'a, 'p> {
    parser: &'s mut Parser<'a>,
    parent: Path<'p>,
    /// The keys read so far, to find one written twice.
    keys: Vec<Cow<'a, str>>,
    /// The same, once there are many.
    seen: Option<HashSet<Cow<'a, str>>>,
    /// How many keys were read.
    read: usize,
    /// The key whose value is next.
    current: Option<Cow<'a, str>>,
    done: bool,
}

impl<'a> Entries<'_, 'a, '_> {
    /// Reads the next key and its `:` (after the value of the previous one, if it was not
    /// read): `None` at the end of the object (its `}` read).
    fn next_key(&mut self) -> Result<Option<(Cow<'a, str>, Span)>, DecodeError> {
        let parser = &mut *self.parser;
        if self.current.take().is_some() {
            parser.skip_ws();
            parser.value()?;
        }
        if self.done {
            return Ok(None);
        }
        parser.skip_ws();
        match parser.peek() {
            Some(b'}') => {
                parser.pos += 1;
                self.done = true;
                return Ok(None);
            }
            Some(b',') if self.read > 0 => {
                parser.pos += 1;
                parser.skip_ws();
            }
            _ if self.read > 0 => return Err(parser.error("expected `,` or `}`")),
            _ => {}
        }
        if parser.peek() != Some(b'"') {
            return Err(parser.error("expected a key: a string in double quotes"));
        }
        let start = parser.pos;
        let name = parser.string()?;
        let span = Span::new(start..parser.pos);
        let twice = match &mut self.seen {
            Some(set) => !set.insert(name.clone()),
            None if self.keys.len() >= 16 => {
                let mut set: HashSet<Cow<'a, str>> = self.keys.drain(..).collect();
                let twice = !set.insert(name.clone());
                self.seen = Some(set);
                twice
            }
            None => self.keys.iter().any(|k| same_key(k, &name)),
        };
        if twice {
            return Err(fallback());
        }
        if self.seen.is_none() {
            self.keys.push(name.clone());
        }
        self.read += 1;
        parser.skip_ws();
        if parser.peek() != Some(b':') {
            return Err(parser.error("expected `:` after the key"));
        }
        parser.pos += 1;
        parser.skip_ws();
        self.current = Some(name.clone());
        Ok(Some((name, span)))
    }
}

impl<'a> MapAccess<'a> for Entries<'_, 'a, '_> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        let result = match self.next_key() {
            Ok(Some((name, span))) => seed.deserialize(KeyDe(&name, span)).map(Some),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        };
        if result.is_err() {
            self.parser.failed = true;
        }
        result
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        let result = match self.current.take() {
            Some(name) => seed.deserialize(StreamDe {
                parser: &mut *self.parser,
                path: Path::Key(&self.parent, &name),
            }),
            None => Err(fallback()),
        };
        if result.is_err() {
            self.parser.failed = true;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::decode;
    use crate::config::Decoder;
    use crate::config::de::{ExactLength, ValueDe};
    use crate::config::json;
    use crate::config::path::Path;

    /// What the fast path decodes `text` to, as [`Decoder::json_str`] calls it.
    fn streamed<'a, T: Deserialize<'a>>(text: &'a str) -> Option<T> {
        let _exact = ExactLength::enter(true);
        decode(text)
    }

    /// What the whole-document path decodes `text` to.
    fn whole<'a, T: Deserialize<'a>>(text: &'a str) -> Option<T> {
        let _exact = ExactLength::enter(true);
        let value = json::parse(text).ok()?;
        T::deserialize(ValueDe::new(value, Path::Root, false)).ok()
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Settings {
        name: String,
        jobs: Option<u32>,
        ratio: f64,
        tags: Vec<String>,
        nested: BTreeMap<String, (u8, bool)>,
        unit: (),
        #[serde(default)]
        absent: Option<Vec<u8>>,
    }

    #[test]
    fn decodes_what_the_whole_document_decodes() {
        let texts = [
            "1",
            "\"a\\u00e9\\n\"",
            "null",
            "[]",
            "{}",
            " [1, -2, 3.5, true, null, \"x\", [[]], {\"a\": {}}] ",
            "{\"a\": [1, {\"b\": [2, 3]}], \"c\": \"d\", \"e\\\"\": null}",
        ];
        for text in texts {
            let streamed = streamed::<serde_json::Value>(text);
            assert!(streamed.is_some(), "{text}");
            assert_eq!(streamed, whole::<serde_json::Value>(text), "{text}");
        }
        let text = r#"{"name": "n", "jobs": null, "ratio": 0.5, "tags": ["a", "b"],
            "nested": {"x": [1, true], "y": [2, false]}, "unit": null, "ignored": {"k": [1]}}"#;
        let streamed = streamed::<Settings>(text);
        assert!(streamed.is_some());
        assert_eq!(streamed, whole::<Settings>(text));
    }

    #[test]
    fn every_error_leaves_the_fast_path() {
        let many: String = (0..20).map(|i| format!("\"k{i}\": {i}, ")).collect();
        let texts = [
            "{\"a\": 1, \"a\": 2}".to_owned(),
            "{\"a\": {\"b\": 1, \"b\": 2}}".to_owned(),
            format!("{{{many}\"k3\": 0}}"),
            "[1, 2] x".to_owned(),
            "[1, 2,]".to_owned(),
            "{\"a\": 1,}".to_owned(),
            "{\"a\" 1}".to_owned(),
            "[1 2]".to_owned(),
            "[1, \"\\x\"]".to_owned(),
            format!("{}{}", "[".repeat(129), "]".repeat(129)),
        ];
        for text in &texts {
            assert_eq!(streamed::<serde_json::Value>(text), None, "{text}");
            assert_eq!(whole::<serde_json::Value>(text), None, "{text}");
        }
        // Items beyond what a type reads; a key the type skips whose value is not JSON.
        assert_eq!(streamed::<(u32,)>("[1, 2]"), None);
        assert_eq!(whole::<(u32,)>("[1, 2]"), None);
        let skipped =
            r#"{"name": "n", "ratio": 1, "tags": [], "nested": {}, "unit": null, "x": [1, }"#;
        assert_eq!(streamed::<Settings>(skipped), None);
        // A type that does not fit.
        assert_eq!(streamed::<Vec<u32>>("[1, \"2\"]"), None);
    }

    /// A list whose errors are caught: `None` instead.
    #[derive(Debug, PartialEq)]
    struct Lenient(Option<Vec<Inner>>);

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        k: u32,
    }

    impl<'de> Deserialize<'de> for Lenient {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Ok(Lenient(Vec::<Inner>::deserialize(d).ok()))
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Outer {
        a: Lenient,
        b: u32,
    }

    #[test]
    fn an_error_a_type_recovers_from_leaves_the_fast_path() {
        // Reading stopped inside `a`: the rest of the text cannot be read from there, and
        // the whole-document path gives what the types say.
        let text = r#"{"a": [{"k": "x"}], "b": 3}"#;
        assert_eq!(streamed::<Outer>(text), None);
        let decoded: Outer = Decoder::default().json_str(text).unwrap();
        assert_eq!(
            decoded,
            Outer {
                a: Lenient(None),
                b: 3
            }
        );
        let fine: Outer = Decoder::default()
            .json_str(r#"{"a": [{"k": 1}], "b": 3}"#)
            .unwrap();
        assert_eq!(fine.a, Lenient(Some(vec![Inner { k: 1 }])));
    }
}
