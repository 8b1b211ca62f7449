//! Context formatting: `{ctx.<ns>.<var>}` in string values, with environment overrides.

use std::collections::BTreeMap;
use std::fmt;

use super::error::quoted;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::error::closest;

/// Variables by namespace, for `{ctx.<ns>.<var>}` in configuration strings (Qik's
/// `qik.ctx.format`). An environment variable `<NS>__<VAR>` (upper case, `-` as `_`) overrides
/// the configured value.
///
/// Decodes from a table of tables (`[ctx.aws]` then `bucket = "..."`); numbers and booleans
/// are kept as they are written. It also decodes from Qik's list of project variables,
/// `ctx = ["my_var", {name = "level", type = "int", default = 3, required = false}]`: see
/// [`Context::declare`].
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
/// // Only `{ctx.` opens a variable: shell braces pass through; `{{` and `}}` write `{` and `}`.
/// assert_eq!(ctx.format("echo ${HOME} {a,b} {{ctx.aws.bucket}}")?, "echo ${HOME} {a,b} {ctx.aws.bucket}");
///
/// let err = ctx.format("{ctx.aws.bukcet}").unwrap_err();
/// assert_eq!(err.to_string(), "unresolved variable `{ctx.aws.bukcet}` in \"{ctx.aws.bukcet}\"; \
///     did you mean `{ctx.aws.bucket}`?\n  fix: set `bukcet` in `[ctx.aws]`, or the environment \
///     variable `AWS__BUKCET`");
/// # Ok::<(), plugkit::config::FormatError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Context {
    vars: BTreeMap<String, BTreeMap<String, Scalar>>,
    #[serde(skip)]
    env: BTreeMap<String, String>,
    /// Qik's project variables (`ctx = ["my_var"]`), with their defaults: `{ctx.my_var}`.
    #[serde(skip)]
    declared: BTreeMap<String, Option<String>>,
}

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Context;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of `[ctx.<namespace>]` tables, or a list of variables")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Context, A::Error> {
                let vars =
                    Deserialize::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Context {
                    vars,
                    ..Context::default()
                })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Context, A::Error> {
                let mut ctx = Context::default();
                while let Some(var) = seq.next_element::<VarDecl>()? {
                    let (name, default) = match var {
                        VarDecl::Name(name) => (name, None),
                        VarDecl::Full(full) => {
                            let default = match (full.default, full.required) {
                                (Some(d), _) => Some(d.0),
                                // Not required and unset: empty.
                                (None, false) => Some(String::new()),
                                (None, true) => None,
                            };
                            (full.name, default)
                        }
                    };
                    ctx.declare(&name, default);
                }
                Ok(ctx)
            }
        }
        d.deserialize_any(V)
    }
}

/// One of Qik's project variables: its name, or a table.
#[derive(Deserialize)]
#[serde(untagged, expecting = "a variable's name, or a table with `name`")]
enum VarDecl {
    Name(String),
    Full(FullVar),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FullVar {
    name: String,
    #[serde(rename = "type", default)]
    _type: VarType,
    default: Option<Scalar>,
    #[serde(default = "yes")]
    required: bool,
}

fn yes() -> bool {
    true
}

/// Qik's variable types; the value is formatted as text whatever the type.
#[derive(Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum VarType {
    #[default]
    Str,
    Int,
    Bool,
}

