//! The host side: start a plugin executable, check its handshake, and turn its registrations
//! into ordinary registry entries.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::process::{Limits, Process};
use crate::protocol::{
    Api, HANDSHAKE, Hello, MAKE, Made, Make, PROTOCOL_VERSION, Registration, Welcome,
    WireSecretValue,
};
use crate::{RemoteError, RemoteNamespace, RemoteObject};
use plugkit::instances::{Arg, Constructor, Factory, Injector, SecretDescription, SecretUse};
use plugkit::{BoxError, Entry, Origin};

/// How long a host waits for a plugin's answer unless told otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest message a host reads from a plugin unless told otherwise: 16 MiB.
const DEFAULT_MAX_MESSAGE: usize = 16 << 20;

/// Makes the entry of one registration for one namespace.
type ToEntry = fn(&Registration, &Arc<Process>) -> Entry;

/// What a host offers plugin processes: its API's name and version, the namespaces it takes
/// from them, and how long it waits for an answer.
///
/// ```
/// use plugkit_remote::RemoteHost;
/// use std::time::Duration;
///
/// let host = RemoteHost::new("my-host", "1.2.0").timeout(Duration::from_millis(500));
/// assert_eq!(host.api(), ("my-host", "1.2.0"));
/// assert_eq!(host.get_timeout(), Duration::from_millis(500));
/// ```
pub struct RemoteHost {
    api: &'static str,
    version: &'static str,
    timeout: Duration,
    max_message: usize,
    accepted: Vec<(&'static str, ToEntry)>,
}

impl RemoteHost {
    /// A host whose API is the crate `api` at `version` (usually `env!("CARGO_PKG_VERSION")`
    /// of the host's API crate), taking no namespace yet, with a 10 s timeout.
    ///
    /// ```
    /// let host = plugkit_remote::RemoteHost::new("my-host", "1.2.0");
    /// assert_eq!(host.get_timeout(), std::time::Duration::from_secs(10));
    /// ```
    pub fn new(api: &'static str, version: &'static str) -> Self {
        RemoteHost {
            api,
            version,
            timeout: DEFAULT_TIMEOUT,
            max_message: DEFAULT_MAX_MESSAGE,
            accepted: Vec::new(),
        }
    }

    /// Sets how long the host waits for each request (the handshake included): one deadline
    /// for writing the request and reading its answer. A plugin that takes longer is ended
    /// with its process group and reported as [`RemoteError::Timeout`] (or
    /// [`RemoteError::NotReading`] when it did not even take the request).
    ///
    /// ```
    /// let host = plugkit_remote::RemoteHost::new("my-host", "1.2.0").timeout(std::time::Duration::from_secs(2));
    /// assert_eq!(host.get_timeout().as_secs(), 2);
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the longest message (one JSON line) the host reads from a plugin, in bytes; 16 MiB
    /// unless set. A longer answer stops the plugin with [`RemoteError::TooLarge`], which
    /// names its size and this limit. The host keeps at most this much of a line in memory.
    ///
    /// ```
    /// let host = plugkit_remote::RemoteHost::new("my-host", "1.2.0").max_message(64 << 20);
    /// assert_eq!(host.get_max_message(), 64 << 20);
    /// ```
    pub fn max_message(mut self, bytes: usize) -> Self {
        self.max_message = bytes;
        self
    }

    /// The longest message read from a plugin, in bytes.
    ///
    /// ```
    /// assert_eq!(plugkit_remote::RemoteHost::new("h", "1.0.0").get_max_message(), 16 << 20);
    /// ```
    pub fn get_max_message(&self) -> usize {
        self.max_message
    }

    /// Takes uids of the namespace `N` from plugin processes.
    ///
    /// ```
    /// # use plugkit::instances::Namespace;
    /// # use plugkit_remote::{DispatchError, RemoteNamespace, RemoteObject};
    /// # pub trait Tool: Send + Sync {}
    /// # #[derive(Namespace)]
    /// # #[namespace(name = "doc_remote_accept_tools", instance = dyn Tool)]
    /// # pub struct Tools;
    /// # struct RemoteTool(RemoteObject);
    /// # impl Tool for RemoteTool {}
    /// # impl RemoteNamespace for Tools {
    /// #     fn proxy(object: RemoteObject) -> Box<dyn Tool> { Box::new(RemoteTool(object)) }
    /// #     fn dispatch(_: &dyn Tool, method: &str, _: serde_json::Value) -> Result<serde_json::Value, DispatchError> {
    /// #         Err(DispatchError::UnknownMethod { method: method.to_owned() })
    /// #     }
    /// # }
    /// let host = plugkit_remote::RemoteHost::new("my-host", "1.2.0").accept::<Tools>();
    /// assert_eq!(host.namespaces().collect::<Vec<_>>(), ["doc_remote_accept_tools"]);
    /// ```
    pub fn accept<N: RemoteNamespace>(mut self) -> Self {
        self.accepted.push((N::NAME, remote_entry::<N>));
        self
    }

