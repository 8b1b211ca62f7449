//! Run-time plugins for [`plugkit`]: plugin processes, and plugin folders
//! (ModelGauge's `--plugin-dir`, in [`plugin_dir`]). A host whose plugins are all linked does
//! not depend on this crate, and compiles none of it.
//!
//! Out-of-process plugins: a plugin built as an executable serves its registrations over
//! stdio, and the host turns them into ordinary registry entries.
//!
//! Rust has no stable ABI, and loading Rust dynamic libraries is unsound across compiler or
//! crate versions, so a plugin found at run time runs in its own process and speaks a small
//! versioned protocol: JSON lines over stdin and stdout, a handshake carrying the protocol
//! version, the plugin's identity, its host-API requirement (checked with semver) and its
//! registrations, then requests with ids ([`protocol`](self#the-protocol)).
//!
//! - **Host side**: [`RemoteHost::load`] starts an executable and checks its handshake; its
//!   [`RemotePlugin::entries`] are ordinary [`Entry`](plugkit::Entry)s of the host's namespaces,
//!   whose factories ask the plugin to make the instance and return the namespace's
//!   [`proxy`](RemoteNamespace::proxy): code that makes an instance by uid cannot tell a remote
//!   plugin from a linked one. Every misbehaviour (crash, hang past the timeout, garbage,
//!   another protocol version, exit mid-call, stopped reading, an answer over the size limit)
//!   is a [`RemoteError`] naming the plugin; the process is killed with its process group and
//!   reaped, and the host and other plugins go on. A host that dies leaves no plugin running.
//! - **Plugin side**: `main` is one call, [`Server::serve`], which serves what the crates linked
//!   into the executable registered; the same plugin crate can be linked into a host instead.
//! - **Both**: a [`RemoteNamespace`] implementation says how a namespace's trait crosses the
//!   boundary, with serde types for arguments and results.
//!
//! ```no_run
//! # use plugkit::instances::{Namespace, Secrets};
//! # use plugkit_remote::{DispatchError, RemoteNamespace, RemoteObject};
//! # pub trait Tool: Send + Sync {}
//! # #[derive(Namespace)]
//! # #[namespace(name = "doc_remote_mod_tools", instance = dyn Tool)]
//! # pub struct Tools;
//! # struct RemoteTool(RemoteObject);
//! # impl Tool for RemoteTool {}
//! # impl RemoteNamespace for Tools {
//! #     fn proxy(object: RemoteObject) -> Box<dyn Tool> { Box::new(RemoteTool(object)) }
//! #     fn dispatch(_: &dyn Tool, method: &str, _: serde_json::Value) -> Result<serde_json::Value, DispatchError> {
//! #         Err(DispatchError::UnknownMethod { method: method.to_owned() })
//! #     }
//! # }
//! let host = plugkit_remote::RemoteHost::new("my-host", "1.2.0")
//!     .accept::<Tools>()
//!     .timeout(std::time::Duration::from_secs(5));
//! let plugin = host.load(std::path::Path::new("plugins/hammers"))?;
//! let registry = plugkit::Registry::builder()
//!     .discovered()
//!     .entries(plugin.entries().iter().copied())
//!     .build()?;
//! let hammer = Tools::in_registry(&registry).make_instance("hammer", &Secrets::default())?;
//! # let _ = hammer;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The protocol
//!
//! One JSON object per line. Requests go from the host to the plugin's stdin:
//! `{"id": 1, "method": "handshake", "params": {"protocol": 1, "host": {"name": .., "version": ..}}}`;
//! each request with an `id` gets one answer on the plugin's stdout, `{"id": 1, "result": ..}` or
//! `{"id": 1, "error": {"message": ..}}`, matched to its request by id: several requests may be
//! in flight ([`RemoteObject::call_async`]), and a plugin may answer them in any order. The methods are [`HANDSHAKE`] (result: a
//! [`Welcome`]), [`MAKE`] ([`Make`] → [`Made`]), [`CALL`] ([`Call`] → the method's value) and the
//! notification [`RELEASE`] ([`Release`], no `id`, no answer). The host closes stdin when it is
//! done; the plugin then exits. The plugin's stderr is the user's, prefixed with its name.

pub mod plugin_dir;

mod calls;
mod catch;
mod error;
mod group;
mod host;
mod namespace;
mod object;
mod pipes;
mod process;
mod protocol;
mod serve;

