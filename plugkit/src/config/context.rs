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
/// `ctx = ["my_var", {name = "level", type = "int", default = 3, required = false}]`:
/// `{ctx.my_var}` is then the environment variable `MY_VAR` (the name in upper case, Qik's
/// rule) once the context takes the environment ([`Context::process_env_overrides`], or
/// [`Context::env_overrides`]), else the variable's default.
///
/// ```
/// use plugkit::config::Context;
///
/// let ctx = Context::default()
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    vars: BTreeMap<String, BTreeMap<String, Scalar>>,
    env: BTreeMap<String, String>,
    /// Qik's project variables (`ctx = ["my_var"]`), as declared: `{ctx.my_var}`.
    declared: BTreeMap<String, Declared>,
}

/// Written as it is read: the `[ctx.<namespace>]` tables (numbers and booleans as such), or
/// Qik's list of declared variables. Environment overrides are not written.
impl Serialize for Context {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        if self.declared.is_empty() {
            return self.vars.serialize(s);
        }
        if !self.vars.is_empty() {
            return Err(S::Error::custom(
                "this context has both `[ctx.<namespace>]` variables and declared project \
                 variables (`ctx = [...]`), which one `ctx` value cannot hold\n  \
                 fix: write the two apart",
            ));
        }
        let mut seq = s.serialize_seq(Some(self.declared.len()))?;
        for (name, declared) in &self.declared {
            if declared.is_bare() {
                seq.serialize_element(name)?;
            } else {
                seq.serialize_element(&DeclaredOut { name, declared })?;
            }
        }
        seq.end()
    }
}

/// A declared project variable: its type, default and whether it is required.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Declared {
    var_type: VarType,
    default: Option<Scalar>,
    required: bool,
}

impl Declared {
    /// Written as its name alone.
    fn is_bare(&self) -> bool {
        self.var_type == VarType::Str && self.default.is_none() && self.required
    }

    /// The value when the environment does not set it: the default; empty when the variable
    /// is not required.
    fn value(&self) -> Option<&str> {
        match (&self.default, self.required) {
            (Some(d), _) => Some(&d.text),
            (None, false) => Some(""),
            (None, true) => None,
        }
    }
}

/// A declaration as Qik writes it: `{name = "level", type = "int", default = 3}`.
struct DeclaredOut<'a> {
    name: &'a str,
    declared: &'a Declared,
}

impl Serialize for DeclaredOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let d = self.declared;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("name", self.name)?;
        if d.var_type != VarType::Str {
            map.serialize_entry("type", &d.var_type)?;
        }
        if let Some(default) = &d.default {
            map.serialize_entry("default", default)?;
        }
        if !d.required {
            map.serialize_entry("required", &false)?;
        }
        map.end()
    }
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
                while let Some((name, declared)) = seq.next_element_seed(DeclSeed(&ctx))? {
                    ctx.declared.insert(name, declared);
                }
                Ok(ctx)
            }
        }
        d.deserialize_any(V)
    }
}

/// The keys of a declared variable's table.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum DeclKey {
    Name,
    Type,
    Default,
    Required,
}

/// Whether `{ctx.<name>}` can reach a variable of this name.
fn reachable(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// One of Qik's project variables, `"my_var"` or `{name = "level", type = "int", ...}`,
/// checked against the variables declared before it.
struct DeclSeed<'c>(&'c Context);