/// A context value: text, or a number or boolean kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
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
            /// A TOML datetime arrives as the `toml` crate's one-key map: named as a datetime.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Scalar, A::Error> {
                use serde::de::Error as _;
                let found = match map.next_key::<String>()? {
                    Some(key) if key == crate::config::value::DATETIME_FIELD => {
                        format!("datetime `{}`", map.next_value::<String>()?)
                    }
                    _ => "map".to_owned(),
                };
                Err(A::Error::invalid_type(
                    serde::de::Unexpected::Other(&found),
                    &self,
                ))
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
        "{}unresolved variable `{{ctx.{}.{}}}` in {:?}{}\n  \
         fix: set `{}` in `[ctx.{}]`, or the environment variable `{}`",
        InKey(key.as_deref()),
        quoted(namespace),
        quoted(name),
        quoted(text),
        Suggestion(suggestion.as_deref()),
        quoted(name),
        quoted(namespace),
        quoted(&Context::env_var(namespace, name))
    )]
    Unresolved {
        /// The key whose value was formatted, when the caller said
        /// ([`Context::format_key`]).
        key: Option<String>,
        /// The whole string.
        text: String,
        /// The variable's namespace.
        namespace: String,
        /// The variable's name (the environment variable that would set it is
        /// [`Context::env_var`] of the namespace and the name).
        name: String,
        /// The closest defined variable (`ns.var`), if one is close.
        suggestion: Option<String>,
    },
    /// A one-part `{ctx.<var>}` (a Qik project variable) that is not declared, or declared
    /// without a default and not set in the environment.
    #[error(
        "{}unresolved variable `{{ctx.{}}}` in {:?}: {}\n  fix: {}",
        InKey(key.as_deref()),
        quoted(name),
        quoted(text),
        if *declared { "it is declared, with no default, and the environment does not set it" }
        else { "no project variable of this name is declared" },
        if *declared { format!("set the environment variable `{}`, or give the variable a default", quoted(env)) }
        else { format!("declare it (`ctx = [\"{}\"]`), then set the environment variable `{}` or give it a default", quoted(name), quoted(env)) }
    )]
    UnresolvedVar {
        /// The key whose value was formatted, if known.
        key: Option<String>,
        /// The whole string.
        text: String,
        /// The variable's name.
        name: String,
        /// The environment variable that sets it.
        env: String,
        /// Whether the variable is declared.
        declared: bool,
    },
    /// `{ctx.` not followed by `<var>}` or `<ns>.<var>}`.
    #[error(
        "{}malformed variable at byte {offset} of {:?}: expected `{{ctx.<variable>}}` or \
         `{{ctx.<namespace>.<variable>}}`\n  \
         fix: complete it, or write `{{{{` for a literal `{{`",
        InKey(key.as_deref()),
        quoted(text)
    )]
    Malformed {
        /// The key whose value was formatted, if known.
        key: Option<String>,
        /// The whole string.
        text: String,
        /// Where the `{ctx.` starts.
        offset: usize,
    },
}

impl FormatError {
    /// The key whose value was formatted, when known.
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new();
    /// let err = ctx.format_key("bucket", "{ctx.aws.bucket}").unwrap_err();
    /// assert_eq!(err.key(), Some("bucket"));
    /// assert!(err.to_string().starts_with("in `bucket`: unresolved variable"));
    /// ```
    pub fn key(&self) -> Option<&str> {
        match self {
            FormatError::Unresolved { key, .. }
            | FormatError::UnresolvedVar { key, .. }
            | FormatError::Malformed { key, .. } => key.as_deref(),
        }
    }

    fn with_key(mut self, name: &str) -> Self {
        match &mut self {
            FormatError::Unresolved { key, .. }
            | FormatError::UnresolvedVar { key, .. }
            | FormatError::Malformed { key, .. } => *key = Some(name.to_owned()),
        }
        self
    }
}

struct InKey<'a>(Option<&'a str>);

impl fmt::Display for InKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(key) => write!(f, "in `{}`: ", quoted(key)),
            None => Ok(()),
        }
    }
}

struct Suggestion<'a>(Option<&'a str>);

