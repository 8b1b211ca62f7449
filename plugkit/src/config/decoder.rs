//! Reading a configuration file: TOML with every error located, or JSON.

use std::cell::Cell;
use std::path::Path as FsPath;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::de::DeTable;

use super::de::{ExactLength, ValueDe};
use super::error::{DecodeError, DecodeErrorKind, relay_clear, relay_find};
use super::handoff;
use super::json;
use super::json_stream;
use super::locate::take_seen;
use super::path::Path;
use super::value::Value;
use crate::Registry;

thread_local! {
    static CURRENT: Cell<Option<&'static Registry>> = const { Cell::new(None) };
}

/// The registry that tags and plugin sections are looked up in: the one a [`Decoder`] was
/// given while it decodes, else the program-wide [`registry()`](crate::registry()).
pub(crate) fn current_registry() -> &'static Registry {
    registry_in_use().0
}

/// The registry in use, and whether it is the program-wide one.
pub(crate) fn registry_in_use() -> (&'static Registry, bool) {
    match CURRENT.with(Cell::get) {
        Some(registry) => (registry, false),
        None => (crate::registry(), true),
    }
}

/// Restores the previous registry when a decode ends, even by a panic in a plugin's code.
struct Scope(Option<&'static Registry>);

impl Scope {
    fn enter(registry: Option<&'static Registry>) -> Self {
        let previous = CURRENT.with(Cell::get);
        if registry.is_some() {
            CURRENT.with(|c| c.set(registry));
        }
        relay_clear();
        Scope(previous)
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.0));
        relay_clear();
    }
}

/// Decodes configuration text into the host's types, with tags and plugin sections looked up
/// in a registry, and errors located by file, line, column and TOML path.
/// `Decoder::default()` uses the program-wide registry and names no file.
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Settings { name: String, jobs: u32 }
///
/// let decoder = plugkit::config::Decoder::default().file("qik.toml");
/// let settings: Settings = decoder.toml_str("name = \"demo\"\njobs = 4\n")?;
/// assert_eq!((settings.name.as_str(), settings.jobs), ("demo", 4));
///
/// let err = decoder.toml_str::<Settings>("name = \"demo\"\n").unwrap_err();
/// assert_eq!(err.to_string(), "qik.toml:1:1: missing field `jobs`\n  fix: add `jobs = ...` to this table");
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use = "a decoder does nothing until asked to decode"]
pub struct Decoder {
    registry: Option<&'static Registry>,
    file: Option<String>,
}

impl Decoder {
    /// Looks tags and plugin sections up in `registry` instead of the program-wide one.
    ///
    /// ```
    /// let registry: &'static plugkit::Registry = Box::leak(Box::new(plugkit::Registry::builder().build()?));
    /// let decoder = plugkit::config::Decoder::default().registry(registry);
    /// let n: std::collections::BTreeMap<String, u32> = decoder.toml_str("a = 1")?;
    /// assert_eq!(n["a"], 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn registry(mut self, registry: &'static Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// Names the file in error locations (`qik.toml:3:10: ...`).
    ///
    /// ```
    /// let err = plugkit::config::Decoder::default().file("conf/app.toml").toml_str::<u32>("= 1").unwrap_err();
    /// assert!(err.to_string().starts_with("conf/app.toml:1:1: "));
    /// ```
    pub fn file(mut self, name: impl Into<String>) -> Self {
        self.file = Some(name.into());
        self
    }

    /// Decodes TOML text.
    ///
    /// ```
    /// let table: std::collections::BTreeMap<String, String> =
    ///     plugkit::config::Decoder::default().toml_str("a = \"b\"")?;
    /// assert_eq!(table["a"], "b");
    /// # Ok::<(), plugkit::config::DecodeError>(())
    /// ```
    pub fn toml_str<'a, T: Deserialize<'a>>(&self, text: &'a str) -> Result<T, DecodeError> {
        let _scope = Scope::enter(self.registry);
        let _exact = ExactLength::enter(false);
        let file = self.file.as_deref();
        let table =
            DeTable::parse(text).map_err(|e| syntax_error(text, &e).resolve(Some(text), file))?;
        let value = Value::from_toml(table).map_err(|e| e.resolve(Some(text), file))?;
        let root = ValueDe::new(value, Path::Root, false);
        T::deserialize(root).map_err(|e| finish(e).resolve(Some(text), file))
    }

