//! The command line: clap's definitions and the dispatch from arguments to commands.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::EXIT_USAGE;
use crate::{
    AddArgs, ColorChoice, Error, ListFormat, MessageFormat, NewArgs, Options, Shell, Style,
    SyncArgs,
};

/// Finds a workspace's plugin crates and generates the registration crate that links them.
#[derive(Debug, Parser)]
#[command(name = "cargo-plugkit", bin_name = "cargo plugkit", version)]
struct Cli {
    #[command(flatten)]
    shared: Shared,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Shared {
    /// Path to a Cargo.toml of the workspace (the root's or any member's)
    #[arg(long, global = true, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// Fail instead of writing, and pass --locked to cargo
    #[arg(long, global = true)]
    locked: bool,
    /// Pass --offline to cargo
    #[arg(long, global = true)]
    offline: bool,
    /// --locked and --offline
    #[arg(long, global = true)]
    frozen: bool,
    /// Coloring: auto, always, never (also CARGO_TERM_COLOR, NO_COLOR)
    #[arg(long, global = true, value_name = "WHEN")]
    color: Option<ColorChoice>,
    /// Print no status lines
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more status lines
    #[arg(short, long, global = true)]
    verbose: bool,
    /// human (status lines on stderr) or json (also one JSON object per line on stdout)
    #[arg(long, global = true, value_name = "FMT")]
    message_format: Option<MessageFormat>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Find each host's plugin crates and bring its registration crate up to date
    Sync {
        /// Only this host
        #[arg(long, value_name = "NAME")]
        host: Option<String>,
        /// Print a diff of what would change and exit 1 if anything would; write nothing
        #[arg(long)]
        check: bool,
        /// Exit 1 if a plugin's host-API requirement does not accept the host's version
        #[arg(long)]
        deny_incompatible: bool,
    },
    /// Create a plugin crate for a host, with an example implementation and a test
    New {
        /// Where to create it; its last component (prefixed with the host's prefix) names it
        path: PathBuf,
        /// The plugin style
        #[arg(long, value_name = "STYLE", default_value = "compas")]
        style: Style,
        /// The host (needed when the workspace has several)
        #[arg(long, value_name = "NAME")]
        host: Option<String>,
        /// List the files that would be created; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Record a published plugin crate for a host, then sync
    Add {
        /// <crate>[@<version requirement>]
        #[arg(value_name = "CRATE[@VERSION]")]
        spec: String,
        /// A local directory holding the crate
        #[arg(long, value_name = "PATH")]
        path: Option<PathBuf>,
        /// The host (inferred from the crate's prefix when the workspace has several)
        #[arg(long, value_name = "NAME")]
        host: Option<String>,
    },
    /// List each host's plugin crates: version, requirement, compatibility, why skipped
    List {
        /// Only this host
        #[arg(long, value_name = "NAME")]
        host: Option<String>,
        /// human, json, or dot (a Graphviz graph)
        #[arg(long, value_name = "FMT")]
        format: Option<ListFormat>,
    },
}

/// Runs `cargo plugkit` (or `cargo-plugkit`) with these arguments and returns the exit code:
/// 0 ok, 1 drift or incompatibility, 2 usage, 101 any other error.
///
/// The first argument is the program's name; a following `plugkit` (as cargo passes it to
/// `cargo-plugkit` for `cargo plugkit …`) is skipped.
///
/// ```
/// assert_eq!(cargo_plugkit::run(["cargo-plugkit", "plugkit", "--no-such-flag"]), 2);
/// assert_eq!(cargo_plugkit::run(["cargo-plugkit", "--version"]), 0);
/// ```
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if args.get(1).is_some_and(|a| a == "plugkit") {
        args.remove(1);
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            // Help and version go to stdout, usage errors to stderr: clap knows which.
            let _ = e.print();
            return code;
        }
    };
    let shared = &cli.shared;
    let color = ColorChoice::resolve(shared.color);
    let json = shared.message_format == Some(MessageFormat::Json);
    let mut shell = Shell::new(
        color,
        shared.quiet,
        shared.verbose,
        shared.message_format.unwrap_or_default(),
    );
    let options = Options {
        manifest_path: shared.manifest_path.clone(),
        locked: shared.locked,
        offline: shared.offline,
        frozen: shared.frozen,
        cwd: None,
    };
    match dispatch(cli.command, &options, json, &mut shell) {
        Ok(()) => 0,
        Err(err) => {
            shell.error(&err);
            err.exit_code()
        }
    }
}

fn dispatch(
    command: Command,
    options: &Options,
    json: bool,
    shell: &mut Shell,
) -> Result<(), Error> {
    match command {
        Command::Sync {
            host,
            check,
            deny_incompatible,
        } => {
            let args = SyncArgs {
                host,
                check,
                deny_incompatible,
            };
            crate::sync(options, &args, shell).map(drop)
        }
        Command::New {
            path,
            style,
            host,
            dry_run,
        } => {
            let args = NewArgs {
                path,
                style,
                host,
                dry_run,
            };
            let files = crate::new_plugin(options, &args, shell)?;
            if dry_run {
                shell.print(&files.iter().map(|f| format!("{f}\n")).collect::<String>());
            }
            Ok(())
        }
        Command::Add { spec, path, host } => {
            crate::add(options, &AddArgs { spec, path, host }, shell).map(drop)
        }
        Command::List { host, format } => {
            let format = match (format, json) {
                (Some(format), _) => format,
                (None, false) => ListFormat::Human,
                (None, true) => ListFormat::Json,
            };
            crate::list(options, host.as_deref(), format, shell)
        }
    }
}