impl DeclSeed<'_> {
    fn named<E: serde::de::Error>(
        &self,
        name: String,
        declared: Declared,
    ) -> Result<(String, Declared), E> {
        if !reachable(&name) {
            return Err(E::invalid_value(
                serde::de::Unexpected::Str(&name),
                &"a variable name that `{ctx.<name>}` can reach: ASCII letters, digits, `_` and \
                  `-`, not empty",
            ));
        }
        if self.0.declared.contains_key(&name) {
            return Err(E::custom(format!(
                "the variable `{}` is declared twice\n  fix: keep one of its declarations",
                quoted(&name)
            )));
        }
        Ok((name, declared))
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for DeclSeed<'_> {
    type Value = (String, Declared);

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for DeclSeed<'_> {
    type Value = (String, Declared);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a variable: its name, or a table with `name` and optionally `type`, `default` and \
             `required`",
        )
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let declared = Declared {
            var_type: VarType::Str,
            default: None,
            required: true,
        };
        self.named(v.to_owned(), declared)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error as _;
        let (mut name, mut var_type, mut default, mut required) = (None, None, None, None);
        // An unknown key is rejected as it is read, so that the error is at the key.
        while let Some(key) = map.next_key::<DeclKey>()? {
            match key {
                DeclKey::Name => name = Some(map.next_value::<String>()?),
                DeclKey::Type => var_type = Some(map.next_value::<VarType>()?),
                DeclKey::Default => default = Some(map.next_value::<Scalar>()?),
                DeclKey::Required => required = Some(map.next_value::<bool>()?),
            }
        }
        let name = name.ok_or_else(|| A::Error::missing_field("name"))?;
        let var_type = var_type.unwrap_or_default();
        if let Some(default) = &default
            && default.kind != var_type.kind()
        {
            return Err(A::Error::invalid_type(
                serde::de::Unexpected::Other(&default.describe()),
                &format!(
                    "{} for the default, as the variable's `type = \"{}\"` says",
                    var_type.expected(),
                    var_type.name()
                )
                .as_str(),
            ));
        }
        let declared = Declared {
            var_type,
            default,
            required: required.unwrap_or(true),
        };
        self.named(name, declared)
    }
}

/// Qik's variable types; the value is formatted as text whatever the type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum VarType {
    #[default]
    Str,
    Int,
    Bool,
}

impl VarType {
    fn kind(self) -> ScalarKind {
        match self {
            VarType::Str => ScalarKind::Str,
            VarType::Int => ScalarKind::Int,
            VarType::Bool => ScalarKind::Bool,
        }
    }

    fn name(self) -> &'static str {
        match self {
            VarType::Str => "str",
            VarType::Int => "int",
            VarType::Bool => "bool",
        }
    }

    fn expected(self) -> &'static str {
        match self {
            VarType::Str => "a string",
            VarType::Int => "an integer",
            VarType::Bool => "a boolean",
        }
    }
}

/// A context value: text, or a number or boolean kept as written, and written back as one.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Scalar {
    text: String,
    kind: ScalarKind,
}

/// What a context value was written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScalarKind {
    Str,
    Int,
    Float,
    Bool,
}

impl Scalar {
    fn new(text: String, kind: ScalarKind) -> Self {
        Scalar { text, kind }
    }

    /// As serde names it in "invalid type: ...".
    fn describe(&self) -> String {
        match self.kind {
            ScalarKind::Str => format!("string {:?}", quoted(&self.text)),
            ScalarKind::Int => format!("integer `{}`", self.text),
            ScalarKind::Float => format!("floating point `{}`", self.text),
            ScalarKind::Bool => format!("boolean `{}`", self.text),
        }
    }
}