    /// The host API's name and version.
    ///
    /// ```
    /// assert_eq!(plugkit_remote::RemoteHost::new("h", "1.0.0").api(), ("h", "1.0.0"));
    /// ```
    pub fn api(&self) -> (&'static str, &'static str) {
        (self.api, self.version)
    }

    /// The timeout.
    ///
    /// ```
    /// assert_eq!(plugkit_remote::RemoteHost::new("h", "1.0.0").get_timeout().as_secs(), 10);
    /// ```
    pub fn get_timeout(&self) -> Duration {
        self.timeout
    }

    /// The namespaces taken from plugin processes.
    ///
    /// ```
    /// assert_eq!(plugkit_remote::RemoteHost::new("h", "1.0.0").namespaces().count(), 0);
    /// ```
    pub fn namespaces(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.accepted.iter().map(|(name, _)| *name)
    }

    /// Starts the plugin executable at `path`, named by its file name, and checks its
    /// handshake: the protocol version, the host API and its version requirement (semver), and
    /// that every registration is in a namespace this host takes. Its registrations become
    /// [`entries`](RemotePlugin::entries); the process then waits for calls.
    ///
    /// # Errors
    ///
    /// A [`RemoteError`] naming the plugin; the process, if it started, is stopped and reaped.
    ///
    /// ```no_run
    /// let host = plugkit_remote::RemoteHost::new("my-host", "1.2.0");
    /// let plugin = host.load(std::path::Path::new("plugins/my-plugin"))?;
    /// let registry = plugkit::Registry::builder().discovered().entries(plugin.entries().iter().copied()).build()?;
    /// # let _ = registry;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(&self, path: &Path) -> Result<RemotePlugin, RemoteError> {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let limits = Limits {
            timeout: self.timeout,
            max_message: self.max_message,
        };
        let process = Arc::new(Process::start(&name, path, limits)?);
        match self.handshake(&process) {
            Ok((welcome, entries)) => Ok(RemotePlugin {
                process,
                welcome,
                entries,
            }),
            Err(err) => {
                process.shutdown();
                Err(err)
            }
        }
    }

    fn handshake(&self, process: &Arc<Process>) -> Result<(Welcome, Vec<Entry>), RemoteError> {
        let plugin = process.name().to_owned();
        let during = "the handshake";
        let hello = Hello {
            protocol: PROTOCOL_VERSION,
            host: Api {
                name: self.api.to_owned(),
                version: self.version.to_owned(),
            },
        };
        let unexpected = |what: String| RemoteError::Unexpected {
            plugin: plugin.clone(),
            during: during.to_owned(),
            what,
        };
        let answer = process.request(during, HANDSHAKE, &hello, false)?;
        // The version first: another version's welcome may have another shape.
        let theirs = answer.get("protocol").and_then(serde_json::Value::as_u64);
        match theirs {
            Some(v) if v == u64::from(PROTOCOL_VERSION) => {}
            Some(v) => {
                return Err(RemoteError::ProtocolVersion {
                    plugin,
                    theirs: u32::try_from(v).unwrap_or(u32::MAX),
                    ours: PROTOCOL_VERSION,
                });
            }
            None => {
                return Err(unexpected(
                    "its welcome has no `protocol` version".to_owned(),
                ));
            }
        }
        let welcome: Welcome = serde_json::from_value(answer)
            .map_err(|e| unexpected(format!("its welcome does not decode: {e}")))?;
        self.check_api(&plugin, &welcome)?;
        let mut entries = Vec::with_capacity(welcome.registrations.len());
        for registration in &welcome.registrations {
            if !crate::is_valid_uid(&registration.uid) {
                return Err(RemoteError::BadUid {
                    plugin,
                    namespace: registration.namespace.clone(),
                    uid: registration.uid.clone(),
                });
            }
            let Some((_, to_entry)) = self
                .accepted
                .iter()
                .find(|(name, _)| *name == registration.namespace)
            else {
                let accepted: Vec<String> = self.namespaces().map(|n| format!("`{n}`")).collect();
                return Err(RemoteError::UnsupportedNamespace {
                    plugin,
                    namespace: registration.namespace.clone(),
                    uid: registration.uid.clone(),
                    accepted: match accepted.is_empty() {
                        true => "none".to_owned(),
                        false => accepted.join(", "),
                    },
                });
            };
            entries.push(to_entry(registration, process));
        }
        Ok((welcome, entries))
    }

    fn check_api(&self, plugin: &str, welcome: &Welcome) -> Result<(), RemoteError> {
        let wanted = &welcome.host_api;
        if !plugkit::__private::same_crate(&wanted.name, self.api) {
            return Err(RemoteError::OtherHost {
                plugin: plugin.to_owned(),
                theirs: wanted.name.clone(),
                ours: self.api.to_owned(),
            });
        }
        let requirement = semver::VersionReq::parse(&wanted.requirement).map_err(|source| {
            RemoteError::BadRequirement {
                plugin: plugin.to_owned(),
                requirement: wanted.requirement.clone(),
                source,
            }
        })?;
        let met = semver::Version::parse(self.version).is_ok_and(|v| requirement.matches(&v));
        match met {
            true => Ok(()),
            false => Err(RemoteError::HostApi {
                plugin: plugin.to_owned(),
                plugin_crate: format!("{} {}", welcome.plugin.name, welcome.plugin.version),
                requires: format!("{} {}", self.api, wanted.requirement),
                host: format!("{} {}", self.api, self.version),
            }),
        }
    }
}

