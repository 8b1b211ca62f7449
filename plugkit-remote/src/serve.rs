//! The plugin side: serve the linked registrations over stdio, one call in `main`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, Write};
use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

use crate::protocol::{
    Api, ApiRequirement, CALL, Call, HANDSHAKE, MAKE, Made, Make, PROTOCOL_VERSION, RELEASE,
    Registration, Release, Request, Response, Welcome, WireArg, WireError, WireOrigin, WireSecret,
    zeroize_value,
};
use crate::{DispatchError, RemoteNamespace};
use plugkit::__private::panic_message;
use plugkit::instances::Secrets;
use serde::Deserialize;
use zeroize::Zeroize;

/// The longest line or answer whose buffer is kept for the next one, in bytes.
const LONG_LINE: usize = 64 << 10;

/// A made instance, its namespace erased.
trait Dispatch {
    fn call(
        &self,
        method: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, DispatchError>;
}

struct Held<N: RemoteNamespace> {
    instance: Box<N::Instance>,
    namespace: PhantomData<fn() -> N>,
}

impl<N: RemoteNamespace> Dispatch for Held<N> {
    fn call(
        &self,
        method: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, DispatchError> {
        N::dispatch(&self.instance, method, args)
    }
}

/// Makes a uid's instance with the secrets the host sent.
type MakeFn = fn(&str, &Secrets) -> Result<Box<dyn Dispatch>, String>;

/// What a plugin serves of one namespace.
struct ServedNamespace {
    name: &'static str,
    list: fn() -> Vec<Registration>,
    make: MakeFn,
}

fn list<N: RemoteNamespace>() -> Vec<Registration> {
    N::instances()
        .list()
        .iter()
        .map(|r| {
            let o = r.origin();
            Registration {
                namespace: N::NAME.to_owned(),
                uid: r.uid().to_owned(),
                type_name: r.type_name().to_owned(),
                origin: WireOrigin {
                    crate_name: o.crate_name.to_owned(),
                    version: o.crate_version.to_owned(),
                    module: o.module_path.to_owned(),
                    item: o.item.to_owned(),
                },
                args: r
                    .args()
                    .iter()
                    .map(|a| WireArg {
                        name: a.name.to_owned(),
                        value: a.value.to_owned(),
                    })
                    .collect(),
                secrets: r
                    .secrets()
                    .iter()
                    .map(|s| WireSecret {
                        scope: s.secret.scope.to_owned(),
                        key: s.secret.key.to_owned(),
                        description: s.secret.instructions.to_owned(),
                        optional: s.optional,
                    })
                    .collect(),
            }
        })
        .collect()
}

fn make<N: RemoteNamespace>(uid: &str, secrets: &Secrets) -> Result<Box<dyn Dispatch>, String> {
    let instance = N::instances()
        .make_instance(uid, secrets)
        .map_err(|e| e.to_string())?;
    Ok(Box::new(Held::<N> {
        instance,
        namespace: PhantomData,
    }))
}

/// The plugin side of the protocol: answers the handshake with the registrations of the served
/// namespaces (what the crates linked into this executable registered) and makes and calls
/// instances for the host. A plugin's `main` is one call:
///
/// ```no_run
/// # use plugkit::instances::Namespace;
/// # use plugkit_remote::{DispatchError, RemoteNamespace, RemoteObject};
/// # pub trait Tool: Send + Sync {}
/// # #[derive(Namespace)]
/// # #[namespace(name = "doc_serve_tools", instance = dyn Tool)]
/// # pub struct Tools;
/// # struct RemoteTool(RemoteObject);
/// # impl Tool for RemoteTool {}
/// # impl RemoteNamespace for Tools {
/// #     fn proxy(object: RemoteObject) -> Box<dyn Tool> { Box::new(RemoteTool(object)) }
/// #     fn dispatch(_: &dyn Tool, method: &str, _: serde_json::Value) -> Result<serde_json::Value, DispatchError> {
/// #         Err(DispatchError::UnknownMethod { method: method.to_owned() })
/// #     }
/// # }
/// fn main() -> std::process::ExitCode {
///     plugkit_remote::Server::plugin(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
///         .host_api("my-host", "^1.2")
///         .namespace::<Tools>()
///         .serve()
/// }
/// ```
///
/// Usually the host crate wraps this in one function of its own (modelgauge-like's
/// `serve_plugin`), so that the host-API requirement is the version the plugin was built with.
pub struct Server {
    plugin: Api,
    host_api: ApiRequirement,
    namespaces: Vec<ServedNamespace>,
}

impl Server {
    /// A server for the plugin `name` at `version` (usually `env!("CARGO_PKG_NAME")` and
    /// `env!("CARGO_PKG_VERSION")`); say which host API it is built against with
    /// [`host_api`](Server::host_api), and what it serves with [`namespace`](Server::namespace).
    ///
    /// ```
    /// let mut out = Vec::new();
    /// plugkit_remote::Server::plugin("my-plugin", "0.3.0")
    ///     .host_api("my-host", "^1.2")
    ///     .serve_on(&b"{\"id\":1,\"method\":\"handshake\"}\n"[..], &mut out)?;
    /// let answer: serde_json::Value = serde_json::from_slice(&out)?;
    /// assert_eq!(answer["result"]["plugin"], serde_json::json!({"name": "my-plugin", "version": "0.3.0"}));
    /// assert_eq!(answer["result"]["host_api"], serde_json::json!({"name": "my-host", "requirement": "^1.2"}));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn plugin(name: &str, version: &str) -> Self {
        Server {
            plugin: Api {
                name: name.to_owned(),
                version: version.to_owned(),
            },
            host_api: ApiRequirement {
                name: String::new(),
                requirement: String::new(),
            },
            namespaces: Vec::new(),
        }
    }

