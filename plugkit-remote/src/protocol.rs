//! The wire protocol between a host and a plugin process: JSON lines over stdio.
//!
//! Every message is one JSON object on one line. The host writes [`Request`]s on the plugin's
//! stdin; the plugin writes one [`Response`] per request that has an `id` on its stdout, with
//! the same `id`. Requests without an `id` are notifications and get no answer. The plugin's
//! stderr is free text, shown to the user with the plugin's name as a prefix. The host closes
//! the plugin's stdin to ask it to exit. `docs/run-time-plugins.md` describes it for authors of
//! plugins in other languages.

use std::collections::BTreeMap;

use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

/// The protocol version this plugkit speaks. The handshake carries it both ways; a host refuses
/// a plugin that answers with another one.
///
/// ```
/// assert_eq!(plugkit_remote::PROTOCOL_VERSION, 1);
/// ```
pub const PROTOCOL_VERSION: u32 = 1;

/// The method of the first request: its params are a [`Hello`], its result a [`Welcome`].
///
/// ```
/// assert_eq!(plugkit_remote::HANDSHAKE, "handshake");
/// ```
pub const HANDSHAKE: &str = "handshake";

/// The method that makes an instance: params [`Make`], result [`Made`].
///
/// ```
/// assert_eq!(plugkit_remote::MAKE, "make");
/// ```
pub const MAKE: &str = "make";

/// The method that calls a method of an instance: params [`Call`], result the method's value.
///
/// ```
/// assert_eq!(plugkit_remote::CALL, "call");
/// ```
pub const CALL: &str = "call";

/// The notification (no `id`, no answer) that the host no longer uses an instance: params
/// [`Release`].
///
/// ```
/// assert_eq!(plugkit_remote::RELEASE, "release");
/// ```
pub const RELEASE: &str = "release";

/// A message from the host: `{"id": 1, "method": "make", "params": {..}}`.
///
/// ```
/// let request: plugkit_remote::Request =
///     serde_json::from_str(r#"{"id":7,"method":"call","params":{"instance":1,"method":"respond"}}"#)?;
/// assert_eq!((request.id, request.method.as_str()), (Some(7), "call"));
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// Its `Debug` shows no secret value: what a [`Make`] carries under `secrets` is `<redacted>`.
///
/// ```
/// let request: plugkit_remote::Request = serde_json::from_str(
///     r#"{"id":1,"method":"make","params":{"uid":"x","secrets":{"demo":{"api_key":"hunter2"}}}}"#,
/// )?;
/// let shown = format!("{request:?}");
/// assert!(!shown.contains("hunter2") && shown.contains(r#""api_key": String("<redacted>")"#), "{shown}");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The request's id, unique in the session; absent for a notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// [`HANDSHAKE`], [`MAKE`], [`CALL`] or [`RELEASE`].
    pub method: String,
    /// The method's parameters.
    #[serde(default)]
    pub params: serde_json::Value,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("id", &self.id)
            .field("method", &self.method)
            .field("params", &redacted(&self.params))
            .finish()
    }
}

