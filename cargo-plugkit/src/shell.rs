//! Status lines on stderr in cargo's style, JSON messages on stdout, and the colour choice.

use std::io::{self, IsTerminal, Write};

use anstyle::{AnsiColor, Style};

/// When to colour the status lines, as cargo's `--color`.
///
/// ```
/// use cargo_plugkit::ColorChoice;
/// assert_eq!("never".parse::<ColorChoice>(), Ok(ColorChoice::Never));
/// assert!("sometimes".parse::<ColorChoice>().is_err());
/// // The command line parses it with clap:
/// assert_eq!(<ColorChoice as clap::ValueEnum>::from_str("always", false), Ok(ColorChoice::Always));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl std::str::FromStr for ColorChoice {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        <ColorChoice as clap::ValueEnum>::from_str(s, false)
            .map_err(|_| format!("`{s}` is not a colour choice; use auto, always or never"))
    }
}

impl ColorChoice {
    /// The choice from `--color`, else `CARGO_TERM_COLOR`, else auto; auto colours when stderr
    /// is a terminal and `NO_COLOR` is unset or empty.
    ///
    /// ```
    /// use cargo_plugkit::ColorChoice;
    /// assert!(!ColorChoice::resolve(Some(ColorChoice::Never)));
    /// assert!(ColorChoice::resolve(Some(ColorChoice::Always)));
    /// ```
    pub fn resolve(flag: Option<ColorChoice>) -> bool {
        let choice = flag
            .or_else(|| {
                std::env::var("CARGO_TERM_COLOR")
                    .ok()
                    .and_then(|v| v.parse().ok())
            })
            .unwrap_or_default();
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stderr().is_terminal()
            }
        }
    }
}

/// How machine-readable messages are printed, as cargo's `--message-format`.
///
/// ```
/// use cargo_plugkit::MessageFormat;
/// assert_eq!(MessageFormat::default(), MessageFormat::Human);
/// assert_eq!(<MessageFormat as clap::ValueEnum>::from_str("json", false), Ok(MessageFormat::Json));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// Status lines on stderr only.
    #[default]
    Human,
    /// Also one JSON object per line on stdout.
    Json,
}

/// Where status lines, warnings and JSON messages go.
///
/// Status lines go to stderr with the verb right-aligned in 12 columns, as cargo prints them;
/// JSON messages (with `--message-format json`) go to stdout, one object per line.
///
/// ```
/// use cargo_plugkit::{MessageFormat, Shell};
///
/// let mut shell = Shell::captured(false, false, MessageFormat::Human);
/// shell.status("Updating", "registration/src/lib.rs");
/// assert_eq!(shell.captured_stderr(), "    Updating registration/src/lib.rs\n");
/// ```
#[derive(Debug)]
pub struct Shell {
    color: bool,
    quiet: bool,
    verbose: bool,
    format: MessageFormat,
    capture: Option<(Vec<u8>, Vec<u8>)>,
}

impl Shell {
    /// A shell on the process's stderr and stdout.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let shell = Shell::new(false, true, false, MessageFormat::Human);
    /// assert!(!shell.is_verbose());
    /// ```
    pub fn new(color: bool, quiet: bool, verbose: bool, format: MessageFormat) -> Self {
        Shell {
            color,
            quiet,
            verbose,
            format,
            capture: None,
        }
    }

    /// A shell that keeps what it prints, for tests and benchmarks; never coloured.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(true, false, MessageFormat::Human);
    /// shell.status("Updating", "x");
    /// assert_eq!(shell.captured_stderr(), "");
    /// ```
    pub fn captured(quiet: bool, verbose: bool, format: MessageFormat) -> Self {
        Shell {
            color: false,
            quiet,
            verbose,
            format,
            capture: Some((Vec::new(), Vec::new())),
        }
    }

    /// What a [`Shell::captured`] shell printed on stderr.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(false, false, MessageFormat::Human);
    /// shell.warn("careful");
    /// assert_eq!(shell.captured_stderr(), "warning: careful\n");
    /// ```
    pub fn captured_stderr(&self) -> String {
        self.capture
            .as_ref()
            .map(|(err, _)| String::from_utf8_lossy(err).into_owned())
            .unwrap_or_default()
    }

    /// What a [`Shell::captured`] shell printed on stdout.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(false, false, MessageFormat::Json);
    /// shell.json(&serde_json::json!({"reason": "x"}));
    /// assert_eq!(shell.captured_stdout(), "{\"reason\":\"x\"}\n");
    /// ```
    pub fn captured_stdout(&self) -> String {
        self.capture
            .as_ref()
            .map(|(_, out)| String::from_utf8_lossy(out).into_owned())
            .unwrap_or_default()
    }

