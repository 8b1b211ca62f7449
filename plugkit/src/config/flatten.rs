//! `#[serde(flatten)]` in a configuration type: serde collects the keys its other fields do not
//! take and hands them to the flattened fields through its own buffer, beyond plugkit's
//! decoder. Two checks bring them back under its rules:
//!
//! - an error raised inside the buffer (no key of its own) is located at the key whose value it
//!   names, not at the table;
//! - after a type with flattened fields decodes, every key of the input must have been used:
//!   one that changes nothing when its value is replaced is reported as an unknown field.

use std::sync::atomic::{AtomicU8, Ordering};

use super::conf::{ConfType, DirectFn, Kind as ConfKind};
use super::de::ValueDe;
use super::error::{DecodeError, DecodeErrorKind, closest, unwatch, watch};
use super::handoff::{ErasedDirect, put_result};
use super::locate::{child_path, locate_in, take_seen};
use super::path::Path;
use super::value::{Key, Kind, Span, Value};

/// Whether a type was seen with flattened fields: not yet decoded, no, yes.
pub(crate) struct FlattenState(AtomicU8);

const UNKNOWN: u8 = 0;
const NO: u8 = 1;
const YES: u8 = 2;

impl FlattenState {
    pub(crate) const fn new() -> Self {
        FlattenState(AtomicU8::new(UNKNOWN))
    }
}

/// Decodes the keys beside a `type` with the tag's direct decoder and, when its type has
/// flattened fields, checks that every key was used.
pub(crate) fn decode_direct<'de, K: ?Sized + ConfKind>(
    conf_type: &ConfType<K>,
    direct: DirectFn<K>,
    value: Value<'de>,
    path: Path<'_>,
) -> Result<Box<K>, DecodeError> {
    let state = conf_type.flatten_state().0.load(Ordering::Relaxed);
    // The input is kept only for types that have (or may have) flattened fields.
    let copy = (state != NO).then(|| value.clone());
    let outer = take_seen();
    let previous = (state != NO).then(watch);
    let decoded = direct(ValueDe::rest(value, path));
    let swallowed = previous.map(unwatch).unwrap_or_default();
    let flattened = take_seen();
    if outer {
        super::locate::seen();
    }
    if flattened || state == UNKNOWN {
        let now = if flattened { YES } else { NO };
        conf_type.flatten_state().0.store(now, Ordering::Relaxed);
    }
    let conf = match (decoded, &copy) {
        (Ok(conf), _) => conf,
        (Err(e), Some(input)) if flattened => {
            return Err(misspelled_required(direct, e, input, path));
        }
        (Err(e), _) => return Err(e),
    };
    if let (true, Some(copy)) = (flattened, copy) {
        check_used(direct, &conf, copy, path, &swallowed)?;
    }
    Ok(conf)
}

/// A required key missing from a type with flattened fields (serde reads such a type as a
/// map, so it cannot say which keys are unknown): when a key of the table is close to the
/// missing one, that key is the mistake, reported as an unknown field with its suggestion.
fn misspelled_required<K: ?Sized + ConfKind>(
    direct: DirectFn<K>,
    error: DecodeError,
    input: &Value<'_>,
    path: Path<'_>,
) -> DecodeError {
    let DecodeErrorKind::MissingField { field } = error.kind() else {
        return error;
    };
    let here = path.to_string();
    let Kind::Table(entries) = &input.kind else {
        return error;
    };
    if error.path() != Some(here.as_str()) {
        return error;
    }
    let names = entries.iter().map(|(k, _)| k.name.as_ref());
    // A key close to the missing one, and unused: replacing its value changes nothing.
    let unused = |i: usize| {
        let mut probe = input.clone();
        poison(&mut probe, &[i]);
        direct(ValueDe::rest(probe, path))
            .err()
            .is_some_and(|again| again.kind() == error.kind())
    };
    let Some((key, _)) = entries
        .iter()
        .enumerate()
        .find(|(i, (k, _))| closest(&k.name, [field.as_str()]).is_some() && unused(*i))
        .map(|(_, entry)| entry)
        .filter(|_| names.clone().all(|n| n != field))
    else {
        return error;
    };
    let mut expected: Vec<String> = names
        .filter(|n| *n != key.name)
        .map(str::to_owned)
        .chain([field.clone()])
        .collect();
    expected.sort();
    expected.dedup();
    DecodeError::new(DecodeErrorKind::UnknownField {
        field: key.name.to_string(),
        expected,
    })
    .at(child_path(&here, &key.name), key.span.range())
}

