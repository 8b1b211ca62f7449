//! SUTs served by plugin processes: how the [`Sut`] trait crosses the process boundary.
//!
//! One method, `respond`: its arguments are `{"prompt": <string>}` and its result a string; a
//! [`SutError`] travels as the request's error message and comes back as the same `SutError`.
//! A plugin process that crashes, hangs or breaks the protocol makes `respond` fail with a
//! `SutError` whose message names the plugin and what happened.

use std::process::ExitCode;

use plugkit_remote::{
    DispatchError, RemoteError, RemoteHost, RemoteNamespace, RemoteObject, Server, arguments, reply,
};
use serde::{Deserialize, Serialize};

use crate::{Sut, SutError, Suts};

/// The host API plugins are built against: this crate.
const API: &str = env!("CARGO_PKG_NAME");

/// This crate's version, which plugin processes check their requirement against.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What a plugin built against this version of the host accepts: the versions semver-compatible
/// with it, as Cargo would choose.
///
/// ```
/// assert_eq!(modelgauge_like::HOST_API_REQUIREMENT, concat!("^", env!("CARGO_PKG_VERSION")));
/// ```
pub const HOST_API_REQUIREMENT: &str = concat!("^", env!("CARGO_PKG_VERSION"));

/// The arguments of `respond`.
#[derive(Serialize, Deserialize)]
struct Respond {
    prompt: String,
}

/// A SUT living in a plugin process.
struct RemoteSut(RemoteObject);

impl Sut for RemoteSut {
    fn respond(&self, prompt: &str) -> Result<String, SutError> {
        let args = Respond {
            prompt: prompt.to_owned(),
        };
        self.0.call("respond", &args).map_err(|e| match e {
            // The SUT's own error, as the plugin's SUT wrote it.
            RemoteError::Failed { message, .. } => SutError::new(message),
            other => SutError::new(other.to_string()),
        })
    }
}

impl RemoteNamespace for Suts {
    fn proxy(object: RemoteObject) -> Box<dyn Sut> {
        Box::new(RemoteSut(object))
    }

    fn dispatch(
        sut: &dyn Sut,
        method: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, DispatchError> {
        match method {
            "respond" => {
                let args: Respond = arguments(method, args)?;
                let answer = sut
                    .respond(&args.prompt)
                    .map_err(|e| DispatchError::Failed(e.to_string()))?;
                reply(answer)
            }
            _ => Err(DispatchError::UnknownMethod {
                method: method.to_owned(),
            }),
        }
    }
}

/// The host side: takes SUTs from plugin processes, waiting at most `timeout` for each answer.
///
/// ```
/// let host = modelgauge_like::remote_host(std::time::Duration::from_secs(5));
/// assert_eq!(host.namespaces().collect::<Vec<_>>(), ["suts"]);
/// assert_eq!(host.api(), ("modelgauge-like", env!("CARGO_PKG_VERSION")));
/// ```
pub fn remote_host(timeout: std::time::Duration) -> RemoteHost {
    RemoteHost::new(API, VERSION)
        .timeout(timeout)
        .accept::<Suts>()
}

/// The plugin side, the one call of a plugin executable's `main`: serves the SUTs that the
/// crates linked into the executable registered, until the host closes stdin. `name` and
/// `version` are the plugin's (`env!("CARGO_PKG_NAME")`, `env!("CARGO_PKG_VERSION")`).
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     modelgauge_like::serve_plugin(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
/// }
/// ```
pub fn serve_plugin(name: &str, version: &str) -> ExitCode {
    Server::new(name, version, API, HOST_API_REQUIREMENT)
        .namespace::<Suts>()
        .serve()
}

#[cfg(test)]
mod tests {
    use plugkit_remote::{DispatchError, RemoteNamespace};

    use crate::{Sut, SutError, Suts};

    struct Picky;
    impl Sut for Picky {
        fn respond(&self, prompt: &str) -> Result<String, SutError> {
            match prompt {
                "" => Err(SutError::new("the prompt is empty")),
                p => Ok(p.chars().rev().collect()),
            }
        }
    }

    #[test]
    fn respond_crosses_as_a_prompt_and_a_string_or_the_suts_message() {
        let ok = Suts::dispatch(&Picky, "respond", serde_json::json!({"prompt": "abc"}));
        assert_eq!(ok.ok(), Some(serde_json::json!("cba")));
        let failed = Suts::dispatch(&Picky, "respond", serde_json::json!({"prompt": ""}));
        assert!(matches!(failed, Err(DispatchError::Failed(m)) if m == "the prompt is empty"));
        let other = Suts::dispatch(&Picky, "items", serde_json::json!({}));
        assert!(matches!(other, Err(DispatchError::UnknownMethod { method }) if method == "items"));
    }
}
