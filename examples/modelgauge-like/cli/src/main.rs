//! `modelgauge-like`: list and run SUTs and Tests that plugin crates register, with their
//! secrets read from `config/secrets.toml`.
//!
//! Exit codes: 0 ok, 1 the run failed (missing secrets, a malformed `secrets.toml`, a
//! constructor or a SUT that failed), 2 usage (bad arguments, an unknown uid), 101 the plugin
//! registry has problems (a duplicate uid).

mod cli;
mod commands;
mod error;
mod plugin_dir;
mod progress;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::error::CliError;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped reading (`| head`) is not an error.
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    // Holds the plugin processes until the command is done; dropping it shuts them down.
    let _plugins = match &cli.plugin_dir {
        Some(dir) => Some(plugin_dir::install(
            dir,
            std::time::Duration::from_millis(cli.plugin_timeout_ms),
        )?),
        None => {
            modelgauge_like_plugins::init()?;
            None
        }
    };
    let mut out = io::stdout().lock();
    match cli.command {
        Command::List => commands::list::run(&mut out)?,
        Command::ListSuts => commands::entries::run::<modelgauge_like::Suts>("SUTs", &mut out)?,
        Command::ListTests => commands::entries::run::<modelgauge_like::Tests>("Tests", &mut out)?,
        Command::ListSecrets => commands::secrets::run(&mut out)?,
        Command::RunSut { sut, prompt } => commands::run_sut::run(&sut, &prompt, &mut out)?,
        Command::RunTest {
            test,
            sut,
            output_dir,
            max_items,
            no_progress_bar,
            parallel,
        } => commands::run_test::run(
            commands::run_test::Options {
                test: &test,
                sut: &sut,
                output_dir: output_dir.as_deref(),
                max_items: max_items.map(usize::from),
                progress_bar: !no_progress_bar,
                parallel,
            },
            &mut out,
        )?,
    }
    out.flush()?;
    Ok(())
}