    /// Reads and decodes a file: JSON when its extension is `json`, TOML otherwise. Errors
    /// name the file as [`file`](Decoder::file) gave it, else by its path; a file that cannot
    /// be read is an [`Io`](DecodeErrorKind::Io) error, and one that is not UTF-8 an
    /// [`Encoding`](DecodeErrorKind::Encoding) error with the offset of the first bad byte.
    ///
    /// ```
    /// use plugkit::config::{Decoder, DecodeErrorKind};
    /// let dir = std::env::temp_dir();
    /// std::fs::write(dir.join("plugkit-doc-read-file.toml"), "jobs = 2\n")?;
    /// std::fs::write(dir.join("plugkit-doc-read-file.json"), "{\"jobs\": 3}")?;
    /// let toml: std::collections::BTreeMap<String, u32> = Decoder::default().read_file(&dir.join("plugkit-doc-read-file.toml"))?;
    /// let json: std::collections::BTreeMap<String, u32> = Decoder::default().read_file(&dir.join("plugkit-doc-read-file.json"))?;
    /// assert_eq!((toml["jobs"], json["jobs"]), (2, 3));
    ///
    /// let err = Decoder::default().read_file::<u32>(&dir.join("plugkit-doc-read-file.absent")).unwrap_err();
    /// assert!(matches!(err.kind(), DecodeErrorKind::Io { .. }));
    /// std::fs::write(dir.join("plugkit-doc-read-file.json"), b"{\"a\": \"\xff\"}")?;
    /// let err = Decoder::default().read_file::<u32>(&dir.join("plugkit-doc-read-file.json")).unwrap_err();
    /// assert!(matches!(err.kind(), DecodeErrorKind::Encoding { offset: 7 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_file<T: DeserializeOwned>(&self, path: &FsPath) -> Result<T, DecodeError> {
        let (name, text) = self.read(path)?;
        let decoder = self.clone().file(name);
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => decoder.json_str(&text),
            _ => decoder.toml_str(&text),
        }
    }

    /// A file's name (as given, or its path) and its text, which must be UTF-8.
    fn read(&self, path: &FsPath) -> Result<(String, String), DecodeError> {
        let name = self
            .file
            .clone()
            .unwrap_or_else(|| path.display().to_string());
        let bytes = std::fs::read(path).map_err(|e| {
            DecodeError::new(DecodeErrorKind::Io {
                message: format!("{name}: {e}"),
            })
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok((name, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
                Err(DecodeError::new(DecodeErrorKind::Encoding { offset })
                    .with_span(offset..offset)
                    .resolve(Some(&valid), Some(&name)))
            }
        }
    }

    /// Decodes JSON text, located as TOML is: every error has its line, column, path, kind
    /// and fix, and a key written twice in an object is an error (as in TOML).
    ///
    /// ```
    /// let n: Vec<u32> = plugkit::config::Decoder::default().json_str("[1, 2]")?;
    /// assert_eq!(n, [1, 2]);
    /// let err = plugkit::config::Decoder::default().file("a.json").json_str::<Vec<u32>>("[1, \"x\"]").unwrap_err();
    /// assert_eq!(err.to_string(), "a.json:1:5: in `[1]`: invalid type: string \"x\", expected u32\n  \
    ///     fix: write a value of the expected type");
    /// # Ok::<(), plugkit::config::DecodeError>(())
    /// ```
    pub fn json_str<'a, T: Deserialize<'a>>(&self, text: &'a str) -> Result<T, DecodeError> {
        let _scope = Scope::enter(self.registry);
        let _exact = ExactLength::enter(true);
        // Input that decodes is decoded as it is read; anything else is read whole, and the
        // document decoder says what and where.
        if let Some(value) = json_stream::decode(text) {
            return Ok(value);
        }
        relay_clear();
        take_seen();
        handoff::take_offer();
        let file = self.file.as_deref();
        let value = json::parse(text).map_err(|e| e.resolve(Some(text), file))?;
        let root = ValueDe::new(value, Path::Root, false);
        T::deserialize(root).map_err(|e| finish(e).resolve(Some(text), file))
    }
}

/// The one message for every kind of nesting beyond the parser's limit.
const NESTED_TOO_DEEPLY: &str = "nested too deeply: a key, table header or value goes more than \
                                 80 levels deep (the TOML parser's limit)";

/// A TOML syntax error, located. The parser reports its nesting limit without a place: it is
/// put at the line that nests deepest.
fn syntax_error(text: &str, e: &toml::de::Error) -> DecodeError {
    let message = e.message().trim_end();
    if e.span().is_some() && message.starts_with("cannot recurse further") {
        // Arrays and inline tables nested too deeply: the same message as keys and headers.
        return DecodeError::new(DecodeErrorKind::Syntax {
            message: NESTED_TOO_DEEPLY.to_owned(),
        })
        .with_span(e.span().unwrap_or_default());
    }
    if e.span().is_none() && message == "recursion limit" {
        let deepest = text
            .split_inclusive('\n')
            .scan(0, |start, line| {
                let here = *start;
                *start += line.len();
                let depth = line
                    .bytes()
                    .filter(|b| matches!(b, b'.' | b'[' | b'{'))
                    .count();
                Some((depth, here))
            })
            .max_by_key(|(depth, here)| (*depth, std::cmp::Reverse(*here)))
            .map_or(0, |(_, start)| start);
        return DecodeError::new(DecodeErrorKind::Syntax {
            message: NESTED_TOO_DEEPLY.to_owned(),
        })
        .with_span(deepest..deepest);
    }
    if message == "duplicate key"
        && let Some(span) = e.span()
        && let Some(error) = duplicate_key(text, span)
    {
        return error;
    }
    let mut error = DecodeError::new(DecodeErrorKind::Syntax {
        message: message.to_owned(),
    });
    if let Some(span) = e.span() {
        error = error.with_span(span);
    }
    error
}

/// A key written twice, as the parser reports it (the span of the second key): the key and
/// its TOML path, read from the text around it, as JSON reports it.
fn duplicate_key(text: &str, span: std::ops::Range<usize>) -> Option<DecodeError> {
    let written = text.get(span.clone())?;
    let key = written
        .strip_prefix(['"', '\''])
        .and_then(|k| k.strip_suffix(['"', '\'']))
        .unwrap_or(written);
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..span.end];
    let dotted = |s: &str| -> String {
        s.split('.')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(".")
    };
    let path = if let Some(header) = prefix.trim_start().strip_prefix('[') {
        // A table header written twice: the header itself.
        dotted(header.trim_start_matches('['))
    } else {
        // The table the line is in: the last header above it.
        let table = text[..line_start]
            .lines()
            .rev()
            .map(str::trim_start)
            .find(|l| l.starts_with('['))
            .and_then(|l| {
                let l = l.trim_start_matches('[');
                l.find(']').map(|end| dotted(&l[..end]))
            })
            .unwrap_or_default();
        let here = match prefix.split_once('{') {
            // In an inline table: the key it is the value of, then the key.
            Some((outer, _)) => format!(
                "{}.{}",
                dotted(outer.split('=').next().unwrap_or_default()),
                written.trim()
            ),
            None => dotted(prefix),
        };
        match table.is_empty() {
            true => here,
            false => format!("{table}.{here}"),
        }
    };
    Some(
        DecodeError::new(DecodeErrorKind::DuplicateKey {
            key: key.to_owned(),
        })
        .at(path, Some(span)),
    )
}

/// The structured error behind a relayed one.
fn finish(error: DecodeError) -> DecodeError {
    match error.kind() {
        DecodeErrorKind::Custom { message } => relay_find(message).unwrap_or(error),
        _ => error,
    }
}
