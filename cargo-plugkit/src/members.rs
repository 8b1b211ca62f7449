//! Adding a crate to `[workspace] members` with toml_edit, keeping the array's formatting and
//! respecting glob patterns already there.

use std::path::Path;

use toml_edit::{Array, DocumentMut, Item, Value};

use crate::Error;

/// Whether `members` (or `exclude`) already covers `rel` (relative to the root, `/`-separated):
/// the same path, or a glob that matches it.
pub(crate) fn covered(doc: &DocumentMut, key: &str, rel: &str) -> bool {
    let Some(array) = doc
        .get("workspace")
        .and_then(|w| w.get(key))
        .and_then(Item::as_array)
    else {
        return false;
    };
    array.iter().filter_map(Value::as_str).any(|pattern| {
        let pattern = normalise(pattern);
        pattern == rel
            || glob::Pattern::new(&pattern).is_ok_and(|p| {
                p.matches_with(
                    rel,
                    glob::MatchOptions {
                        require_literal_separator: true,
                        ..glob::MatchOptions::new()
                    },
                )
            })
    })
}

fn normalise(path: &str) -> String {
    path.replace('\\', "/")
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// Appends `rel` to `[workspace] members`, in the style of the last entry (one per line, or
/// inline), creating the array if the manifest has none.
pub(crate) fn add(doc: &mut DocumentMut, manifest: &Path, rel: &str) -> Result<(), Error> {
    let workspace = doc
        .entry("workspace")
        .or_insert_with(|| Item::Table(toml_edit::Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| not_a_table(manifest, "workspace"))?;
    let members = workspace
        .entry("members")
        .or_insert_with(|| Item::Value(Value::Array(Array::new())));
    let array = members
        .as_array_mut()
        .ok_or_else(|| not_a_table(manifest, "workspace.members"))?;
    let mut value = Value::from(rel);
    if let Some(last) = array.iter().last() {
        let mut prefix = last
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or(" ")
            .to_owned();
        // A comment after the last entry belongs to it: keep it on that entry's line.
        let trailing = array.trailing().as_str().unwrap_or("").to_owned();
        if let Some(newline) = trailing.rfind('\n').filter(|_| !trailing.trim().is_empty()) {
            prefix = format!("{}{prefix}", &trailing[..newline]);
            array.set_trailing(&trailing[newline..]);
        }
        value.decor_mut().set_prefix(prefix);
    }
    array.push_formatted(value);
    Ok(())
}

fn not_a_table(manifest: &Path, key: &str) -> Error {
    Error::config(
        manifest,
        key,
        "has an unexpected type",
        "write `[workspace]` with `members = [\"...\"]` as cargo documents it",
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    fn added(text: &str, rel: &str) -> String {
        let mut doc: DocumentMut = text.parse().unwrap();
        add(&mut doc, Path::new("Cargo.toml"), rel).unwrap();
        doc.to_string()
    }

    #[test]
    fn keeps_one_member_per_line() {
        let text = "[workspace]\nmembers = [\n    \"a\",\n    \"b\", # the b crate\n]\n";
        assert_eq!(
            added(text, "reg"),
            "[workspace]\nmembers = [\n    \"a\",\n    \"b\", # the b crate\n    \"reg\",\n]\n"
        );
    }

    #[test]
    fn keeps_an_inline_array_inline() {
        assert_eq!(
            added("[workspace]\nmembers = [\"a\", \"b\"]\n", "reg"),
            "[workspace]\nmembers = [\"a\", \"b\", \"reg\"]\n"
        );
        assert_eq!(
            added("[workspace]\nresolver = \"2\"\n", "reg"),
            "[workspace]\nresolver = \"2\"\nmembers = [\"reg\"]\n"
        );
    }

    #[test]
    fn globs_and_equal_paths_cover_a_member() {
        let doc: DocumentMut = "[workspace]\nmembers = [\"crates/*\", \"./tools/x/\"]\n"
            .parse()
            .unwrap();
        assert!(covered(&doc, "members", "crates/reg"));
        assert!(!covered(&doc, "members", "crates/reg/inner"));
        assert!(covered(&doc, "members", "tools/x"));
        assert!(!covered(&doc, "members", "reg"));
        assert!(!covered(&doc, "exclude", "reg"));
    }

    #[test]
    fn a_members_key_of_another_type_is_an_error() {
        let mut doc: DocumentMut = "[workspace]\nmembers = 1\n".parse().unwrap();
        assert_eq!(
            add(&mut doc, Path::new("Cargo.toml"), "r")
                .unwrap_err()
                .to_string(),
            "invalid `workspace.members` in Cargo.toml: has an unexpected type\n  fix: write \
             `[workspace]` with `members = [\"...\"]` as cargo documents it"
        );
    }
}