/// What a configuration writes back, to compare keys: `None` if it cannot be written.
fn written<K: ?Sized + ConfKind>(conf: &K) -> Option<serde_json::Value> {
    erased_serde::serialize(conf, serde_json::value::Serializer).ok()
}

/// An input key that the decoded value does not write back: where it is, and the keys
/// written beside it.
struct Candidate {
    indexes: Vec<usize>,
    path: String,
    key: String,
    span: Span,
    beside: Vec<String>,
}

/// What a flattened optional table's note says.
const OPTIONAL_NOTE: &str = "this type has flattened fields (`#[serde(flatten)]`): a flattened \
                             optional table is left out, and its keys unused, when one of the \
                             keys it needs is missing";

fn check_used<'de, K: ?Sized + ConfKind>(
    direct: DirectFn<K>,
    conf: &K,
    input: Value<'de>,
    path: Path<'_>,
    swallowed: &[DecodeError],
) -> Result<(), DecodeError> {
    let Some(out) = written(conf) else {
        return Ok(());
    };
    let mut candidates = Vec::new();
    collect(
        &input,
        &out,
        &mut Vec::new(),
        &path.to_string(),
        &mut candidates,
    );
    if candidates.is_empty() {
        return Ok(());
    }
    // An unused key's value changes nothing: replace it, decode again, compare.
    let unchanged = |which: &[&Candidate]| {
        let mut probe = input.clone();
        for c in which {
            poison(&mut probe, &c.indexes);
        }
        direct(ValueDe::rest(probe, path))
            .ok()
            .and_then(|again| written(&*again))
            .is_some_and(|again| again == out)
    };
    let all: Vec<&Candidate> = candidates.iter().collect();
    let unused = if unchanged(&all) {
        candidates.first()
    } else {
        candidates.iter().find(|c| unchanged(&[*c]))
    };
    let Some(c) = unused else {
        return Ok(());
    };
    // serde left a flattened optional table out: its own error, at its key, is the mistake.
    if let Some(real) = swallowed
        .iter()
        .find_map(|e| explain(e, &input, &candidates))
    {
        return Err(real);
    }
    let error = DecodeError::new(DecodeErrorKind::UnknownField {
        field: c.key.clone(),
        expected: c.beside.clone(),
    })
    .at(c.path.clone(), c.span.range());
    // The note applies when the key changes why an optional table was left out.
    let mut without = input.clone();
    remove(&mut without, &c.indexes);
    let previous = watch();
    let _ = direct(ValueDe::rest(without, path));
    let then = unwatch(previous);
    let kinds =
        |errors: &[DecodeError]| errors.iter().map(|e| e.kind().clone()).collect::<Vec<_>>();
    if !swallowed.is_empty() && kinds(swallowed) != kinds(&then) {
        return Err(error.with_note(OPTIONAL_NOTE));
    }
    Err(error)
}

/// The error that made serde leave a flattened optional table out, located at the unused key
/// it is about, if it is one of `candidates`.
fn explain(
    error: &DecodeError,
    input: &Value<'_>,
    candidates: &[Candidate],
) -> Option<DecodeError> {
    if let DecodeErrorKind::MissingField { field } = error.kind() {
        // A misspelled key of the table: the key, and the name it should have.
        let c = candidates
            .iter()
            .find(|c| closest(&c.key, [field.as_str()]).is_some())?;
        let mut expected: Vec<String> = c
            .beside
            .iter()
            .cloned()
            .chain(
                candidates
                    .iter()
                    .filter(|o| o.key != c.key)
                    .map(|o| o.key.clone()),
            )
            .chain([field.clone()])
            .collect();
        expected.sort();
        expected.dedup();
        return Some(
            DecodeError::new(DecodeErrorKind::UnknownField {
                field: c.key.clone(),
                expected,
            })
            .at(c.path.clone(), c.span.range()),
        );
    }
    candidates.iter().find_map(|c| {
        let value = at_indexes(input, &c.indexes)?;
        locate_in(value, &c.path, error.clone()).ok()
    })
}

