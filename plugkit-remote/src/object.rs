//! The host's handle on one instance living in a plugin process.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::RemoteError;
use crate::process::Process;
use crate::protocol::{CALL, Call};

/// One instance made by a plugin process: what a [`RemoteNamespace::proxy`](crate::RemoteNamespace::proxy)
/// wraps to implement the host's trait. Each [`call`](RemoteObject::call) is one request and
/// its answer; dropping the object tells the plugin, ahead of its next request, that it may
/// free the instance.
///
/// ```no_run
/// # fn proxy(object: plugkit_remote::RemoteObject) -> Result<(), plugkit_remote::RemoteError> {
/// #[derive(serde::Serialize)]
/// struct Respond<'a> { prompt: &'a str }
/// let answer: String = object.call("respond", &Respond { prompt: "hello" })?;
/// # let _ = answer; Ok(()) }
/// ```
pub struct RemoteObject {
    process: Arc<Process>,
    instance: u64,
    namespace: &'static str,
    uid: &'static str,
}

impl RemoteObject {
    pub(crate) fn new(
        process: Arc<Process>,
        instance: u64,
        namespace: &'static str,
        uid: &'static str,
    ) -> Self {
        RemoteObject {
            process,
            instance,
            namespace,
            uid,
        }
    }

    /// Calls `method` with `args` (any serde type; an object of named arguments is the
    /// convention) and decodes its result as an `R`.
    ///
    /// # Errors
    ///
    /// [`RemoteError::Failed`] when the plugin's method failed (its message is the plugin's),
    /// and every way the plugin process can misbehave: exited, timed out, garbage.
    ///
    /// ```no_run
    /// # fn proxy(object: plugkit_remote::RemoteObject) -> Result<(), plugkit_remote::RemoteError> {
    /// let answer: String = object.call("respond", &serde_json::json!({ "prompt": "hello" }))?;
    /// # let _ = answer; Ok(()) }
    /// ```
    pub fn call<A: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        method: &str,
        args: &A,
    ) -> Result<R, RemoteError> {
        let during = format!("`{method}` of `{}` ({})", self.uid, self.namespace);
        let unexpected = |what: String| RemoteError::Unexpected {
            plugin: self.process.name().to_owned(),
            during: during.clone(),
            what,
        };
        let args = serde_json::to_value(args)
            .map_err(|e| unexpected(format!("the arguments do not encode: {e}")))?;
        let call = Call {
            instance: self.instance,
            method: method.to_owned(),
            args,
        };
        let result = self.process.request(&during, CALL, &call, false)?;
        serde_json::from_value(result)
            .map_err(|e| unexpected(format!("its result does not decode: {e}")))
    }

    /// The uid it was made as.
    ///
    /// ```no_run
    /// # fn f(object: plugkit_remote::RemoteObject) {
    /// println!("{} from {}", object.uid(), object.plugin());
    /// # }
    /// ```
    pub fn uid(&self) -> &'static str {
        self.uid
    }

    /// The name of the plugin that serves it.
    ///
    /// ```no_run
    /// # fn f(object: plugkit_remote::RemoteObject) {
    /// assert!(!object.plugin().is_empty());
    /// # }
    /// ```
    pub fn plugin(&self) -> &str {
        self.process.name()
    }
}

impl Drop for RemoteObject {
    /// Queues the release: it is sent ahead of the next request to the plugin, so dropping
    /// never waits for the plugin.
    fn drop(&mut self) {
        self.process.release(self.instance);
    }
}

impl fmt::Debug for RemoteObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteObject")
            .field("plugin", &self.process.name())
            .field("namespace", &self.namespace)
            .field("uid", &self.uid)
            .field("instance", &self.instance)
            .finish()
    }
}
