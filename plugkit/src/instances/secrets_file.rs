//! `secrets.toml`: `[scope]` tables of string values, read once and handed to constructors.

use std::fmt;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use super::key::{HashedSecretKey, KeyTable, SecretKey, StrKey, TableKey, secret_key};
use super::{SecretDescription, SecretString, SecretsError};

/// The secrets a program has: values by scope and key, usually read from `config/secrets.toml`
/// with [`load_if_exists`](Secrets::load_if_exists) (ModelGauge's layout):
///
/// ```toml
/// [demo]
/// # The password is 12345
/// api_key = "12345"
/// ```
///
/// Its `Debug` lists scopes and keys, never values. `Secrets::default()` holds none and comes
/// from no file (for tests, and programs whose constructors need none): a missing-secrets
/// error from it names no file.
///
/// ```
/// use plugkit::instances::{Secrets, SecretDescription};
///
/// let secrets = Secrets::parse("[demo]\napi_key = \"12345\"\n", "config/secrets.toml")?;
/// let key = SecretDescription::new("demo", "api_key", "");
/// assert_eq!(secrets.get(&key).map(|v| v.expose()), Some("12345"));
/// assert_eq!(
///     format!("{secrets:?}"),
///     r#"Secrets { source: Some("config/secrets.toml"), values: {"demo": {"api_key": <redacted>}} }"#
/// );
/// # Ok::<(), plugkit::instances::SecretsError>(())
/// ```
#[derive(Clone, Default)]
pub struct Secrets {
    source: Option<PathBuf>,
    exists: bool,
    /// Every scope, sorted, with a `[scope]` table that holds no key among them.
    scopes: Vec<Box<str>>,
    /// Every value, sorted by scope, then key: one flat list, not a map of maps.
    values: Vec<Stored>,
    /// The position in `values` of each (scope, key), so that a look-up hashes the two names
    /// and compares integers instead of searching two trees by string.
    index: KeyTable<SecretKey>,
}

/// One value of `Secrets`, with its names.
#[derive(Clone)]
struct Stored {
    scope: Box<str>,
    key: Box<str>,
    value: SecretString,
}

impl Secrets {
    /// Adds (or replaces) a value: for tests, and secrets that come from elsewhere (an
    /// environment variable, a vault).
    ///
    /// ```
    /// use plugkit::instances::{Secrets, SecretDescription};
    /// let secrets = Secrets::default().with("demo", "api_key", "12345");
    /// assert!(secrets.get(&SecretDescription::new("demo", "api_key", "")).is_some());
    /// ```
    pub fn with(mut self, scope: &str, key: &str, value: impl Into<Box<str>>) -> Self {
        self.insert(scope, key, SecretString::new(value));
        self.reindex();
        self
    }

    /// Adds a scope, if it is not there yet.
    fn add_scope(&mut self, scope: &str) {
        if let Err(at) = self.scopes.binary_search_by(|s| (**s).cmp(scope)) {
            self.scopes.insert(at, scope.into());
        }
    }

    /// Adds (or replaces) a value, in order; [`reindex`](Secrets::reindex) must follow.
    fn insert(&mut self, scope: &str, key: &str, value: SecretString) {
        self.add_scope(scope);
        match self
            .values
            .binary_search_by(|s| (&*s.scope, &*s.key).cmp(&(scope, key)))
        {
            Ok(at) => {
                if let Some(stored) = self.values.get_mut(at) {
                    stored.value = value;
                }
            }
            Err(at) => self.values.insert(
                at,
                Stored {
                    scope: scope.into(),
                    key: key.into(),
                    value,
                },
            ),
        }
    }

    /// Indexes the values by (scope, key), after they changed.
    fn reindex(&mut self) {
        self.index = KeyTable::new(
            self.values
                .iter()
                .map(|s| (StrKey::of(&s.scope), StrKey::of(&s.key))),
        );
    }