    /// The host API the plugin is built against, `api`, and the versions of it that it accepts:
    /// `requirement`, semver as Cargo writes it (`^1.2`). Until set, every host refuses the
    /// plugin as a plugin of another host.
    ///
    /// ```
    /// let server = plugkit_remote::Server::plugin("my-plugin", "0.3.0").host_api("my-host", "^1.2");
    /// # let _ = server;
    /// ```
    pub fn host_api(mut self, api: &str, requirement: &str) -> Self {
        self.host_api = ApiRequirement {
            name: api.to_owned(),
            requirement: requirement.to_owned(),
        };
        self
    }

    /// The same as `Server::plugin(name, version).host_api(api, requirement)`.
    ///
    /// ```
    /// let server = plugkit_remote::Server::new("my-plugin", "0.3.0", "my-host", "^1.2");
    /// # let _ = server;
    /// ```
    pub fn new(name: &str, version: &str, api: &str, requirement: &str) -> Self {
        Server::plugin(name, version).host_api(api, requirement)
    }

    /// Serves the uids of `N` that this executable's crates registered.
    ///
    /// ```
    /// # use plugkit::instances::Namespace;
    /// # use plugkit_remote::{DispatchError, RemoteNamespace, RemoteObject};
    /// # pub trait Tool: Send + Sync {}
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_server_namespace_tools", instance = dyn Tool)]
    /// # pub struct Tools;
    /// # struct RemoteTool(RemoteObject);
    /// # impl Tool for RemoteTool {}
    /// # impl RemoteNamespace for Tools {
    /// #     fn proxy(object: RemoteObject) -> Box<dyn Tool> { Box::new(RemoteTool(object)) }
    /// #     fn dispatch(_: &dyn Tool, method: &str, _: serde_json::Value) -> Result<serde_json::Value, DispatchError> {
    /// #         Err(DispatchError::UnknownMethod { method: method.to_owned() })
    /// #     }
    /// # }
    /// let server = plugkit_remote::Server::plugin("my-plugin", "0.3.0").host_api("my-host", "^1.2").namespace::<Tools>();
    /// # let _ = server;
    /// ```
    pub fn namespace<N: RemoteNamespace>(mut self) -> Self {
        self.namespaces.push(ServedNamespace {
            name: N::NAME,
            list: list::<N>,
            make: make::<N>,
        });
        self
    }

