//! `async fn` pluggables end to end: every option of the sync form, concurrency without timing,
//! panics attributed, the sequential variant, arguments by reference, `local` pluggables and the
//! errors. Each pluggable runs under a minimal executor (`futures::executor::block_on`) and under
//! tokio: plugkit depends on no runtime.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use plugkit::fns::NoPlugin;
use plugkit::{pluggable, plugin};

/// Runs `make()`'s future under the minimal executor, then under tokio; both results.
fn on_both<F: Future>(make: impl Fn() -> F) -> [F::Output; 2] {
    let minimal = futures::executor::block_on(make());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let tokio = runtime.block_on(make());
    [minimal, tokio]
}

/// Gives the executor a turn once: pending, and woken at once.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn yield_now() {
    YieldNow(false).await;
}

mod host {
    use super::{Log, Rendezvous, pluggable};

    #[pluggable(category = "async")]
    pub async fn greet(name: &str) -> String {
        format!("default:{name}")
    }

    #[pluggable(category = "async")]
    pub async fn lonely(x: u32) -> u32 {
        x + 1
    }

    #[pluggable(category = "async")]
    pub async fn orphan(x: u32) -> u32;

    #[pluggable(category = "async")]
    pub async fn gated(text: &str) -> String;

    #[pluggable(category = "async")]
    pub async fn parse(text: &str) -> Result<u32, super::ParseError>;

    #[pluggable(category = "async")]
    pub async fn joined(values: &[u32], separator: &str) -> String;

    #[pluggable(category = "async")]
    pub async fn flaky() -> &'static str {
        "default"
    }

    #[pluggable(category = "async", selector = collect_all)]
    pub async fn ordered() -> &'static str;

    #[pluggable(category = "async", selector = collect_all)]
    pub async fn meet(rendezvous: &Rendezvous) -> bool;

    #[pluggable(category = "async", selector = collect_all, sequential)]
    pub async fn meet_in_turn(rendezvous: &Rendezvous) -> bool;

    #[pluggable(category = "async", selector = collect_all)]
    pub async fn steps(log: &Log) -> usize;

    #[pluggable(category = "async", selector = collect_all, sequential)]
    pub async fn steps_in_turn(log: &Log) -> usize;

    #[pluggable(category = "async", selector = collect_all)]
    pub async fn checks(input: u32) -> u32;

    #[pluggable(category = "async", selector = collect_all, sequential)]
    pub async fn checks_in_turn(input: u32) -> u32;

    #[pluggable(category = "async", selector = collect_all)]
    pub async fn nobody() -> u8;

    #[pluggable(category = "async", local)]
    pub async fn counted(start: u32) -> u32 {
        start
    }

    #[pluggable(category = "async")]
    pub async fn owned(text: String) -> usize;

    #[pluggable(category = "async", selector = collect_all, local)]
    pub async fn local_all(start: u32) -> u32;

    #[pluggable(category = "async", selector = collect_all, sequential, local)]
    pub async fn local_in_turn(start: u32) -> u32;
}

// --- `greet`: tryfirst wins over priority; a plugin whose crate is absent is skipped.

#[plugin(host::greet, tryfirst, requires = ["no-such-crate"])]
async fn greet_absent(name: &str) -> String {
    format!("absent:{name}")
}

#[plugin(host::greet, priority = 10)]
async fn greet_important(name: &str) -> String {
    yield_now().await;
    format!("important:{name}")
}

#[plugin(host::greet, tryfirst, name = "greet-first")]
async fn greet_first(name: &str) -> String {
    yield_now().await;
    format!("first:{name}")
}

#[plugin(host::greet, trylast)]
async fn greet_fallback(name: &str) -> String {
    format!("fallback:{name}")
}

#[test]
fn first_match_awaits_the_first_available_plugin() {
    assert_eq!(
        on_both(|| host::greet("ada")),
        ["first:ada".to_owned(), "first:ada".to_owned()]
    );
    let (f, entry) = host::greet::handle().select_entry().unwrap();
    assert_eq!(entry.id(), "greet-first");
    assert_eq!(futures::executor::block_on(f("bob")), "first:bob");
}

