//! The command line.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Evaluate systems under test (SUTs) with Tests, both provided by plugin crates.
///
/// Secrets (API keys) are read from `config/secrets.toml` in the working directory; no command
/// writes a file unless asked (`run-test --output-dir`).
#[derive(Debug, Parser)]
#[command(name = "modelgauge-like", version)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Also load plugins from this folder: executables that serve SUTs over plugkit's protocol
    /// (each in a process of its own) and `*.toml` files that declare SUTs. Runs their code:
    /// use only folders you trust.
    #[arg(long, value_name = "DIR", global = true)]
    pub(crate) plugin_dir: Option<PathBuf>,
    /// How long a plugin process may take to answer, in milliseconds.
    #[arg(long, value_name = "MS", global = true, default_value_t = 10_000)]
    pub(crate) plugin_timeout_ms: u64,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Overview of the plugin crates, SUTs and Tests.
    List,
    /// Every SUT: type, arguments, secrets used and missing.
    ListSuts,
    /// Every Test: type, arguments, secrets used and missing.
    ListTests,
    /// The secrets the plugins may use, as a `secrets.toml` template.
    ListSecrets,
    /// Send one prompt to a SUT.
    RunSut {
        /// The SUT's uid (`list-suts` shows them).
        #[arg(long)]
        sut: String,
        /// The text to send.
        #[arg(long)]
        prompt: String,
    },
    /// Run a Test on a SUT and print its results.
    RunTest {
        /// The Test's uid (`list-tests` shows them).
        #[arg(long)]
        test: String,
        /// The SUT's uid (`list-suts` shows them).
        #[arg(long)]
        sut: String,
        /// Write the full record, every item included, to this folder (created if needed).
        #[arg(long, value_name = "DIR")]
        output_dir: Option<PathBuf>,
        /// Run at most this many items.
        #[arg(long, value_name = "N")]
        max_items: Option<NonZeroUsize>,
        /// Do not draw the progress bar (it is drawn on stderr, when stderr is a terminal).
        #[arg(long)]
        no_progress_bar: bool,
        /// Await the SUT on up to N items at once (a SUT that waits on the network answers
        /// sooner); the results, the record and their order are those of one at a time.
        #[arg(long, value_name = "N", default_value = "1")]
        parallel: NonZeroUsize,
    },
}
