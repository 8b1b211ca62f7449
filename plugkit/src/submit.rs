//! Registering a point or an entry built by hand, as the attribute macros do for theirs: for
//! what has no attribute of its own (plugin commands).

/// Registers a [`Point`](crate::Point) built by hand (a constant expression), as the attribute
/// macros do for theirs: a host's plugin commands (`config::Commands::point`, with the `clap`
/// feature).
#[cfg_attr(
    feature = "clap",
    doc = r#"
```
const COMMANDS: plugkit::config::Commands<()> =
    plugkit::config::Commands::new("plugkit://doc-submit-point/commands", plugkit::origin!("COMMANDS"));
plugkit::submit_point!(COMMANDS.point());
assert!(plugkit::registry().point("plugkit://doc-submit-point/commands").is_some());
```
"#
)]
#[macro_export]
macro_rules! submit_point {
    ($point:expr) => {
        const _: () = {
            #[$crate::__private::linkme::distributed_slice($crate::__private::PLUGKIT_POINTS)]
            #[linkme(crate = $crate::__private::linkme)]
            static __PLUGKIT_POINT: $crate::Point = $point;
        };
    };
}

/// Registers an [`Entry`](crate::Entry) built by hand (a constant expression), as the
/// attribute macros do for theirs: a plugin's command (`config::Commands::entry`, with the
/// `clap` feature).
#[cfg_attr(
    feature = "clap",
    doc = r#"
```
const COMMANDS: plugkit::config::Commands<()> =
    plugkit::config::Commands::new("plugkit://doc-submit-entry/commands", plugkit::origin!("COMMANDS"));
plugkit::submit_point!(COMMANDS.point());

fn hello() -> clap::Command { clap::Command::new("hello") }
fn run(_: &clap::ArgMatches, _: &()) -> Result<(), plugkit::config::CommandError> { Ok(()) }
static HELLO: plugkit::config::PluginCommand<()> = plugkit::config::PluginCommand::new("hello", hello, run);
plugkit::submit_entry!(COMMANDS.entry(&HELLO, plugkit::origin!("hello")));

let names: Vec<&str> = COMMANDS.list(plugkit::registry()).iter().map(|(c, _)| c.name()).collect();
assert_eq!(names, ["hello"]);
```
"#
)]
#[macro_export]
macro_rules! submit_entry {
    ($entry:expr) => {
        const _: () = {
            #[$crate::__private::linkme::distributed_slice($crate::__private::PLUGKIT_ENTRIES)]
            #[linkme(crate = $crate::__private::linkme)]
            static __PLUGKIT_ENTRY: $crate::Entry = $entry;
        };
    };
}