#[test]
fn the_default_body_runs_without_a_plugin() {
    assert_eq!(on_both(|| host::lonely(41)), [42, 42]);
}

#[test]
fn the_signature_is_listed_as_async() {
    assert_eq!(host::greet::POINT.signature, "async fn(&str) -> String");
    assert_eq!(host::greet::URL, "plugkit://plugkit-framework/async/greet");
}

// --- `orphan`, `gated`: no plugin available, and the error says why.

fn never() -> bool {
    false
}

#[plugin(host::gated, requires = [never])]
async fn gated_never(text: &str) -> String {
    text.to_owned()
}

#[test]
fn no_plugin_is_an_error_naming_the_point_and_the_fix() {
    let [minimal, tokio] = on_both(|| host::orphan(1));
    let err: NoPlugin = minimal.unwrap_err();
    assert_eq!(
        err.to_string(),
        "no plugin is available for `plugkit://plugkit-framework/async/orphan`, and it has no default implementation\n  \
         no linked crate registers a plugin for it\n  \
         fix: add a plugin crate that implements it and link it (`cargo plugkit sync`, or \
         `plugkit_build::link_plugins()` in the build script); PLUGKIT_DEBUG=1 traces the selection"
    );
    assert_eq!(tokio.unwrap_err(), err);

    let err = futures::executor::block_on(host::gated("x")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no plugin is available for `plugkit://plugkit-framework/async/gated`, and it has no default implementation\n  \
         candidates:\n  \
         - async_pluggables::gated_never (plugkit-framework 0.1.0): skipped: requirement `never()` returned false\n  \
         fix: meet a requirement above, or add a plugin crate that implements it and link it \
         (`cargo plugkit sync`, or `plugkit_build::link_plugins()` in the build script); PLUGKIT_DEBUG=1 traces the selection"
    );
}

// --- `parse`: a `Result<T, E>` stays one when `E: From<NoPlugin>`.

/// What `parse` fails with.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum ParseError {
    /// The text is no number.
    #[error("not a number: {0}")]
    NotANumber(String),
    /// No plugin is available.
    #[error(transparent)]
    NoPlugin(#[from] NoPlugin),
}

#[plugin(host::parse)]
async fn parse_decimal(text: &str) -> Result<u32, ParseError> {
    yield_now().await;
    text.parse()
        .map_err(|_| ParseError::NotANumber(text.to_owned()))
}

#[test]
fn a_result_with_a_no_plugin_variant_is_returned_as_it_is() {
    assert_eq!(on_both(|| host::parse("12")), [Ok(12), Ok(12)]);
    assert_eq!(
        futures::executor::block_on(host::parse("x")),
        Err(ParseError::NotANumber("x".to_owned()))
    );
}

// --- `joined`: two borrowed arguments, held across an await.

#[plugin(host::joined)]
async fn join_values(values: &[u32], separator: &str) -> String {
    let mut out = Vec::new();
    for v in values {
        yield_now().await;
        out.push(v.to_string());
    }
    out.join(separator)
}

#[test]
fn arguments_by_reference_are_borrowed_by_the_future() {
    let values = vec![1, 2, 3];
    let separator = String::from("-");
    assert_eq!(
        on_both(|| host::joined(&values, &separator)),
        [Ok("1-2-3".to_owned()), Ok("1-2-3".to_owned())]
    );
}

// --- `flaky`: a check run on every call.

static ONLINE: AtomicBool = AtomicBool::new(false);
static FLAKY_SERIAL: Mutex<()> = Mutex::new(());

fn online() -> bool {
    ONLINE.load(Ordering::SeqCst)
}

#[plugin(host::flaky, requires = [online], recheck_each_call)]
async fn flaky_online() -> &'static str {
    "online"
}