/// `value` with every string under a `secrets` key replaced by `<redacted>`.
fn redacted(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    fn hide(value: &Value) -> Value {
        match value {
            Value::String(_) => Value::String("<redacted>".to_owned()),
            Value::Object(fields) => {
                Value::Object(fields.iter().map(|(k, v)| (k.clone(), hide(v))).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(hide).collect()),
            other => other.clone(),
        }
    }
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| match k.as_str() {
                    "secrets" => (k.clone(), hide(v)),
                    _ => (k.clone(), redacted(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    }
}

/// Zeroes every string of `value` in place: for a request that carried secrets.
pub(crate) fn zeroize_value(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => s.zeroize(),
        Value::Object(fields) => fields.values_mut().for_each(zeroize_value),
        Value::Array(items) => items.iter_mut().for_each(zeroize_value),
        _ => {}
    }
}

/// Whether `uid` can be a uid: non-empty, without whitespace or control characters (users type
/// uids on command lines). Uids from plugin processes and declarative files follow the same
/// rule as those of `#[plugkit::instance]`, which checks it at compile time.
///
/// ```
/// use plugkit_remote::is_valid_uid;
/// assert!(is_valid_uid("gpt-4o_mini.v2"));
/// assert!(!is_valid_uid(""));
/// assert!(!is_valid_uid("has space"));
/// assert!(!is_valid_uid("tab\there"));
/// ```
pub fn is_valid_uid(uid: &str) -> bool {
    !uid.is_empty() && !uid.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A message from the plugin: `{"id": 1, "result": ..}` or `{"id": 1, "error": {"message": ..}}`.
///
/// ```
/// let answer: plugkit_remote::Response = serde_json::from_str(r#"{"id":7,"error":{"message":"no"}}"#)?;
/// assert_eq!(answer.error.unwrap().message, "no");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The id of the request it answers.
    pub id: u64,
    /// The result, when the request succeeded. `"result": null` is a result (what a method
    /// returning `()` or `None` answers), not a missing one.
    ///
    /// ```
    /// let unit: plugkit_remote::Response = serde_json::from_str(r#"{"id":3,"result":null}"#)?;
    /// assert_eq!(unit.result, Some(serde_json::Value::Null));
    /// let neither: plugkit_remote::Response = serde_json::from_str(r#"{"id":3}"#)?;
    /// assert_eq!(neither.result, None);
    /// assert_eq!(serde_json::to_string(&unit)?, r#"{"id":3,"result":null}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub result: Option<serde_json::Value>,
    /// Why the request failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<WireError>,
}

/// A field that is there, `null` included: `Some(Value::Null)` for `null`, and `None` only when
/// the key is absent (through `#[serde(default)]`).
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

/// A failed request, as the plugin reports it.
///
/// ```
/// let error = plugkit_remote::WireError { message: "unknown uid `x`".into() };
/// assert_eq!(serde_json::to_string(&error)?, r#"{"message":"unknown uid `x`"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireError {
    /// What went wrong, for the user.
    pub message: String,
}

/// The handshake's params: the protocol the host speaks and the host API it offers.
///
/// ```
/// use plugkit_remote::{Api, Hello, PROTOCOL_VERSION};
/// let hello = Hello { protocol: PROTOCOL_VERSION, host: Api { name: "modelgauge-like".into(), version: "0.1.0".into() } };
/// assert_eq!(serde_json::to_string(&hello)?, r#"{"protocol":1,"host":{"name":"modelgauge-like","version":"0.1.0"}}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// The host's [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// The host API (the crate plugins are written against) and its version.
    pub host: Api,
}

/// A crate and its version.
///
/// ```
/// let api = plugkit_remote::Api { name: "modelgauge-like".into(), version: "0.1.0".into() };
/// assert_eq!(api.name, "modelgauge-like");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Api {
    /// The crate's name.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The handshake's result: the plugin's protocol version, who it is, the host API it needs,
/// and everything it registers. A host reads `protocol` first and refuses any other version
/// before it reads the rest.
///
/// ```
/// let welcome: plugkit_remote::Welcome = serde_json::from_str(r#"{
///     "protocol": 1,
///     "plugin": {"name": "modelgauge-like-reverse", "version": "0.1.0"},
///     "host_api": {"name": "modelgauge-like", "requirement": "^0.1.0"},
///     "registrations": [{"namespace": "suts", "uid": "reverse", "type": "Reverse",
///                        "origin": {"crate": "modelgauge-like-reverse", "version": "0.1.0",
///                                   "module": "modelgauge_like_reverse", "item": "reverse"}}]
/// }"#)?;
/// assert_eq!(welcome.registrations[0].type_name, "Reverse");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    /// The plugin's [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// The plugin's crate (or program) and version.
    pub plugin: Api,
    /// The host API the plugin was built against, and the versions of it that it accepts.
    pub host_api: ApiRequirement,
    /// Every instance the plugin can make.
    pub registrations: Vec<Registration>,
}

/// A host API and a semver requirement on its version (`^0.1.0`).
///
/// ```
/// let req = plugkit_remote::ApiRequirement { name: "modelgauge-like".into(), requirement: "^0.1.0".into() };
/// assert_eq!(req.requirement, "^0.1.0");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiRequirement {
    /// The host API crate's name.
    pub name: String,
    /// A semver requirement, as Cargo writes them.
    pub requirement: String,
}

/// One uid a plugin serves: what the host lists and what becomes an ordinary registry entry.
///
/// ```
/// use plugkit_remote::{Registration, WireOrigin};
/// let reg = Registration {
///     namespace: "suts".into(), uid: "reverse".into(), type_name: "Reverse".into(),
///     origin: WireOrigin { crate_name: "my-plugin".into(), version: "1.0.0".into(), module: "my_plugin".into(), item: "reverse".into() },
///     args: vec![], secrets: vec![],
/// };
/// assert!(serde_json::to_string(&reg)?.contains(r#""type":"Reverse""#));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// The namespace's name (`suts`).
    pub namespace: String,
    /// The uid.
    pub uid: String,
    /// The type it makes, for listings.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Where it was registered in the plugin.
    pub origin: WireOrigin,
    /// The arguments it is registered with, for listings.
    #[serde(default)]
    pub args: Vec<WireArg>,
    /// The secrets its constructor uses: the host checks them and sends their values in [`Make`].
    #[serde(default)]
    pub secrets: Vec<WireSecret>,
}

