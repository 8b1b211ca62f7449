//! Decoding errors: what went wrong, where (file, line, column and TOML path), and the fix.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

/// A configuration could not be decoded. Says what is wrong, where (file, line, column and
/// the TOML path, when known) and how to fix it.
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Settings { jobs: u32 }
///
/// let err = plugkit::config::Decoder::default()
///     .file("qik.toml")
///     .toml_str::<Settings>("jobs = \"four\"\n")
///     .unwrap_err();
/// assert_eq!(err.to_string(), "qik.toml:1:8: in `jobs`: invalid type: string \"four\", expected u32\n  \
///     fix: write a value of the expected type");
/// assert_eq!(err.path(), Some("jobs"));
/// assert_eq!(err.location().map(|l| (l.line, l.column)), Some((1, 8)));
/// ```
#[derive(Clone, PartialEq)]
pub struct DecodeError(Box<Inner>);

/// A decoding error's parts, boxed so that results stay small.
#[derive(Clone, Debug, PartialEq)]
struct Inner {
    kind: DecodeErrorKind,
    path: Option<String>,
    span: Option<Range<usize>>,
    location: Option<Location>,
    note: Option<String>,
    /// The path is relative to a buffer, not yet to the document.
    relative: bool,
}

/// Where in a file an error is: 1-based line and column (in characters).
///
/// ```
/// let l = plugkit::config::Location { file: Some("qik.toml".into()), line: 3, column: 10 };
/// assert_eq!(l.to_string(), "qik.toml:3:10");
/// let l = plugkit::config::Location { file: None, line: 3, column: 10 };
/// assert_eq!(l.to_string(), "line 3, column 10");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file's name as the host gave it, if any.
    pub file: Option<String>,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{file}:{}:{}", self.line, self.column),
            None => write!(f, "line {}, column {}", self.line, self.column),
        }
    }
}

/// A `type` tag and the crate that registered it, for messages.
///
/// ```
/// let c = plugkit::config::TagChoice { tag: "s3".into(), crate_name: "qik-s3".into() };
/// assert_eq!(c.to_string(), "`s3` (qik-s3)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagChoice {
    /// The tag (or, for plugin sections, the plugin's name).
    pub tag: String,
    /// The crate that registered it.
    pub crate_name: String,
}

impl fmt::Display for TagChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` ({})", self.tag, self.crate_name)
    }
}

/// What went wrong while decoding.
///
/// ```
/// use plugkit::config::DecodeErrorKind;
/// let err = plugkit::config::Decoder::default().toml_str::<u8>("= 1").unwrap_err();
/// assert!(matches!(err.kind(), DecodeErrorKind::Syntax { .. }));
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub enum DecodeErrorKind {
    /// The file could not be read.
    Io {
        /// The operating system's message.
        message: String,
    },
    /// The text is not valid TOML (or JSON).
    Syntax {
        /// The parser's message.
        message: String,
    },
    /// No crate registered this `type` for the kind.
    UnknownTag {
        /// The kind's name ("cache").
        kind: String,
        /// The tag written.
        tag: String,
        /// The closest registered tag, if one is close.
        suggestion: Option<TagChoice>,
        /// Every registered tag with its crate, closest first.
        registered: Vec<TagChoice>,
    },
    /// The configuration has no `type`, and its kind has no default.
    MissingTag {
        /// The kind's name.
        kind: String,
        /// Every registered tag with its crate.
        registered: Vec<TagChoice>,
    },
    /// Two linked crates register the tag, so neither is used (the program-wide registry sets
    /// both aside when it is built without [`init`](crate::init)).
    DuplicateTag {
        /// The kind's name.
        kind: String,
        /// The tag.
        tag: String,
        /// Each registration: crate, version and item.
        registrations: Vec<String>,
    },
    /// The kind's point is not in the registry used to decode.
    UnknownKind {
        /// The kind's name.
        kind: String,
        /// The kind's point URL.
        url: String,
    },
    /// A `[plugins.<name>]` section names no enabled plugin.
    UnknownPlugin {
        /// The name written.
        name: String,
        /// The closest enabled plugin, if one is close.
        suggestion: Option<TagChoice>,
        /// Every plugin that registered a section, with its crate.
        enabled: Vec<TagChoice>,
    },
    /// A key the type does not have.
    UnknownField {
        /// The key written.
        field: String,
        /// The keys the type has.
        expected: Vec<String>,
    },
    /// A key the type needs is absent.
    MissingField {
        /// The key.
        field: String,
    },
    /// The file is not UTF-8 text.
    Encoding {
        /// The offset of the first byte that is not UTF-8.
        offset: usize,
    },
    /// A key is written twice in one table (JSON or TOML).
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// A key is given twice.
    DuplicateField {
        /// The key.
        field: String,
    },
    /// A value of the wrong type.
    InvalidType {
        /// What was found ("integer `3`").
        found: String,
        /// What was expected ("a string").
        expected: String,
    },
    /// A value of the right type but not allowed.
    InvalidValue {
        /// What was found.
        found: String,
        /// What was expected.
        expected: String,
    },
    /// A sequence of the wrong length.
    InvalidLength {
        /// The length found.
        len: usize,
        /// What was expected.
        expected: String,
    },
    /// A name that is not one of an enum's variants.
    UnknownVariant {
        /// The name written.
        variant: String,
        /// The variants.
        expected: Vec<String>,
    },
    /// Any other message, from a type's own `Deserialize`.
    Custom {
        /// The message.
        message: String,
    },
}