#[test]
fn recheck_each_call_runs_the_check_on_every_call() {
    let _serial = FLAKY_SERIAL.lock().unwrap();
    ONLINE.store(false, Ordering::SeqCst);
    assert_eq!(on_both(host::flaky), ["default", "default"]);
    ONLINE.store(true, Ordering::SeqCst);
    assert_eq!(on_both(host::flaky), ["online", "online"]);
    ONLINE.store(false, Ordering::SeqCst);
    assert_eq!(futures::executor::block_on(host::flaky()), "default");
}

// --- `ordered`: every ordering option, seen through collect_all.

#[plugin(host::ordered, trylast, name = "z-last")]
async fn ordered_last() -> &'static str {
    "last"
}

#[plugin(host::ordered, name = "b-plain")]
async fn ordered_plain() -> &'static str {
    "plain"
}

#[plugin(host::ordered, priority = 5, name = "c-priority")]
async fn ordered_priority() -> &'static str {
    "priority"
}

#[plugin(host::ordered, tryfirst, name = "y-first")]
async fn ordered_first() -> &'static str {
    "first"
}

#[plugin(host::ordered, name = "a-after", after = ["b-plain"])]
async fn ordered_after() -> &'static str {
    "after"
}

#[plugin(host::ordered, name = "d-before", before = ["c-priority"])]
async fn ordered_before() -> &'static str {
    "before"
}

#[plugin(host::ordered, name = "e-never", requires = [never])]
async fn ordered_never() -> &'static str {
    "never"
}

#[test]
fn collect_all_returns_results_in_registry_order() {
    let [minimal, tokio] = on_both(host::ordered);
    let expected = ["first", "before", "priority", "plain", "after", "last"];
    let ids: Vec<&str> = minimal.iter().map(|(e, _)| e.id()).collect();
    assert_eq!(
        ids,
        [
            "y-first",
            "d-before",
            "c-priority",
            "b-plain",
            "a-after",
            "z-last"
        ]
    );
    assert_eq!(minimal.into_values(), expected);
    assert_eq!(tokio.into_values(), expected);
}

#[test]
fn collect_all_without_plugins_is_empty() {
    let [minimal, tokio] = on_both(host::nobody);
    assert!(minimal.values().is_empty() && minimal.failures().is_empty());
    assert!(tokio.values().is_empty() && tokio.failures().is_empty());
}

// --- `meet`: two plugins that each wait for the other's signal.

/// Two flags: a plugin raises its own and waits, a bounded number of turns, for the other's.
#[derive(Default)]
pub struct Rendezvous {
    a: AtomicBool,
    b: AtomicBool,
}

/// Raises `mine`, then yields until `theirs` is raised: `true` if it was within 1000 turns.
async fn wait_for(mine: &AtomicBool, theirs: &AtomicBool) -> bool {
    mine.store(true, Ordering::SeqCst);
    for _ in 0..1000 {
        if theirs.load(Ordering::SeqCst) {
            return true;
        }
        yield_now().await;
    }
    false
}

#[plugin(host::meet, name = "meet-a")]
async fn meet_a(r: &Rendezvous) -> bool {
    wait_for(&r.a, &r.b).await
}

#[plugin(host::meet, name = "meet-b")]
async fn meet_b(r: &Rendezvous) -> bool {
    wait_for(&r.b, &r.a).await
}

#[plugin(host::meet_in_turn, name = "meet-a")]
async fn meet_in_turn_a(r: &Rendezvous) -> bool {
    wait_for(&r.a, &r.b).await
}

#[plugin(host::meet_in_turn, name = "meet-b")]
async fn meet_in_turn_b(r: &Rendezvous) -> bool {
    wait_for(&r.b, &r.a).await
}

#[test]
fn collect_all_runs_the_plugins_concurrently() {
    let [minimal, tokio] = on_both(|| async {
        let rendezvous = Rendezvous::default();
        host::meet(&rendezvous).await.into_values()
    });
    assert_eq!(minimal, [true, true]);
    assert_eq!(tokio, [true, true]);
}

#[test]
fn sequential_collect_all_runs_one_plugin_after_the_other() {
    let [minimal, tokio] = on_both(|| async {
        let rendezvous = Rendezvous::default();
        host::meet_in_turn(&rendezvous).await.into_values()
    });
    // The first one waits alone and gives up; the second finds the first's flag raised.
    assert_eq!(minimal, [false, true]);
    assert_eq!(tokio, [false, true]);
}

