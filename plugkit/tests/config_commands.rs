//! Plugin commands: contributed as clap subcommands, added before parsing, shown in `--help`.

#![cfg(feature = "clap")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::cell::RefCell;

use plugkit::BoxError;

struct Ctx {
    out: RefCell<Vec<String>>,
}

plugkit::plugin_commands!(
    const COMMANDS: Commands<Ctx> = "plugkit://config-commands-test/commands";
);

fn stats() -> clap::Command {
    clap::Command::new("ignored")
        .about("Print cache statistics")
        .arg(
            clap::Arg::new("verbose")
                .long("verbose")
                .action(clap::ArgAction::SetTrue),
        )
}

fn run_stats(m: &clap::ArgMatches, ctx: &Ctx) -> Result<(), BoxError> {
    ctx.out
        .borrow_mut()
        .push(format!("stats verbose={}", m.get_flag("verbose")));
    Ok(())
}

fn failing() -> clap::Command {
    clap::Command::new("fail")
}

fn run_failing(_: &clap::ArgMatches, _: &Ctx) -> Result<(), BoxError> {
    Err("the database is locked".into())
}

plugkit::plugin_command!(COMMANDS, "cache-stats", stats, run_stats);
plugkit::plugin_command!(COMMANDS, "fail", failing, run_failing);

fn host() -> clap::Command {
    clap::Command::new("host").subcommand(clap::Command::new("plugins"))
}

#[test]
fn a_plugin_command_is_parsed_and_run() {
    let registry = plugkit::registry();
    let cli = COMMANDS.augment(registry, host()).unwrap();
    let matches = cli
        .try_get_matches_from(["host", "cache-stats", "--verbose"])
        .unwrap();
    let ctx = Ctx {
        out: RefCell::new(Vec::new()),
    };
    assert!(matches!(
        COMMANDS.run(registry, &matches, &ctx),
        Some(Ok(()))
    ));
    assert_eq!(*ctx.out.borrow(), ["stats verbose=true"]);
}

#[test]
fn a_plugin_command_shows_in_help() {
    let mut cli = COMMANDS.augment(plugkit::registry(), host()).unwrap();
    let help = cli.render_help().to_string();
    assert!(
        help.contains("cache-stats  Print cache statistics"),
        "{help}"
    );
    assert!(help.contains("plugins"), "{help}");
}

#[test]
fn a_host_command_is_not_a_plugin_command_and_failures_are_returned() {
    let registry = plugkit::registry();
    let cli = COMMANDS.augment(registry, host()).unwrap();
    let ctx = Ctx {
        out: RefCell::new(Vec::new()),
    };
    let matches = cli
        .clone()
        .try_get_matches_from(["host", "plugins"])
        .unwrap();
    assert!(COMMANDS.run(registry, &matches, &ctx).is_none());
    let matches = cli.try_get_matches_from(["host", "fail"]).unwrap();
    let Some(Err(e)) = COMMANDS.run(registry, &matches, &ctx) else {
        panic!("the failing command succeeded");
    };
    assert_eq!(e.to_string(), "the database is locked");

    // Through `plugkit::Error`, as a host's `main` gathers plugkit's errors with `?`.
    let gathered = || -> Result<(), plugkit::Error> {
        let matches = COMMANDS
            .augment(registry, host())?
            .try_get_matches_from(["host", "fail"])
            .unwrap();
        COMMANDS.run(registry, &matches, &ctx).unwrap_or(Ok(()))?;
        Ok(())
    };
    let err = gathered().unwrap_err();
    assert!(matches!(err, plugkit::Error::Plugin(_)));
    assert_eq!(format!("{err:?}"), "the database is locked");
}

#[test]
fn a_plugin_command_named_like_a_host_command_is_an_error() {
    let cli = clap::Command::new("host").subcommand(clap::Command::new("fail"));
    let err = COMMANDS.augment(plugkit::registry(), cli).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "plugin command `fail` from plugkit-framework {} (config_commands::fail) has the name of one \
             of the host's own commands\n  fix: rename the plugin's command",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn commands_are_listed_in_order_with_their_origin() {
    let names: Vec<&str> = COMMANDS
        .list(plugkit::registry())
        .iter()
        .map(|(c, e)| {
            assert_eq!(e.origin().crate_name, "plugkit-framework");
            c.name()
        })
        .collect();
    assert_eq!(names, ["cache-stats", "fail"]);
}
