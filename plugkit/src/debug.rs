//! What plugkit tells: its messages go through the [`log`](https://docs.rs/log) facade, so a host routes them with
//! the logger it already has; `PLUGKIT_DEBUG=1` (or [`set_enabled`]) prints the trace to stderr
//! when no logger takes it.
//!
//! | target | level | what |
//! | --- | --- | --- |
//! | `plugkit::registry` | `warn` | problems of the program-wide registry, whose entries are set aside |
//! | `plugkit::registry` | `debug` | every point, entry and capability discovered; each point's order; renamed default ids |
//! | `plugkit::select` | `debug` | every candidate a point considered and why it was taken or skipped |
//! | `plugkit::call` | `trace` | every call through a pluggable function, and what ran |
//! | `plugkit::instances` | `debug` | every instance made, and every secret injected (never its value) |
//!
//! A warning no logger takes is printed to stderr as `warning: ...`, so that a host with no
//! logger still hears of a plugin set aside. The trace lines no logger takes are printed to
//! stderr as `[plugkit] ...` when `PLUGKIT_DEBUG` is on. Nothing is written to stdout.
//!
//! A call through a pluggable function has something to tell when the trace is printed, or when
//! the logger takes `plugkit::call` at `trace` or `plugkit::select` at `debug`; a logger that
//! lets `debug` through for other targets only (`RUST_LOG=myapp=debug`) leaves the calls on their
//! fast path. Whether calls are traced is part of what a `first_match` function caches: a call
//! that finds them untraced and its plugin fixed keeps that plugin, and the calls after it read
//! that one value and test nothing else. [`set_enabled`] and [`refresh`] drop those cached
//! plugins, so that the next call of each function tests again. `log` has no such hook: a logger
//! installed (or a level or filter changed so that it takes `plugkit::call` at `trace`) after a
//! function's first call receives that function's call trace once [`refresh`] (or
//! [`set_enabled`]) is called. A `collect_all` call tests once per call.

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, PoisonError};

use log::{Level, LevelFilter, Metadata, Record};

const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);

/// Whether the trace is wanted: printed, because [`set_enabled`] or else `PLUGKIT_DEBUG` (any
/// value but empty, `0`, `false`, `no` or `off`, read once) turned it on, or taken by a logger
/// whose level lets `debug` records through.
/// Not public API: used by `plugkit-remote`.
///
/// ```
/// plugkit::debug::set_enabled(false);
/// assert!(!plugkit::debug::enabled()); // and no logger is installed
/// ```
#[doc(hidden)]
#[inline]
pub fn enabled() -> bool {
    printing() || log::max_level() >= LevelFilter::Debug
}

/// Whether a call through a pluggable function has anything to tell: the trace is printed, or
/// the logger takes `plugkit::call` at `trace` (what every call tells) or `plugkit::select` at
/// `debug` (what a recheck tells). Asked where a call chooses, not on the cached fast path.
pub(crate) fn calls_traced() -> bool {
    printing() || wants(Level::Trace, "plugkit::call") || wants(Level::Debug, "plugkit::select")
}

/// Whether the logger takes records of `level` for `target`.
fn wants(level: Level, target: &'static str) -> bool {
    level <= log::max_level()
        && log::logger().enabled(&Metadata::builder().level(level).target(target).build())
}

/// Whether the trace is printed to stderr when no logger takes it.
#[inline]
fn printing() -> bool {
    match STATE.load(Ordering::Relaxed) {
        ON => true,
        OFF => false,
        _ => from_env(),
    }
}

#[cold]
fn from_env() -> bool {
    let on = std::env::var("PLUGKIT_DEBUG").is_ok_and(|v| {
        !matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "" | "0" | "false" | "no" | "off"
        )
    });
    let _ = STATE.compare_exchange(
        UNKNOWN,
        if on { ON } else { OFF },
        Ordering::Relaxed,
        Ordering::Relaxed,
    );
    STATE.load(Ordering::Relaxed) == ON
}