/// An [`Origin`](plugkit::Origin) on the wire.
///
/// ```
/// let origin = plugkit_remote::WireOrigin { crate_name: "p".into(), version: "1.0.0".into(), module: "p".into(), item: "f".into() };
/// assert_eq!(serde_json::to_string(&origin)?, r#"{"crate":"p","version":"1.0.0","module":"p","item":"f"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireOrigin {
    /// The crate's name.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// The crate's version.
    pub version: String,
    /// The module of the registration.
    pub module: String,
    /// The registered item (the constructor).
    pub item: String,
}

/// An argument of a registration, as written (`words = 8`).
///
/// ```
/// let arg = plugkit_remote::WireArg { name: "words".into(), value: "8".into() };
/// assert_eq!(arg.value, "8");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireArg {
    /// The parameter.
    pub name: String,
    /// The value's expression.
    pub value: String,
}

/// A secret a registration's constructor uses.
///
/// ```
/// let secret = plugkit_remote::WireSecret { scope: "demo".into(), key: "api_key".into(), description: String::new(), optional: false };
/// assert_eq!(secret.scope, "demo");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireSecret {
    /// The `[scope]` table of `secrets.toml`.
    pub scope: String,
    /// The key in that table.
    pub key: String,
    /// How to get a value, for the user.
    #[serde(default)]
    pub description: String,
    /// Whether the constructor runs without it.
    #[serde(default)]
    pub optional: bool,
}

/// The params of [`MAKE`]: which uid, and the values of the secrets it declared that are set.
/// Its `Debug` shows no secret value, and the values are zeroed when it is dropped.
///
/// ```
/// let make: plugkit_remote::Make = serde_json::from_str(
///     r#"{"namespace":"suts","uid":"reverse","secrets":{"demo":{"api_key":"hunter2"}}}"#,
/// )?;
/// assert_eq!(make.secrets["demo"]["api_key"].expose(), "hunter2");
/// assert_eq!(
///     format!("{make:?}"),
///     r#"Make { namespace: "suts", uid: "reverse", secrets: {"demo": {"api_key": <redacted>}} }"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Make {
    /// The namespace's name.
    pub namespace: String,
    /// The uid.
    pub uid: String,
    /// `scope -> key -> value`, only for the secrets the registration declared.
    #[serde(default)]
    pub secrets: BTreeMap<String, BTreeMap<String, WireSecretValue>>,
}

/// A secret's value on the wire: a JSON string, shown as `<redacted>` by `Debug` and zeroed
/// when dropped.
///
/// ```
/// let value = plugkit_remote::WireSecretValue::new("hunter2");
/// assert_eq!(value.expose(), "hunter2");
/// assert_eq!(format!("{value:?}"), "<redacted>");
/// assert_eq!(serde_json::to_string(&value)?, r#""hunter2""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WireSecretValue(String);

impl WireSecretValue {
    /// Wraps a value.
    ///
    /// ```
    /// let value = plugkit_remote::WireSecretValue::new("s3cret");
    /// # let _ = value;
    /// ```
    pub fn new(value: &str) -> Self {
        WireSecretValue(value.to_owned())
    }

    /// The value, for the one place that uses it.
    ///
    /// ```
    /// assert_eq!(plugkit_remote::WireSecretValue::new("s3cret").expose(), "s3cret");
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for WireSecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Drop for WireSecretValue {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// The result of [`MAKE`]: the handle of the new instance, for [`Call`] and [`Release`].
///
/// ```
/// let made: plugkit_remote::Made = serde_json::from_str(r#"{"instance":3}"#)?;
/// assert_eq!(made.instance, 3);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Made {
    /// The instance's handle, unique in the session.
    pub instance: u64,
}

/// The params of [`CALL`]: a method of an instance and its arguments, as the namespace's
/// [`RemoteNamespace`](crate::RemoteNamespace) implementation encodes them.
///
/// ```
/// let call: plugkit_remote::Call = serde_json::from_str(r#"{"instance":3,"method":"respond","args":{"prompt":"hi"}}"#)?;
/// assert_eq!(call.args["prompt"], "hi");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// The instance's handle.
    pub instance: u64,
    /// The method's name.
    pub method: String,
    /// The method's arguments.
    #[serde(default)]
    pub args: serde_json::Value,
}

/// The params of [`RELEASE`].
///
/// ```
/// let release = plugkit_remote::Release { instance: 3 };
/// assert_eq!(serde_json::to_string(&release)?, r#"{"instance":3}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// The instance's handle.
    pub instance: u64,
}