    /// Reads a secrets file; a file that does not exist is an error.
    ///
    /// ```
    /// let err = plugkit::instances::Secrets::load("no/such/secrets.toml").unwrap_err();
    /// assert!(err.to_string().starts_with("cannot read the secrets file `no/such/secrets.toml`"));
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Self, SecretsError> {
        let path = path.as_ref();
        match std::fs::read_to_string(path) {
            Ok(text) => Secrets::parse(&text, path),
            Err(source) => Err(SecretsError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// Reads a secrets file if it exists; a file that does not exist holds no secrets (as in
    /// ModelGauge), and a missing-secrets error will say to create it. Nothing is written.
    ///
    /// ```
    /// use plugkit::instances::{Missing, SecretDescription, Secrets};
    /// let key = SecretDescription::new("demo", "api_key", "");
    /// let secrets = Secrets::load_if_exists("no/such/secrets.toml")?;
    /// assert!(secrets.get(&key).is_none());
    /// let err = secrets.check(vec![Missing { namespace: "suts", uid: "demo", secret: key }]).unwrap_err();
    /// assert!(err.to_string().starts_with("missing secrets (`no/such/secrets.toml` does not exist):\n"));
    /// # Ok::<(), plugkit::instances::SecretsError>(())
    /// ```
    pub fn load_if_exists(path: impl AsRef<Path>) -> Result<Self, SecretsError> {
        let path = path.as_ref();
        match std::fs::read_to_string(path) {
            Ok(text) => Secrets::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Secrets {
                source: Some(path.to_owned()),
                exists: false,
                ..Secrets::default()
            }),
            Err(source) => Err(SecretsError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// Parses the text of a secrets file; `path` names it in errors. Every top-level entry must
    /// be a `[scope]` table and every value in it a string; an error gives the line and column
    /// and never quotes a value.
    ///
    /// ```
    /// use plugkit::instances::Secrets;
    /// let err = Secrets::parse("[demo]\napi_key = 12345\n", "config/secrets.toml").unwrap_err();
    /// assert_eq!(err.to_string(), "config/secrets.toml:2:11: `demo.api_key` is an integer, but secrets are strings\n  \
    ///     fix: quote the value: `api_key = \"...\"`");
    /// ```
    pub fn parse(text: &str, path: impl AsRef<Path>) -> Result<Self, SecretsError> {
        let path = path.as_ref();
        let at = |offset: usize| location(text, offset);
        let table = DeTable::parse(text).map_err(|e| {
            let (line, column) = at(e.span().map_or(0, |s| s.start));
            SecretsError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: e.message().trim_end().to_owned(),
            }
        })?;
        let mut secrets = Secrets {
            source: Some(path.to_owned()),
            exists: true,
            ..Secrets::default()
        };
        for (scope, entries) in table.get_ref() {
            let DeValue::Table(entries) = entries.get_ref() else {
                let (line, column) = at(scope.span().start);
                return Err(SecretsError::OutsideScope {
                    path: path.to_owned(),
                    line,
                    column,
                    key: scope.get_ref().to_string(),
                    found: entries.get_ref().type_str(),
                });
            };
            secrets.add_scope(scope.get_ref());
            for (key, value) in entries {
                let DeValue::String(value) = value.get_ref() else {
                    // A table's span is its header: point at its key instead.
                    let span = match value.get_ref() {
                        DeValue::Table(_) => key.span(),
                        _ => value.span(),
                    };
                    let (line, column) = at(span.start);
                    return Err(SecretsError::NotAString {
                        path: path.to_owned(),
                        line,
                        column,
                        scope: scope.get_ref().to_string(),
                        key: key.get_ref().to_string(),
                        found: value.get_ref().type_str(),
                    });
                };
                secrets.insert(scope.get_ref(), key.get_ref(), SecretString::new(&**value));
            }
        }
        secrets.reindex();
        Ok(secrets)
    }

    /// The value of a secret, if it is set.
    ///
    /// ```
    /// use plugkit::instances::{Secrets, SecretDescription};
    /// let secrets = Secrets::default().with("demo", "api_key", "12345");
    /// assert!(secrets.get(&SecretDescription::new("demo", "other", "")).is_none());
    /// ```
    #[inline]
    pub fn get(&self, secret: &SecretDescription) -> Option<&SecretString> {
        let key = secret_key(secret);
        self.get_keyed(&(key, key.hash()), secret)
    }

    /// The value of `secret`, whose key and hash are `key`.
    #[inline]
    pub(crate) fn get_keyed(
        &self,
        (key, hash): &HashedSecretKey,
        secret: &SecretDescription,
    ) -> Option<&SecretString> {
        let at = self.index.find_hashed(*hash, key, |at| {
            self.values
                .get(at)
                .is_some_and(|s| *s.scope == *secret.scope && *s.key == *secret.key)
        })?;
        self.values.get(at).map(|s| &s.value)
    }

    /// Whether no secret is set.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The file the secrets were read from (or were to be read from), if any.
    pub(crate) fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// Whether the source file exists (`false` after [`load_if_exists`](Secrets::load_if_exists)
    /// found none, and for secrets from no file): a missing-secrets error then says to create it.
    pub(crate) fn source_exists(&self) -> bool {
        self.exists
    }
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Redacted;
        impl fmt::Debug for Redacted {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
        /// The keys of one scope.
        struct Keys<'a>(&'a [Stored]);
        impl fmt::Debug for Keys<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|s| (&s.key, Redacted)))
                    .finish()
            }
        }
        /// Every scope with its keys, as `{"scope": {"key": <redacted>}}`.
        struct Scopes<'a>(&'a Secrets);
        impl fmt::Debug for Scopes<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let values = &self.0.values;
                f.debug_map()
                    .entries(self.0.scopes.iter().map(|scope| {
                        let first = values.partition_point(|s| *s.scope < **scope);
                        let end = values.partition_point(|s| *s.scope <= **scope);
                        (scope, Keys(values.get(first..end).unwrap_or_default()))
                    }))
                    .finish()
            }
        }
        f.debug_struct("Secrets")
            .field("source", &self.source)
            .field("values", &Scopes(self))
            .finish()
    }
}

