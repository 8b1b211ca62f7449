//! A plugin process and everything it starts, as one process group: ended as a whole, and
//! ended by a watchdog when the host dies without ending it.
//!
//! Each plugin is started as the leader of a new process group. Beside it, in the same group,
//! runs a watchdog: `/bin/sh` reading a pipe whose other end only the host holds. When the host
//! exits or is killed (even with SIGKILL), the system closes that pipe, the watchdog's read
//! ends, and it kills its own group: the plugin and whatever the plugin started. This needs no
//! signal handler in the host and no `unsafe` code (the parent-death signal of Linux would have
//! to be set between `fork` and `exec`, which is `unsafe` in Rust, and ends only the direct
//! child). While the host runs, it ends the group itself on timeout, kill and shutdown.

use std::process::{Child, Command, Stdio};

/// The watchdog's script: wait for the host's end of the pipe to close, then kill the group.
#[cfg(unix)]
const WATCHDOG: &str = "while read -r _; do :; done; kill -s KILL 0";

/// Makes `command` start the leader of a new process group.
#[cfg(unix)]
pub(crate) fn own_group(command: &mut Command) -> &mut Command {
    use std::os::unix::process::CommandExt;
    command.process_group(0)
}

#[cfg(not(unix))]
pub(crate) fn own_group(command: &mut Command) -> &mut Command {
    command
}

/// Starts the watchdog of the group led by `leader`; `None` when it cannot start (no
/// `/bin/sh`): the host then still ends the group itself, but not after its own death.
#[cfg(unix)]
pub(crate) fn watchdog(leader: u32) -> Option<Child> {
    use std::os::unix::process::CommandExt;
    let group = i32::try_from(leader).ok()?;
    Command::new("/bin/sh")
        .args(["-c", WATCHDOG])
        .process_group(group)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()
}

#[cfg(not(unix))]
pub(crate) fn watchdog(_: u32) -> Option<Child> {
    None
}

/// Kills every process of the group led by `leader` (SIGKILL). A group that is gone is fine.
#[cfg(unix)]
pub(crate) fn kill_group(leader: u32) {
    use rustix::process::{Pid, Signal, kill_process_group};
    if let Some(pid) = i32::try_from(leader).ok().and_then(Pid::from_raw) {
        let _ = kill_process_group(pid, Signal::KILL);
    }
}

#[cfg(not(unix))]
pub(crate) fn kill_group(_: u32) {}
