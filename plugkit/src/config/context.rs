//! Context formatting: `{ctx.<ns>.<var>}` in string values, with environment overrides.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::error::closest;

/// Variables by namespace, for `{ctx.<ns>.<var>}` in configuration strings (Qik's
/// `qik.ctx.format`). An environment variable `<NS>__<VAR>` (upper case, `-` as `_`) overrides
/// the configured value.
///
/// Decodes from a table of tables (`[ctx.aws]` then `bucket = "..."`); numbers and booleans
/// are kept as they are written.
///
/// ```
/// use plugkit::config::Context;
///
/// let ctx = Context::new()
///     .with("aws", "bucket", "artifacts")
///     .with("aws", "region", "eu-west-1")
///     .env_overrides([("AWS__REGION", "us-east-1")]);
/// assert_eq!(ctx.format("s3://{ctx.aws.bucket}/{ctx.aws.region}")?, "s3://artifacts/us-east-1");
///
/// // Only `{ctx.` opens a variable: shell braces pass through; `{{ctx.` writes `{ctx.`.
/// assert_eq!(ctx.format("echo ${HOME} {a,b} {{ctx.aws.bucket}")?, "echo ${HOME} {a,b} {ctx.aws.bucket}");
///
/// let err = ctx.format("{ctx.aws.bukcet}").unwrap_err();
/// assert_eq!(err.to_string(), "unresolved variable `{ctx.aws.bukcet}` in \"{ctx.aws.bukcet}\"; \
///     did you mean `{ctx.aws.bucket}`?\n  fix: set `bukcet` in `[ctx.aws]`, or the environment \
///     variable `AWS__BUKCET`");
/// # Ok::<(), plugkit::config::FormatError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Context {
    vars: BTreeMap<String, BTreeMap<String, Scalar>>,
    #[serde(skip)]
    env: BTreeMap<String, String>,
}

/// A context value: text, or a number or boolean kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A string could not be formatted with the context.
///
/// ```
/// let err = plugkit::config::Context::new().format("{ctx.aws").unwrap_err();
/// assert!(matches!(err, plugkit::config::FormatError::Malformed { offset: 0, .. }));
/// ```
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatError {
    /// A variable that neither the context nor the environment defines.
    #[error(
        "unresolved variable `{{ctx.{namespace}.{name}}}` in {text:?}{}\n  \
         fix: set `{name}` in `[ctx.{namespace}]`, or the environment variable `{env}`",
        Suggestion(suggestion.as_deref())
    )]
    Unresolved {
        /// The whole string.
        text: String,
        /// The variable's namespace.
        namespace: String,
        /// The variable's name.
        name: String,
        /// The environment variable that would set it.
        env: String,
        /// The closest defined variable (`ns.var`), if one is close.
        suggestion: Option<String>,
    },
    /// `{ctx.` not followed by `<ns>.<var>}`.
    #[error(
        "malformed variable at byte {offset} of {text:?}: expected `{{ctx.<namespace>.<variable>}}`\n  \
         fix: complete it, or write `{{{{ctx.` for a literal `{{ctx.`"
    )]
    Malformed {
        /// The whole string.
        text: String,
        /// Where the `{ctx.` starts.
        offset: usize,
    },
}

struct Suggestion<'a>(Option<&'a str>);

impl fmt::Display for Suggestion<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, "; did you mean `{{ctx.{s}}}`?"),
            None => Ok(()),
        }
    }
}

const OPEN: &str = "{ctx.";

impl Context {
    /// An empty context.
    ///
    /// ```
    /// assert_eq!(plugkit::config::Context::new().vars().count(), 0);
    /// ```
    pub fn new() -> Self {
        Context::default()
    }

    /// Sets `{ctx.<namespace>.<name>}`.
    ///
    /// ```
    /// let mut ctx = plugkit::config::Context::new();
    /// ctx.set("project", "name", "demo");
    /// assert_eq!(ctx.get("project", "name"), Some("demo"));
    /// ```
    pub fn set(&mut self, namespace: &str, name: &str, value: impl Into<String>) -> &mut Self {
        self.vars
            .entry(namespace.to_owned())
            .or_default()
            .insert(name.to_owned(), Scalar(value.into()));
        self
    }

    /// Sets `{ctx.<namespace>.<name>}`, by value.
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new().with("project", "name", "demo");
    /// assert_eq!(ctx.get("project", "name"), Some("demo"));
    /// ```
    pub fn with(mut self, namespace: &str, name: &str, value: impl Into<String>) -> Self {
        self.set(namespace, name, value);
        self
    }