// --- `steps`: what each plugin did, in the order it did it.

/// What the plugins did, in order.
#[derive(Default)]
pub struct Log(Mutex<Vec<String>>);

impl Log {
    fn push(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }
}

async fn two_steps(log: &Log, name: &str) -> usize {
    log.push(format!("{name} starts"));
    yield_now().await;
    log.push(format!("{name} ends"));
    name.len()
}

#[plugin(host::steps, name = "one")]
async fn steps_one(log: &Log) -> usize {
    two_steps(log, "one").await
}

#[plugin(host::steps, name = "three")]
async fn steps_three(log: &Log) -> usize {
    two_steps(log, "three").await
}

#[plugin(host::steps_in_turn, name = "one")]
async fn steps_in_turn_one(log: &Log) -> usize {
    two_steps(log, "one").await
}

#[plugin(host::steps_in_turn, name = "three")]
async fn steps_in_turn_three(log: &Log) -> usize {
    two_steps(log, "three").await
}

#[test]
fn the_concurrent_and_sequential_forms_interleave_and_do_not() {
    let [minimal, tokio] = on_both(|| async {
        let log = Log::default();
        let values = host::steps(&log).await.into_values();
        (values, log.0.into_inner().unwrap())
    });
    let interleaved = ["one starts", "three starts", "one ends", "three ends"];
    assert_eq!(
        minimal,
        (vec![3, 5], interleaved.map(String::from).to_vec())
    );
    assert_eq!(tokio, minimal);

    let [minimal, tokio] = on_both(|| async {
        let log = Log::default();
        let values = host::steps_in_turn(&log).await.into_values();
        (values, log.0.into_inner().unwrap())
    });
    let in_turn = ["one starts", "one ends", "three starts", "three ends"];
    assert_eq!(minimal, (vec![3, 5], in_turn.map(String::from).to_vec()));
    assert_eq!(tokio, minimal);
}

// --- `checks`: a plugin that panics inside its future; the others complete.

#[plugin(host::checks, name = "double")]
async fn checks_double(input: u32) -> u32 {
    yield_now().await;
    input * 2
}

#[plugin(host::checks, name = "broken")]
async fn checks_broken(input: u32) -> u32 {
    yield_now().await;
    panic!("check {input} blew up")
}

#[plugin(host::checks, name = "triple", trylast)]
async fn checks_triple(input: u32) -> u32 {
    yield_now().await;
    yield_now().await;
    input * 3
}

#[plugin(host::checks_in_turn, name = "double")]
async fn checks_in_turn_double(input: u32) -> u32 {
    input * 2
}

#[plugin(host::checks_in_turn, name = "broken")]
async fn checks_in_turn_broken(input: u32) -> u32 {
    yield_now().await;
    panic!("check {input} blew up")
}

#[plugin(host::checks_in_turn, name = "triple", trylast)]
async fn checks_in_turn_triple(input: u32) -> u32 {
    input * 3
}

fn assert_panic_attributed(collected: plugkit::fns::Collected<'static, u32>) {
    let ids: Vec<&str> = collected.iter().map(|(e, _)| e.id()).collect();
    assert_eq!(ids, ["double", "triple"]);
    let [failure] = collected.failures() else {
        panic!("one plugin panicked: {:?}", collected.failures())
    };
    assert_eq!(
        (failure.id, failure.message.as_str()),
        ("broken", "check 7 blew up")
    );
    assert!(
        failure
            .to_string()
            .starts_with("plugin `broken` (plugkit-framework 0.1.0 ")
    );
    assert!(failure.to_string().ends_with("panicked: check 7 blew up"));
    assert_eq!(collected.into_values(), [14, 21]);
}