impl DecodeError {
    pub(crate) fn new(kind: DecodeErrorKind) -> Self {
        DecodeError(Box::new(Inner {
            kind,
            path: None,
            span: None,
            location: None,
            note: None,
            relative: false,
        }))
    }

    /// Marks the path as relative to a buffer (a table decoded apart from the document).
    pub(crate) fn relative(mut self) -> Self {
        self.0.relative = true;
        self
    }

    pub(crate) fn is_relative(&self) -> bool {
        self.0.relative
    }

    /// Puts a relative path below `parent`, and the error at `span` if it has no place.
    pub(crate) fn below(mut self, parent: &str, span: Option<Range<usize>>) -> Self {
        let own = self.0.path.take().unwrap_or_default();
        self.0.path = Some(match (parent.is_empty(), own.is_empty()) {
            (true, _) => own,
            (false, true) => parent.to_owned(),
            (false, false) if own.starts_with('[') => format!("{parent}{own}"),
            (false, false) => format!("{parent}.{own}"),
        });
        if self.0.span.is_none() {
            self.0.span = span;
        }
        self.0.relative = false;
        self
    }

    /// Adds a line that explains how the decoder read the value (printed after the fix).
    pub(crate) fn with_note(mut self, note: impl Into<String>) -> Self {
        self.0.note = Some(note.into());
        self
    }

