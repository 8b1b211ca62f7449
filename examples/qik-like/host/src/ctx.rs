//! What factories and plugin commands receive.

use std::path::PathBuf;

use plugkit::config::{Context, PluginSections};

/// The context a cache or dep factory, and a plugin command, receives: the project's root,
/// its `{ctx.*}` variables (with `<NS>__<VAR>` environment overrides) and the plugin sections.
///
/// ```
/// let ctx = qik_like::Ctx {
///     root: "/srv/app".into(),
///     vars: plugkit::config::Context::default().with("project", "name", "demo"),
///     plugins: plugkit::config::PluginSections::default(),
/// };
/// assert_eq!(ctx.vars.format("{ctx.project.name}.tar")?, "demo.tar");
/// # Ok::<(), plugkit::config::FormatError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Ctx {
    /// The folder that holds `qik.toml`; commands run there.
    pub root: PathBuf,
    /// `{ctx.<ns>.<var>}` values.
    pub vars: Context,
    /// Every enabled plugin's `[plugins.<name>]` section.
    pub plugins: PluginSections,
}

plugkit::plugin_commands! {
    /// The point plugins add subcommands to.
    ///
    /// ```
    /// let names: Vec<&str> = qik_like::COMMANDS.list(plugkit::registry()).iter().map(|(c, _)| c.name()).collect();
    /// # let _ = names;
    /// ```
    pub const COMMANDS: Commands<Ctx> = "plugkit://qik-like/commands";
}