fn at_indexes<'v, 'de>(value: &'v Value<'de>, indexes: &[usize]) -> Option<&'v Value<'de>> {
    let Some((&first, rest)) = indexes.split_first() else {
        return Some(value);
    };
    match &value.kind {
        Kind::Table(entries) => at_indexes(&entries.get(first)?.1, rest),
        Kind::Array(items) => at_indexes(items.get(first)?, rest),
        _ => None,
    }
}

/// Removes the key or item at `indexes`.
fn remove(value: &mut Value<'_>, indexes: &[usize]) {
    let Some((&first, rest)) = indexes.split_first() else {
        return;
    };
    match (&mut value.kind, rest.is_empty()) {
        (Kind::Table(entries), true) if first < entries.len() => {
            entries.remove(first);
        }
        (Kind::Array(items), true) if first < items.len() => {
            items.remove(first);
        }
        (Kind::Table(entries), false) => {
            if let Some((_, v)) = entries.get_mut(first) {
                remove(v, rest);
            }
        }
        (Kind::Array(items), false) => {
            if let Some(v) = items.get_mut(first) {
                remove(v, rest);
            }
        }
        _ => {}
    }
}

fn collect(
    input: &Value<'_>,
    out: &serde_json::Value,
    indexes: &mut Vec<usize>,
    path: &str,
    found: &mut Vec<Candidate>,
) {
    match (&input.kind, out) {
        (Kind::Table(entries), serde_json::Value::Object(written)) => {
            for (i, (key, value)) in entries.iter().enumerate() {
                indexes.push(i);
                let here = child_path(path, &key.name);
                match written.get(key.name.as_ref()) {
                    Some(out) => collect(value, out, indexes, &here, found),
                    None => found.push(Candidate {
                        indexes: indexes.clone(),
                        path: here,
                        key: key.name.to_string(),
                        span: key.span,
                        beside: written.keys().cloned().collect(),
                    }),
                }
                indexes.pop();
            }
        }
        (Kind::Array(items), serde_json::Value::Array(written)) => {
            for (i, (item, out)) in items.iter().zip(written).enumerate() {
                indexes.push(i);
                collect(item, out, indexes, &format!("{path}[{i}]"), found);
                indexes.pop();
            }
        }
        _ => {}
    }
}

/// Replaces the value at `indexes` with one no type reads as it read the original.
fn poison(value: &mut Value<'_>, indexes: &[usize]) {
    let Some((&first, rest)) = indexes.split_first() else {
        value.kind = Kind::Table(vec![(
            Key {
                name: "$plugkit::unused".into(),
                span: Span::NONE,
            },
            Value {
                kind: Kind::Bool(true),
                span: Span::NONE,
            },
        )]);
        return;
    };
    match &mut value.kind {
        Kind::Table(entries) => {
            if let Some((_, v)) = entries.get_mut(first) {
                poison(v, rest);
            }
        }
        Kind::Array(items) => {
            if let Some(v) = items.get_mut(first) {
                poison(v, rest);
            }
        }
        _ => {}
    }
}

/// The direct decoder the document decoder takes from [`handoff`](super::handoff).
impl<K: ?Sized + ConfKind> ErasedDirect for ConfType<K> {
    fn has_direct(&self) -> bool {
        self.has_direct()
    }

    fn decode_put(&self, rest: Value<'_>, path: Path<'_>) -> Result<(), DecodeError> {
        match self.direct() {
            Some(direct) => decode_direct(self, direct, rest, path).map(put_result),
            None => Err(serde::de::Error::custom(
                "the type has no direct decoder (a plugkit bug)",
            )),
        }
    }
}
