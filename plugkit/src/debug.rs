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
//! stderr as `[plugkit] ...` when `PLUGKIT_DEBUG` is on. Nothing is written to stdout. When
//! neither a logger nor `PLUGKIT_DEBUG` wants the trace, a call through a pluggable function
//! pays two relaxed atomic loads for it: plugkit's switch and `log::max_level()`.

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

use log::{Level, LevelFilter, Metadata, Record};

const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);

/// Whether the trace is wanted: printed, because [`set_enabled`] or else `PLUGKIT_DEBUG` (any
/// value but empty, `0`, `false`, `no` or `off`, read once) turned it on, or taken by a logger
/// whose level lets `debug` records through.
///
/// ```
/// plugkit::debug::set_enabled(false);
/// assert!(!plugkit::debug::enabled()); // and no logger is installed
/// ```
#[inline]
pub fn enabled() -> bool {
    printing() || log::max_level() >= LevelFilter::Debug
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