impl fmt::Display for Suggestion<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, "; did you mean `{{ctx.{}}}`?", quoted(s)),
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

    /// Takes environment variables from `vars`: `<NS>__<VAR>` overrides `{ctx.<ns>.<var>}`,
    /// and `<VAR>` sets a declared project variable `{ctx.<var>}` (see [`Context::declare`]).
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
            self.env.insert(key.into(), value.into());
        }
        self
    }

    /// Declares a Qik project variable (`ctx = ["my_var"]`): `{ctx.my_var}` is then the
    /// environment variable `MY_VAR` (the name in upper case, Qik's rule), else `default`.
    ///
    /// ```
    /// let mut ctx = plugkit::config::Context::new();
    /// ctx.declare("my_var", None).declare("level", Some("3".into()));
    /// let ctx = ctx.env_overrides([("MY_VAR", "x")]);
    /// assert_eq!(ctx.format("{ctx.my_var}-{ctx.level}")?, "x-3");
    /// # Ok::<(), plugkit::config::FormatError>(())
    /// ```
    pub fn declare(&mut self, name: &str, default: Option<String>) -> &mut Self {
        self.declared.insert(name.to_owned(), default);
        self
    }

    /// The value of the project variable `{ctx.<name>}`: the environment's, else its default;
    /// `None` if it is not declared or has neither.
    ///
    /// ```
    /// let mut ctx = plugkit::config::Context::new();
    /// ctx.declare("my_var", Some("d".into()));
    /// assert_eq!(ctx.var("my_var"), Some("d"));
    /// assert_eq!(ctx.env_overrides([("MY_VAR", "e")]).var("my_var"), Some("e"));
    /// ```
    pub fn var(&self, name: &str) -> Option<&str> {
        let default = self.declared.get(name)?;
        self.env
            .get(&Context::project_env_var(name))
            .map(String::as_str)
            .or(default.as_deref())
    }

    /// The environment variable that sets the project variable `{ctx.<name>}`.
    ///
    /// ```
    /// assert_eq!(plugkit::config::Context::project_env_var("my_var"), "MY_VAR");
    /// ```
    pub fn project_env_var(name: &str) -> String {
        name.to_uppercase()
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

    /// Replaces every `{ctx.<ns>.<var>}` and `{ctx.<var>}` in `text`. `{{` writes `{` and `}}`
    /// writes `}`, as in Python's `str.format` (Qik's); other braces pass through, so shell
    /// braces need no escaping.
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new().with("db", "name", "main");
    /// assert_eq!(ctx.format("{ctx.db.name}.sqlite")?, "main.sqlite");
    /// assert_eq!(ctx.format("awk '{{print $1}}' {ctx.db.name}")?, "awk '{print $1}' main");
    /// # Ok::<(), plugkit::config::FormatError>(())
    /// ```
    #[allow(
        clippy::result_large_err,
        reason = "a FormatError is rare and carries the whole text for its message"
    )]
    pub fn format(&self, text: &str) -> Result<String, FormatError> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(['{', '}']) {
            out.push_str(&rest[..at]);
            let here = &rest[at..];
            if here.starts_with("{{") || here.starts_with("}}") {
                out.push_str(&here[..1]);
                rest = &here[2..];
                continue;
            }
            let Some(after) = here.strip_prefix(OPEN) else {
                out.push_str(&here[..1]);
                rest = &here[1..];
                continue;
            };
            let offset = text.len() - here.len();
            let malformed = || FormatError::Malformed {
                key: None,
                text: text.to_owned(),
                offset,
            };
            let end = after.find('}').ok_or_else(malformed)?;
            let valid = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            };
            let inner = &after[..end];
            let value = match inner.split_once('.') {
                Some((namespace, name)) => {
                    if !valid(namespace) || !valid(name) {
                        return Err(malformed());
                    }
                    self.get(namespace, name)
                        .ok_or_else(|| self.unresolved(text, namespace, name))?
                }
                None => {
                    if !valid(inner) {
                        return Err(malformed());
                    }
                    self.var(inner).ok_or_else(|| FormatError::UnresolvedVar {
                        key: None,
                        text: text.to_owned(),
                        name: inner.to_owned(),
                        env: Context::project_env_var(inner),
                        declared: self.declared.contains_key(inner),
                    })?
                }
            };
            out.push_str(value);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// [`format`](Context::format)s the value of `key`, and names the key in an error.
    ///
    /// ```
    /// let ctx = plugkit::config::Context::new();
    /// let err = ctx.format_key("bucket", "{ctx.aws.bucket}").unwrap_err();
    /// assert!(err.to_string().starts_with("in `bucket`: unresolved variable `{ctx.aws.bucket}`"));
    /// ```
    #[allow(
        clippy::result_large_err,
        reason = "a FormatError is rare and carries the whole text for its message"
    )]
    pub fn format_key(&self, key: &str, text: &str) -> Result<String, FormatError> {
        self.format(text).map_err(|e| e.with_key(key))
    }

    fn unresolved(&self, text: &str, namespace: &str, name: &str) -> FormatError {
        let known: Vec<String> = self
            .vars()
            .map(|(ns, var, _)| format!("{ns}.{var}"))
            .collect();
        let asked = format!("{namespace}.{name}");
        FormatError::Unresolved {
            key: None,
            text: text.to_owned(),
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            suggestion: closest(&asked, known.iter().map(String::as_str)).map(str::to_owned),
        }
    }
}