    /// The explanation added to the message, if any: how the decoder read the value.
    pub(crate) fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }

    /// What went wrong.
    ///
    /// ```
    /// use plugkit::config::DecodeErrorKind;
    /// #[derive(Debug, serde::Deserialize)]
    /// struct S { name: String }
    /// let err = plugkit::config::Decoder::default().toml_str::<S>("").unwrap_err();
    /// assert_eq!(err.kind(), &DecodeErrorKind::MissingField { field: "name".into() });
    /// ```
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.0.kind
    }

    /// The TOML path of the value in error (`caches.remote.bucket`; empty for the document
    /// itself), when known.
    ///
    /// ```
    /// #[derive(Debug, serde::Deserialize)]
    /// struct S { n: u8 }
    /// let err = plugkit::config::Decoder::default().toml_str::<S>("n = 300").unwrap_err();
    /// assert_eq!(err.path(), Some("n"));
    /// ```
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// The file, line and column, when known.
    ///
    /// ```
    /// #[derive(Debug, serde::Deserialize)]
    /// struct S { n: u8 }
    /// let err = plugkit::config::Decoder::default().toml_str::<S>("\nn = 300").unwrap_err();
    /// assert_eq!(err.location().map(|l| (l.line, l.column)), Some((2, 5)));
    /// ```
    pub fn location(&self) -> Option<&Location> {
        self.0.location.as_ref()
    }

    pub(crate) fn is_located(&self) -> bool {
        self.0.path.is_some()
    }

    pub(crate) fn at(mut self, path: String, span: Option<Range<usize>>) -> Self {
        self.0.path = Some(path);
        self.0.span = span;
        self
    }

    pub(crate) fn with_span(mut self, span: Range<usize>) -> Self {
        self.0.span = Some(span);
        self
    }

    /// Turns the byte span into a line and column of `source`, naming `file`.
    pub(crate) fn resolve(mut self, source: Option<&str>, file: Option<&str>) -> Self {
        if self.0.location.is_none()
            && let (Some(source), Some(span)) = (source, &self.0.span)
        {
            let (line, column) = line_column(source, span.start);
            self.0.location = Some(Location {
                file: file.map(str::to_owned),
                line,
                column,
            });
        }
        self
    }

    /// The message without its location: what is wrong, details, and the fix.
    fn write_what(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use DecodeErrorKind as K;
        match &self.0.kind {
            K::Io { message } => write!(
                f,
                "cannot read the configuration: {message}\n  fix: check the path and its permissions"
            ),
            K::Syntax { message } => write!(f, "{message}\n  fix: correct the syntax"),
            K::UnknownTag {
                kind,
                tag,
                suggestion,
                registered,
            } => {
                let tag = quoted(tag);
                write!(f, "unknown {kind} type `{tag}`")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean `{}` (from {})?", s.tag, s.crate_name)?;
                }
                write_choices(f, &format!("registered {kind} types"), registered)?;
                write!(
                    f,
                    "\n  fix: write one of the registered types, or add the crate that provides \
                     `{tag}` to the host's dependencies (then `cargo plugkit sync`)"
                )
            }
            K::DuplicateTag {
                kind,
                tag,
                registrations,
            } => write!(
                f,
                "{kind} type `{tag}` is registered twice, by {}, so neither is used\n  \
                 fix: link only one of these crates, or give one of them another tag; call \
                 `plugkit::init()` at the start of `main` to catch this before any decoding",
                registrations.join(" and by ")
            ),
            K::MissingTag { kind, registered } => {
                write!(
                    f,
                    "this {kind} configuration has no `type`, and the {kind} kind has no default type"
                )?;
                write_choices(f, &format!("registered {kind} types"), registered)?;
                f.write_str("\n  fix: add `type = \"...\"` with one of the registered types")
            }
            K::UnknownKind { kind, url } => write!(
                f,
                "the {kind} configuration kind (`{url}`) is not in the registry used to decode\n  \
                 fix: build the registry with `Registry::builder().discovered()`, or link the \
                 crate that declares the kind"
            ),
            K::UnknownPlugin {
                name,
                suggestion,
                enabled,
            } => {
                write!(f, "no enabled plugin has a `[plugins.")?;
                match name.char_indices().nth(QUOTED) {
                    None => crate::config::path::write_key(f, name)?,
                    Some((end, _)) => {
                        crate::config::path::write_key(f, &name[..end])?;
                        write!(f, "…({} bytes)", name.len())?;
                    }
                }
                f.write_str("]` section")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean `{}` (from {})?", s.tag, s.crate_name)?;
                }
                write_choices(f, "plugins with a section", enabled)?;
                f.write_str(
                    "\n  fix: correct the name, or add the plugin's crate to the host's \
                     dependencies (then `cargo plugkit sync`)",
                )
            }
            K::UnknownField { field, expected } => {
                write!(f, "unknown field `{}`", quoted(field))?;
                if let Some(best) = closest(field, expected.iter().map(String::as_str)) {
                    write!(f, "; did you mean `{best}`?")?;
                }
                match expected.as_slice() {
                    [] => f.write_str("\n  this table takes no keys")?,
                    list => write!(f, "\n  expected {}", one_of(list))?,
                }
                f.write_str("\n  fix: rename or remove the key")
            }
            K::MissingField { field } => {
                write!(
                    f,
                    "missing field `{field}`\n  fix: add `{field} = ...` to this table"
                )
            }
            K::Encoding { offset } => write!(
                f,
                "the configuration is not UTF-8 text: invalid byte at offset {offset}\n  \
                 fix: save the file as UTF-8"
            ),
            K::DuplicateKey { key } => {
                f.write_str("duplicate key `")?;
                f.write_str(&quoted(key))?;
                f.write_str("`: it is already set in this table\n  fix: keep one of them")
            }
            K::DuplicateField { field } => {
                write!(
                    f,
                    "duplicate field `{}`\n  fix: keep one of them",
                    quoted(field)
                )
            }
            K::InvalidType { found, expected } => write!(
                f,
                "invalid type: {}, expected {expected}\n  fix: write a value of the expected type",
                cut(found, QUOTED + 16)
            ),
            K::InvalidValue { found, expected } => write!(
                f,
                "invalid value: {}, expected {expected}\n  fix: write an allowed value",
                cut(found, QUOTED + 16)
            ),
            K::InvalidLength { len, expected } => write!(
                f,
                "invalid length {len}, expected {expected}\n  fix: give as many items as expected"
            ),
            K::UnknownVariant { variant, expected } => {
                write!(f, "unknown variant `{}`", quoted(variant))?;
                if let Some(best) = closest(variant, expected.iter().map(String::as_str)) {
                    write!(f, "; did you mean `{best}`?")?;
                }
                write!(
                    f,
                    "\n  expected {}\n  fix: write one of the variants",
                    one_of(expected)
                )
            }
            K::Custom { message } => f.write_str(message),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.0.location {
            write!(f, "{location}: ")?;
        }
        match self.0.path.as_deref() {
            Some(path) if !path.is_empty() => write!(f, "in `{}`: ", cut(path, QUOTED_PATH))?,
            _ => {}
        }
        self.write_what(f)?;
        if let Some(note) = &self.0.note {
            write!(f, "\n  note: {note}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// How many characters of the user's input a message quotes (a key, a tag, a value): a 3 MB
/// key is shown by its start and its size, not echoed whole.
pub(crate) const QUOTED: usize = 64;
/// How many characters of a path a message shows.
const QUOTED_PATH: usize = 256;

/// `text` as a message quotes it: whole when short, else its first `max` characters and
/// `…(N bytes)`.
pub(crate) fn cut(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((end, _)) => {
            std::borrow::Cow::Owned(format!("{}…({} bytes)", &text[..end], text.len()))
        }
    }
}

/// [`cut`] to [`QUOTED`] characters.
pub(crate) fn quoted(text: &str) -> std::borrow::Cow<'_, str> {
    cut(text, QUOTED)
}

