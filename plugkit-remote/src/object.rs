//! The host's handle on one instance living in a plugin process.

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::RemoteError;
use crate::calls::Answer;
use crate::process::Process;
use crate::protocol::CALL;

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
        let (during, sent) = self.send(method, args, true);
        let result = self.process.wait(sent?)?;
        decode(self.process.name(), during, result)
    }

    /// Calls `method` with `args` as [`call`](RemoteObject::call) does, and returns the future
    /// of its result, for async instance traits. The request is written now (that waits only
    /// while the plugin's stdin pipe is full, until the deadline at most); the future waits
    /// for the answer without a thread of its own: the process's reader completes it when the
    /// answer with its request id comes, so any number of calls to one plugin process can be
    /// in flight, and their answers may come in any order. The deadline runs from the
    /// request's writing, time in the plugin's queue included. The future is `Send` and
    /// needs no particular runtime; dropping it abandons the call (its answer is dropped when
    /// it comes).
    ///
    /// # Errors
    ///
    /// As [`call`](RemoteObject::call).
    ///
    /// ```no_run
    /// # async fn proxy(object: plugkit_remote::RemoteObject) -> Result<(), plugkit_remote::RemoteError> {
    /// let (a, b) = futures::join!(
    ///     object.call_async::<_, String>("respond", &serde_json::json!({ "prompt": "hello" })),
    ///     object.call_async::<_, String>("respond", &serde_json::json!({ "prompt": "bye" })),
    /// );
    /// # let _ = (a?, b?); Ok(()) }
    /// ```
    pub fn call_async<A: Serialize + ?Sized, R: DeserializeOwned + Send + 'static>(
        &self,
        method: &str,
        args: &A,
    ) -> BoxFuture<'static, Result<R, RemoteError>> {
        let (during, sent) = self.send(method, args, false);
        let plugin = self.process.name().to_owned();
        Box::pin(async move { decode(&plugin, during, sent?.await?) })
    }

    /// Writes the request of a call; returns what it is, for messages, and its answer, which
    /// a `blocking` caller reads itself.
    fn send<A: Serialize + ?Sized>(
        &self,
        method: &str,
        args: &A,
        blocking: bool,
    ) -> (String, Result<Answer, RemoteError>) {
        // As `format!("`{method}` of `{uid}` ({namespace})")`, at a tenth of its cost.
        let mut during =
            String::with_capacity(method.len() + self.uid.len() + self.namespace.len() + 11);
        for part in ["`", method, "` of `", self.uid, "` (", self.namespace, ")"] {
            during.push_str(part);
        }
        // The arguments are encoded first, so that one that does not encode fails only this
        // call; then copied into the request's line, written as serde writes a `Call`.
        let mut encoded = Vec::with_capacity(64);
        let sent = match serde_json::to_writer(&mut encoded, args) {
            Ok(()) => {
                let instance = self.instance;
                let params = |bytes: &mut Vec<u8>| write_call(bytes, instance, method, &encoded);
                self.process.send(&during, CALL, params, false, blocking)
            }
            Err(e) => Err(RemoteError::Unexpected {
                plugin: self.process.name().to_owned(),
                during: during.clone(),
                what: format!("the arguments do not encode: {e}"),
            }),
        };
        (during, sent)
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

/// Writes the params of a [`CALL`]: the bytes serde writes for a [`Call`](crate::Call) with
/// these fields, `args` already encoded.
fn write_call(
    bytes: &mut Vec<u8>,
    instance: u64,
    method: &str,
    args: &[u8],
) -> serde_json::Result<()> {
    bytes.extend_from_slice(br#"{"instance":"#);
    serde_json::to_writer(&mut *bytes, &instance)?;
    bytes.extend_from_slice(br#","method":"#);
    serde_json::to_writer(&mut *bytes, method)?;
    bytes.extend_from_slice(br#","args":"#);
    bytes.extend_from_slice(args);
    bytes.push(b'}');
    Ok(())
}

/// Decodes a call's result as an `R`.
fn decode<R: DeserializeOwned>(
    plugin: &str,
    during: String,
    result: serde_json::Value,
) -> Result<R, RemoteError> {
    serde_json::from_value(result).map_err(|e| RemoteError::Unexpected {
        plugin: plugin.to_owned(),
        during,
        what: format!("its result does not decode: {e}"),
    })
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_call_is_written_as_serde_writes_it() {
        let args = serde_json::json!({"text": "ping", "times": 2});
        let mut bytes = Vec::new();
        let encoded = serde_json::to_vec(&args).unwrap();
        write_call(&mut bytes, 7, "say \"hi\"", &encoded).unwrap();
        let call = crate::Call {
            instance: 7,
            method: "say \"hi\"".to_owned(),
            args,
        };
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            serde_json::to_string(&call).unwrap()
        );
    }
}