impl fmt::Debug for RemoteHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteHost")
            .field("api", &self.api)
            .field("version", &self.version)
            .field("timeout", &self.timeout)
            .field("max_message", &self.max_message)
            .field("namespaces", &self.namespaces().collect::<Vec<_>>())
            .finish()
    }
}

/// A running plugin process that passed its handshake: who it is, and its registrations as
/// registry entries. [`shutdown`](RemotePlugin::shutdown) (or dropping every handle on it)
/// closes its stdin, waits a moment, ends its process group (it and what it started), and
/// reaps it.
///
/// ```no_run
/// let host = plugkit_remote::RemoteHost::new("my-host", "1.2.0");
/// let plugin = host.load(std::path::Path::new("plugins/my-plugin"))?;
/// println!("{} {} serves {} uids", plugin.crate_name(), plugin.crate_version(), plugin.entries().len());
/// plugin.shutdown();
/// # Ok::<(), plugkit_remote::RemoteError>(())
/// ```
pub struct RemotePlugin {
    process: Arc<Process>,
    welcome: Welcome,
    entries: Vec<Entry>,
}

impl RemotePlugin {
    /// The plugin's name: its executable's file name, the prefix of its stderr lines.
    ///
    /// ```no_run
    /// # fn f(plugin: plugkit_remote::RemotePlugin) {
    /// assert_eq!(plugin.name(), "my-plugin");
    /// # }
    /// ```
    pub fn name(&self) -> &str {
        self.process.name()
    }

    /// Its executable.
    ///
    /// ```no_run
    /// # fn f(plugin: plugkit_remote::RemotePlugin) {
    /// assert!(plugin.path().ends_with("my-plugin"));
    /// # }
    /// ```
    pub fn path(&self) -> &Path {
        self.process.path()
    }

    /// The crate (or program) name it reported in its handshake.
    ///
    /// ```no_run
    /// # fn f(plugin: plugkit_remote::RemotePlugin) {
    /// println!("{}", plugin.crate_name());
    /// # }
    /// ```
    pub fn crate_name(&self) -> &str {
        &self.welcome.plugin.name
    }

    /// The version it reported in its handshake.
    ///
    /// ```no_run
    /// # fn f(plugin: plugkit_remote::RemotePlugin) {
    /// println!("{}", plugin.crate_version());
    /// # }
    /// ```
    pub fn crate_version(&self) -> &str {
        &self.welcome.plugin.version
    }

    /// Its registrations, as it sent them.
    ///
    /// ```no_run
    /// # fn f(plugin: plugkit_remote::RemotePlugin) {
    /// for r in plugin.registrations() { println!("{}/{}", r.namespace, r.uid); }
    /// # }
    /// ```
    pub fn registrations(&self) -> &[Registration] {
        &self.welcome.registrations
    }

