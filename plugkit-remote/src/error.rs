//! Everything a plugin process can do wrong, as the host sees it.

use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;

/// A plugin process failed: it could not start, crashed, hung, wrote garbage, spoke another
/// protocol version, needs another host API, or failed a request. Each names the plugin (its
/// file name) and what the host was doing (`during`). The host keeps running; a process that
/// misbehaved is stopped and reaped, and later calls to it fail with [`RemoteError::Stopped`].
///
/// ```
/// use plugkit_remote::RemoteError;
/// let err = RemoteError::ProtocolVersion { plugin: "old".into(), theirs: 0, ours: 1 };
/// assert_eq!(err.plugin(), "old");
/// assert_eq!(err.to_string(), "plugin `old` speaks plugkit protocol 0, and this host speaks 1\n  \
///     fix: rebuild the plugin against a plugkit whose protocol is 1");
/// ```
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum RemoteError {
    /// The executable could not be started.
    #[error(
        "cannot start plugin `{plugin}` ({}): {source}\n  \
         fix: check that it is an executable built for this machine",
        path.display()
    )]
    Spawn {
        /// The plugin.
        plugin: String,
        /// Its executable.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The plugin did not answer within the host's timeout; it was killed with its process
    /// group.
    #[error(
        "plugin `{plugin}` did not answer {during} within {} ms, and was stopped\n  \
         fix: check the plugin, or give it more time (the host's plugin timeout)",
        after.as_millis()
    )]
    Timeout {
        /// The plugin.
        plugin: String,
        /// What the host was waiting for.
        during: String,
        /// The timeout.
        after: Duration,
    },
    /// The plugin stopped reading its stdin: the request could not be written within the
    /// host's timeout; it was stopped.
    #[error(
        "plugin `{plugin}` stopped reading: it took {written} of the {total} bytes of {during} \
         within {} ms, and was stopped\n  \
         fix: check the plugin (it must read every request), or give it more time (the host's \
         plugin timeout)",
        after.as_millis()
    )]
    NotReading {
        /// The plugin.
        plugin: String,
        /// The request the host was writing.
        during: String,
        /// The timeout.
        after: Duration,
        /// Bytes the plugin read.
        written: usize,
        /// Bytes of the request.
        total: usize,
    },
    /// The plugin sent a message longer than the host's limit; it was stopped.
    #[error(
        "plugin `{plugin}` answered {during} with a message of {size} bytes, more than this \
         host's limit of {limit} bytes, and was stopped\n  \
         fix: raise the host's message limit (`RemoteHost::max_message`), or make the plugin \
         answer with less"
    )]
    TooLarge {
        /// The plugin.
        plugin: String,
        /// What the host was waiting for.
        during: String,
        /// The message's size in bytes.
        size: u64,
        /// The host's limit, [`RemoteHost::get_max_message`](crate::RemoteHost::get_max_message).
        limit: usize,
    },
    /// The plugin closed its stdout but kept running; it was stopped.
    #[error(
        "plugin `{plugin}` closed its stdout during {during} but did not exit, and was stopped\n  \
         fix: a plugin keeps its stdout open, for its answers, until its stdin is closed"
    )]
    ClosedStdout {
        /// The plugin.
        plugin: String,
        /// What the host was waiting for.
        during: String,
    },
    /// The plugin registers a uid that users could not type: empty, or with a space or a
    /// control character; it was stopped.
    #[error(
        "plugin `{plugin}` registers the uid {uid:?} in namespace `{namespace}`: a uid is a \
         non-empty name without spaces or control characters (users type it on command lines)\n  \
         fix: rename it in the plugin"
    )]
    BadUid {
        /// The plugin.
        plugin: String,
        /// The namespace.
        namespace: String,
        /// The uid.
        uid: String,
    },
    /// The plugin exited (or crashed) before answering.
    #[error(
        "plugin `{plugin}` exited during {during} ({status})\n  \
         fix: its messages on stderr, shown with the prefix `[{plugin}]`, may say why"
    )]
    Exited {
        /// The plugin.
        plugin: String,
        /// What the host was waiting for.
        during: String,
        /// How it ended: `exit status: 3`, `signal: 9 (SIGKILL)`.
        status: String,
    },
    /// The plugin wrote a line that is not a protocol message; it was stopped.
    #[error(
        "plugin `{plugin}` wrote something that is not a plugkit message during {during}: \
         {line:?} ({source})\n  \
         fix: a plugin writes only protocol messages on stdout; its logs go to stderr"
    )]
    Garbage {
        /// The plugin.
        plugin: String,
        /// What the host was waiting for.
        during: String,
        /// The line (its first 100 characters).
        line: String,
        /// Why it is not a message.
        source: serde_json::Error,
    },
    /// The plugin answered with a message that breaks the protocol (another request's id,
    /// a result of the wrong shape); it was stopped.
    #[error("plugin `{plugin}` broke the plugkit protocol during {during}: {what}")]
    Unexpected {
        /// The plugin.
        plugin: String,
        /// What the host was waiting for.
        during: String,
        /// What was wrong.
        what: String,
    },
    /// The plugin speaks another protocol version; it was stopped.
    #[error(
        "plugin `{plugin}` speaks plugkit protocol {theirs}, and this host speaks {ours}\n  \
         fix: rebuild the plugin against a plugkit whose protocol is {ours}"
    )]
    ProtocolVersion {
        /// The plugin.
        plugin: String,
        /// The plugin's version.
        theirs: u32,
        /// This host's version, [`PROTOCOL_VERSION`](crate::PROTOCOL_VERSION).
        ours: u32,
    },
    /// The plugin was built for another host API.
    #[error(
        "plugin `{plugin}` is a plugin of `{theirs}`, not of `{ours}`\n  \
         fix: remove it from this folder"
    )]
    OtherHost {
        /// The plugin.
        plugin: String,
        /// The API it was built against.
        theirs: String,
        /// This host's API.
        ours: String,
    },
    /// The plugin needs a version of the host API that this host is not.
    #[error(
        "plugin `{plugin}` ({plugin_crate}) requires {requires}, and this host is {host}\n  \
         fix: rebuild the plugin against {host}"
    )]
    HostApi {
        /// The plugin.
        plugin: String,
        /// The plugin's crate and version (`my-plugin 0.3.0`).
        plugin_crate: String,
        /// The host API and the plugin's requirement on it (`my-host ^1.3`).
        requires: String,
        /// The host API and this host's version (`my-host 1.2.0`).
        host: String,
    },
    /// The plugin's host-API requirement is not a semver requirement.
    #[error(
        "plugin `{plugin}` declares the host-API requirement {requirement:?}, which is not a \
         semver requirement: {source}\n  \
         fix: write a requirement as Cargo does (`^0.1.0`)"
    )]
    BadRequirement {
        /// The plugin.
        plugin: String,
        /// What it declared.
        requirement: String,
        /// Why it does not parse.
        source: semver::Error,
    },
    /// The plugin registers into a namespace the host does not take from plugin processes.
    #[error(
        "plugin `{plugin}` registers `{uid}` in namespace `{namespace}`, which this host does \
         not take from plugin processes (it takes {accepted})\n  \
         fix: register only in those namespaces"
    )]
    UnsupportedNamespace {
        /// The plugin.
        plugin: String,
        /// The namespace.
        namespace: String,
        /// The uid.
        uid: String,
        /// The namespaces the host takes, quoted and joined.
        accepted: String,
    },
    /// The plugin answered a request with an error; the process keeps serving.
    #[error("plugin `{plugin}` failed {during}: {message}")]
    Failed {
        /// The plugin.
        plugin: String,
        /// The request.
        during: String,
        /// The plugin's message.
        message: String,
    },
    /// The plugin was stopped earlier (it misbehaved, or the host shut it down).
    #[error("plugin `{plugin}` is stopped: {reason}")]
    Stopped {
        /// The plugin.
        plugin: String,
        /// Why.
        reason: String,
    },
}