    /// Takes `<NS>__<VAR>` variables from `vars` as overrides (others are ignored).
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new()
    ///     .with("db", "path", "a.sqlite")
    ///     .env_overrides([("DB__PATH", "b.sqlite"), ("HOME", "/root")]);
    /// assert_eq!(ctx.get("db", "path"), Some("b.sqlite"));
    /// ```
    pub fn env_overrides<K, V>(mut self, vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        for (key, value) in vars {
            let key = key.into();
            if key.contains("__") {
                self.env.insert(key, value.into());
            }
        }
        self
    }

    /// Takes overrides from the process environment; see [`Context::env_overrides`].
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new().process_env_overrides();
    /// # let _ = ctx;
    /// ```
    pub fn process_env_overrides(self) -> Self {
        self.env_overrides(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// The environment variable that overrides `{ctx.<namespace>.<name>}`.
    ///
    /// ```
    /// assert_eq!(plugkit::config::Context::env_var("aws-s3", "bucket"), "AWS_S3__BUCKET");
    /// ```
    pub fn env_var(namespace: &str, name: &str) -> String {
        let upper = |s: &str| s.to_uppercase().replace('-', "_");
        format!("{}__{}", upper(namespace), upper(name))
    }

    /// The value of `{ctx.<namespace>.<name>}`: the environment override, else the context's.
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new().with("a", "b", "c");
    /// assert_eq!(ctx.get("a", "b"), Some("c"));
    /// assert_eq!(ctx.get("a", "z"), None);
    /// ```
    pub fn get(&self, namespace: &str, name: &str) -> Option<&str> {
        self.env
            .get(&Context::env_var(namespace, name))
            .map(String::as_str)
            .or_else(|| {
                self.vars
                    .get(namespace)
                    .and_then(|vars| vars.get(name))
                    .map(|s| s.0.as_str())
            })
    }

    /// Every variable as `(namespace, name, value)`, overrides applied, sorted.
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new().with("b", "x", "1").with("a", "y", "2");
    /// assert_eq!(ctx.vars().collect::<Vec<_>>(), [("a", "y", "2"), ("b", "x", "1")]);
    /// ```
    pub fn vars(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.vars.iter().flat_map(move |(ns, vars)| {
            vars.keys()
                .map(move |name| (ns.as_str(), name.as_str(), self.get(ns, name).unwrap_or("")))
        })
    }

    /// Replaces every `{ctx.<ns>.<var>}` in `text`. Only `{ctx.` opens a variable, so shell
    /// braces pass through; `{{ctx.` writes a literal `{ctx.`.
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new().with("db", "name", "main");
    /// assert_eq!(ctx.format("{ctx.db.name}.sqlite")?, "main.sqlite");
    /// # Ok::<(), plugkit::config::FormatError>(())
    /// ```
    pub fn format(&self, text: &str) -> Result<String, FormatError> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(OPEN) {
            let offset = text.len() - rest.len() + at;
            if at > 0 && rest.as_bytes()[at - 1] == b'{' {
                // `{{ctx.`: the doubled brace is the escape.
                out.push_str(&rest[..at - 1]);
                out.push_str(OPEN);
                rest = &rest[at + OPEN.len()..];
                continue;
            }
            out.push_str(&rest[..at]);
            let after = &rest[at + OPEN.len()..];
            let malformed = || FormatError::Malformed {
                text: text.to_owned(),
                offset,
            };
            let end = after.find('}').ok_or_else(malformed)?;
            let (namespace, name) = after[..end].split_once('.').ok_or_else(malformed)?;
            let valid = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            };
            if !valid(namespace) || !valid(name) {
                return Err(malformed());
            }
            let value = self
                .get(namespace, name)
                .ok_or_else(|| self.unresolved(text, namespace, name))?;
            out.push_str(value);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn unresolved(&self, text: &str, namespace: &str, name: &str) -> FormatError {
        let known: Vec<String> = self
            .vars()
            .map(|(ns, var, _)| format!("{ns}.{var}"))
            .collect();
        let asked = format!("{namespace}.{name}");
        FormatError::Unresolved {
            text: text.to_owned(),
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            env: Context::env_var(namespace, name),
            suggestion: closest(&asked, known.iter().map(String::as_str)).map(str::to_owned),
        }
    }
}
