//! Plugin commands: clap subcommands that plugins contribute and the host adds before parsing.

use std::fmt;
use std::marker::PhantomData;

use thiserror::Error;

use crate::{BoxError, Entry, Origin, Point, Registry, Style};

/// How the core speaks of a host's plugin commands.
static COMMANDS: Style = Style {
    key: "commands",
    noun: "plugin commands",
    id_noun: "command",
    duplicate_fix: "rename one of the commands, or link only one of these crates",
    describe: |_| "plugin commands".to_owned(),
};

/// Runs a plugin command with its parsed arguments and the host's context `C`; not part of
/// the documented surface ([`plugin_command!`](crate::plugin_command) spells the type out).
///
/// ```
/// fn run(_: &clap::ArgMatches, _: &()) -> Result<(), plugkit::BoxError> { Ok(()) }
/// let f: plugkit::config::RunFn<()> = run;
/// # let _ = f;
/// ```
#[doc(hidden)]
pub type RunFn<C> = fn(&clap::ArgMatches, &C) -> Result<(), BoxError>;

/// A subcommand a plugin contributes ([`plugin_command!`](crate::plugin_command)): its name,
/// its clap definition and what it runs.
///
/// ```
/// pub struct Ctx;
/// plugkit::plugin_commands!(const DOC_PC_COMMANDS: Commands<Ctx> = "plugkit://doc-plugin-command/commands";);
///
/// fn stats() -> clap::Command { clap::Command::new("stats").about("Print statistics") }
/// fn run(_: &clap::ArgMatches, _: &Ctx) -> Result<(), plugkit::BoxError> { Ok(()) }
/// plugkit::plugin_command!(DOC_PC_COMMANDS, "stats", stats, run);
///
/// let names: Vec<&str> = DOC_PC_COMMANDS.list(plugkit::registry()).iter().map(|(c, _)| c.name()).collect();
/// assert_eq!(names, ["stats"]);
/// ```
pub struct PluginCommand<C: 'static> {
    name: &'static str,
    command: fn() -> clap::Command,
    run: RunFn<C>,
}

