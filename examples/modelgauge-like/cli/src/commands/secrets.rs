//! `list-secrets`: every secret a plugin may use, as a `secrets.toml` template.

use std::io::{self, Write};

use modelgauge_like::{SECRETS_PATH, Suts, Tests};
use plugkit::instances::{Namespace, toml_template};

pub(crate) fn run(out: &mut impl Write) -> io::Result<()> {
    let mut all = Suts::instances().secrets();
    all.extend(Tests::instances().secrets());
    if all.is_empty() {
        return writeln!(out, "# No plugin uses a secret.");
    }
    writeln!(
        out,
        "# The secrets the plugins may use: put their values in {SECRETS_PATH}.\n"
    )?;
    write!(out, "{}", toml_template(all))
}