    /// Whether `-v` was given.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// assert!(Shell::captured(false, true, MessageFormat::Human).is_verbose());
    /// ```
    pub fn is_verbose(&self) -> bool {
        self.verbose
    }

    /// Whether JSON messages are printed on stdout.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// assert!(Shell::captured(false, false, MessageFormat::Json).is_json());
    /// ```
    pub fn is_json(&self) -> bool {
        self.format == MessageFormat::Json
    }

    /// Prints a status line, `{verb:>12} {message}`, unless `-q` was given.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(false, false, MessageFormat::Human);
    /// shell.status("Unchanged", "compas-like-plugins");
    /// assert_eq!(shell.captured_stderr(), "   Unchanged compas-like-plugins\n");
    /// ```
    pub fn status(&mut self, verb: &str, message: impl std::fmt::Display) {
        if !self.quiet {
            let style = Style::new().bold().fg_color(Some(AnsiColor::Green.into()));
            let line = format!(
                "{}{verb:>12}{} {message}\n",
                self.on(style),
                self.off(style)
            );
            self.err(&line);
        }
    }

    /// Prints a status line only with `-v`.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(false, false, MessageFormat::Human);
    /// shell.verbose_status("Running", "cargo metadata");
    /// assert_eq!(shell.captured_stderr(), "");
    /// ```
    pub fn verbose_status(&mut self, verb: &str, message: impl std::fmt::Display) {
        if self.verbose {
            self.status(verb, message);
        }
    }

    /// Prints `warning: {message}`, unless `-q` was given.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(true, false, MessageFormat::Human);
    /// shell.warn("quiet");
    /// assert_eq!(shell.captured_stderr(), "");
    /// ```
    pub fn warn(&mut self, message: impl std::fmt::Display) {
        if !self.quiet {
            let style = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
            let line = format!("{}warning{}: {message}\n", self.on(style), self.off(style));
            self.err(&line);
        }
    }

    /// Prints `note: {message}`, unless `-q` was given.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(false, false, MessageFormat::Human);
    /// shell.note("run `cargo plugkit sync`");
    /// assert_eq!(shell.captured_stderr(), "note: run `cargo plugkit sync`\n");
    /// ```
    pub fn note(&mut self, message: impl std::fmt::Display) {
        if !self.quiet {
            let style = Style::new().bold().fg_color(Some(AnsiColor::Cyan.into()));
            let line = format!("{}note{}: {message}\n", self.on(style), self.off(style));
            self.err(&line);
        }
    }

    /// Prints `error: {message}`, even with `-q`.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(true, false, MessageFormat::Human);
    /// shell.error("broken");
    /// assert_eq!(shell.captured_stderr(), "error: broken\n");
    /// ```
    pub fn error(&mut self, message: impl std::fmt::Display) {
        let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
        let line = format!("{}error{}: {message}\n", self.on(style), self.off(style));
        self.err(&line);
    }

    /// Prints one JSON message on stdout, with `--message-format json` only.
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(false, false, MessageFormat::Human);
    /// shell.json(&serde_json::json!({"reason": "x"}));
    /// assert_eq!(shell.captured_stdout(), "");
    /// ```
    pub fn json(&mut self, message: &serde_json::Value) {
        if self.is_json() {
            let line = format!("{message}\n");
            self.out(&line);
        }
    }

    /// Prints text on stdout as it is (diffs, listings).
    ///
    /// ```
    /// use cargo_plugkit::{MessageFormat, Shell};
    /// let mut shell = Shell::captured(false, false, MessageFormat::Human);
    /// shell.print("digraph {}\n");
    /// assert_eq!(shell.captured_stdout(), "digraph {}\n");
    /// ```
    pub fn print(&mut self, text: &str) {
        self.out(text);
    }

    fn on(&self, style: Style) -> String {
        if self.color {
            style.render().to_string()
        } else {
            String::new()
        }
    }

    fn off(&self, style: Style) -> String {
        if self.color {
            style.render_reset().to_string()
        } else {
            String::new()
        }
    }

    fn err(&mut self, text: &str) {
        match &mut self.capture {
            Some((err, _)) => err.extend_from_slice(text.as_bytes()),
            // A closed stderr must not turn into a panic; there is nowhere left to report it.
            None => {
                let _ = io::stderr().lock().write_all(text.as_bytes());
            }
        }
    }

    fn out(&mut self, text: &str) {
        match &mut self.capture {
            Some((_, out)) => out.extend_from_slice(text.as_bytes()),
            None => {
                let mut stdout = io::stdout().lock();
                // A closed stdout (`| head`) ends the output, not the program.
                let _ = stdout.write_all(text.as_bytes());
                let _ = stdout.flush();
            }
        }
    }
}
