//! The calls waiting for a plugin's answers, matched by request id: any number can be in
//! flight to one process, each completed by the process's reader when its answer comes, and
//! awaited as a future that holds no thread.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use crate::RemoteError;

/// Makes the error of the call that a misbehaviour is blamed on, from its id and what it was
/// (`during`).
pub(crate) type Blame = Box<dyn FnOnce(u64, &str) -> RemoteError + Send>;

/// Why a process is stopped while calls may be waiting.
pub(crate) enum Fault {
    /// Its stdout closed: every waiting call gets how it ended.
    Closed,
    /// These calls passed their deadline: each gets a timeout.
    Timeout(Vec<u64>),
    /// One call gets this error: the one with this id, or (`None`) the oldest waiting one.
    Call(Option<u64>, Blame),
    /// The host shut it down.
    Shutdown,
}

/// One call in flight.
pub(crate) struct Waiting {
    /// What the call is, for its messages.
    pub(crate) during: String,
    /// When its answer is due.
    pub(crate) deadline: Instant,
    outcome: Option<Result<serde_json::Value, RemoteError>>,
    waker: Option<Waker>,
}

/// The calls of one process.
#[derive(Default)]
pub(crate) struct Calls {
    next_id: u64,
    /// By id: the oldest first.
    waiting: BTreeMap<u64, Waiting>,
    /// Calls whose future was dropped: their answers are read and dropped.
    abandoned: BTreeSet<u64>,
    /// No answer will come any more: the process is stopped, or its reader gave up.
    pub(crate) closed: bool,
    /// A misbehaviour seen while no call was waiting: the next call is the one that fails.
    pub(crate) deferred: Option<Fault>,
    /// The reader thread is asked to read: calls wait with nobody reading for them.
    pub(crate) wanted: bool,
}

impl Calls {
    /// Takes an id for a new call, due at `deadline`.
    pub(crate) fn register(&mut self, during: String, deadline: Instant) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.waiting.insert(
            id,
            Waiting {
                during,
                deadline,
                outcome: None,
                waker: None,
            },
        );
        id
    }

    /// The calls still waiting for an answer, the oldest first.
    pub(crate) fn unanswered(&self) -> impl Iterator<Item = (u64, &Waiting)> {
        self.waiting
            .iter()
            .filter(|(_, w)| w.outcome.is_none())
            .map(|(id, w)| (*id, w))
    }

    /// The earliest deadline of a waiting call.
    pub(crate) fn earliest(&self) -> Option<Instant> {
        self.unanswered().map(|(_, w)| w.deadline).min()
    }

    /// Whether call `id` waits for its answer.
    pub(crate) fn waits(&self, id: u64) -> bool {
        self.waiting.get(&id).is_some_and(|w| w.outcome.is_none())
    }

    /// What call `id` is, for its messages.
    pub(crate) fn during(&self, id: u64) -> &str {
        self.waiting.get(&id).map_or("", |w| w.during.as_str())
    }

    /// Forgets an abandoned call's id when its answer comes: true when it was one.
    pub(crate) fn forget(&mut self, id: u64) -> bool {
        self.abandoned.remove(&id)
    }

    /// Gives call `id` its outcome and wakes whoever awaits it.
    pub(crate) fn complete(&mut self, id: u64, outcome: Result<serde_json::Value, RemoteError>) {
        if let Some(waiting) = self.waiting.get_mut(&id)
            && waiting.outcome.is_none()
        {
            waiting.outcome = Some(outcome);
            if let Some(waker) = waiting.waker.take() {
                waker.wake();
            }
        }
    }
}

/// The calls of a process, shared by its callers and its reader.
pub(crate) type Shared = Arc<Mutex<Calls>>;

pub(crate) fn lock(calls: &Mutex<Calls>) -> MutexGuard<'_, Calls> {
    calls.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The answer to one call, as a future: ready when the process's reader has completed it (or
/// a fault has failed it). Dropping it before then abandons the call: its answer, when it
/// comes, is read and dropped.
pub(crate) struct Answer {
    calls: Shared,
    id: u64,
    done: bool,
}

impl Answer {
    pub(crate) fn new(calls: Shared, id: u64) -> Self {
        Answer {
            calls,
            id,
            done: false,
        }
    }

    /// The request's id.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The outcome, if the call is complete (without a waker, for a caller that read it).
    pub(crate) fn take_ready(&mut self) -> Option<Result<serde_json::Value, RemoteError>> {
        let mut calls = lock(&self.calls);
        let outcome = calls.waiting.get_mut(&self.id)?.outcome.take()?;
        calls.waiting.remove(&self.id);
        drop(calls);
        self.done = true;
        Some(outcome)
    }
}

impl Future for Answer {
    type Output = Result<serde_json::Value, RemoteError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let id = self.id;
        let mut calls = lock(&self.calls);
        let Some(waiting) = calls.waiting.get_mut(&id) else {
            drop(calls);
            self.done = true;
            // Unreachable: a call leaves the table when its answer is taken here.
            return Poll::Ready(Err(RemoteError::Unexpected {
                plugin: String::new(),
                during: format!("request {id}"),
                what: "its answer was taken twice".to_owned(),
            }));
        };
        match waiting.outcome.take() {
            Some(outcome) => {
                calls.waiting.remove(&id);
                drop(calls);
                self.done = true;
                Poll::Ready(outcome)
            }
            None => {
                match &mut waiting.waker {
                    Some(waker) => waker.clone_from(cx.waker()),
                    None => waiting.waker = Some(cx.waker().clone()),
                }
                Poll::Pending
            }
        }
    }
}

impl Drop for Answer {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut calls = lock(&self.calls);
        let answered = calls
            .waiting
            .remove(&self.id)
            .is_some_and(|w| w.outcome.is_some());
        if !answered && !calls.closed {
            calls.abandoned.insert(self.id);
        }
    }
}
