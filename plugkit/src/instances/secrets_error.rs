//! What can be wrong with a secrets file. No message ever quotes a value.

use std::path::PathBuf;

use thiserror::Error;

/// A secrets file could not be read, or is not `[scope]` tables of strings. Each message says
/// where (`path:line:column`), what, and the fix; none quotes a value from the file.
///
/// ```
/// use plugkit::instances::Secrets;
/// let err = Secrets::parse("api_key = \"12345\"\n", "config/secrets.toml").unwrap_err();
/// assert_eq!(err.to_string(), "config/secrets.toml:1:1: `api_key` is a string outside any `[scope]` table\n  \
///     fix: put each secret under the table of its scope, as in `[demo]` followed by `api_key = \"...\"`");
/// assert!(!err.to_string().contains("12345"));
/// ```
#[non_exhaustive]
#[derive(Error)]
pub enum SecretsError {
    /// The file exists but could not be read.
    #[error(
        "cannot read the secrets file `{}`: {source}\n  \
         fix: make it a readable TOML file, or remove it if the program needs no secrets",
        path.display()
    )]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML.
    #[error(
        "{}:{line}:{column}: invalid TOML: {message}\n  \
         fix: a secrets file holds `[scope]` tables of `key = \"value\"` lines",
        path.display()
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The line (from 1).
        line: usize,
        /// The column (from 1, in characters).
        column: usize,
        /// What the TOML parser says (it never quotes a value).
        message: String,
    },
    /// A top-level entry is not a `[scope]` table.
    #[error(
        "{}:{line}:{column}: `{key}` is {} {found} outside any `[scope]` table\n  \
         fix: put each secret under the table of its scope, as in `[demo]` followed by `{key} = \"...\"`",
        path.display(),
        article(found)
    )]
    OutsideScope {
        /// The file.
        path: PathBuf,
        /// The line (from 1).
        line: usize,
        /// The column (from 1, in characters).
        column: usize,
        /// The entry's key.
        key: String,
        /// What it is instead: `string`, `integer`, `array`...
        found: &'static str,
    },
    /// A value in a scope is not a string.
    #[error(
        "{}:{line}:{column}: `{scope}.{key}` is {} {found}, but secrets are strings\n  fix: {}",
        path.display(),
        article(found),
        string_fix(key, found)
    )]
    NotAString {
        /// The file.
        path: PathBuf,
        /// The line (from 1).
        line: usize,
        /// The column (from 1, in characters).
        column: usize,
        /// The scope.
        scope: String,
        /// The key.
        key: String,
        /// What it is instead.
        found: &'static str,
    },
}

fn article(noun: &str) -> &'static str {
    match noun.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

fn string_fix(key: &str, found: &str) -> String {
    match found {
        "table" => format!(
            "scopes do not nest: put the keys of `{key}` in their scope's table, or give them a \
             scope of their own"
        ),
        _ => format!("quote the value: `{key} = \"...\"`"),
    }
}

crate::error::debug_is_display!(SecretsError);
