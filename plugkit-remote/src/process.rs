//! One plugin process: started once in its own process group, asked one request at a time with
//! one deadline for writing the request and reading its answer, its stderr forwarded with its
//! name as prefix, and ended with its whole group when it misbehaves or the host is done.

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::thread;
use std::time::{Duration, Instant};

use serde::Serialize;
use zeroize::Zeroize;

use crate::RemoteError;
use crate::group;
use crate::pipes::{self, Frame, WriteFailure};
use crate::protocol::{RELEASE, Release, Response};
use plugkit::__private::debug_emit;

/// How long a plugin has to exit after its stdin is closed before it is killed.
const GRACE: Duration = Duration::from_millis(1000);

/// How long the host waits for the last lines of a stopped plugin's stderr.
const STDERR_DRAIN: Duration = Duration::from_millis(250);

/// The shortest wait for the exit status of a plugin that closed its stdout.
const EXIT_WAIT: Duration = Duration::from_millis(50);

/// What a host allows a plugin process.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// The deadline of each request, from its first byte written to its answer read.
    pub(crate) timeout: Duration,
    /// The longest message read from the plugin, in bytes.
    pub(crate) max_message: usize,
}

pub(crate) struct Process {
    name: String,
    path: PathBuf,
    limits: Limits,
    /// The pid of the process, which leads its process group.
    leader: u32,
    /// Set by [`Process::shutdown`] before it ends a process another thread is talking to.
    shutting_down: AtomicBool,
    /// Instances the host dropped: released ahead of the next request, so that dropping one
    /// never waits for the plugin.
    releases: Mutex<Vec<u64>>,
    state: Mutex<State>,
}

enum State {
    Running(Box<Running>),
    Stopped(String),
}

struct Running {
    child: Child,
    /// Ends the group if the host dies; see [`group`].
    watchdog: Option<Child>,
    stdin: ChildStdin,
    frames: Receiver<Frame>,
    stderr_done: Receiver<()>,
    next_id: u64,
}

/// How a stopped process ended.
enum Ended {
    /// By itself.
    Exited(ExitStatus),
    /// The host killed it.
    Killed,
    /// It could not be waited for.
    Unreaped(std::io::Error),
}

impl Ended {
    fn describe(&self) -> String {
        match self {
            Ended::Exited(status) => status.to_string(),
            Ended::Killed => "killed by the host".to_owned(),
            Ended::Unreaped(e) => format!("could not be reaped: {e}"),
        }
    }
}

/// How a request ended, before it becomes a [`RemoteError`] with the plugin's name.
enum Failure {
    /// Stop the process and report this.
    Fatal(RemoteError),
    /// Stdout closed: let the process exit, then say how it ended.
    Closed,
    /// The plugin answered with an error; it keeps running.
    Answered(RemoteError),
}

/// A request as written: [`crate::Request`] with borrowed, typed params.
#[derive(Serialize)]
struct Outgoing<'a, P: Serialize + ?Sized> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<u64>,
    method: &'a str,
    params: &'a P,
}

