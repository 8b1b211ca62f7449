//! How a namespace's instances cross the process boundary.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{DispatchError, RemoteObject};
use plugkit::instances::Namespace;

/// A namespace whose instances can live in a plugin process. The host implements it once, for
/// both sides: [`proxy`](RemoteNamespace::proxy) (host side) wraps a [`RemoteObject`] into the
/// host's trait, and [`dispatch`](RemoteNamespace::dispatch) (plugin side) calls the real
/// instance. The two agree on method names and on the serde types of arguments and results.
///
/// ```
/// use plugkit::instances::Namespace;
/// use plugkit_remote::{DispatchError, RemoteNamespace, RemoteObject, arguments, reply};
///
/// pub trait Greeter: Send + Sync { fn greet(&self, name: &str) -> String; }
///
/// #[derive(Namespace)]
/// #[namespace(name = "doc_remote_ns_greeters", instance = dyn Greeter)]
/// pub struct Greeters;
///
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Greet { name: String }
///
/// /// The host side: a `Greeter` whose calls go to the plugin process.
/// struct RemoteGreeter(RemoteObject);
/// impl Greeter for RemoteGreeter {
///     fn greet(&self, name: &str) -> String {
///         self.0.call("greet", &Greet { name: name.to_owned() }).unwrap_or_else(|e| e.to_string())
///     }
/// }
///
/// impl RemoteNamespace for Greeters {
///     fn proxy(object: RemoteObject) -> Box<dyn Greeter> { Box::new(RemoteGreeter(object)) }
///     fn dispatch(greeter: &dyn Greeter, method: &str, args: serde_json::Value) -> Result<serde_json::Value, DispatchError> {
///         match method {
///             "greet" => reply(greeter.greet(&arguments::<Greet>(method, args)?.name)),
///             _ => Err(DispatchError::UnknownMethod { method: method.to_owned() }),
///         }
///     }
/// }
///
/// struct Hello;
/// impl Greeter for Hello { fn greet(&self, name: &str) -> String { format!("hello, {name}") } }
/// let answer = Greeters::dispatch(&Hello, "greet", serde_json::json!({ "name": "Ada" }))?;
/// assert_eq!(answer, "hello, Ada");
/// # Ok::<(), DispatchError>(())
/// ```
pub trait RemoteNamespace: Namespace {
    /// Host side: the instance the host's code gets for an instance living in a plugin.
    ///
    /// ```no_run
    /// # use plugkit::instances::Namespace;
    /// # use plugkit_remote::RemoteNamespace;
    /// # fn f<N: RemoteNamespace>(object: plugkit_remote::RemoteObject) {
    /// let instance: Box<N::Instance> = N::proxy(object);
    /// # let _ = instance; }
    /// ```
    fn proxy(object: RemoteObject) -> Box<Self::Instance>;

    /// Plugin side: runs `method` on a real instance with `args`, and encodes its result.
    ///
    /// ```no_run
    /// # use plugkit_remote::RemoteNamespace;
    /// # fn f<N: RemoteNamespace>(instance: &N::Instance) -> Result<(), plugkit_remote::DispatchError> {
    /// let result = N::dispatch(instance, "respond", serde_json::json!({ "prompt": "hi" }))?;
    /// # let _ = result; Ok(()) }
    /// ```
    fn dispatch(
        instance: &Self::Instance,
        method: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, DispatchError>;
}

/// Decodes a method's arguments, for [`RemoteNamespace::dispatch`].
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Respond { prompt: String }
/// let args: Respond = plugkit_remote::arguments("respond", serde_json::json!({ "prompt": "hi" }))?;
/// assert_eq!(args.prompt, "hi");
/// let err = plugkit_remote::arguments::<Respond>("respond", serde_json::json!({})).unwrap_err();
/// assert_eq!(err.to_string(), "bad arguments for `respond`: missing field `prompt`");
/// # Ok::<(), plugkit_remote::DispatchError>(())
/// ```
pub fn arguments<T: DeserializeOwned>(
    method: &str,
    args: serde_json::Value,
) -> Result<T, DispatchError> {
    serde_json::from_value(args).map_err(|source| DispatchError::Arguments {
        method: method.to_owned(),
        source,
    })
}

/// Encodes a method's result, for [`RemoteNamespace::dispatch`].
///
/// ```
/// assert_eq!(plugkit_remote::reply("Yes")?, serde_json::json!("Yes"));
/// # Ok::<(), plugkit_remote::DispatchError>(())
/// ```
pub fn reply<T: Serialize>(value: T) -> Result<serde_json::Value, DispatchError> {
    serde_json::to_value(value)
        .map_err(|e| DispatchError::Failed(format!("the result does not encode: {e}")))
}