    /// Serves on stdin and stdout until the host closes stdin. Returns the exit code for
    /// `main`: success, or failure after writing why to stderr.
    ///
    /// When stdin is a pipe and the host closes it (it shut the plugin down, or died) while a
    /// call is still running, the process exits half a second later without waiting for the
    /// call: a plugin never outlives its host.
    ///
    /// ```no_run
    /// fn main() -> std::process::ExitCode {
    ///     plugkit_remote::Server::plugin("my-plugin", "0.3.0").host_api("my-host", "^1.2").serve()
    /// }
    /// ```
    pub fn serve(self) -> ExitCode {
        exit_when_stdin_closes();
        let stdin = io::stdin().lock();
        let stdout = io::stdout().lock();
        match self.serve_on(stdin, stdout) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot talk to the host: {e}");
                ExitCode::FAILURE
            }
        }
    }

    /// Serves on any pair of streams (tests, other transports) until `input` ends.
    ///
    /// # Errors
    ///
    /// When reading or writing fails. A malformed request is answered with an error (or, with
    /// no id to answer, reported on stderr) and serving goes on.
    ///
    /// ```
    /// let server = plugkit_remote::Server::plugin("my-plugin", "0.3.0").host_api("my-host", "^1.2");
    /// let mut out = Vec::new();
    /// server.serve_on(&b"{\"id\":1,\"method\":\"handshake\",\"params\":{}}\n"[..], &mut out)?;
    /// let answer: serde_json::Value = serde_json::from_slice(&out)?;
    /// assert_eq!(answer["result"]["protocol"], 1);
    /// assert_eq!(answer["result"]["host_api"]["requirement"], "^1.2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn serve_on(self, mut input: impl BufRead, mut output: impl Write) -> io::Result<()> {
        let mut session = Session {
            server: self,
            instances: HashMap::new(),
            next_instance: 1,
        };
        // One buffer for every line read and one for every answer written; a line read is
        // zeroed once decoded (a `make` line carries secret values).
        let (mut buffer, mut bytes) = (String::new(), Vec::new());
        loop {
            if buffer.capacity() > LONG_LINE {
                buffer = String::new();
            }
            if input.read_line(&mut buffer)? == 0 {
                return Ok(());
            }
            let line = buffer.strip_suffix('\n').unwrap_or(&buffer);
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                buffer.zeroize();
                continue;
            }
            // A call is decoded without building the tree of its envelope; anything else (or a
            // call that does not decode so) goes the general way, with its errors.
            let decoded = match session.call_line(line) {
                Some(answered) => Ok(Ok(answered)),
                None => serde_json::from_str::<Request>(line).map(Err),
            };
            buffer.zeroize();
            let (id, answer) = match decoded {
                Ok(Ok(answered)) => answered,
                Ok(Err(request)) => (request.id, session.answer(request)),
                Err(e) => {
                    eprintln!("error: ignoring a request that is not a plugkit message: {e}");
                    continue;
                }
            };
            let Some(id) = id else {
                continue;
            };
            let response = match answer {
                Ok(result) => Response {
                    id,
                    result: Some(result),
                    error: None,
                },
                Err(message) => Response {
                    id,
                    result: None,
                    error: Some(WireError { message }),
                },
            };
            if bytes.capacity() > LONG_LINE {
                bytes = Vec::new();
            }
            bytes.clear();
            serde_json::to_writer(&mut bytes, &response).map_err(io::Error::other)?;
            bytes.push(b'\n');
            output.write_all(&bytes)?;
            output.flush()?;
        }
    }
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("plugin", &self.plugin)
            .field("host_api", &self.host_api)
            .field(
                "namespaces",
                &self.namespaces.iter().map(|n| n.name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

struct Session {
    server: Server,
    instances: HashMap<u64, Box<dyn Dispatch>>,
    next_instance: u64,
}

/// A [`CALL`] decoded in one pass, when its `method` comes before its `params` (as plugkit's
/// hosts write them): the envelope borrowed from the line, the arguments alone as a `Value`.
/// Anything else fails to decode as one, and goes the general way.
struct FastCall<'a> {
    id: Option<u64>,
    call: CallIn<'a>,
}

/// A [`Call`], its method borrowed from the line.
#[derive(Deserialize)]
struct CallIn<'a> {
    instance: u64,
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(default)]
    args: serde_json::Value,
}