/// Turns the printed trace on or off, whatever `PLUGKIT_DEBUG` says. A logger's own level is
/// not changed.
///
/// ```
/// plugkit::debug::set_enabled(true);
/// assert!(plugkit::debug::enabled());
/// plugkit::debug::set_enabled(false);
/// ```
pub fn set_enabled(on: bool) {
    STATE.store(if on { ON } else { OFF }, Ordering::Relaxed);
    reset_untraced();
}

/// Makes every pluggable function test the trace again on its next call: call it after
/// installing a logger, or changing `log`'s maximum level or the logger's filter so that it
/// takes `plugkit::call` at `trace`, once pluggable functions have been called, so that their
/// calls reach the logger.
/// A logger installed before the first call needs nothing.
///
/// ```
/// #[plugkit::pluggable]
/// pub fn answer_refresh_doc() -> u8 {
///     0
/// }
///
/// #[plugkit::plugin(answer_refresh_doc)]
/// fn seven_refresh_doc() -> u8 {
///     7
/// }
///
/// assert_eq!(answer_refresh_doc(), 7); // the plugin is cached with the trace off
/// // ... a logger is installed here: `log::set_logger(..)`, `log::set_max_level(..)` ...
/// plugkit::debug::refresh(); // the next call tests the trace again
/// assert_eq!(answer_refresh_doc(), 7);
/// ```
pub fn refresh() {
    reset_untraced();
}

/// A cache that lets calls skip the trace test, set only while the trace is off.
pub(crate) trait Untraced: Sync {
    /// Drops the cache: the next call tests the trace again.
    fn reset(&self);
}

/// The caches set since the trace switches last moved.
static UNTRACED: Mutex<Vec<&'static dyn Untraced>> = Mutex::new(Vec::new());

/// Runs `set`, which fills `cache` and says whether it did, if the trace is off; keeps
/// `cache` so that [`set_enabled`] and [`refresh`] reset it. The lock orders this with them: a
/// cache is never set after the switch that should have reset it.
pub(crate) fn untraced(cache: &'static dyn Untraced, set: impl FnOnce() -> bool) {
    let mut caches = UNTRACED.lock().unwrap_or_else(PoisonError::into_inner);
    if !calls_traced() && set() {
        caches.push(cache);
    }
}

fn reset_untraced() {
    let mut caches = UNTRACED.lock().unwrap_or_else(PoisonError::into_inner);
    for cache in caches.drain(..) {
        cache.reset();
    }
}

/// Sends one message to the logger, when one takes it; otherwise prints a warning to stderr
/// as `warning: ...`, and a trace line as `[plugkit] ...` when the trace is printed. Hidden:
/// for `plugkit-remote`, through `plugkit::__private::debug_emit`.
#[doc(hidden)]
pub fn emit(level: Level, target: &'static str, args: fmt::Arguments<'_>) {
    let metadata = Metadata::builder().level(level).target(target).build();
    let logger = log::logger();
    if level <= log::max_level() && logger.enabled(&metadata) {
        logger.log(
            &Record::builder()
                .metadata(metadata)
                .args(args)
                .module_path_static(Some(target))
                .build(),
        );
    } else if level <= Level::Warn {
        let _ = writeln!(std::io::stderr().lock(), "warning: {args}");
    } else if printing() {
        let _ = writeln!(std::io::stderr().lock(), "[plugkit] {args}");
    }
}

/// A `debug` line of the trace for `target`.
macro_rules! trace {
    ($target:literal, $($arg:tt)*) => {
        $crate::debug::emit(::log::Level::Debug, $target, format_args!($($arg)*))
    };
}

/// A warning for `target`: to the logger, or else to stderr.
macro_rules! warning {
    ($target:literal, $($arg:tt)*) => {
        $crate::debug::emit(::log::Level::Warn, $target, format_args!($($arg)*))
    };
}

pub(crate) use {trace, warning};
