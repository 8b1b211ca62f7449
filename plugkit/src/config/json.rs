//! JSON read into the document model with the span of every key and value, so that JSON errors
//! are located like TOML's (line, column, full path), and a key given twice is an error, as in
//! TOML. Numbers are read as `serde_json` reads them.

use std::borrow::Cow;
use std::collections::HashSet;

use super::error::{DecodeError, DecodeErrorKind};
use super::value::{Key, Kind, Span, Value};

/// How deep arrays and objects may nest (as `serde_json`).
const DEPTH: usize = 128;

/// The bytes that end a run of plain characters in a string: `"`, `\\` and control characters.
const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        stops[b] = true;
        b += 1;
    }
    stops[b'"' as usize] = true;
    stops[b'\\' as usize] = true;
    stops
};

/// Parses a JSON document.
pub(crate) fn parse(text: &str) -> Result<Value<'_>, DecodeError> {
    let mut parser = Parser::new(text);
    parser.skip_ws();
    let value = parser.value()?;
    parser.end()?;
    Ok(value)
}

/// A reader of JSON text into the document model, one value at a time.
pub(crate) struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pub(crate) pos: usize,
    depth: usize,
    /// The entries of the objects being read, innermost last: each object's entries are moved
    /// into a vector of their exact size when it closes (one allocation per object, none
    /// grown).
    entries: Vec<(Key<'a>, Value<'a>)>,
    /// The same for the items of the arrays being read.
    items: Vec<Value<'a>>,
    /// Whether an error was seen while decoding as the text is read
    /// ([`json_stream`](super::json_stream)).
    pub(crate) failed: bool,
}

/// Whether two keys are the same: lengths and first bytes first, which tells most keys of a
/// configuration apart without comparing them whole.
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// One of 64 bits for a key, from its length and its first and last bytes: two keys with
/// different bits differ.
fn key_bit(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let first = bytes.first().map_or(0, |&b| usize::from(b));
    let last = bytes.last().map_or(0, |&b| usize::from(b));
    1 << ((bytes.len().wrapping_mul(7) ^ first.wrapping_mul(3) ^ last) % 64)
}

