//! SUTs and Tests served by plugin processes. `#[plugkit_remote::remote]` on [`Sut`] and
//! [`Test`](crate::Test) generates how they cross the process boundary; this is the rest.
//!
//! `respond`'s arguments are `{"prompt": <string>}` and its result a string; a [`SutError`]
//! travels as the request's error message and comes back as the same `SutError`. A plugin
//! process that crashes, hangs or breaks the protocol makes `respond` fail with a `SutError`
//! whose message names the plugin and what happened. A Test's methods cannot fail: when its
//! plugin process fails, they panic with the error's message.

use std::process::ExitCode;

use plugkit_remote::{RemoteError, RemoteHost, Server};

use crate::{SutError, Suts, Tests};

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

/// On the host side, a SUT's error comes back as the same `SutError` when the plugin's SUT
/// failed, and as a `SutError` naming the plugin and what happened when the plugin process did.
impl From<RemoteError> for SutError {
    fn from(e: RemoteError) -> Self {
        match e {
            RemoteError::Failed { message, .. } => SutError::new(message),
            other => SutError::new(other.to_string()),
        }
    }
}

/// The host side: takes SUTs and Tests from plugin processes, waiting at most `timeout` for
/// each request.
///
/// ```
/// let host = modelgauge_like::remote_host(std::time::Duration::from_secs(5));
/// assert_eq!(host.namespaces().collect::<Vec<_>>(), ["suts", "tests"]);
/// assert_eq!(host.api(), ("modelgauge-like", env!("CARGO_PKG_VERSION")));
/// ```
pub fn remote_host(timeout: std::time::Duration) -> RemoteHost {
    RemoteHost::new(API, VERSION)
        .timeout(timeout)
        .accept::<Suts>()
        .accept::<Tests>()
}

/// The plugin side, the one call of a plugin executable's `main`: serves the SUTs and Tests
/// that the crates linked into the executable registered, until the host closes stdin. `name` and
/// `version` are the plugin's (`env!("CARGO_PKG_NAME")`, `env!("CARGO_PKG_VERSION")`).
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     modelgauge_like::serve_plugin(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
/// }
/// ```
pub fn serve_plugin(name: &str, version: &str) -> ExitCode {
    Server::plugin(name, version)
        .host_api(API, HOST_API_REQUIREMENT)
        .namespace::<Suts>()
        .namespace::<Tests>()
        .serve()
}

#[cfg(test)]
mod tests {
    use plugkit_remote::{DispatchError, RemoteNamespace};

    use crate::{ItemRecord, Measurements, Sut, SutError, Suts, Test, TestItem, Tests};

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

    struct SaysYes;
    impl Test for SaysYes {
        fn items(&self) -> Vec<TestItem> {
            vec![TestItem {
                id: "q1".into(),
                prompt: "Ok?".into(),
                context: String::new(),
            }]
        }
        fn measure(&self, item: &TestItem, response: &str) -> Measurements {
            Measurements::from([(item.id.clone(), f64::from(u8::from(response == "Yes")))])
        }
        fn aggregate(&self, items: &[ItemRecord]) -> Measurements {
            Measurements::from([("items".to_owned(), items.len() as f64)])
        }
    }

    #[test]
    fn a_tests_methods_cross_with_their_arguments_by_name() {
        let items = Tests::dispatch(&SaysYes, "items", serde_json::Value::Null);
        assert_eq!(
            items.ok(),
            Some(serde_json::json!([{"id": "q1", "prompt": "Ok?", "context": ""}]))
        );
        let item = serde_json::json!({"id": "q1", "prompt": "Ok?", "context": ""});
        let measured = Tests::dispatch(
            &SaysYes,
            "measure",
            serde_json::json!({"item": item, "response": "Yes"}),
        );
        assert_eq!(measured.ok(), Some(serde_json::json!({"q1": 1.0})));
        let aggregated = Tests::dispatch(&SaysYes, "aggregate", serde_json::json!({"items": []}));
        assert_eq!(aggregated.ok(), Some(serde_json::json!({"items": 0.0})));
        let missing = Tests::dispatch(&SaysYes, "measure", serde_json::json!({"item": item}));
        assert_eq!(
            missing.err().map(|e| e.to_string()),
            Some("bad arguments for `measure`: missing argument `response`".to_owned())
        );
    }
}
