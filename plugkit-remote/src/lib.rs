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
//!   another protocol version, exit mid-call) is a [`RemoteError`] naming the plugin; the
//!   process is killed and reaped, and the host and other plugins go on.
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
//! let hammer = Tools::in_registry(&registry).make_instance("hammer", &Secrets::new())?;
//! # let _ = hammer;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The protocol
//!
//! One JSON object per line. Requests go from the host to the plugin's stdin:
//! `{"id": 1, "method": "handshake", "params": {"protocol": 1, "host": {"name": .., "version": ..}}}`;
//! each request with an `id` gets one answer on the plugin's stdout, `{"id": 1, "result": ..}` or
//! `{"id": 1, "error": {"message": ..}}`, in order. The methods are [`HANDSHAKE`] (result: a
//! [`Welcome`]), [`MAKE`] ([`Make`] → [`Made`]), [`CALL`] ([`Call`] → the method's value) and the
//! notification [`RELEASE`] ([`Release`], no `id`, no answer). The host closes stdin when it is
//! done; the plugin then exits. The plugin's stderr is the user's, prefixed with its name.

pub mod plugin_dir;

mod error;
mod group;
mod host;
mod namespace;
mod object;
mod pipes;
mod process;
mod protocol;
mod serve;

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
