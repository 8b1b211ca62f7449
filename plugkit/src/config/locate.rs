//! Where an error raised inside serde's buffer belongs: `#[serde(flatten)]` fields decode
//! through serde's own buffer, beyond plugkit's decoder, so their errors come back without a
//! key; they are located again by the value they name.

use std::cell::Cell;
use std::fmt::Write as _;
use std::ops::Range;

use serde::de::Unexpected;
use toml::value::Datetime;

use super::error::{DecodeError, DecodeErrorKind};
use super::path::{Path, write_key};
use super::value::{Kind, Value};

thread_local! {
    static SEEN: Cell<bool> = const { Cell::new(false) };
}

/// Notes that a struct with flattened fields is being decoded.
pub(crate) fn seen() {
    SEEN.with(|s| s.set(true));
}

pub(crate) fn take_seen() -> bool {
    SEEN.with(|s| s.replace(false))
}

/// How serde names a value in "invalid type: ..." once it went through its buffer.
fn describe(kind: &Kind<'_>) -> Option<String> {
    Some(match kind {
        Kind::Bool(b) => Unexpected::Bool(*b).to_string(),
        Kind::I64(i) => Unexpected::Signed(*i).to_string(),
        Kind::U64(u) => Unexpected::Unsigned(*u).to_string(),
        Kind::F64(x) => Unexpected::Float(*x).to_string(),
        Kind::Str(s) => Unexpected::Str(s).to_string(),
        _ => return None,
    })
}

/// Locates an error raised inside serde's buffer at the first key whose value it names
/// (`invalid type: integer `3``, `unknown variant `slow``); `Err` gives it back unlocated.
pub(crate) fn locate_by_value(
    table: &Value<'_>,
    path: Path<'_>,
    error: DecodeError,
) -> Result<DecodeError, DecodeError> {
    locate_in(table, &path.to_string(), error)
}

/// [`locate_by_value`] below a path given as text. A datetime went through serde's buffer as
/// the one-key map the `toml` crate makes of it: "invalid type: map" is said of it again as a
/// datetime.
pub(crate) fn locate_in(
    table: &Value<'_>,
    path: &str,
    error: DecodeError,
) -> Result<DecodeError, DecodeError> {
    let matches = |kind: &Kind<'_>| -> bool {
        match error.kind() {
            DecodeErrorKind::InvalidType { found, .. } if found == "map" => {
                matches!(kind, Kind::Datetime(_))
            }
            DecodeErrorKind::InvalidType { found, .. }
            | DecodeErrorKind::InvalidValue { found, .. } => {
                describe(kind).is_some_and(|d| &d == found)
            }
            DecodeErrorKind::UnknownVariant { variant, .. } => {
                matches!(kind, Kind::Str(s) if s == variant)
            }
            _ => false,
        }
    };
    let mut at = None;
    find(table, path, &matches, &mut at);
    match at {
        Some((path, span, Some(datetime))) => {
            let expected = match error.kind() {
                DecodeErrorKind::InvalidType { expected, .. } => expected.clone(),
                _ => String::new(),
            };
            Ok(DecodeError::new(DecodeErrorKind::InvalidType {
                found: format!("datetime `{datetime}`"),
                expected,
            })
            .at(path, span))
        }
        Some((path, span, None)) => Ok(error.at(path, span)),
        None => Err(error),
    }
}

/// Where a value is, and the datetime it is, if it is one.
type Place = (String, Option<Range<usize>>, Option<Datetime>);

fn find(
    value: &Value<'_>,
    path: &str,
    matches: &dyn Fn(&Kind<'_>) -> bool,
    at: &mut Option<Place>,
) {
    if at.is_some() {
        return;
    }
    match &value.kind {
        Kind::Table(entries) => {
            for (key, v) in entries {
                find(v, &child_path(path, &key.name), matches, at);
            }
        }
        Kind::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut here = String::from(path);
                let _ = write!(here, "[{i}]");
                find(v, &here, matches, at);
            }
        }
        kind if matches(kind) => {
            let datetime = match kind {
                Kind::Datetime(d) => Some(*d),
                _ => None,
            };
            *at = Some((path.to_owned(), value.span.range(), datetime));
        }
        _ => {}
    }
}

pub(crate) fn child_path(parent: &str, key: &str) -> String {
    let mut path = String::from(parent);
    if !path.is_empty() {
        path.push('.');
    }
    let _ = write_key(&mut path, key);
    path
}
