//! One plugin process: started once in its own process group, asked any number of requests at
//! once (matched to their answers by id, see [`crate::calls`]), each with one deadline for
//! writing the request and reading its answer, its stderr forwarded with its name as prefix,
//! and ended with its whole group when it misbehaves or the host is done.
//!
//! Its stdout is read by whoever waits for an answer: a caller that blocks reads the answers
//! itself while no other thread reads (its answer then reaches it with no hand-over between
//! threads: one wake-up, as a plain pipe round trip), and the process's reader thread reads
//! for the awaited calls ([`RemoteObject::call_async`](crate::RemoteObject::call_async)) and
//! for a blocking caller that found another thread reading.

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, TryLockError};
use std::thread;
use std::time::{Duration, Instant};

use serde::Serialize;
use zeroize::Zeroize;

use crate::RemoteError;
use crate::calls::{self, Answer, Blame, Fault};
use crate::group;
use crate::pipes::{self, Frame, Frames, WriteFailure};
use crate::protocol::{RELEASE, Release, Response};
use plugkit::__private::debug_emit;

/// How long a plugin has to exit after its stdin is closed before it is killed.
const GRACE: Duration = Duration::from_millis(1000);

/// How long the host waits for the last lines of a stopped plugin's stderr.
const STDERR_DRAIN: Duration = Duration::from_millis(250);

/// The shortest wait for the exit status of a plugin that closed its stdout.
const EXIT_WAIT: Duration = Duration::from_millis(50);

/// How long a reader waits for stdout before it looks again whether anyone still waits: a
/// process stopped while a descendant outside its group keeps stdout open never ends it.
const READ_SLICE: Duration = Duration::from_millis(100);

/// What a host allows a plugin process.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// The deadline of each request, from its first byte written to its answer read.
    pub(crate) timeout: Duration,
    /// The longest message read from the plugin, in bytes.
    pub(crate) max_message: usize,
}

pub(crate) struct Process {
    inner: Arc<Inner>,
}