/// The position of the first byte at or after `from` that ends a run of plain characters in a
/// string (see [`STOPS`]), or the length: eight bytes at a time, then one at a time.
fn run_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // A byte that is zero (after the xor), or below 0x20, sets its high bit; the lowest
        // one set is exact (a borrow only flags bytes above a flagged one).
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word))
            & HIGH;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&b| STOPS[usize::from(b)])
        .unwrap_or(bytes.len() - at)
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            entries: Vec::new(),
            items: Vec::new(),
            failed: false,
        }
    }

    /// Nothing but white space is left.
    pub(crate) fn end(&mut self) -> Result<(), DecodeError> {
        self.skip_ws();
        if self.pos < self.bytes.len() {
            return Err(self.error("trailing characters after the JSON value"));
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn error(&self, message: &str) -> DecodeError {
        self.error_at(message, self.pos)
    }

    #[cold]
    #[inline(never)]
    fn error_at(&self, message: &str, at: usize) -> DecodeError {
        DecodeError::new(DecodeErrorKind::Syntax {
            message: message.to_owned(),
        })
        .with_span(at..at)
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(crate) fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    pub(crate) fn value(&mut self) -> Result<Value<'a>, DecodeError> {
        let start = self.pos;
        let kind = match self.peek() {
            None => return Err(self.error("EOF while parsing a value")),
            Some(b'{') => return self.object(),
            Some(b'[') => return self.array(),
            Some(b'"') => Kind::Str(self.string()?),
            Some(b't') => self.word("true", Kind::Bool(true))?,
            Some(b'f') => self.word("false", Kind::Bool(false))?,
            Some(b'n') => self.word("null", Kind::Unit)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.error("expected a value")),
        };
        Ok(Value {
            kind,
            span: Span::new(start..self.pos),
        })
    }

    fn word(&mut self, word: &str, kind: Kind<'a>) -> Result<Kind<'a>, DecodeError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.error("expected a value"))
        }
    }

    pub(crate) fn enter(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth > DEPTH {
            return Err(self.error("nested too deeply: more than 128 levels of arrays and objects"));
        }
        Ok(())
    }

    /// Leaves an array or object entered with [`enter`](Parser::enter).
    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    fn object(&mut self) -> Result<Value<'a>, DecodeError> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let base = self.entries.len();
        let mut seen: Option<HashSet<Cow<'a, str>>> = None;
        // The keys so far, one bit each (see `key_bit`): most keys are new without a look.
        let mut bits = 0_u64;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                let key_start = self.pos;
                match self.peek() {
                    Some(b'"') => {}
                    None => return Err(self.error("EOF while parsing an object")),
                    Some(_) => return Err(self.error("expected a key: a string in double quotes")),
                }
                let name = self.string()?;
                let key_span = key_start..self.pos;
                // A key given twice: an error, as in TOML (serde_json keeps the last).
                let written = &self.entries[base..];
                let twice = match &mut seen {
                    Some(set) => !set.insert(name.clone()),
                    None if written.len() >= 16 => {
                        let mut set: HashSet<Cow<'a, str>> =
                            written.iter().map(|(k, _)| k.name.clone()).collect();
                        let twice = !set.insert(name.clone());
                        seen = Some(set);
                        twice
                    }
                    None => {
                        let bit = key_bit(&name);
                        let maybe = bits & bit != 0;
                        bits |= bit;
                        maybe && written.iter().any(|(k, _)| same_key(&k.name, &name))
                    }
                };
                if twice {
                    return Err(DecodeError::new(DecodeErrorKind::DuplicateKey {
                        key: name.into_owned(),
                    })
                    .with_span(key_span));
                }
                self.skip_ws();
                match self.peek() {
                    Some(b':') => self.pos += 1,
                    None => return Err(self.error("EOF while parsing an object")),
                    Some(_) => return Err(self.error("expected `:` after the key")),
                }
                self.skip_ws();
                let value = self.value()?;
                self.entries.push((
                    Key {
                        name,
                        span: Span::new(key_span),
                    },
                    value,
                ));
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.error("EOF while parsing an object")),
                    Some(_) => return Err(self.error("expected `,` or `}`")),
                }
            }
        }
        self.depth -= 1;
        let entries: Vec<_> = self.entries.drain(base..).collect();
        Ok(Value::table(entries, Span::new(start..self.pos)))
    }

    fn array(&mut self) -> Result<Value<'a>, DecodeError> {
        let start = self.pos;
        self.enter()?;
        self.pos += 1;
        let base = self.items.len();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                let item = self.value()?;
                self.items.push(item);
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.error("EOF while parsing a list")),
                    Some(_) => return Err(self.error("expected `,` or `]`")),
                }
            }
        }
        self.depth -= 1;
        let items: Vec<_> = self.items.drain(base..).collect();
        Ok(Value {
            kind: Kind::Array(items),
            span: Span::new(start..self.pos),
        })
    }

    /// A string at `"`: borrowed from the text unless it has escapes.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, DecodeError> {
        self.pos += 1;
        let start = self.pos;
        self.pos = run_end(self.bytes, start);
        match self.peek() {
            None => return Err(self.error("EOF while parsing a string")),
            Some(b'"') => {
                let s = &self.text[start..self.pos];
                self.pos += 1;
                return Ok(Cow::Borrowed(s));
            }
            Some(b'\\') => {}
            Some(_) => {
                return Err(
                    self.error("control character (\\u0000-\\u001F) found while parsing a string")
                );
            }
        }
        let mut out = String::from(&self.text[start..self.pos]);
        loop {
            let run = self.pos;
            self.pos = run_end(self.bytes, run);
            out.push_str(&self.text[run..self.pos]);
            match self.peek() {
                None => return Err(self.error("EOF while parsing a string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    let at = self.pos;
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode(at)?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error_at("invalid escape", at)),
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.error(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ));
                }
            }
        }
    }

    fn hex4(&mut self, at: usize) -> Result<u32, DecodeError> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error_at("invalid escape", at))?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error_at("invalid escape", at))
    }

    /// The character of `\uXXXX` (after `\u`), with its low surrogate if it is a high one.
    fn unicode(&mut self, at: usize) -> Result<char, DecodeError> {
        let first = self.hex4(at)?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.pos..].starts_with(b"\\u") {
                    return Err(self.error_at("lone leading surrogate in hex escape", at));
                }
                self.pos += 2;
                let second = self.hex4(at)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error_at("lone leading surrogate in hex escape", at));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(self.error_at("lone trailing surrogate in hex escape", at));
            }
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error_at("invalid escape", at))
    }

    fn number(&mut self) -> Result<Kind<'a>, DecodeError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let digits = |p: &mut Self| {
            let from = p.pos;
            while let Some(b'0'..=b'9') = p.peek() {
                p.pos += 1;
            }
            p.pos - from
        };
        let int_start = self.pos;
        let int_len = digits(self);
        if int_len == 0 || (int_len > 1 && self.bytes[int_start] == b'0') {
            return Err(self.error_at("invalid number", start));
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            float = true;
            if digits(self) == 0 {
                return Err(self.error_at("invalid number", start));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            float = true;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error_at("invalid number", start));
            }
        }
        let text = &self.text[start..self.pos];
        if !float {
            // As serde_json: non-negative as u64, negative as i64, else a float.
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Kind::U64(n));
            }
            // serde_json reads `-0` as the float -0.0.
            if text == "-0" {
                return Ok(Kind::F64(-0.0));
            }
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Kind::I64(n));
            }
        }
        serde_json::from_str::<f64>(text)
            .map(Kind::F64)
            .map_err(|_| self.error_at("number out of range", start))
    }
}
