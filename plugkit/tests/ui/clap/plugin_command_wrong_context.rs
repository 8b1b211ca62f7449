pub struct Ctx;
pub struct Other;

plugkit::plugin_commands!(pub const COMMANDS: Commands<Ctx> = "plugkit://ui/commands";);

fn def() -> clap::Command {
    clap::Command::new("x")
}

// Takes another context than the host's commands receive.
fn run(_: &clap::ArgMatches, _: &Other) -> Result<(), plugkit::BoxError> {
    Ok(())
}

plugkit::plugin_command!(COMMANDS, "x", def, run);

fn main() {}
