//! The three pipes of a plugin process, each with a bound: requests written with a deadline,
//! answers read up to a size limit, stderr forwarded in pieces with a cap per line.

use std::io::{self, Read, Write};
use std::process::{ChildStderr, ChildStdin, ChildStdout};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Instant;

/// The longest stderr line forwarded whole; the rest of a longer line is dropped, and the
/// forwarded part says so.
pub(crate) const STDERR_LINE: usize = 8 << 10;

/// What the thread reading a plugin's stdout gets from it.
pub(crate) enum Frame {
    /// One line, without its `\n`.
    Line(Vec<u8>),
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

/// The plugin's stdout cut into lines, read by whichever thread needs the next answer: a
/// caller that blocks reads its own answer (no hand-over between threads), the process's
/// reader thread reads for the awaited ones. It keeps at most `limit` bytes of a line: a
/// longer one is counted to its end and reported as [`Frame::TooLarge`]. Bytes are read only
/// when a frame is asked for, so a plugin that writes lines nobody asked for fills its pipe
/// and blocks, instead of growing the host.
pub(crate) struct Frames<R = ChildStdout> {
    stdout: R,
    buf: Box<[u8]>,
    /// The unread bytes of `buf`.
    start: usize,
    end: usize,
    /// The current line's bytes from earlier reads.
    line: Vec<u8>,
    /// The bytes of a line over the limit seen so far, while its rest is skipped.
    skipped: Option<u64>,
    limit: usize,
    /// Stdout ended (end of file or a read error): every next frame is `Closed`.
    eof: bool,
    /// Set by the reader that saw the last frame anyone will take: nobody reads any more.
    pub(crate) done: bool,
}

impl<R: Read + WaitReadable> Frames<R> {
    pub(crate) fn new(stdout: R, limit: usize) -> Self {
        Frames {
            stdout,
            buf: vec![0; 64 << 10].into_boxed_slice(),
            start: 0,
            end: 0,
            line: Vec::new(),
            skipped: None,
            limit,
            eof: false,
            done: false,
        }
    }

    /// The next frame, waiting for the plugin's bytes until `until` at most: `None` when none
    /// came by then.
    pub(crate) fn next(&mut self, until: Instant) -> Option<Frame> {
        loop {
            if let Some(frame) = self.buffered() {
                return Some(frame);
            }
            if self.eof {
                return Some(self.ended());
            }
            if !self.stdout.wait_readable(until) {
                return None;
            }
            match self.stdout.read(&mut self.buf) {
                Ok(0) => self.eof = true,
                Ok(n) => (self.start, self.end) = (0, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => self.eof = true,
            }
        }
    }

    /// A frame from the bytes already read, if they hold the end of a line; otherwise keeps
    /// them (up to the limit) for the next read.
    fn buffered(&mut self) -> Option<Frame> {
        let unread = &self.buf[self.start..self.end];
        let Some(i) = unread.iter().position(|b| *b == b'\n') else {
            let n = unread.len();
            match &mut self.skipped {
                Some(size) => *size += n as u64,
                None if self.line.len() + n > self.limit => {
                    self.skipped = Some((self.line.len() + n) as u64);
                    self.line = Vec::new();
                }
                None => self.line.extend_from_slice(unread),
            }
            (self.start, self.end) = (0, 0);
            return None;
        };
        let body = &unread[..i];
        self.start += i + 1;
        if let Some(size) = self.skipped.take() {
            return Some(Frame::TooLarge(size + i as u64));
        }
        if self.line.len() + i > self.limit {
            let size = (self.line.len() + i) as u64;
            self.line.clear();
            return Some(Frame::TooLarge(size));
        }
        let line = match self.line.is_empty() {
            true => body.to_vec(),
            false => {
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(body);
                line
            }
        };
        Some(Frame::Line(line))
    }

    /// What is left at the end of stdout: the last line without its `\n` (a frame all the
    /// same), then `Closed`.
    fn ended(&mut self) -> Frame {
        if let Some(size) = self.skipped.take() {
            return Frame::TooLarge(size);
        }
        match self.line.is_empty() {
            true => Frame::Closed,
            false => Frame::Line(std::mem::take(&mut self.line)),
        }
    }
}

/// A stream that can say when it has bytes to read.
pub(crate) trait WaitReadable {
    /// Waits until a read would not block (true), or `until` passes (false).
    fn wait_readable(&self, until: Instant) -> bool;
}

#[cfg(unix)]
impl WaitReadable for ChildStdout {
    fn wait_readable(&self, until: Instant) -> bool {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        loop {
            let left = until.saturating_duration_since(Instant::now());
            let Ok(timeout) = Timespec::try_from(left) else {
                return true;
            };
            let mut fds = [PollFd::new(self, PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) if left.is_zero() => return false,
                Ok(0) => {}
                // Bytes, an error or a hang-up: the read says which.
                Ok(_) => return true,
                Err(rustix::io::Errno::INTR) => {}
                Err(_) => return true,
            }
        }
    }
}

/// Elsewhere reads block until bytes come or stdout ends.
#[cfg(not(unix))]
impl WaitReadable for ChildStdout {
    fn wait_readable(&self, _: Instant) -> bool {
        true
    }
}

#[cfg(test)]
impl WaitReadable for &[u8] {
    fn wait_readable(&self, _: Instant) -> bool {
        true
    }
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

    fn next(frames: &mut Frames<&[u8]>) -> Frame {
        frames.next(Instant::now()).unwrap()
    }

    #[test]
    fn a_frame_longer_than_the_limit_is_counted_not_kept() {
        let mut input = vec![b'a'; 100];
        input.extend_from_slice(b"\n{}\n");
        let mut frames = Frames::new(&input[..], 10);
        assert!(matches!(next(&mut frames), Frame::TooLarge(100)));
        assert!(matches!(next(&mut frames), Frame::Line(l) if l == b"{}"));
        assert!(matches!(next(&mut frames), Frame::Closed));
        assert!(matches!(next(&mut frames), Frame::Closed));
        let mut exact = Frames::new(&b"0123456789\n"[..], 10);
        assert!(matches!(next(&mut exact), Frame::Line(l) if l == b"0123456789"));
        // Over the limit only once its rest is read, and at the end of stdout.
        let long = vec![b'b'; 70 << 10];
        let mut frames = Frames::new(&long[..], 100 << 10);
        assert!(matches!(next(&mut frames), Frame::Line(l) if l.len() == 70 << 10));
        assert!(matches!(next(&mut frames), Frame::Closed));
        let mut frames = Frames::new(&long[..], 10);
        assert!(matches!(next(&mut frames), Frame::TooLarge(size) if size == 70 << 10));
        assert!(matches!(next(&mut frames), Frame::Closed));
    }

    #[test]
    fn lines_split_across_reads_are_whole_frames() {
        // Two lines of 40 KiB: the second starts in the first read of 64 KiB and ends in the next.
        let mut input = Vec::new();
        for c in [b'x', b'y'] {
            input.extend(std::iter::repeat_n(c, 40 << 10));
            input.push(b'\n');
        }
        input.extend_from_slice(b"last");
        let mut frames = Frames::new(&input[..], 1 << 20);
        for c in [b'x', b'y'] {
            assert!(
                matches!(next(&mut frames), Frame::Line(l) if l.len() == 40 << 10 && l.iter().all(|x| *x == c))
            );
        }
        assert!(matches!(next(&mut frames), Frame::Line(l) if l == b"last"));
        assert!(matches!(next(&mut frames), Frame::Closed));
    }
}