/// "one of `a`, `b` or `c`", at most 10 names.
fn one_of(names: &[String]) -> String {
    const SHOWN: usize = 10;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    let mut text = match quoted.as_slice() {
        [] => String::from("nothing"),
        [one] => one.clone(),
        [init @ .., last] => format!("one of {} or {last}", init.join(", ")),
    };
    if names.len() > SHOWN {
        text = format!(
            "one of {} and {} more",
            quoted.join(", "),
            names.len() - SHOWN
        );
    }
    text
}

/// A short list of choices: at most five, then how many more, so that a kind with a thousand
/// tags still gives a short message.
fn write_choices(f: &mut fmt::Formatter<'_>, title: &str, choices: &[TagChoice]) -> fmt::Result {
    const SHOWN: usize = 5;
    if choices.is_empty() {
        return write!(f, "\n  {title}: none (no linked crate registers one)");
    }
    write!(f, "\n  {title}: ")?;
    for (i, c) in choices.iter().take(SHOWN).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{c}")?;
    }
    if choices.len() > SHOWN {
        write!(f, " and {} more", choices.len() - SHOWN)?;
    }
    Ok(())
}

/// How many characters of a name the suggestions compare: names are short, and a long one
/// (a 3 MB key) must not make an error slow.
const COMPARED: usize = 64;