pub use catch::catch_failure;
pub use error::{DispatchError, RemoteError};
pub use host::{RemoteHost, RemotePlugin};
pub use namespace::{RemoteNamespace, arguments, reply};
pub use object::RemoteObject;
pub use protocol::{
    Api, ApiRequirement, CALL, Call, HANDSHAKE, Hello, MAKE, Made, Make, PROTOCOL_VERSION, RELEASE,
    Registration, Release, Request, Response, Welcome, WireArg, WireError, WireOrigin, WireSecret,
    WireSecretValue, is_valid_uid,
};
pub use serve::Server;

#[doc(hidden)]
pub mod __private;

/// Makes a host trait servable by plugin processes: on the trait, `#[remote(Namespace)]`
/// implements [`RemoteNamespace`] for `Namespace` (whose instances are `dyn Trait`), both sides:
///
/// - the **proxy** implements the trait by calling the plugin process: each method is a
///   [`CALL`] named as the method, its arguments an object keyed by parameter name;
/// - the **dispatch** decodes those arguments (a `&str` as a `String`, a `&[T]` as a `Vec<T>`,
///   a `&T` as a `T`) and calls the real instance.
///
/// Arguments and results are serde types. A method that returns `Result<T, E>` sends `T`, and
/// its error's message (`E: Display`); on the host side the error comes back through
/// `E: From<RemoteError>`, as [`RemoteError::Failed`] with that message when the plugin's method
/// failed, or the error of the plugin process. A method that cannot fail has no way to report a
/// failed plugin process but a panic with the error's message; [`catch_failure`] turns it back
/// into the error. Methods take `&self`, and are not generic.
///
/// An `async fn` method needs the trait to be an `#[async_trait]` trait (the attribute below
/// `#[remote]`), so that `dyn Trait` exists: its proxy awaits [`RemoteObject::call_async`], and
/// the plugin process runs the method to its end with a minimal executor, so a plugin's async
/// method must not need a particular runtime.
///
/// ```
/// use plugkit::instances::{Namespace, Secrets};
/// use plugkit_remote::{RemoteError, RemoteNamespace};
///
/// #[derive(Debug, PartialEq)]
/// pub struct GreetError(String);
/// impl std::fmt::Display for GreetError {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(&self.0) }
/// }
/// impl From<RemoteError> for GreetError {
///     fn from(e: RemoteError) -> Self {
///         match e {
///             RemoteError::Failed { message, .. } => GreetError(message),
///             other => GreetError(other.to_string()),
///         }
///     }
/// }
///
/// #[plugkit_remote::remote(Greeters)]
/// pub trait Greeter: Send + Sync {
///     fn greet(&self, name: &str, times: u32) -> Result<String, GreetError>;
///     fn languages(&self) -> Vec<String>;
/// }
///
/// #[derive(Namespace)]
/// #[namespace(name = "doc_remote_attr_greeters", instance = dyn Greeter)]
/// pub struct Greeters;
///
/// // The plugin side, as a plugin process runs it:
/// struct Hello;
/// impl Greeter for Hello {
///     fn greet(&self, name: &str, times: u32) -> Result<String, GreetError> {
///         match name {
///             "" => Err(GreetError("no name".into())),
///             _ => Ok(vec![format!("hello, {name}"); times as usize].join(" ")),
///         }
///     }
///     fn languages(&self) -> Vec<String> { vec!["en".into()] }
/// }
/// let answer = Greeters::dispatch(&Hello, "greet", serde_json::json!({"name": "Ada", "times": 2}))?;
/// assert_eq!(answer, "hello, Ada hello, Ada");
/// let failed = Greeters::dispatch(&Hello, "greet", serde_json::json!({"name": "", "times": 1}));
/// assert_eq!(failed.unwrap_err().to_string(), "no name");
/// let missing = Greeters::dispatch(&Hello, "greet", serde_json::json!({"name": "Ada"}));
/// assert_eq!(missing.unwrap_err().to_string(), "bad arguments for `greet`: missing argument `times`");
/// assert_eq!(Greeters::dispatch(&Hello, "languages", serde_json::Value::Null)?, serde_json::json!(["en"]));
/// # Ok::<(), plugkit_remote::DispatchError>(())
/// ```
pub use plugkit_remote_macros::remote;