/// A 1-based line and column (in characters) of a byte offset.
fn location(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::{SecretDescription, Secrets, location};

    #[test]
    fn values_are_found_by_scope_and_key_and_replaced_in_place() {
        let secrets = Secrets::parse(
            "[empty]\n[b]\nkey = \"1\"\n[a]\nkey = \"2\"\nother = \"3\"\n",
            "secrets.toml",
        )
        .map(|s| {
            s.with("a", "key", "4")
                .with("c", "a-key-longer-than-sixteen", "5")
        });
        let Ok(secrets) = secrets else {
            unreachable!("the text is valid")
        };
        let get = |scope, key| {
            secrets
                .get(&SecretDescription::new(scope, key, ""))
                .map(|v| v.expose().to_owned())
        };
        assert_eq!(
            [get("a", "key"), get("a", "other"), get("b", "key")],
            [Some("4".into()), Some("3".into()), Some("1".into())]
        );
        assert_eq!(get("c", "a-key-longer-than-sixteen"), Some("5".into()));
        assert_eq!(get("c", "a-key-longer-than-sixteen-2"), None);
        assert_eq!(get("empty", "key"), None);
        assert_eq!(get("b", "other"), None);
        // Scopes and keys sorted, a scope with no key kept, values never shown.
        assert_eq!(
            format!("{secrets:?}"),
            "Secrets { source: Some(\"secrets.toml\"), values: {\"a\": {\"key\": <redacted>, \"other\": <redacted>}, \"b\": {\"key\": <redacted>}, \"c\": {\"a-key-longer-than-sixteen\": <redacted>}, \"empty\": {}} }"
        );
        assert!(!secrets.is_empty());
        let Ok(empty) = Secrets::parse("[only]\n", "secrets.toml") else {
            unreachable!("the text is valid")
        };
        assert!(empty.is_empty());
    }

    #[test]
    fn locations_are_one_based_lines_and_character_columns() {
        assert_eq!(location("abc", 0), (1, 1));
        assert_eq!(location("a\nbc", 3), (2, 2));
        assert_eq!(location("é=x", 2), (1, 2));
        assert_eq!(location("ab", 99), (1, 3));
    }
}