    /// Its registrations as registry entries, in the namespaces' points: add them to a
    /// [`RegistryBuilder`](plugkit::RegistryBuilder). Each entry's strings and factory are leaked
    /// once (entries are `Copy` with `'static` data); that is bounded by the plugins loaded.
    ///
    /// ```no_run
    /// # fn f(plugin: plugkit_remote::RemotePlugin) -> Result<(), plugkit::BuildError> {
    /// let registry = plugkit::Registry::builder().discovered().entries(plugin.entries().iter().copied()).build()?;
    /// # let _ = registry; Ok(()) }
    /// ```
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The process id while it runs (tests check that it is reaped).
    ///
    /// ```no_run
    /// # fn f(plugin: plugkit_remote::RemotePlugin) {
    /// assert!(plugin.pid().is_some());
    /// plugin.shutdown();
    /// assert!(plugin.pid().is_none());
    /// # }
    /// ```
    pub fn pid(&self) -> Option<u32> {
        self.process.pid()
    }

    /// Stops the process: closes its stdin (the plugin's signal to exit), waits up to a second,
    /// kills its process group (it, if it is still running, and whatever it started), and
    /// reaps it. A call in flight on another thread is cut short. Instances it made fail from
    /// then on with [`RemoteError::Stopped`]. Idempotent.
    ///
    /// ```no_run
    /// # fn f(plugin: plugkit_remote::RemotePlugin) {
    /// plugin.shutdown();
    /// plugin.shutdown(); // nothing more to do
    /// # }
    /// ```
    pub fn shutdown(&self) {
        self.process.shutdown();
    }
}

impl Drop for RemotePlugin {
    /// Entries hold the process too (their factories are leaked), so dropping the plugin shuts
    /// the process down rather than waiting for the last handle.
    fn drop(&mut self) {
        self.process.shutdown();
    }
}

impl fmt::Debug for RemotePlugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemotePlugin")
            .field("name", &self.name())
            .field("path", &self.path())
            .field("crate", &self.crate_name())
            .field("version", &self.crate_version())
            .field("registrations", &self.registrations().len())
            .finish()
    }
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// The registry entry of one registration in `N`: its factory asks the plugin to make the
/// instance and wraps the handle with [`RemoteNamespace::proxy`].
fn remote_entry<N: RemoteNamespace>(registration: &Registration, process: &Arc<Process>) -> Entry {
    let uid = leak(&registration.uid);
    let o = &registration.origin;
    let origin = Origin::new(
        leak(&o.crate_name),
        leak(&o.version),
        leak(&o.module),
        leak(&o.item),
    );
    let args: &'static [Arg] = Box::leak(
        registration
            .args
            .iter()
            .map(|a| Arg::new(leak(&a.name), leak(&a.value)))
            .collect::<Box<[Arg]>>(),
    );
    let secrets: &'static [SecretUse] = Box::leak(
        registration
            .secrets
            .iter()
            .map(|s| {
                let secret =
                    SecretDescription::new(leak(&s.scope), leak(&s.key), leak(&s.description));
                match s.optional {
                    true => SecretUse::optional(secret),
                    false => SecretUse::required(secret),
                }
            })
            .collect::<Box<[SecretUse]>>(),
    );
    let process = Arc::clone(process);
    let construct = move |injector: &Injector<'_>| -> Result<Box<N::Instance>, BoxError> {
        let mut values: BTreeMap<String, BTreeMap<String, WireSecretValue>> = BTreeMap::new();
        for used in secrets {
            if let Some(value) = injector.secret(&used.secret) {
                values
                    .entry(used.secret.scope.to_owned())
                    .or_default()
                    .insert(
                        used.secret.key.to_owned(),
                        WireSecretValue::new(value.expose()),
                    );
            }
        }
        let make = Make {
            namespace: N::NAME.to_owned(),
            uid: uid.to_owned(),
            secrets: values,
        };
        let during = format!("`make` of `{uid}` ({})", N::NAME);
        let unexpected = |what: String| RemoteError::Unexpected {
            plugin: process.name().to_owned(),
            during: during.clone(),
            what,
        };
        // The secrets' values are zeroed when `make` is dropped, and so are the bytes written.
        let made = process.request(&during, MAKE, &make, true)?;
        let made: Made = serde_json::from_value(made)
            .map_err(|e| unexpected(format!("its result does not decode: {e}")))?;
        Ok(N::proxy(RemoteObject::new(
            Arc::clone(&process),
            made.instance,
            N::NAME,
            uid,
        )))
    };
    let construct: &'static Constructor<N::Instance> = Box::leak(Box::new(construct));
    let factory: &'static Factory<N::Instance> = Box::leak(Box::new(
        Factory::new(leak(&registration.type_name), construct)
            .with_args(args)
            .with_secrets(secrets),
    ));
    Entry::new(N::URL, uid, origin, factory)
}
