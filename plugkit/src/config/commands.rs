//! Plugin commands: clap subcommands that plugins contribute and the host adds before parsing.

use std::error::Error as StdError;
use std::fmt;
use std::marker::PhantomData;

use thiserror::Error;

use crate::{Entry, Origin, Point, Registry, Style};

/// How the core speaks of a host's plugin commands.
static COMMANDS: Style = Style {
    key: "commands",
    noun: "plugin commands",
    id_noun: "command",
    duplicate_fix: "rename one of the commands, or link only one of these crates",
    describe: |_| "plugin commands".to_owned(),
};

/// What a plugin command's run function returns on failure.
///
/// ```
/// let e: plugkit::config::CommandError = "the database is locked".into();
/// assert_eq!(e.to_string(), "the database is locked");
/// ```
pub type CommandError = Box<dyn StdError + Send + Sync>;

/// Runs a plugin command with its parsed arguments and the host's context `C`; not part of
/// the documented surface ([`PluginCommand::new`] spells the type out).
///
/// ```
/// fn run(_: &clap::ArgMatches, _: &()) -> Result<(), plugkit::config::CommandError> { Ok(()) }
/// let f: plugkit::config::RunFn<()> = run;
/// # let _ = f;
/// ```
#[doc(hidden)]
pub type RunFn<C> = fn(&clap::ArgMatches, &C) -> Result<(), CommandError>;

/// A subcommand a plugin contributes: its name, its clap definition and what it runs.
///
/// ```
/// use plugkit::config::PluginCommand;
///
/// fn stats() -> clap::Command { clap::Command::new("stats").about("Print statistics") }
/// fn run(_: &clap::ArgMatches, out: &std::cell::RefCell<String>) -> Result<(), plugkit::config::CommandError> {
///     out.borrow_mut().push_str("3 entries");
///     Ok(())
/// }
/// static STATS: PluginCommand<std::cell::RefCell<String>> = PluginCommand::new("stats", stats, run);
/// assert_eq!(STATS.name(), "stats");
/// ```
pub struct PluginCommand<C: 'static> {
    name: &'static str,
    command: fn() -> clap::Command,
    run: RunFn<C>,
}

impl<C: 'static> PluginCommand<C> {
    /// A command named `name`, defined by `command` (its name is set to `name`), running `run`.
    ///
    /// ```
    /// fn def() -> clap::Command { clap::Command::new("anything") }
    /// fn run(_: &clap::ArgMatches, _: &()) -> Result<(), plugkit::config::CommandError> { Ok(()) }
    /// static C: plugkit::config::PluginCommand<()> = plugkit::config::PluginCommand::new("doc-new", def, run);
    /// assert_eq!(C.name(), "doc-new");
    /// ```
    pub const fn new(
        name: &'static str,
        command: fn() -> clap::Command,
        run: fn(&clap::ArgMatches, &C) -> Result<(), CommandError>,
    ) -> Self {
        PluginCommand { name, command, run }
    }

    /// The subcommand's name.
    ///
    /// ```
    /// # fn def() -> clap::Command { clap::Command::new("x") }
    /// # fn run(_: &clap::ArgMatches, _: &()) -> Result<(), plugkit::config::CommandError> { Ok(()) }
    /// let c = plugkit::config::PluginCommand::new("doc-name", def, run);
    /// assert_eq!(c.name(), "doc-name");
    /// ```
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The clap definition, named [`name`](PluginCommand::name).
    pub(crate) fn command(&self) -> clap::Command {
        (self.command)().name(self.name)
    }

    /// Runs the command.
    pub(crate) fn run(&self, matches: &clap::ArgMatches, context: &C) -> Result<(), CommandError> {
        (self.run)(matches, context)
    }
}

impl<C> fmt::Debug for PluginCommand<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PluginCommand")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A plugin command has the name of one of the host's own subcommands.
///
/// ```
/// let err = plugkit::config::CommandConflict { name: "config".into(), origin: plugkit::origin!("config") };
/// assert!(err.to_string().starts_with("plugin command `config` from plugkit"));
/// ```
#[derive(Clone, Error, PartialEq, Eq)]
#[error(
    "plugin command `{name}` from {origin} has the name of one of the host's own commands\n  \
     fix: rename the plugin's command"
)]
pub struct CommandConflict {
    /// The name both use.
    pub name: String,
    /// Where the plugin registered it.
    pub origin: Origin,
}

/// The host's point for plugin commands, with the context type `C` its commands receive.
///
/// ```
/// use plugkit::config::{Commands, PluginCommand};
///
/// pub struct Ctx { greeting: &'static str }
/// pub const DOC_COMMANDS: Commands<Ctx> = Commands::new("plugkit://doc-host/commands", plugkit::origin!("DOC_COMMANDS"));
/// plugkit::submit_point!(DOC_COMMANDS.point());
///
/// // In a plugin crate:
/// fn hello() -> clap::Command { clap::Command::new("hello").arg(clap::Arg::new("who")) }
/// fn run(m: &clap::ArgMatches, ctx: &Ctx) -> Result<(), plugkit::config::CommandError> {
///     let who = m.get_one::<String>("who").ok_or("who?")?;
///     assert_eq!(format!("{}, {who}", ctx.greeting), "hi, you");
///     Ok(())
/// }
/// static HELLO: PluginCommand<Ctx> = PluginCommand::new("hello", hello, run);
/// plugkit::submit_entry!(DOC_COMMANDS.entry(&HELLO, plugkit::origin!("hello")));
///
/// // In the host's `main`:
/// let registry = plugkit::registry();
/// let cli = DOC_COMMANDS.augment(registry, clap::Command::new("host"))?;
/// let matches = cli.try_get_matches_from(["host", "hello", "you"])?;
/// let ran = DOC_COMMANDS.run(registry, &matches, &Ctx { greeting: "hi" });
/// assert!(matches!(ran, Some(Ok(()))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Commands<C: 'static> {
    url: &'static str,
    origin: Origin,
    context: PhantomData<fn(&C)>,
}

