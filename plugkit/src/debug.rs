//! The selection trace: `PLUGKIT_DEBUG=1`, or [`set_enabled`].
//!
//! When on, plugkit writes to stderr (never stdout) what it discovered, what it registered and
//! in which order, every candidate each point considered and why it was taken or skipped, and
//! every call through a pluggable function. When off, a call pays one relaxed atomic load.

use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);

/// Whether the trace is on: set by [`set_enabled`], or else by `PLUGKIT_DEBUG` (any value but
/// empty, `0`, `false`, `no` or `off` turns it on), read once.
///
/// ```
/// plugkit::debug::set_enabled(false);
/// assert!(!plugkit::debug::enabled());
/// ```
#[inline]
pub fn enabled() -> bool {
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

/// Turns the trace on or off, whatever `PLUGKIT_DEBUG` says.
///
/// ```
/// plugkit::debug::set_enabled(true);
/// assert!(plugkit::debug::enabled());
/// plugkit::debug::set_enabled(false);
/// ```
pub fn set_enabled(on: bool) {
    STATE.store(if on { ON } else { OFF }, Ordering::Relaxed);
}

/// Writes one trace line to stderr, prefixed with `[plugkit]`. Hidden: for `plugkit-remote`,
/// through `plugkit::__private::debug_emit`.
#[doc(hidden)]
pub fn emit(args: fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "[plugkit] {args}");
}