impl<'de: 'a, 'a> Deserialize<'de> for FastCall<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = FastCall<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a call")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                use serde::de::Error;
                let (mut id, mut method, mut call) = (None, false, None);
                while let Some(key) = map.next_key::<Word>()? {
                    match (key, method) {
                        (Word::Id, _) if id.is_none() => {
                            id = Some(map.next_value::<Option<u64>>()?);
                        }
                        (Word::Method, false) => match map.next_value::<Word>()? {
                            Word::Call => method = true,
                            _ => return Err(A::Error::custom("not a call")),
                        },
                        (Word::Params, true) if call.is_none() => call = Some(map.next_value()?),
                        (Word::Id | Word::Method | Word::Params, _) => {
                            return Err(A::Error::custom("not a call in this order"));
                        }
                        (Word::Call | Word::Other, _) => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                match call {
                    Some(call) => Ok(FastCall {
                        id: id.flatten(),
                        call,
                    }),
                    None => Err(A::Error::custom("not a call")),
                }
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

/// A key of a request, or its method's name: which word of the envelope it is, read without
/// being kept.
enum Word {
    Id,
    Method,
    Params,
    Call,
    Other,
}

impl<'de> Deserialize<'de> for Word {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Word;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Word, E> {
                Ok(match text {
                    "id" => Word::Id,
                    "method" => Word::Method,
                    "params" => Word::Params,
                    CALL => Word::Call,
                    _ => Word::Other,
                })
            }
        }
        deserializer.deserialize_str(Text)
    }
}

impl Session {
    /// Answers `line` if it is a [`CALL`] that decodes as a [`FastCall`]: its id, and the
    /// answer.
    fn call_line(
        &mut self,
        line: &str,
    ) -> Option<(Option<u64>, Result<serde_json::Value, String>)> {
        let FastCall { id, call } = serde_json::from_str(line).ok()?;
        Some((id, self.call(call.instance, &call.method, call.args)))
    }

    /// Calls `method` of `instance`.
    fn call(
        &mut self,
        instance: u64,
        method: &str,
        args: serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        let Some(held) = self.instances.get(&instance) else {
            return Err(format!("no instance {instance}"));
        };
        catch_unwind(AssertUnwindSafe(|| held.call(method, args)))
            .map_err(|p| format!("`{method}` panicked: {}", panic_message(p.as_ref())))?
            .map_err(|e| e.to_string())
    }