impl<C: 'static> Commands<C> {
    /// The point at `url`, declared at `origin`.
    ///
    /// ```
    /// const C: plugkit::config::Commands<()> = plugkit::config::Commands::new("plugkit://doc/commands-new", plugkit::origin!("C"));
    /// assert_eq!(C.point().url, "plugkit://doc/commands-new");
    /// ```
    pub const fn new(url: &'static str, origin: Origin) -> Self {
        Commands {
            url,
            origin,
            context: PhantomData,
        }
    }

    /// The point's descriptor, to register with [`submit_point!`](crate::submit_point!).
    ///
    /// ```
    /// const C: plugkit::config::Commands<()> = plugkit::config::Commands::new("plugkit://doc/commands-point", plugkit::origin!("C"));
    /// assert_eq!(C.point().style.noun, "plugin commands");
    /// ```
    pub const fn point(&self) -> Point {
        Point::new::<PluginCommand<C>>(self.url, &COMMANDS, "plugin command", self.origin)
    }

    /// A plugin's entry for `command`, to register with [`submit_entry!`](crate::submit_entry!).
    ///
    /// ```
    /// # fn def() -> clap::Command { clap::Command::new("x") }
    /// # fn run(_: &clap::ArgMatches, _: &()) -> Result<(), plugkit::config::CommandError> { Ok(()) }
    /// const C: plugkit::config::Commands<()> = plugkit::config::Commands::new("plugkit://doc/commands-entry", plugkit::origin!("C"));
    /// static X: plugkit::config::PluginCommand<()> = plugkit::config::PluginCommand::new("x", def, run);
    /// assert_eq!(C.entry(&X, plugkit::origin!("x")).id(), "x");
    /// ```
    pub const fn entry(&self, command: &'static PluginCommand<C>, origin: Origin) -> Entry {
        Entry::new(self.url, command.name, origin, command)
    }

    /// The plugin commands in `registry`, in the point's order, with their entries.
    ///
    /// ```
    /// const C: plugkit::config::Commands<()> = plugkit::config::Commands::new("plugkit://doc/commands-list", plugkit::origin!("C"));
    /// assert!(C.list(&plugkit::Registry::builder().build()?).is_empty());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn list<'r>(&self, registry: &'r Registry) -> Vec<(&'static PluginCommand<C>, &'r Entry)> {
        registry
            .point(self.url)
            .into_iter()
            .flat_map(|p| p.entries())
            .filter_map(|e| e.payload::<PluginCommand<C>>().map(|c| (c, e)))
            .collect()
    }

    /// Adds every plugin command to `cli` as a subcommand, so that it parses and shows in
    /// `--help`. Fails, changing nothing, if one has the name of a subcommand `cli` has.
    ///
    /// ```
    /// const C: plugkit::config::Commands<()> = plugkit::config::Commands::new("plugkit://doc/commands-augment", plugkit::origin!("C"));
    /// let cli = C.augment(&plugkit::Registry::builder().build()?, clap::Command::new("host"))?;
    /// assert_eq!(cli.get_subcommands().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn augment(
        &self,
        registry: &Registry,
        mut cli: clap::Command,
    ) -> Result<clap::Command, CommandConflict> {
        let commands = self.list(registry);
        for (command, entry) in &commands {
            if cli.get_subcommands().any(|s| s.get_name() == command.name) {
                return Err(CommandConflict {
                    name: command.name.to_owned(),
                    origin: *entry.origin(),
                });
            }
        }
        for (command, _) in commands {
            cli = cli.subcommand(command.command());
        }
        Ok(cli)
    }

    /// Runs the plugin command that `matches` chose, if it chose one.
    ///
    /// ```
    /// const C: plugkit::config::Commands<()> = plugkit::config::Commands::new("plugkit://doc/commands-run", plugkit::origin!("C"));
    /// let m = clap::Command::new("host").get_matches_from(["host"]);
    /// assert!(C.run(&plugkit::Registry::builder().build()?, &m, &()).is_none());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn run(
        &self,
        registry: &Registry,
        matches: &clap::ArgMatches,
        context: &C,
    ) -> Option<Result<(), CommandError>> {
        let (name, sub) = matches.subcommand()?;
        let command = registry
            .point(self.url)?
            .entry(name)?
            .payload::<PluginCommand<C>>()?;
        Some(command.run(sub, context))
    }
}

impl<C> fmt::Debug for Commands<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Commands")
            .field("url", &self.url)
            .field("origin", &self.origin)
            .finish()
    }
}

crate::error::debug_is_display!(CommandConflict);
