//! The three pipes of a plugin process, each with a bound: requests written with a deadline,
//! answers read up to a size limit, stderr forwarded in pieces with a cap per line.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::{ChildStderr, ChildStdin, ChildStdout};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Instant;

/// The longest stderr line forwarded whole; the rest of a longer line is dropped, and the
/// forwarded part says so.
pub(crate) const STDERR_LINE: usize = 8 << 10;

/// What the reader thread of a plugin's stdout hands over.
pub(crate) enum Frame {
    /// One line, without its `\n`.
    Line(String),
    /// A line longer than the limit: its size in bytes, counted without keeping it.
    TooLarge(u64),
    /// Stdout was closed (the plugin exited, or closed it).
    Closed,
}

/// How writing a request failed.
pub(crate) enum WriteFailure {
    /// The plugin's stdin is closed: it exited, or is exiting.
    Closed,
    /// The deadline passed with `written` bytes taken: the plugin stopped reading.
    Timeout {
        /// Bytes the plugin took.
        written: usize,
    },
}

/// Makes `stdin` non-blocking, so that [`write_before`] can give up at a deadline.
#[cfg(unix)]
pub(crate) fn nonblocking(stdin: &ChildStdin) -> io::Result<()> {
    use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
    let flags = fcntl_getfl(stdin)?;
    fcntl_setfl(stdin, flags | OFlags::NONBLOCK)?;
    Ok(())
}

/// Elsewhere writes block; the deadline is checked between writes only.
#[cfg(not(unix))]
pub(crate) fn nonblocking(_: &ChildStdin) -> io::Result<()> {
    Ok(())
}

/// Writes all of `bytes` to a non-blocking `stdin`, waiting for room in the pipe until
/// `deadline` at most.
pub(crate) fn write_before(
    stdin: &mut ChildStdin,
    bytes: &[u8],
    deadline: Instant,
) -> Result<(), WriteFailure> {
    let mut written = 0;
    while written < bytes.len() {
        match stdin.write(&bytes[written..]) {
            Ok(0) => return Err(WriteFailure::Closed),
            Ok(n) => written += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                if !wait_writable(stdin, deadline) {
                    return Err(WriteFailure::Timeout { written });
                }
            }
            Err(_) => return Err(WriteFailure::Closed),
        }
    }
    Ok(())
}

/// Waits until the pipe has room or is closed (true), or the deadline passes (false).
#[cfg(unix)]
fn wait_writable(stdin: &ChildStdin, deadline: Instant) -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        let Ok(timeout) = Timespec::try_from(left) else {
            return false;
        };
        let mut fds = [PollFd::new(stdin, PollFlags::OUT)];
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => {}
            // Room, an error or a hang-up: the next write says which.
            Ok(_) => return true,
            Err(rustix::io::Errno::INTR) => {}
            Err(_) => return true,
        }
    }
}

#[cfg(not(unix))]
fn wait_writable(_: &ChildStdin, deadline: Instant) -> bool {
    Instant::now() < deadline
}

/// Starts the thread that reads `stdout` line by line, keeping at most `limit` bytes of a line:
/// a longer one is counted to its end and reported as [`Frame::TooLarge`]. Each frame goes to
/// `take` on that thread, which returns whether to read on; the next line is read only when
/// `take` is done, so a plugin that writes lines nobody asked for fills its pipe and blocks,
/// instead of growing the host.
pub(crate) fn read_frames(
    stdout: ChildStdout,
    limit: usize,
    mut take: impl FnMut(Frame) -> bool + Send + 'static,
) {
    thread::spawn(move || {
        let mut reader = BufReader::with_capacity(64 << 10, stdout);
        loop {
            let frame = next_frame(&mut reader, limit);
            let closed = matches!(frame, Frame::Closed);
            if !take(frame) || closed {
                break;
            }
        }
    });
}

fn next_frame(reader: &mut impl BufRead, limit: usize) -> Frame {
    let mut line = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    match reader.by_ref().take(cap).read_until(b'\n', &mut line) {
        Ok(0) | Err(_) => Frame::Closed,
        Ok(_) if line.last() == Some(&b'\n') => {
            line.pop();
            Frame::Line(text(line))
        }
        Ok(n) if n > limit => {
            let size = u64::try_from(n).unwrap_or(u64::MAX) + skip_line(reader);
            Frame::TooLarge(size)
        }
        // The last line, without its `\n`: a frame all the same; the next read says `Closed`.
        Ok(_) => Frame::Line(text(line)),
    }
}