impl Serialize for Scalar {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.text.as_str();
        match self.kind {
            ScalarKind::Int => match (text.parse::<i64>(), text.parse::<u64>()) {
                (Ok(i), _) => s.serialize_i64(i),
                (_, Ok(u)) => s.serialize_u64(u),
                _ => s.serialize_str(text),
            },
            ScalarKind::Float => match text.parse::<f64>() {
                Ok(x) => s.serialize_f64(x),
                Err(_) => s.serialize_str(text),
            },
            ScalarKind::Bool => s.serialize_bool(text == "true"),
            ScalarKind::Str => s.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::new(v.to_owned(), ScalarKind::Str))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::new(v.to_string(), ScalarKind::Bool))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::new(v.to_string(), ScalarKind::Int))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::new(v.to_string(), ScalarKind::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::new(v.to_string(), ScalarKind::Float))
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
/// let err = plugkit::config::Context::default().format("{ctx.aws").unwrap_err();
/// assert!(matches!(err, plugkit::config::FormatError::Malformed { offset: 0, .. }));
/// ```
#[derive(Clone, Error, PartialEq, Eq)]
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
        /// The variable's name (the environment variable that would set it is named from the
        /// namespace and the name, as [`Context::env_overrides`] says).
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
    /// Sets `{ctx.<namespace>.<name>}`.
    ///
    /// ```
    /// let ctx = plugkit::config::Context::default().with("project", "name", "demo");
    /// assert_eq!(ctx.format("{ctx.project.name}")?, "demo");
    /// # Ok::<(), plugkit::config::FormatError>(())
    /// ```
    pub fn with(mut self, namespace: &str, name: &str, value: impl Into<String>) -> Self {
        self.vars
            .entry(namespace.to_owned())
            .or_default()
            .insert(name.to_owned(), Scalar::new(value.into(), ScalarKind::Str));
        self
    }

    /// Takes environment variables from `vars`. Their names follow two rules:
    ///
    /// - `{ctx.<namespace>.<name>}` is overridden by `<NAMESPACE>__<NAME>`: both parts in upper
    ///   case, `-` written `_`, joined by two underscores (`aws-s3`, `bucket`:
    ///   `AWS_S3__BUCKET`);
    /// - a declared project variable `{ctx.<name>}` (Qik's `ctx = ["my_var"]`, decoded) is set
    ///   by `<NAME>`, the name in upper case and nothing else changed (Qik's rule: `my_var`:
    ///   `MY_VAR`).
    ///
    /// Other variables are ignored.
    ///
    /// ```
    /// use plugkit::config::{Context, Decoder};
    /// let ctx = Context::default()
    ///     .with("db", "path", "a.sqlite")
    ///     .with("aws-s3", "bucket-name", "a")
    ///     .env_overrides([("DB__PATH", "b.sqlite"), ("AWS_S3__BUCKET_NAME", "b"), ("HOME", "/root")]);
    /// assert_eq!(ctx.format("{ctx.db.path} {ctx.aws-s3.bucket-name}")?, "b.sqlite b");
    ///
    /// let declared: Context = Decoder::default().json_str(r#"["my_var", "my-level", {"name": "n", "default": "1"}]"#)?;
    /// let ctx = declared.env_overrides([("MY_VAR", "x"), ("MY-LEVEL", "3"), ("HOME", "/root")]);
    /// assert_eq!(ctx.format("{ctx.my_var} {ctx.my-level} {ctx.n}")?, "x 3 1"); // `-` is kept: Qik upper-cases only
    /// # Ok::<(), Box<dyn std::error::Error>>(())
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

    /// The value of the project variable `{ctx.<name>}`: the environment's, else its default;
    /// `None` if it is not declared or has neither.
    fn var(&self, name: &str) -> Option<&str> {
        let default = self.declared.get(name)?;
        self.env
            .get(&Context::project_env_var(name))
            .map(String::as_str)
            .or(default.value())
    }

    /// The environment variable that sets the project variable `{ctx.<name>}` (documented on
    /// [`Context::env_overrides`]).
    pub(crate) fn project_env_var(name: &str) -> String {
        name.to_uppercase()
    }

    /// Takes overrides from the process environment; see [`Context::env_overrides`].
    ///
    /// ```
    /// let ctx = plugkit::config::Context::default().process_env_overrides();
    /// # let _ = ctx;
    /// ```
    pub fn process_env_overrides(self) -> Self {
        self.env_overrides(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        )
    }

    /// The environment variable that overrides `{ctx.<namespace>.<name>}` (documented on
    /// [`Context::env_overrides`]).
    pub(crate) fn env_var(namespace: &str, name: &str) -> String {
        let upper = |s: &str| s.to_uppercase().replace('-', "_");
        format!("{}__{}", upper(namespace), upper(name))
    }

    /// The value of `{ctx.<namespace>.<name>}`: the environment override, else the context's.
    pub(crate) fn get(&self, namespace: &str, name: &str) -> Option<&str> {
        self.env
            .get(&Context::env_var(namespace, name))
            .map(String::as_str)
            .or_else(|| {
                self.vars
                    .get(namespace)
                    .and_then(|vars| vars.get(name))
                    .map(|s| s.text.as_str())
            })
    }

    /// Every variable as `(namespace, name, value)`, overrides applied, sorted.
    pub(crate) fn vars(&self) -> impl Iterator<Item = (&str, &str, &str)> {
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
    /// let ctx = plugkit::config::Context::default().with("db", "name", "main");
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
    /// let ctx = plugkit::config::Context::default();
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

crate::error::debug_is_display!(FormatError);
