//! `qik-like`: runs the commands of the nearest `qik.toml`, each served from its cache when
//! its deps have not changed.
//!
//! ```text
//! qik-like [COMMAND...]     run these commands (every command when none is named)
//! qik-like --ls             list the commands
//! qik-like config show      print the effective configuration
//! qik-like plugins          list configuration kinds, types, sections and commands, with their crates
//! qik-like <plugin command> a command a linked plugin contributes (see --help)
//! ```
//!
//! Exit codes: 0 success, 1 a command failed, 2 usage, 3 a configuration or run error.

use std::io::Write;
use std::process::ExitCode;

use clap::{Arg, ArgAction, Command};
use qik_like::{COMMANDS, Error, Project};

fn cli() -> Command {
    Command::new("qik-like")
        .about("Run the commands of the nearest qik.toml, cached by a hash of their deps")
        .version(env!("CARGO_PKG_VERSION"))
        .args_conflicts_with_subcommands(true)
        .arg(
            Arg::new("commands")
                .value_name("COMMAND")
                .num_args(0..)
                .help("Commands to run (all when none is named)"),
        )
        .arg(
            Arg::new("ls")
                .long("ls")
                .action(ArgAction::SetTrue)
                .help("List the commands"),
        )
        .subcommand(
            Command::new("config")
                .about("Inspect the configuration")
                .subcommand_required(true)
                .subcommand(Command::new("show").about("Print the effective configuration")),
        )
        .subcommand(
            Command::new("plugins")
                .about("List configuration kinds, their types, plugin sections and plugin commands, with the crates that provide them"),
        )
}

fn project() -> Result<Project, Error> {
    let here = std::env::current_dir().map_err(Error::Output)?;
    Project::find(&here)
}

fn fail(error: impl std::fmt::Display, code: u8) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "error: {error}");
    ExitCode::from(code)
}

fn main() -> ExitCode {
    let registry = match qik_like_plugins::init() {
        Ok(registry) => registry,
        Err(e) => return fail(e, 3),
    };
    let cli = match COMMANDS.augment(registry, cli()) {
        Ok(cli) => cli,
        Err(e) => return fail(e, 3),
    };
    let matches = match cli.try_get_matches() {
        Ok(matches) => matches,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let mut stdout = std::io::stdout().lock();
    match matches.subcommand() {
        Some(("plugins", _)) => {
            let _ = stdout.write_all(qik_like::list_plugins(registry).as_bytes());
            ExitCode::SUCCESS
        }
        Some(("config", _)) => match project().map(|p| p.effective_toml()) {
            Ok(Ok(text)) => {
                let _ = stdout.write_all(text.as_bytes());
                ExitCode::SUCCESS
            }
            Ok(Err(e)) => fail(e, 3),
            Err(e) => fail(e, 3),
        },
        Some(_) => {
            let project = match project() {
                Ok(project) => project,
                Err(e) => return fail(e, 3),
            };
            match COMMANDS.run(registry, &matches, &project.ctx) {
                Some(Ok(())) => ExitCode::SUCCESS,
                Some(Err(e)) => fail(e, 3),
                None => fail("unknown subcommand", 2),
            }
        }
        None => {
            let project = match project() {
                Ok(project) => project,
                Err(e) => return fail(e, 3),
            };
            if matches.get_flag("ls") {
                let _ = stdout.write_all(qik_like::list_commands(&project).as_bytes());
                return ExitCode::SUCCESS;
            }
            let names: Vec<String> = matches
                .get_many::<String>("commands")
                .map(|names| names.cloned().collect())
                .unwrap_or_default();
            match qik_like::run_commands(&project, &names, &mut stdout, &mut std::io::stderr()) {
                Ok(reports) if reports.iter().all(|r| r.exit_code == 0) => ExitCode::SUCCESS,
                Ok(_) => ExitCode::from(1),
                Err(e) => fail(e, 3),
            }
        }
    }
}
