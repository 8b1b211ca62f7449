//! One plugin process: started once, asked one request at a time with a timeout, its stderr
//! forwarded with its name as prefix, stopped and reaped when it misbehaves or the host is done.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::RemoteError;
use super::protocol::{Request, Response};
use crate::debug;

/// The longest line read from a plugin: a longer one is garbage, not a reason to run out of memory.
const MAX_LINE: u64 = 16 << 20;

/// How long a plugin has to exit after its stdin is closed before it is killed.
const GRACE: Duration = Duration::from_millis(1000);

/// How long the host waits for the last lines of a stopped plugin's stderr.
const STDERR_DRAIN: Duration = Duration::from_millis(250);

pub(crate) struct Process {
    name: String,
    path: PathBuf,
    timeout: Duration,
    state: Mutex<State>,
}

enum State {
    Running(Box<Running>),
    Stopped(String),
}

struct Running {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<std::io::Result<String>>,
    stderr_done: Receiver<()>,
    next_id: u64,
}

/// How a request ended, before it becomes a [`RemoteError`] with the plugin's name.
enum Failure {
    /// Stop the process and report this.
    Fatal(RemoteError),
    /// The plugin answered with an error; it keeps running.
    Answered(RemoteError),
}

impl Process {
    /// Starts `path`, with its stdout and stdin as the protocol's pipes and its stderr forwarded.
    pub(crate) fn start(name: &str, path: &Path, timeout: Duration) -> Result<Self, RemoteError> {
        let mut child = Command::new(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env("PLUGKIT_PLUGIN", name)
            .spawn()
            .map_err(|source| RemoteError::Spawn {
                plugin: name.to_owned(),
                path: path.to_owned(),
                source,
            })?;
        if debug::enabled() {
            debug::emit(format_args!(
                "started plugin `{name}` ({}) as process {}",
                path.display(),
                child.id()
            ));
        }
        let (stdin, stdout, stderr) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take());
        let (Some(stdin), Some(stdout), Some(stderr)) = (stdin, stdout, stderr) else {
            // Unreachable with piped stdio; never leave the child behind all the same.
            let _ = child.kill();
            let _ = child.wait();
            return Err(RemoteError::Spawn {
                plugin: name.to_owned(),
                path: path.to_owned(),
                source: std::io::Error::other("its standard streams could not be opened"),
            });
        };
        let (line_tx, lines) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut line = Vec::new();
                match reader.by_ref().take(MAX_LINE).read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) => {
                        let text = String::from_utf8_lossy(&line).trim_end().to_owned();
                        if line_tx.send(Ok(text)).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        let _ = line_tx.send(Err(e));
                        break;
                    }
                }
            }
        });
        let (done_tx, stderr_done) = mpsc::channel();
        let prefix = name.to_owned();
        thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = Vec::new();
            while let Ok(n) = reader.read_until(b'\n', &mut line) {
                if n == 0 {
                    break;
                }
                eprintln!("[{prefix}] {}", String::from_utf8_lossy(&line).trim_end());
                line.clear();
            }
            let _ = done_tx.send(());
        });
        Ok(Process {
            name: name.to_owned(),
            path: path.to_owned(),
            timeout,
            state: Mutex::new(State::Running(Box::new(Running {
                child,
                stdin,
                lines,
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

    /// Sends a request and waits for its answer. A plugin that misbehaves is stopped.
    pub(crate) fn request(
        &self,
        during: &str,
        method: &str,
        params: serde_json::Value,
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
        match self.exchange(running, during, method, params) {
            Ok(value) => Ok(value),
            Err(Failure::Answered(err)) => Err(err),
            Err(Failure::Fatal(err)) => {
                // A process that closed its stdout is exiting: let it, to report its status.
                let grace = match err {
                    RemoteError::Exited { .. } => GRACE,
                    _ => Duration::ZERO,
                };
                let status = match std::mem::replace(&mut *state, State::Stopped(err.to_string())) {
                    State::Running(running) => Some(stop(*running, grace)),
                    State::Stopped(_) => None,
                };
                drop(state);
                Err(match (err, status) {
                    // It ended by itself: say how.
                    (RemoteError::Exited { plugin, during, .. }, Some(status)) => {
                        RemoteError::Exited {
                            plugin,
                            during,
                            status,
                        }
                    }
                    (err, _) => err,
                })
            }
        }
    }

    fn exchange(
        &self,
        running: &mut Running,
        during: &str,
        method: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, Failure> {
        let id = running.next_id;
        running.next_id += 1;
        let request = Request {
            id: Some(id),
            method: method.to_owned(),
            params,
        };
        let exited = || {
            Failure::Fatal(RemoteError::Exited {
                plugin: self.name.clone(),
                during: during.to_owned(),
                status: String::new(),
            })
        };
        if write_line(&mut running.stdin, &request).is_err() {
            // A closed pipe: the process is gone, or going.
            return Err(exited());
        }
        let deadline = Instant::now() + self.timeout;
        let line = match running
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            Ok(Ok(line)) => line,
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => return Err(exited()),
            Err(RecvTimeoutError::Timeout) => {
                return Err(Failure::Fatal(RemoteError::Timeout {
                    plugin: self.name.clone(),
                    during: during.to_owned(),
                    after: self.timeout,
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
        let unexpected = |what: String| {
            Failure::Fatal(RemoteError::Unexpected {
                plugin: self.name.clone(),
                during: during.to_owned(),
                what,
            })
        };
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

    /// Sends a notification (no answer); a failure to send is ignored.
    pub(crate) fn notify(&self, method: &str, params: serde_json::Value) {
        if let State::Running(running) = &mut *self.lock() {
            let request = Request {
                id: None,
                method: method.to_owned(),
                params,
            };
            let _ = write_line(&mut running.stdin, &request);
        }
    }

    /// Closes the plugin's stdin, gives it a moment to exit, kills it if it does not, and
    /// reaps it. Later requests fail with [`RemoteError::Stopped`].
    pub(crate) fn shutdown(&self) {
        let mut state = self.lock();
        if let State::Running(_) = &*state
            && let State::Running(running) = std::mem::replace(
                &mut *state,
                State::Stopped("the host shut it down".to_owned()),
            )
        {
            let status = stop(*running, GRACE);
            if debug::enabled() {
                debug::emit(format_args!("plugin `{}` stopped ({status})", self.name));
            }
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Ends a process: closes its stdin, waits up to `grace` for it to exit, kills it otherwise,
/// and always waits for it, so that no zombie is left. Returns how it ended.
fn stop(running: Running, grace: Duration) -> String {
    let Running {
        mut child,
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
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
            _ => break,
        }
    }
    let status = match status {
        Some(exited) => exited.to_string(),
        None => {
            let _ = child.kill();
            match child.wait() {
                Ok(exited) => exited.to_string(),
                Err(e) => format!("could not be reaped: {e}"),
            }
        }
    };
    // Its last words on stderr come before the host's report.
    let _ = stderr_done.recv_timeout(STDERR_DRAIN);
    status
}

fn write_line(stdin: &mut ChildStdin, request: &Request) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(request).map_err(std::io::Error::other)?;
    line.push(b'\n');
    stdin.write_all(&line)?;
    stdin.flush()
}