struct Inner {
    name: String,
    path: PathBuf,
    limits: Limits,
    /// The pid of the process, which leads its process group.
    leader: u32,
    /// Set by [`Process::shutdown`]: calls it cuts short fail as stopped by the host.
    shutting_down: AtomicBool,
    /// Instances the host dropped: released ahead of the next request, so that dropping one
    /// never waits for the plugin.
    releases: Mutex<Vec<u64>>,
    /// The process and the writing end of its stdin: held while a request is written, never
    /// while an answer is awaited.
    state: Mutex<State>,
    /// The calls waiting for answers. Lock order: `stdout`, then `state`, then `calls`.
    calls: calls::Shared,
    /// Wakes the deadline thread when the process stops.
    deadlines: Condvar,
    /// The plugin's stdout, held by the thread reading it.
    stdout: Mutex<Frames>,
    /// Wakes the reader thread when calls wait with nobody reading (`Calls::wanted`), or the
    /// process stops.
    readers: Condvar,
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
    stderr_done: Receiver<()>,
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
    /// protocol's pipes and its stderr forwarded; a reader thread matches its answers to the
    /// calls waiting for them.
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
        let stderr_done = pipes::forward_stderr(stderr, name);
        let inner = Arc::new(Inner {
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
                stderr_done,
            }))),
            calls: calls::Shared::default(),
            deadlines: Condvar::new(),
            stdout: Mutex::new(Frames::new(stdout, limits.max_message)),
            readers: Condvar::new(),
        });
        let reader = Arc::clone(&inner);
        thread::spawn(move || reader.read_when_wanted());
        let watcher = Arc::clone(&inner);
        thread::spawn(move || watcher.watch());
        Ok(Process { inner })
    }

    pub(crate) fn name(&self) -> &str {
        &self.inner.name
    }

    pub(crate) fn path(&self) -> &Path {
        &self.inner.path
    }

    /// The process id, while it runs.
    pub(crate) fn pid(&self) -> Option<u32> {
        match &*self.inner.lock() {
            State::Running(running) => Some(running.child.id()),
            State::Stopped(_) => None,
        }
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
        let params = |bytes: &mut Vec<u8>| serde_json::to_writer(bytes, params);
        let answer = self.inner.send(during, method, params, secret, false)?;
        self.inner.wait(answer)
    }

    /// Writes a request now, and returns the future of its answer, which holds no thread: the
    /// process's reader completes it when the answer with its id comes, or fails it at the
    /// deadline. Writing waits only while the plugin's stdin pipe is full, until the deadline
    /// at most. With `blocking`, the caller is to [`wait`](Process::wait) for the answer, and
    /// reads it itself; otherwise the reader thread is asked to read it.
    /// `params` writes the request's params, as JSON.
    pub(crate) fn send(
        &self,
        during: &str,
        method: &str,
        params: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>,
        secret: bool,
        blocking: bool,
    ) -> Result<Answer, RemoteError> {
        self.inner.send(during, method, params, secret, !blocking)
    }

    /// Waits for the answer of a request sent with `blocking` set, reading it from the
    /// plugin's stdout on this thread while no other thread reads.
    pub(crate) fn wait(&self, answer: Answer) -> Result<serde_json::Value, RemoteError> {
        self.inner.wait(answer)
    }

    /// Tells the plugin, ahead of the next request, that the host no longer uses `instance`.
    /// Never waits for the plugin.
    pub(crate) fn release(&self, instance: u64) {
        let mut releases = self
            .inner
            .releases
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        releases.push(instance);
    }

    /// Closes the plugin's stdin, gives it a moment to exit, then ends its whole group and
    /// reaps it. Calls in flight are cut short: the process group is killed at once, and they
    /// fail with [`RemoteError::Stopped`]. Later requests fail the same.
    pub(crate) fn shutdown(&self) {
        let inner = &self.inner;
        inner.shutting_down.store(true, Ordering::Release);
        let busy = calls::lock(&inner.calls).unanswered().next().is_some();
        let mut state = match inner.state.try_lock() {
            Ok(state) if !busy => state,
            Ok(state) => {
                // Calls wait for answers: end the group, so that they stop waiting.
                group::kill_group(inner.leader);
                state
            }
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => {
                // Another thread is writing a request: end the group, so that it stops.
                group::kill_group(inner.leader);
                inner.lock()
            }
        };
        if let State::Running(_) = &*state {
            let ended = inner.fail(&mut state, Fault::Shutdown);
            if plugkit::debug::enabled()
                && let Some(ended) = ended
            {
                debug_emit(
                    log::Level::Debug,
                    "plugkit_remote::process",
                    format_args!("plugin `{}` stopped ({})", inner.name, ended.describe()),
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

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn stopped(&self, reason: &str) -> RemoteError {
        RemoteError::Stopped {
            plugin: self.name.clone(),
            reason: reason.to_owned(),
        }
    }

    /// Registers a call and writes its request (with the releases queued before it); with
    /// `wake_reader`, asks the reader thread to read its answer.
    fn send(
        &self,
        during: &str,
        method: &str,
        params: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>,
        secret: bool,
        wake_reader: bool,
    ) -> Result<Answer, RemoteError> {
        let mut state = self.lock();
        let running = match &mut *state {
            State::Running(running) => running,
            State::Stopped(reason) => return Err(self.stopped(reason)),
        };
        let deadline = Instant::now() + self.limits.timeout;
        let (id, deferred) = {
            let mut calls = calls::lock(&self.calls);
            let id = calls.register(during.to_owned(), deadline);
            (id, calls.deferred.take())
        };
        let answer = Answer::new(Arc::clone(&self.calls), id);
        // The plugin misbehaved while no call was waiting: this call is the one that fails.
        if let Some(fault) = deferred {
            self.fail(&mut state, fault);
            return Ok(answer);
        }
        let mut bytes = Vec::with_capacity(128);
        let releases =
            std::mem::take(&mut *self.releases.lock().unwrap_or_else(PoisonError::into_inner));
        let encoded = releases
            .into_iter()
            .try_for_each(|instance| {
                let release = Outgoing {
                    id: None,
                    method: RELEASE,
                    params: &Release { instance },
                };
                serde_json::to_writer(&mut bytes, &release)?;
                bytes.push(b'\n');
                Ok(())
            })
            .and_then(|()| write_request(&mut bytes, id, method, params));
        bytes.push(b'\n');
        let written = match encoded {
            Ok(()) => pipes::write_before(&mut running.stdin, &bytes, deadline),
            Err(e) => {
                if secret {
                    bytes.zeroize();
                }
                let plugin = self.name.clone();
                let blame: Blame = Box::new(move |_, during| RemoteError::Unexpected {
                    plugin,
                    during: during.to_owned(),
                    what: format!("the request does not encode: {e}"),
                });
                self.fail(&mut state, Fault::Call(Some(id), blame));
                return Ok(answer);
            }
        };
        let total = bytes.len();
        if secret {
            bytes.zeroize();
        }
        match written {
            Ok(()) if wake_reader => self.want_reader(),
            Ok(()) => {}
            // A closed pipe: the process is gone, or going.
            Err(WriteFailure::Closed) => {
                self.fail(&mut state, Fault::Closed);
            }
            Err(WriteFailure::Timeout { written }) => {
                let (plugin, after) = (self.name.clone(), self.limits.timeout);
                let blame: Blame = Box::new(move |_, during| RemoteError::NotReading {
                    plugin,
                    during: during.to_owned(),
                    after,
                    written,
                    total,
                });
                self.fail(&mut state, Fault::Call(Some(id), blame));
            }
        }
        Ok(answer)
    }

    /// Asks the reader thread to read: calls wait with nobody reading for them.
    fn want_reader(&self) {
        calls::lock(&self.calls).wanted = true;
        self.readers.notify_one();
    }

    /// Whether a call waits for an answer, and anyone is to read on.
    fn anyone_waits(&self) -> bool {
        let calls = calls::lock(&self.calls);
        !calls.closed && calls.deferred.is_none() && calls.unanswered().next().is_some()
    }

    /// Waits for the answer of a blocking call: reads stdout on this thread while no other
    /// thread does, until the answer is there (or nobody is to read any more), then leaves
    /// the reading to the reader thread if other calls still wait. While another thread reads,
    /// that thread completes the call and wakes this one.
    fn wait(&self, mut answer: Answer) -> Result<serde_json::Value, RemoteError> {
        if let Ok(mut frames) = match self.stdout.try_lock() {
            Ok(frames) => Ok(frames),
            Err(TryLockError::Poisoned(poisoned)) => Ok(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => Err(()),
        } {
            while !frames.done && calls::lock(&self.calls).waits(answer.id()) {
                self.read_one(&mut frames);
            }
            drop(frames);
            // Calls that came while this thread read (their callers found it reading).
            if self.anyone_waits() {
                self.want_reader();
            }
            if let Some(outcome) = answer.take_ready() {
                return outcome;
            }
        }
        futures::executor::block_on(answer)
    }

    /// Reads one frame (or waits [`READ_SLICE`] for one) and hands it to [`take`](Inner::take).
    fn read_one(&self, frames: &mut Frames) {
        if let Some(frame) = frames.next(Instant::now() + READ_SLICE)
            && !self.take(frame)
        {
            frames.done = true;
        }
    }

    /// The reader thread of the process: reads while calls wait that no blocking caller reads
    /// for; it ends when the process is stopped.
    fn read_when_wanted(&self) {
        loop {
            {
                let mut calls = calls::lock(&self.calls);
                loop {
                    if calls.closed {
                        return;
                    }
                    if std::mem::take(&mut calls.wanted) {
                        break;
                    }
                    calls = self
                        .readers
                        .wait(calls)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
            // Checked again once stdout is let go: a caller that found it held is served.
            loop {
                let mut frames = self.stdout.lock().unwrap_or_else(PoisonError::into_inner);
                if frames.done {
                    return;
                }
                while !frames.done && self.anyone_waits() {
                    self.read_one(&mut frames);
                }
                drop(frames);
                if !self.anyone_waits() {
                    break;
                }
            }
        }
    }

    /// Handles one frame of the process's stdout, on the thread reading it: completes the call
    /// an answer names, and wakes it. Returns whether to read on.
    fn take(&self, frame: Frame) -> bool {
        {
            let calls = calls::lock(&self.calls);
            if calls.closed || calls.deferred.is_some() {
                return false;
            }
        }
        let fault = match frame {
            Frame::Line(line) => self.answer(&line),
            Frame::TooLarge(size) => {
                let (plugin, limit) = (self.name.clone(), self.limits.max_message);
                Some(Fault::Call(
                    None,
                    Box::new(move |_, during| RemoteError::TooLarge {
                        plugin,
                        during: during.to_owned(),
                        size,
                        limit,
                    }),
                ))
            }
            Frame::Closed => Some(Fault::Closed),
        };
        match fault {
            Some(fault) => {
                self.raise(fault);
                false
            }
            None => true,
        }
    }

    /// The deadline thread of the process: fails the calls whose deadline passed (and stops the
    /// process for them), whatever their number; it ends when the process is stopped.
    fn watch(&self) {
        let mut calls = calls::lock(&self.calls);
        loop {
            if calls.closed || calls.deferred.is_some() {
                return;
            }
            let now = Instant::now();
            let late = calls.unanswered().any(|(_, w)| w.deadline <= now);
            if late {
                drop(calls);
                let mut state = self.lock();
                let late: Vec<u64> = calls::lock(&self.calls)
                    .unanswered()
                    .filter(|(_, w)| w.deadline <= now)
                    .map(|(id, _)| id)
                    .collect();
                if !late.is_empty() {
                    self.fail(&mut state, Fault::Timeout(late));
                    return;
                }
                drop(state);
                calls = calls::lock(&self.calls);
                continue;
            }
            // A call registered later is due a full timeout after it: waking after one timeout
            // at the latest catches it.
            let wait = calls.earliest().map_or(self.limits.timeout, |due| {
                due.saturating_duration_since(now)
            });
            calls = self
                .deadlines
                .wait_timeout(calls, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Completes the call an answer names; a line that is not one is a fault.
    fn answer(&self, line: &[u8]) -> Option<Fault> {
        let plugin = || self.name.clone();
        // Decoded from the bytes; a line that is not UTF-8 is read as the lossy text it shows.
        let decoded =
            serde_json::from_slice::<Response>(line).or_else(|e| match std::str::from_utf8(line) {
                Ok(_) => Err(e),
                Err(_) => serde_json::from_str(&String::from_utf8_lossy(line)),
            });
        let response = match decoded {
            Ok(response) => response,
            Err(source) => {
                let (plugin, line) = (
                    plugin(),
                    String::from_utf8_lossy(line).chars().take(100).collect(),
                );
                return Some(Fault::Call(
                    None,
                    Box::new(move |_, during| RemoteError::Garbage {
                        plugin,
                        during: during.to_owned(),
                        line,
                        source,
                    }),
                ));
            }
        };
        let id = response.id;
        let mut calls = calls::lock(&self.calls);
        if !calls.waits(id) {
            if calls.forget(id) {
                return None;
            }
            let plugin = plugin();
            return Some(Fault::Call(
                None,
                Box::new(move |waiting, during| RemoteError::Unexpected {
                    plugin,
                    during: during.to_owned(),
                    what: format!("it answered request {id} while request {waiting} was waiting"),
                }),
            ));
        }
        let outcome = match (response.result, response.error) {
            (_, Some(error)) => Err(RemoteError::Failed {
                plugin: plugin(),
                during: calls.during(id).to_owned(),
                message: error.message,
            }),
            (Some(result), None) => Ok(result),
            (None, None) => {
                let plugin = plugin();
                return Some(Fault::Call(
                    Some(id),
                    Box::new(move |_, during| RemoteError::Unexpected {
                        plugin,
                        during: during.to_owned(),
                        what: format!(
                            "its answer to request {id} has neither `result` nor `error`"
                        ),
                    }),
                ));
            }
        };
        calls.complete(id, outcome);
        None
    }

    /// Stops the process for `fault` and fails the waiting calls; a fault seen while no call
    /// waits is kept for the next call, which is the one that fails (as it would have been
    /// the one to read the line).
    fn raise(&self, fault: Fault) {
        {
            let mut calls = calls::lock(&self.calls);
            if !calls.closed && calls.unanswered().next().is_none() {
                calls.deferred = Some(fault);
                return;
            }
        }
        let mut state = self.lock();
        self.fail(&mut state, fault);
    }

    /// Stops the process (if it runs) and fails every waiting call: the one the fault is
    /// blamed on, every late one, or (stdout closed) all, with the fault's error; the others
    /// as stopped for it. Returns how the process ended, when this stopped it.
    fn fail(&self, state: &mut MutexGuard<'_, State>, fault: Fault) -> Option<Ended> {
        let grace = match &fault {
            Fault::Shutdown => GRACE,
            // A process that closed its stdout is usually exiting: let it, to say how.
            Fault::Closed => calls::lock(&self.calls)
                .earliest()
                .map_or(EXIT_WAIT, |due| {
                    due.saturating_duration_since(Instant::now())
                })
                .clamp(EXIT_WAIT, GRACE),
            Fault::Timeout(_) | Fault::Call(..) => Duration::ZERO,
        };
        let ended = match std::mem::replace(&mut **state, State::Stopped(String::new())) {
            State::Running(running) => Ok(stop(*running, grace)),
            State::Stopped(reason) => Err(reason),
        };
        let shut_down =
            matches!(fault, Fault::Shutdown) || self.shutting_down.load(Ordering::Acquire);
        let closed = matches!(fault, Fault::Closed);
        let mut calls = calls::lock(&self.calls);
        calls.closed = true;
        self.deadlines.notify_all();
        self.readers.notify_all();
        let waiting: Vec<(u64, String)> = calls
            .unanswered()
            .map(|(id, w)| (id, w.during.clone()))
            .collect();
        let (blamed, mut blame, late) = match fault {
            Fault::Call(id, blame) => (
                id.or_else(|| waiting.first().map(|(id, _)| *id)),
                Some(blame),
                Vec::new(),
            ),
            Fault::Timeout(late) => (None, None, late),
            Fault::Closed | Fault::Shutdown => (None, None, Vec::new()),
        };
        let mut errors: Vec<(u64, Option<RemoteError>)> = Vec::with_capacity(waiting.len());
        for (id, during) in &waiting {
            let err = match &ended {
                Err(previous) => Some(self.stopped(previous)),
                Ok(_) if shut_down => Some(self.stopped("the host shut it down")),
                Ok(_) if Some(*id) == blamed => blame.take().map(|blame| blame(*id, during)),
                Ok(_) if late.contains(id) => Some(RemoteError::Timeout {
                    plugin: self.name.clone(),
                    during: during.clone(),
                    after: self.limits.timeout,
                }),
                Ok(Ended::Exited(status)) if closed => Some(RemoteError::Exited {
                    plugin: self.name.clone(),
                    during: during.clone(),
                    status: status.to_string(),
                }),
                Ok(_) if closed => Some(RemoteError::ClosedStdout {
                    plugin: self.name.clone(),
                    during: during.clone(),
                }),
                Ok(_) => None,
            };
            errors.push((*id, err));
        }
        let reason = match &ended {
            Err(previous) => previous.clone(),
            Ok(_) if shut_down => "the host shut it down".to_owned(),
            Ok(how) => errors
                .iter()
                .find_map(|(_, err)| err.as_ref().map(ToString::to_string))
                .or_else(|| blame.take().map(|blame| blame(0, "no request").to_string()))
                .unwrap_or_else(|| format!("it ended ({})", how.describe())),
        };
        for (id, err) in errors {
            let err = err.unwrap_or_else(|| self.stopped(&reason));
            calls.complete(id, Err(err));
        }
        drop(calls);
        **state = State::Stopped(reason);
        ended.ok()
    }
}

/// Writes the line of request `id` (without its `\n`): the bytes serde writes for a
/// [`Request`](crate::Request) with these fields, its keys written as they are rather than
/// escaped one by one.
pub(crate) fn write_request(
    bytes: &mut Vec<u8>,
    id: u64,
    method: &str,
    params: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    bytes.extend_from_slice(br#"{"id":"#);
    serde_json::to_writer(&mut *bytes, &id)?;
    bytes.extend_from_slice(br#","method":"#);
    serde_json::to_writer(&mut *bytes, method)?;
    bytes.extend_from_slice(br#","params":"#);
    params(bytes)?;
    bytes.push(b'}');
    Ok(())
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_request_is_written_as_serde_writes_it() {
        let params =
            serde_json::json!({"instance": 3, "method": "say \"hi\"", "args": {"text": "ping"}});
        let mut bytes = Vec::new();
        write_request(&mut bytes, 12, "call", |b| {
            serde_json::to_writer(b, &params)
        })
        .unwrap();
        let request = crate::Request {
            id: Some(12),
            method: "call".to_owned(),
            params,
        };
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            serde_json::to_string(&request).unwrap()
        );
    }
}