#[test]
fn a_panic_in_one_future_is_attributed_and_the_others_complete() {
    let [minimal, tokio] = on_both(|| host::checks(7));
    assert_panic_attributed(minimal);
    assert_panic_attributed(tokio);
    let [minimal, tokio] = on_both(|| host::checks_in_turn(7));
    assert_panic_attributed(minimal);
    assert_panic_attributed(tokio);
}

// --- `counted`: a `local` pluggable, whose plugins' futures need not be `Send`.

static COUNTED_CALLS: AtomicUsize = AtomicUsize::new(0);

#[plugin(host::counted)]
async fn counted_with_rc(start: u32) -> u32 {
    let shared = Rc::new(start);
    yield_now().await;
    COUNTED_CALLS.fetch_add(1, Ordering::SeqCst);
    *shared + 1
}

#[test]
fn a_local_pluggable_takes_futures_that_are_not_send() {
    let minimal = futures::executor::block_on(host::counted(1));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let tokio = runtime.block_on(host::counted(1));
    assert_eq!((minimal, tokio), (2, 2));
    assert!(COUNTED_CALLS.load(Ordering::SeqCst) >= 2);
}

// --- `owned`: a `Send` pluggable's future can be spawned.

#[plugin(host::owned)]
async fn owned_len(text: String) -> usize {
    yield_now().await;
    text.len()
}

#[test]
fn a_send_pluggable_future_is_spawned_on_a_multi_threaded_runtime() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let handle = runtime.spawn(host::owned("four".to_owned()));
    assert_eq!(runtime.block_on(handle).unwrap(), Ok(4));
    // With a default body too.
    let handle = runtime.spawn(host::lonely(1));
    assert_eq!(runtime.block_on(handle).unwrap(), 2);
}

#[test]
fn a_panic_while_making_a_future_is_attributed_too() {
    let made = || {
        let mut calls = 0;
        host::checks::handle().collect_concurrent(move |f| {
            calls += 1;
            if calls == 2 {
                panic!("made no future");
            }
            f(1)
        })
    };
    for collected in on_both(made) {
        let values: Vec<(&str, u32)> = collected.iter().map(|(e, v)| (e.id(), *v)).collect();
        assert_eq!(values, [("triple", 3)]);
        let failures: Vec<(&str, &str)> = collected
            .failures()
            .iter()
            .map(|p| (p.id, p.message.as_str()))
            .collect();
        assert_eq!(
            failures,
            [("broken", "check 1 blew up"), ("double", "made no future")]
        );
    }
}

#[plugin(host::local_all, name = "rc")]
async fn local_all_rc(start: u32) -> u32 {
    let shared = Rc::new(start);
    yield_now().await;
    *shared + 1
}

#[plugin(host::local_all, name = "plain")]
async fn local_all_plain(start: u32) -> u32 {
    start + 2
}

#[plugin(host::local_in_turn, name = "rc")]
async fn local_in_turn_rc(start: u32) -> u32 {
    let shared = Rc::new(start);
    yield_now().await;
    *shared + 1
}

#[test]
fn a_local_collect_all_takes_futures_that_are_not_send() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let concurrent = futures::executor::block_on(host::local_all(1)).into_values();
    assert_eq!(concurrent, [3, 2]);
    assert_eq!(runtime.block_on(host::local_all(1)).into_values(), [3, 2]);
    let in_turn = futures::executor::block_on(host::local_in_turn(1)).into_values();
    assert_eq!(in_turn, [2]);
    assert_eq!(runtime.block_on(host::local_in_turn(1)).into_values(), [2]);
}

// --- `renamed`: `pluggable_name` and `crate = path`, as the sync form has them.

mod storage {
    #[plugkit::pluggable(category = "async", crate = ::plugkit)]
    pub async fn renamed(key: &str) -> String;
}

#[plugin(storage, pluggable_name = "renamed", crate = ::plugkit)]
async fn renamed_plugin(key: &str) -> String {
    key.to_uppercase()
}

#[test]
fn pluggable_name_and_crate_path_work_for_async_fns() {
    assert_eq!(
        on_both(|| storage::renamed("key")),
        [Ok("KEY".to_owned()), Ok("KEY".to_owned())]
    );
}