/// Consumes the rest of a line without keeping it; returns its length (without the `\n`).
fn skip_line(reader: &mut impl BufRead) -> u64 {
    let mut size = 0u64;
    loop {
        let (used, done) = match reader.fill_buf() {
            Ok([]) | Err(_) => return size,
            Ok(buf) => match buf.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, Some(i)),
                None => (buf.len(), None),
            },
        };
        reader.consume(used);
        match done {
            Some(i) => return size + i as u64,
            None => size += used as u64,
        }
    }
}

fn text(line: Vec<u8>) -> String {
    String::from_utf8(line).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Starts the thread that forwards `stderr` to the host's stderr, each line prefixed with
/// `[name] `: it reads in pieces and keeps at most [`STDERR_LINE`] bytes of a line, so a
/// plugin that writes without newlines cannot grow the host. The receiver gets `()` at the end.
pub(crate) fn forward_stderr(stderr: ChildStderr, name: &str) -> Receiver<()> {
    let (done, finished) = mpsc::channel();
    let prefix = name.to_owned();
    thread::spawn(move || {
        forward(stderr, &mut |line| eprintln!("[{prefix}] {line}"));
        let _ = done.send(());
    });
    finished
}

/// Splits `input` into lines of at most [`STDERR_LINE`] bytes and gives each to `emit`.
pub(crate) fn forward(mut input: impl Read, emit: &mut dyn FnMut(&str)) {
    let mut piece = [0u8; 8 << 10];
    let mut line: Vec<u8> = Vec::with_capacity(256);
    // Set when the current line was cut: its rest is dropped up to its `\n`.
    let mut cut = false;
    loop {
        let n = match input.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        for part in piece[..n].split_inclusive(|b| *b == b'\n') {
            let ends = part.last() == Some(&b'\n');
            let body = if ends { &part[..part.len() - 1] } else { part };
            if !cut {
                let room = STDERR_LINE - line.len();
                if body.len() > room {
                    line.extend_from_slice(&body[..room]);
                    let shown = String::from_utf8_lossy(&line);
                    emit(&format!(
                        "{} [line cut at {STDERR_LINE} bytes]",
                        shown.trim_end()
                    ));
                    line.clear();
                    cut = true;
                } else {
                    line.extend_from_slice(body);
                }
            }
            if ends {
                if !cut {
                    emit(String::from_utf8_lossy(&line).trim_end());
                }
                line.clear();
                cut = false;
            }
        }
    }
    if !cut && !line.is_empty() {
        emit(String::from_utf8_lossy(&line).trim_end());
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn lines(input: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        forward(input, &mut |l| out.push(l.to_owned()));
        out
    }

    #[test]
    fn stderr_lines_are_forwarded_whole_up_to_the_cap() {
        assert_eq!(lines(b"one\ntwo\r\nlast"), ["one", "two", "last"]);
        let long = vec![b'x'; STDERR_LINE * 3];
        let mut input = long.clone();
        input.extend_from_slice(b"\nafter\n");
        let out = lines(&input);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0],
            format!("{} [line cut at 8192 bytes]", "x".repeat(STDERR_LINE))
        );
        assert_eq!(out[1], "after");
        // No newline at all: one cut line, the rest dropped.
        assert_eq!(lines(&long).len(), 1);
    }

    #[test]
    fn a_frame_longer_than_the_limit_is_counted_not_kept() {
        let mut input = vec![b'a'; 100];
        input.extend_from_slice(b"\n{}\n");
        let mut reader = &input[..];
        assert!(matches!(next_frame(&mut reader, 10), Frame::TooLarge(100)));
        assert!(matches!(next_frame(&mut reader, 10), Frame::Line(l) if l == "{}"));
        assert!(matches!(next_frame(&mut reader, 10), Frame::Closed));
        let mut exact = &b"0123456789\n"[..];
        assert!(matches!(next_frame(&mut exact, 10), Frame::Line(l) if l == "0123456789"));
    }
}