    fn answer(&mut self, request: Request) -> Result<serde_json::Value, String> {
        let Request {
            method, mut params, ..
        } = request;
        let decode = |e: serde_json::Error| format!("bad params for `{method}`: {e}");
        let encode = |e: serde_json::Error| format!("cannot encode the answer: {e}");
        match method.as_str() {
            HANDSHAKE => {
                let welcome = Welcome {
                    protocol: PROTOCOL_VERSION,
                    plugin: self.server.plugin.clone(),
                    host_api: self.server.host_api.clone(),
                    registrations: self
                        .server
                        .namespaces
                        .iter()
                        .flat_map(|n| (n.list)())
                        .collect(),
                };
                serde_json::to_value(welcome).map_err(encode)
            }
            MAKE => {
                // Decoding moves the secret values into `Make`, which zeroes them when dropped;
                // what a failed decoding left behind is zeroed here.
                let make = Make::deserialize(&params);
                zeroize_value(&mut params);
                let make = make.map_err(decode)?;
                let Some(namespace) = self
                    .server
                    .namespaces
                    .iter()
                    .find(|n| n.name == make.namespace)
                else {
                    return Err(format!(
                        "this plugin serves no namespace `{}`",
                        make.namespace
                    ));
                };
                let mut secrets = Secrets::default();
                for (scope, keys) in &make.secrets {
                    for (key, value) in keys {
                        secrets = secrets.with(scope, key, value.expose());
                    }
                }
                let made = catch_unwind(AssertUnwindSafe(|| (namespace.make)(&make.uid, &secrets)))
                    .map_err(|p| {
                        format!(
                            "making `{}` panicked: {}",
                            make.uid,
                            panic_message(p.as_ref())
                        )
                    })??;
                let instance = self.next_instance;
                self.next_instance += 1;
                self.instances.insert(instance, made);
                serde_json::to_value(Made { instance }).map_err(encode)
            }
            CALL => {
                let call: Call = serde_json::from_value(params).map_err(decode)?;
                self.call(call.instance, &call.method, call.args)
            }
            RELEASE => {
                let release: Release = serde_json::from_value(params).map_err(decode)?;
                self.instances.remove(&release.instance);
                Ok(serde_json::Value::Null)
            }
            other => Err(format!("unknown method `{other}`")),
        }
    }
}

/// Exits the process half a second after the host closes stdin, even while a call runs: the
/// host shut the plugin down or died. Only a pipe says when its writer is gone without being
/// read, so nothing is watched when stdin is anything else.
#[cfg(unix)]
fn exit_when_stdin_closes() {
    use rustix::event::{PollFd, PollFlags, poll};
    use rustix::fs::{FileType, fstat};
    let is_pipe = fstat(io::stdin())
        .is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::Fifo);
    if !is_pipe {
        return;
    }
    std::thread::spawn(|| {
        let stdin = io::stdin();
        loop {
            // No event asked for: only a hang-up or an error wakes this, and nothing is read.
            let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
            match poll(&mut fds, None) {
                Err(rustix::io::Errno::INTR) => continue,
                Ok(_) if fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR) => break,
                _ => return,
            }
        }
        // The serving loop ends by itself when it is not busy; give it the time to.
        std::thread::sleep(std::time::Duration::from_millis(500));
        std::process::exit(0);
    });
}

#[cfg(not(unix))]
fn exit_when_stdin_closes() {}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_call_is_decoded_in_one_pass_or_else_the_general_way() {
        let line = r#"{"id":4,"method":"call","params":{"instance":2,"method":"echo","args":{"text":"hi"}}}"#;
        let FastCall { id, call } = serde_json::from_str(line).unwrap();
        assert_eq!(
            (id, call.instance, call.method.as_ref()),
            (Some(4), 2, "echo")
        );
        assert_eq!(call.args, serde_json::json!({"text": "hi"}));
        // Any other shape is left to the general way (`Request`), which answers it the same.
        for other in [
            r#"{"method":"call","id":4,"params":{"instance":2,"method":"echo"}}"#,
            r#"{"id":4,"params":{"instance":2,"method":"echo"},"method":"call"}"#,
            r#"{"id":4,"method":"make","params":{}}"#,
            r#"{"id":4,"id":5,"method":"call","params":{"instance":2,"method":"echo"}}"#,
            r#"{"id":4,"method":"call","params":null}"#,
            r#"{"id":4,"method":"call"}"#,
        ] {
            let fast = serde_json::from_str::<FastCall<'_>>(other);
            let general = serde_json::from_str::<Request>(other);
            if let Ok(fast) = fast {
                let general = general.unwrap();
                assert_eq!(
                    (fast.id, CALL),
                    (general.id, general.method.as_str()),
                    "{other}"
                );
            }
        }
        let first = serde_json::from_str::<FastCall<'_>>(
            r#"{"method":"call","id":4,"params":{"instance":2,"method":"echo"}}"#,
        )
        .unwrap();
        assert_eq!(
            (first.id, first.call.args),
            (Some(4), serde_json::Value::Null)
        );
    }
}
