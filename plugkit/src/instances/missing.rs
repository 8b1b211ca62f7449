//! Secrets that are needed and not set: the pre-flight check, and the TOML to add.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::{SecretDescription, Secrets};

/// A secret that an entry needs and the secrets do not set.
///
/// ```
/// use plugkit::instances::{Missing, SecretDescription};
/// let missing = Missing { namespace: "suts", uid: "demo_random_words", secret: SecretDescription::new("demo", "api_key", "") };
/// assert_eq!(missing.to_string(), "`demo.api_key`, needed by `demo_random_words` (suts)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Missing {
    /// The namespace's name.
    pub namespace: &'static str,
    /// The uid that needs it.
    pub uid: &'static str,
    /// The secret.
    pub secret: SecretDescription,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}`, needed by `{}` ({})",
            self.secret, self.uid, self.namespace
        )
    }
}

/// Secrets that are needed and not set, found before anything was constructed. The message
/// names each secret and who needs it, then gives the TOML to add, with each secret's
/// instructions as a comment.
///
/// ```
/// use plugkit::instances::{Missing, SecretDescription, Secrets};
///
/// let secrets = Secrets::parse("", "config/secrets.toml")?;
/// let key = SecretDescription::new("demo", "api_key", "The password is 12345");
/// let err = secrets.check(vec![Missing { namespace: "suts", uid: "demo_random_words", secret: key }]).unwrap_err();
/// assert_eq!(err.to_string(), "\
/// missing secrets in `config/secrets.toml`:
///   - `demo.api_key`, needed by `demo_random_words` (suts)
///   fix: add these lines to `config/secrets.toml`, with the real values:
///
/// [demo]
/// ## The password is 12345
/// api_key = \"<value>\"");
/// # Ok::<(), plugkit::instances::SecretsError>(())
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub struct MissingSecrets {
    missing: Vec<Missing>,
    file: Option<PathBuf>,
    file_exists: bool,
}

impl MissingSecrets {
    /// The TOML to add to the secrets file.
    fn toml_snippet(&self) -> String {
        toml_template(self.missing.iter().map(|m| m.secret))
    }
}

impl fmt::Display for MissingSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (header, fix) = match (&self.file, self.file_exists) {
            (Some(path), true) => (
                format!("missing secrets in `{}`:", path.display()),
                format!("add these lines to `{}`", path.display()),
            ),
            (Some(path), false) => (
                format!("missing secrets (`{}` does not exist):", path.display()),
                format!("create `{}` with these lines", path.display()),
            ),
            (None, _) => (
                "missing secrets:".to_owned(),
                "add these lines to your secrets file".to_owned(),
            ),
        };
        f.write_str(&header)?;
        let mut users: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
        for m in &self.missing {
            users
                .entry((m.secret.scope, m.secret.key))
                .or_default()
                .push(format!("`{}` ({})", m.uid, m.namespace));
        }
        for ((scope, key), users) in &users {
            write!(f, "\n  - `{scope}.{key}`, needed by {}", users.join(", "))?;
        }
        write!(
            f,
            "\n  fix: {fix}, with the real values:\n\n{}",
            self.toml_snippet().trim_end()
        )
    }
}

impl Secrets {
    /// `Ok` when nothing is missing; otherwise the error that lists what is missing and the
    /// TOML to add to this file. Gather `missing` from
    /// [`missing_dependencies`](super::Instances::missing_dependencies) of every object a run
    /// will build, so that one message lists them all before anything is built.
    ///
    /// ```
    /// use plugkit::instances::Secrets;
    /// assert!(Secrets::default().check(Vec::new()).is_ok());
    /// ```
    pub fn check(&self, missing: Vec<Missing>) -> Result<(), MissingSecrets> {
        if missing.is_empty() {
            return Ok(());
        }
        let mut missing = missing;
        missing.sort_by(|a, b| {
            (a.secret.scope, a.secret.key, a).cmp(&(b.secret.scope, b.secret.key, b))
        });
        missing.dedup();
        Err(MissingSecrets {
            missing,
            file: self.source().map(ToOwned::to_owned),
            file_exists: self.source_exists(),
        })
    }
}

/// Secrets as they appear in a `secrets.toml`: a `[scope]` table per scope (sorted), each key
/// (sorted, once) with its instructions as a comment and `"<value>"` as the value. What
/// ModelGauge's `list-secrets` prints.
///
/// ```
/// use plugkit::instances::{toml_template, SecretDescription};
/// let template = toml_template([
///     SecretDescription::new("together", "api_key", "See https://api.together.xyz"),
///     SecretDescription::new("demo", "api_key", "The password is 12345"),
/// ]);
/// assert_eq!(template, "\
/// [demo]
/// ## The password is 12345
/// api_key = \"<value>\"
///
/// [together]
/// ## See https://api.together.xyz
/// api_key = \"<value>\"
/// ");
/// ```
pub fn toml_template(secrets: impl IntoIterator<Item = SecretDescription>) -> String {
    let mut scopes: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for s in secrets {
        scopes
            .entry(s.scope)
            .or_default()
            .entry(s.key)
            .or_insert(s.instructions);
    }
    let mut out = String::new();
    for (i, (scope, keys)) in scopes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("[{}]\n", toml_key(scope)));
        for (key, instructions) in keys {
            for line in instructions.lines() {
                out.push_str(format!("# {line}").trim_end());
                out.push('\n');
            }
            out.push_str(&format!("{} = \"<value>\"\n", toml_key(key)));
        }
    }
    out
}

/// A key as TOML needs it written: bare when it can be, quoted otherwise.
fn toml_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        return key.to_owned();
    }
    let mut quoted = String::from("\"");
    for c in key.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_quoted_only_when_toml_needs_it() {
        assert_eq!(toml_key("api_key"), "api_key");
        assert_eq!(toml_key("my-scope2"), "my-scope2");
        assert_eq!(toml_key("my scope"), "\"my scope\"");
        assert_eq!(toml_key("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(toml_key("tab\t"), "\"tab\\u0009\"");
        assert_eq!(toml_key(""), "\"\"");
    }

    #[test]
    fn templates_comment_every_line_of_the_instructions_and_skip_empty_ones() {
        let template = toml_template([
            SecretDescription::new("s", "a", "line one\nline two"),
            SecretDescription::new("s", "b", ""),
            SecretDescription::new("s", "a", "a second description of s.a is ignored"),
        ]);
        assert_eq!(
            template,
            "[s]\n# line one\n# line two\na = \"<value>\"\nb = \"<value>\"\n"
        );
        assert_eq!(toml_template([]), "");
    }

    #[test]
    fn a_secret_needed_twice_is_listed_once_with_both_users() {
        let key = SecretDescription::new("demo", "api_key", "");
        let err = Secrets::default()
            .check(vec![
                Missing {
                    namespace: "tests",
                    uid: "t",
                    secret: key,
                },
                Missing {
                    namespace: "suts",
                    uid: "s",
                    secret: key,
                },
                Missing {
                    namespace: "suts",
                    uid: "s",
                    secret: key,
                },
            ])
            .unwrap_err();
        assert_eq!(err.missing.len(), 2);
        assert_eq!(
            err.to_string(),
            "missing secrets:\n  - `demo.api_key`, needed by `s` (suts), `t` (tests)\n  \
             fix: add these lines to your secrets file, with the real values:\n\n\
             [demo]\napi_key = \"<value>\""
        );
    }
}

crate::error::debug_is_display!(MissingSecrets);
