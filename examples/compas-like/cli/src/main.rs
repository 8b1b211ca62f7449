//! `compas-like`: polygon unions and areas, computed by whichever plugin crate is available.
//!
//! Exit codes: 0 ok, 1 the operation failed (a bad input file, an engine that declined),
//! 2 usage (bad arguments, an unknown extension point), 101 the plugin registry has problems.

mod cli;
mod commands;
mod engine;
mod error;
mod output;

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
    let registry = compas_like_plugins::init()?;
    let mut out = io::stdout().lock();
    match cli.command {
        Command::Union { a, b } => commands::union::run(&a, &b, &mut out)?,
        Command::Area { file } => commands::area::run(&file, &mut out)?,
        Command::Installable => commands::installable::run(&mut out, &mut io::stderr().lock())?,
        Command::Plugins { json } => commands::plugins::run(registry, json, &mut out)?,
        Command::Explain { url } => commands::explain::run(registry, &url, &mut out)?,
    }
    out.flush()?;
    Ok(())
}