impl RemoteError {
    /// The plugin's name (its executable's file name).
    ///
    /// ```
    /// let err = plugkit_remote::RemoteError::Stopped { plugin: "p".into(), reason: "shut down".into() };
    /// assert_eq!(err.plugin(), "p");
    /// ```
    pub fn plugin(&self) -> &str {
        match self {
            RemoteError::Spawn { plugin, .. }
            | RemoteError::Timeout { plugin, .. }
            | RemoteError::NotReading { plugin, .. }
            | RemoteError::TooLarge { plugin, .. }
            | RemoteError::ClosedStdout { plugin, .. }
            | RemoteError::BadUid { plugin, .. }
            | RemoteError::Exited { plugin, .. }
            | RemoteError::Garbage { plugin, .. }
            | RemoteError::Unexpected { plugin, .. }
            | RemoteError::ProtocolVersion { plugin, .. }
            | RemoteError::OtherHost { plugin, .. }
            | RemoteError::HostApi { plugin, .. }
            | RemoteError::BadRequirement { plugin, .. }
            | RemoteError::UnsupportedNamespace { plugin, .. }
            | RemoteError::Failed { plugin, .. }
            | RemoteError::Stopped { plugin, .. } => plugin,
        }
    }
}

/// An error of a plugin's own method, sent back as the request's error: the plugin side of
/// [`RemoteNamespace::dispatch`](crate::RemoteNamespace::dispatch).
///
/// ```
/// use plugkit_remote::DispatchError;
/// let err = DispatchError::UnknownMethod { method: "fly".into() };
/// assert_eq!(err.to_string(), "no method `fly`");
/// assert_eq!(DispatchError::Failed("rate limited".into()).to_string(), "rate limited");
/// ```
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum DispatchError {
    /// The instance has no such method.
    #[error("no method `{method}`")]
    UnknownMethod {
        /// The method asked for.
        method: String,
    },
    /// The arguments do not decode.
    #[error("bad arguments for `{method}`: {source}")]
    Arguments {
        /// The method.
        method: String,
        /// Why.
        source: serde_json::Error,
    },
    /// The method ran and failed; the message is what the host's caller sees.
    #[error("{0}")]
    Failed(String),
}