impl Process {
    /// Starts `path` as the leader of a new process group, with its stdout and stdin as the
    /// protocol's pipes and its stderr forwarded.
    pub(crate) fn start(name: &str, path: &Path, limits: Limits) -> Result<Self, RemoteError> {
        let spawn_error = |source| RemoteError::Spawn {
            plugin: name.to_owned(),
            path: path.to_owned(),
            source,
        };
        let mut command = Command::new(path);
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("PLUGKIT_PLUGIN", name);
        let mut child = group::own_group(&mut command)
            .spawn()
            .map_err(spawn_error)?;
        let leader = child.id();
        let watchdog = group::watchdog(leader);
        if plugkit::debug::enabled() {
            debug_emit(
                log::Level::Debug,
                "plugkit_remote::process",
                format_args!(
                    "started plugin `{name}` ({}) as process {leader}, with a watchdog: {}",
                    path.display(),
                    watchdog.is_some()
                ),
            );
        }
        let (stdin, stdout, stderr) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take());
        let streams = match (stdin, stdout, stderr) {
            (Some(stdin), Some(stdout), Some(stderr)) => pipes::nonblocking(&stdin)
                .map(|()| (stdin, stdout, stderr))
                .map_err(spawn_error),
            // Unreachable with piped stdio.
            _ => Err(spawn_error(std::io::Error::other(
                "its standard streams could not be opened",
            ))),
        };
        let (stdin, stdout, stderr) = match streams {
            Ok(streams) => streams,
            Err(err) => {
                // Never leave the child behind.
                group::kill_group(leader);
                let _ = child.wait();
                if let Some(mut watchdog) = watchdog {
                    let _ = watchdog.wait();
                }
                return Err(err);
            }
        };
        let frames = pipes::read_frames(stdout, limits.max_message);
        let stderr_done = pipes::forward_stderr(stderr, name);
        Ok(Process {
            name: name.to_owned(),
            path: path.to_owned(),
            limits,
            leader,
            shutting_down: AtomicBool::new(false),
            releases: Mutex::new(Vec::new()),
            state: Mutex::new(State::Running(Box::new(Running {
                child,
                watchdog,
                stdin,
                frames,
                stderr_done,
                next_id: 1,
            }))),
        })
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The process id, while it runs.
    pub(crate) fn pid(&self) -> Option<u32> {
        match &*self.lock() {
            State::Running(running) => Some(running.child.id()),
            State::Stopped(_) => None,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends a request and waits for its answer, all before the deadline. A plugin that
    /// misbehaves is stopped with its group. `secret` requests have their written bytes zeroed.
    pub(crate) fn request<P: Serialize + ?Sized>(
        &self,
        during: &str,
        method: &str,
        params: &P,
        secret: bool,
    ) -> Result<serde_json::Value, RemoteError> {
        let mut state = self.lock();
        let running = match &mut *state {
            State::Running(running) => running,
            State::Stopped(reason) => {
                return Err(RemoteError::Stopped {
                    plugin: self.name.clone(),
                    reason: reason.clone(),
                });
            }
        };
        let deadline = Instant::now() + self.limits.timeout;
        let failure = match self.exchange(running, deadline, during, method, params, secret) {
            Ok(value) => return Ok(value),
            Err(Failure::Answered(err)) => return Err(err),
            Err(failure) => failure,
        };
        let State::Running(running) = std::mem::replace(&mut *state, State::Stopped(String::new()))
        else {
            return Err(self.stopped_error());
        };
        let err = match failure {
            Failure::Closed => {
                // A process that closed its stdout is usually exiting: let it, to say how.
                let wait = deadline
                    .saturating_duration_since(Instant::now())
                    .clamp(EXIT_WAIT, GRACE);
                match stop(*running, wait) {
                    Ended::Exited(status) => RemoteError::Exited {
                        plugin: self.name.clone(),
                        during: during.to_owned(),
                        status: status.to_string(),
                    },
                    _ => RemoteError::ClosedStdout {
                        plugin: self.name.clone(),
                        during: during.to_owned(),
                    },
                }
            }
            Failure::Fatal(err) => {
                stop(*running, Duration::ZERO);
                err
            }
            Failure::Answered(err) => err,
        };
        let err = match self.shutting_down.load(Ordering::Acquire) {
            true => RemoteError::Stopped {
                plugin: self.name.clone(),
                reason: "the host shut it down".to_owned(),
            },
            false => err,
        };
        *state = State::Stopped(err.to_string());
        Err(err)
    }

    fn stopped_error(&self) -> RemoteError {
        RemoteError::Stopped {
            plugin: self.name.clone(),
            reason: "the host shut it down".to_owned(),
        }
    }

    fn exchange<P: Serialize + ?Sized>(
        &self,
        running: &mut Running,
        deadline: Instant,
        during: &str,
        method: &str,
        params: &P,
        secret: bool,
    ) -> Result<serde_json::Value, Failure> {
        let id = running.next_id;
        running.next_id += 1;
        let unexpected = |what: String| {
            Failure::Fatal(RemoteError::Unexpected {
                plugin: self.name.clone(),
                during: during.to_owned(),
                what,
            })
        };
        let mut bytes = Vec::with_capacity(128);
        let releases =
            std::mem::take(&mut *self.releases.lock().unwrap_or_else(PoisonError::into_inner));
        for instance in releases {
            let release = Outgoing {
                id: None,
                method: RELEASE,
                params: &Release { instance },
            };
            serde_json::to_writer(&mut bytes, &release)
                .map_err(|e| unexpected(format!("a release does not encode: {e}")))?;
            bytes.push(b'\n');
        }
        let request = Outgoing {
            id: Some(id),
            method,
            params,
        };
        let encoded = serde_json::to_writer(&mut bytes, &request);
        bytes.push(b'\n');
        let written = match encoded {
            Ok(()) => pipes::write_before(&mut running.stdin, &bytes, deadline),
            Err(e) => {
                if secret {
                    bytes.zeroize();
                }
                return Err(unexpected(format!("the request does not encode: {e}")));
            }
        };
        let total = bytes.len();
        if secret {
            bytes.zeroize();
        }
        match written {
            Ok(()) => {}
            // A closed pipe: the process is gone, or going.
            Err(WriteFailure::Closed) => return Err(Failure::Closed),
            Err(WriteFailure::Timeout { written }) => {
                return Err(Failure::Fatal(RemoteError::NotReading {
                    plugin: self.name.clone(),
                    during: during.to_owned(),
                    after: self.limits.timeout,
                    written,
                    total,
                }));
            }
        }
        let frame = running
            .frames
            .recv_timeout(deadline.saturating_duration_since(Instant::now()));
        let line = match frame {
            Ok(Frame::Line(line)) => line,
            Ok(Frame::Closed) | Err(RecvTimeoutError::Disconnected) => return Err(Failure::Closed),
            Ok(Frame::TooLarge(size)) => {
                return Err(Failure::Fatal(RemoteError::TooLarge {
                    plugin: self.name.clone(),
                    during: during.to_owned(),
                    size,
                    limit: self.limits.max_message,
                }));
            }
            Err(RecvTimeoutError::Timeout) => {
                return Err(Failure::Fatal(RemoteError::Timeout {
                    plugin: self.name.clone(),
                    during: during.to_owned(),
                    after: self.limits.timeout,
                }));
            }
        };
        let response: Response = serde_json::from_str(&line).map_err(|source| {
            Failure::Fatal(RemoteError::Garbage {
                plugin: self.name.clone(),
                during: during.to_owned(),
                line: line.chars().take(100).collect(),
                source,
            })
        })?;
        if response.id != id {
            return Err(unexpected(format!(
                "it answered request {} while request {id} was waiting",
                response.id
            )));
        }
        match (response.result, response.error) {
            (_, Some(error)) => Err(Failure::Answered(RemoteError::Failed {
                plugin: self.name.clone(),
                during: during.to_owned(),
                message: error.message,
            })),
            (Some(result), None) => Ok(result),
            (None, None) => Err(unexpected(format!(
                "its answer to request {id} has neither `result` nor `error`"
            ))),
        }
    }

    /// Tells the plugin, ahead of the next request, that the host no longer uses `instance`.
    /// Never waits for the plugin.
    pub(crate) fn release(&self, instance: u64) {
        let mut releases = self.releases.lock().unwrap_or_else(PoisonError::into_inner);
        releases.push(instance);
    }

    /// Closes the plugin's stdin, gives it a moment to exit, then ends its whole group and
    /// reaps it. A call in flight in another thread is cut short: its process group is killed
    /// at once, and the call fails with [`RemoteError::Stopped`]. Later requests fail the same.
    pub(crate) fn shutdown(&self) {
        let mut state = match self.state.try_lock() {
            Ok(state) => state,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => {
                // Another thread waits for an answer: end the group, so that it stops waiting.
                self.shutting_down.store(true, Ordering::Release);
                group::kill_group(self.leader);
                self.lock()
            }
        };
        if let State::Running(_) = &*state
            && let State::Running(running) = std::mem::replace(
                &mut *state,
                State::Stopped("the host shut it down".to_owned()),
            )
        {
            let ended = stop(*running, GRACE);
            if plugkit::debug::enabled() {
                debug_emit(
                    log::Level::Debug,
                    "plugkit_remote::process",
                    format_args!("plugin `{}` stopped ({})", self.name, ended.describe()),
                );
            }
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Ends a process: closes its stdin, waits up to `grace` for it to exit, then kills its whole
/// group (what it started, and the watchdog) and waits for it, so that no zombie is left.
fn stop(running: Running, grace: Duration) -> Ended {
    let Running {
        mut child,
        watchdog,
        stdin,
        stderr_done,
        ..
    } = running;
    drop(stdin);
    let deadline = Instant::now() + grace;
    let mut status = None;
    loop {
        match child.try_wait() {
            Ok(Some(exited)) => {
                status = Some(exited);
                break;
            }
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(2)),
            _ => break,
        }
    }
    // The watchdog, not yet reaped, keeps the group's id from being reused until this is done.
    group::kill_group(child.id());
    let ended = match status {
        Some(exited) => Ended::Exited(exited),
        None => {
            let _ = child.kill();
            match child.wait() {
                Ok(_) => Ended::Killed,
                Err(e) => Ended::Unreaped(e),
            }
        }
    };
    if let Some(mut watchdog) = watchdog {
        let _ = watchdog.kill();
        let _ = watchdog.wait();
    }
    // Its last words on stderr come before the host's report.
    let _ = stderr_done.recv_timeout(STDERR_DRAIN);
    ended
}
