//! One module per subcommand. Each writes its result to `out` (stdout) and notes to stderr.

pub(crate) mod area;
pub(crate) mod explain;
pub(crate) mod installable;
pub(crate) mod plugins;
pub(crate) mod union;