/// `name` cut to [`COMPARED`] characters, and its length in characters (up to one more, which
/// is enough to say it is longer).
fn compared(name: &str) -> (&str, usize) {
    match name.char_indices().nth(COMPARED) {
        Some((end, _)) => (&name[..end], COMPARED + 1),
        None => (name, name.chars().count()),
    }
}

/// The candidate closest to `asked`, if it is a likely typo: within a few edits (one per three
/// characters, at least one), or very similar by Jaro-Winkler. Short tags (`s4` for `s3`)
/// count, which Jaro-Winkler alone misses. Time is bounded whatever the input: candidates
/// whose length is far from the key's are skipped, and at most [`COMPARED`] characters of
/// each name are compared.
pub(crate) fn closest<'a>(
    asked: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let (asked, asked_len) = compared(asked);
    let limit = (asked_len / 3).max(1);
    candidates
        .into_iter()
        .filter_map(|c| {
            let (short, len) = compared(c);
            // Jaro-Winkler above 0.8 needs lengths within a factor of about two.
            if len.abs_diff(asked_len) > limit.max(asked_len.max(len) / 2) {
                return None;
            }
            let distance = strsim::damerau_levenshtein(asked, short);
            let similarity = strsim::jaro_winkler(asked, short);
            (distance <= limit || similarity > 0.8).then_some((distance, similarity, c))
        })
        .min_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| b.1.total_cmp(&a.1))
                .then_with(|| a.2.cmp(b.2))
        })
        .map(|(_, _, c)| c)
}

/// Orders choices closest to `asked` first (then by name), and picks a suggestion.
pub(crate) fn rank_choices(
    asked: &str,
    mut choices: Vec<TagChoice>,
) -> (Option<TagChoice>, Vec<TagChoice>) {
    let suggestion = closest(asked, choices.iter().map(|c| c.tag.as_str()))
        .and_then(|best| choices.iter().find(|c| c.tag == best))
        .cloned();
    let (asked, _) = compared(asked);
    choices.sort_by_cached_key(|c| {
        let (tag, _) = compared(&c.tag);
        let similarity = strsim::jaro_winkler(asked, tag);
        (
            strsim::damerau_levenshtein(asked, tag),
            std::cmp::Reverse((similarity * 1e6) as u64),
            c.tag.clone(),
        )
    });
    (suggestion, choices)
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

// serde drops some errors on purpose: a flattened `Option` whose table does not decode is
// `None`. While a type with flattened fields decodes, the errors made are kept, so that a key
// left unused can be explained by the mistake that made serde leave its table out.
thread_local! {
    static WATCHED: RefCell<Option<Vec<DecodeError>>> = const { RefCell::new(None) };
}

/// How many errors a watch keeps.
const WATCHED_MAX: usize = 16;

/// Starts keeping the errors made; returns the watch in progress, for [`unwatch`].
pub(crate) fn watch() -> Option<Vec<DecodeError>> {
    WATCHED.with(|w| w.replace(Some(Vec::new())))
}

/// The errors made since [`watch`]; the previous watch goes on.
pub(crate) fn unwatch(previous: Option<Vec<DecodeError>>) -> Vec<DecodeError> {
    WATCHED.with(|w| w.replace(previous)).unwrap_or_default()
}

fn watched(error: DecodeError) -> DecodeError {
    WATCHED.with(|w| {
        if let Some(errors) = w.borrow_mut().as_mut()
            && errors.len() < WATCHED_MAX
        {
            errors.push(error.clone());
        }
    });
    error
}

impl serde::de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        watched(DecodeError::new(DecodeErrorKind::Custom {
            message: msg.to_string(),
        }))
    }

    fn invalid_type(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        watched(DecodeError::new(DecodeErrorKind::InvalidType {
            found: unexp.to_string(),
            expected: exp.to_string(),
        }))
    }

    fn invalid_value(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        watched(DecodeError::new(DecodeErrorKind::InvalidValue {
            found: unexp.to_string(),
            expected: exp.to_string(),
        }))
    }

    fn invalid_length(len: usize, exp: &dyn serde::de::Expected) -> Self {
        watched(DecodeError::new(DecodeErrorKind::InvalidLength {
            len,
            expected: exp.to_string(),
        }))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        watched(DecodeError::new(DecodeErrorKind::UnknownVariant {
            variant: variant.to_owned(),
            expected: expected.iter().map(|s| (*s).to_owned()).collect(),
        }))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        watched(DecodeError::new(DecodeErrorKind::UnknownField {
            field: field.to_owned(),
            expected: expected.iter().map(|s| (*s).to_owned()).collect(),
        }))
    }

    fn missing_field(field: &'static str) -> Self {
        watched(DecodeError::new(DecodeErrorKind::MissingField {
            field: field.to_owned(),
        }))
    }

    fn duplicate_field(field: &'static str) -> Self {
        watched(DecodeError::new(DecodeErrorKind::DuplicateField {
            field: field.to_owned(),
        }))
    }
}

