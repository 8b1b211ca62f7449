//! What the code that `#[remote]` generates calls: hidden, not part of the API.

use std::fmt::Display;

pub use futures::executor::block_on;
use serde::Serialize;
use serde::de::DeserializeOwned;
pub use serde_json;
use serde_json::{Map, Value};

use crate::{DispatchError, RemoteError, RemoteObject, reply};

/// The arguments of a call, by parameter name, as the proxy encodes them.
#[derive(Default)]
pub struct ArgsOut {
    args: Map<String, Value>,
    error: Option<String>,
}

impl ArgsOut {
    /// No arguments yet.
    pub fn new() -> Self {
        ArgsOut::default()
    }

    /// Adds the argument `name`; the first one that does not encode fails the call.
    pub fn arg<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                self.args.insert(name.to_owned(), value);
            }
            Err(e) if self.error.is_none() => {
                self.error = Some(format!("the argument `{name}` does not encode: {e}"));
            }
            Err(_) => {}
        }
        self
    }

    /// Calls `method` of `object` with these arguments.
    pub fn call<R: DeserializeOwned>(
        self,
        object: &RemoteObject,
        method: &str,
    ) -> Result<R, RemoteError> {
        match self.error {
            Some(what) => Err(RemoteError::Unexpected {
                plugin: object.plugin().to_owned(),
                during: format!("`{method}` of `{}`", object.uid()),
                what,
            }),
            None => object.call(method, &Value::Object(self.args)),
        }
    }
}

impl ArgsOut {
    /// Calls `method` of `object` with these arguments, and returns the future of its result.
    pub fn call_async<R: DeserializeOwned + Send + 'static>(
        self,
        object: &RemoteObject,
        method: &str,
    ) -> futures::future::BoxFuture<'static, Result<R, RemoteError>> {
        match self.error {
            Some(what) => Box::pin(std::future::ready(Err(RemoteError::Unexpected {
                plugin: object.plugin().to_owned(),
                during: format!("`{method}` of `{}`", object.uid()),
                what,
            }))),
            None => object.call_async(method, &Value::Object(self.args)),
        }
    }
}

/// The arguments of a call, as the dispatch decodes them.
pub struct ArgsIn<'m> {
    method: &'m str,
    args: Map<String, Value>,
}

impl<'m> ArgsIn<'m> {
    /// The arguments of `method`: an object, or nothing.
    pub fn new(method: &'m str, args: Value) -> Result<Self, DispatchError> {
        match args {
            Value::Object(args) => Ok(ArgsIn { method, args }),
            Value::Null => Ok(ArgsIn {
                method,
                args: Map::new(),
            }),
            other => Err(DispatchError::Arguments {
                method: method.to_owned(),
                source: serde::de::Error::custom(format!(
                    "expected an object of named arguments, got {other}"
                )),
            }),
        }
    }

    /// Decodes the argument `name`.
    pub fn take<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, DispatchError> {
        let arguments = |source| DispatchError::Arguments {
            method: self.method.to_owned(),
            source,
        };
        let Some(value) = self.args.remove(name) else {
            return Err(arguments(serde::de::Error::custom(format!(
                "missing argument `{name}`"
            ))));
        };
        serde_json::from_value(value).map_err(|e| {
            arguments(serde::de::Error::custom(format!(
                "the argument `{name}`: {e}"
            )))
        })
    }
}

/// The answer of a method that returns a `Result`: its value, or its error's message.
pub fn reply_result<T: Serialize, E: Display>(
    answer: Result<T, E>,
) -> Result<Value, DispatchError> {
    match answer {
        Ok(value) => reply(value),
        Err(e) => Err(DispatchError::Failed(e.to_string())),
    }
}

/// The answer of a method that cannot fail: a failure of the plugin process has no other way
/// out than a panic (see [`catch_failure`](crate::catch_failure)).
pub fn or_panic<T>(answer: Result<T, RemoteError>) -> T {
    match answer {
        Ok(value) => value,
        Err(e) => crate::catch::fail(e),
    }
}