impl<C: 'static> PluginCommand<C> {
    /// A command named `name`, defined by `command` (its name is set to `name`), running `run`:
    /// what [`plugin_command!`](crate::plugin_command) builds.
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        command: fn() -> clap::Command,
        run: fn(&clap::ArgMatches, &C) -> Result<(), BoxError>,
    ) -> Self {
        PluginCommand { name, command, run }
    }

    /// The subcommand's name, as the plugin gave it to
    /// [`plugin_command!`](crate::plugin_command) (see [`PluginCommand`]'s example).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The clap definition, named [`name`](PluginCommand::name).
    pub(crate) fn command(&self) -> clap::Command {
        (self.command)().name(self.name)
    }

    /// Runs the command.
    pub(crate) fn run(&self, matches: &clap::ArgMatches, context: &C) -> Result<(), BoxError> {
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
/// pub struct Ctx;
/// plugkit::plugin_commands!(const C: Commands<Ctx> = "plugkit://doc/commands-conflict";);
/// fn config() -> clap::Command { clap::Command::new("config") }
/// fn run(_: &clap::ArgMatches, _: &Ctx) -> Result<(), plugkit::BoxError> { Ok(()) }
/// plugkit::plugin_command!(C, "config", config, run);
///
/// let host = clap::Command::new("host").subcommand(clap::Command::new("config"));
/// let err = C.augment(plugkit::registry(), host).unwrap_err();
/// assert_eq!(err.name, "config");
/// assert!(err.to_string().starts_with("plugin command `config` from plugkit-framework"));
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

/// The host's point for plugin commands, with the context type `C` its commands receive:
/// declared by [`plugin_commands!`](crate::plugin_commands), filled by
/// [`plugin_command!`](crate::plugin_command).
///
/// ```
/// pub struct Ctx { greeting: &'static str }
/// plugkit::plugin_commands!(pub const DOC_COMMANDS: Commands<Ctx> = "plugkit://doc-host/commands";);
///
/// // In a plugin crate:
/// fn hello() -> clap::Command { clap::Command::new("hello").arg(clap::Arg::new("who")) }
/// fn run(m: &clap::ArgMatches, ctx: &Ctx) -> Result<(), plugkit::BoxError> {
///     let who = m.get_one::<String>("who").ok_or("who?")?;
///     assert_eq!(format!("{}, {who}", ctx.greeting), "hi, you");
///     Ok(())
/// }
/// plugkit::plugin_command!(DOC_COMMANDS, "hello", hello, run);
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
    /// The point at `url`, declared at `origin`: what [`plugin_commands!`](crate::plugin_commands)
    /// expands to.
    #[doc(hidden)]
    pub const fn new(url: &'static str, origin: Origin) -> Self {
        Commands {
            url,
            origin,
            context: PhantomData,
        }
    }

    /// The point's descriptor, registered by [`plugin_commands!`](crate::plugin_commands).
    #[doc(hidden)]
    pub const fn point(&self) -> Point {
        Point::new::<PluginCommand<C>>(self.url, &COMMANDS, "plugin command", self.origin)
    }

    /// A plugin's entry for `command`, registered by [`plugin_command!`](crate::plugin_command).
    #[doc(hidden)]
    pub const fn entry(&self, command: &'static PluginCommand<C>, origin: Origin) -> Entry {
        Entry::new(self.url, command.name, origin, command)
    }

    /// The plugin commands in `registry`, in the point's order, with their entries.
    ///
    /// ```
    /// plugkit::plugin_commands!(const C: Commands<()> = "plugkit://doc/commands-list";);
    /// assert!(C.list(&plugkit::Registry::builder().build()?).is_empty());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn list<'r>(&self, registry: &'r Registry) -> Vec<(&'static PluginCommand<C>, &'r Entry)> {
        registry
            .find_point(self.url)
            .into_iter()
            .flat_map(|p| p.entries())
            .filter_map(|e| e.payload::<PluginCommand<C>>().map(|c| (c, e)))
            .collect()
    }

    /// Adds every plugin command to `cli` as a subcommand, so that it parses and shows in
    /// `--help`. Fails, changing nothing, if one has the name of a subcommand `cli` has.
    ///
    /// ```
    /// plugkit::plugin_commands!(const C: Commands<()> = "plugkit://doc/commands-augment";);
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

    /// Runs the plugin command that `matches` chose, if it chose one; its error is the plugin's
    /// own [`BoxError`], which `?` propagates in a `main` that returns
    /// `Result<(), Box<dyn std::error::Error>>`.
    ///
    /// ```
    /// plugkit::plugin_commands!(const C: Commands<()> = "plugkit://doc/commands-run";);
    /// let m = clap::Command::new("host").get_matches_from(["host"]);
    /// assert!(C.run(&plugkit::Registry::builder().build()?, &m, &()).is_none());
    /// # Ok::<(), plugkit::BuildError>(())
    /// ```
    pub fn run(
        &self,
        registry: &Registry,
        matches: &clap::ArgMatches,
        context: &C,
    ) -> Option<Result<(), BoxError>> {
        let (name, sub) = matches.subcommand()?;
        let command = registry
            .find_point(self.url)?
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

/// Declares a host's point for plugin commands: a constant [`Commands<C>`](crate::config::Commands)
/// whose commands receive a `&C` when they run, registered at the URL given.
///
/// ```
/// pub struct Ctx { pub verbose: bool }
///
/// plugkit::plugin_commands! {
///     /// The subcommands plugins add to this host.
///     pub const COMMANDS: Commands<Ctx> = "plugkit://doc-plugin-commands/commands";
/// }
///
/// let cli = COMMANDS.augment(plugkit::registry(), clap::Command::new("host"))?;
/// assert_eq!(cli.get_subcommands().count(), 0); // no plugin here adds one
/// assert!(plugkit::registry().point("plugkit://doc-plugin-commands/commands").is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[macro_export]
macro_rules! plugin_commands {
    ($(#[$attr:meta])* $vis:vis const $name:ident: Commands<$context:ty> = $url:expr $(;)?) => {
        $(#[$attr])*
        $vis const $name: $crate::config::Commands<$context> =
            $crate::config::Commands::new($url, $crate::origin!(::core::stringify!($name)));
        $crate::submit_point!($name.point());
    };
}

/// Registers a plugin command into a host's [`plugin_commands!`](crate::plugin_commands): its
/// name, a function that returns its clap definition (renamed to that name), and the function
/// that runs it with the parsed arguments and the host's context.
///
/// `plugkit::plugin_command!(COMMANDS, NAME, COMMAND, RUN);` where `COMMAND` is a
/// `fn() -> clap::Command` and `RUN` a
/// `fn(&clap::ArgMatches, &C) -> Result<(), plugkit::BoxError>` for the host's context `C`. A
/// `RUN` that takes another context fails to compile, at `RUN`, naming both context types.
///
/// ```
/// pub struct Ctx { pub greeting: &'static str }
/// plugkit::plugin_commands!(pub const HOST_COMMANDS: Commands<Ctx> = "plugkit://doc-plugin-command-macro/commands";);
///
/// // In a plugin crate:
/// fn hello() -> clap::Command { clap::Command::new("ignored").about("Say hello") }
/// fn run(_: &clap::ArgMatches, ctx: &Ctx) -> Result<(), plugkit::BoxError> {
///     assert_eq!(ctx.greeting, "hi");
///     Ok(())
/// }
/// plugkit::plugin_command!(HOST_COMMANDS, "hello", hello, run);
///
/// let cli = HOST_COMMANDS.augment(plugkit::registry(), clap::Command::new("host"))?;
/// let matches = cli.try_get_matches_from(["host", "hello"])?;
/// let ran = HOST_COMMANDS.run(plugkit::registry(), &matches, &Ctx { greeting: "hi" });
/// assert!(matches!(ran, Some(Ok(()))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[macro_export]
macro_rules! plugin_command {
    ($commands:expr, $name:expr, $command:expr, $run:expr $(,)?) => {
        $crate::submit_entry!($commands.entry(
            &$crate::config::PluginCommand::new($name, $command, $run),
            $crate::origin!($name),
        ));
    };
}