// A located error crosses erased-serde (which plugin types decode through) as its text only.
// The relay keeps the last located error of this thread so that, when its text comes back,
// the structured error is restored instead of being located a second time, less precisely.
thread_local! {
    static RELAY: RefCell<Option<(String, DecodeError)>> = const { RefCell::new(None) };
}

/// Remembers `error`; returns its text, to send through a generic `Error::custom`.
pub(crate) fn relay_store(error: &DecodeError) -> String {
    let text = error.to_string();
    RELAY.with(|r| *r.borrow_mut() = Some((text.clone(), error.clone())));
    text
}

/// The remembered error whose text is `text`, if any.
pub(crate) fn relay_find(text: &str) -> Option<DecodeError> {
    RELAY.with(|r| {
        r.borrow()
            .as_ref()
            .filter(|(t, _)| t == text)
            .map(|(_, e)| e.clone())
    })
}

pub(crate) fn relay_clear() {
    RELAY.with(|r| *r.borrow_mut() = None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column("a = 1\nbé = 2\n", 0), (1, 1));
        assert_eq!(line_column("a = 1\nbé = 2\n", 6), (2, 1));
        assert_eq!(line_column("a = 1\nbé = 2\n", 10), (2, 4));
        assert_eq!(line_column("ab", 99), (1, 3));
        // Inside a multi-byte character: the character's start.
        assert_eq!(line_column("é", 1), (1, 1));
    }

    #[test]
    fn suggestions_catch_short_typos_and_skip_strangers() {
        assert_eq!(closest("s4", ["local", "s3", "none"]), Some("s3"));
        assert_eq!(closest("bukcet", ["bucket", "prefix"]), Some("bucket"));
        assert_eq!(closest("pygraph", ["glob"]), None);
        assert_eq!(closest("gcp.bucket", ["aws.bucket"]), Some("aws.bucket"));
        assert_eq!(closest("x", ["y", "z"]), Some("y"));
        assert_eq!(closest("anything", []), None);
    }

    #[test]
    fn lists_stay_short() {
        let names: Vec<String> = (0..12).map(|i| format!("f{i}")).collect();
        assert_eq!(one_of(&names[..1]), "`f0`");
        assert_eq!(one_of(&names[..3]), "one of `f0`, `f1` or `f2`");
        assert!(one_of(&names).ends_with("`f9` and 2 more"));
        assert_eq!(one_of(&[]), "nothing");
    }
}

crate::error::debug_is_display!(DecodeError);
