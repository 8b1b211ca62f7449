//! `list-suts` and `list-tests`: every uid of a namespace, with its type, arguments, and the
//! secrets it uses and misses.

use std::io::Write;

use plugkit::instances::{Namespace, toml_template};

use crate::error::CliError;

pub(crate) fn run<N: Namespace>(what: &str, out: &mut impl Write) -> Result<(), CliError> {
    let secrets = super::load_secrets()?;
    let instances = N::instances();
    let listed = instances.list();
    if listed.is_empty() {
        writeln!(out, "No {what} are registered.")?;
        return Ok(());
    }
    for (i, r) in listed.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let origin = r.origin();
        writeln!(out, "{}", r.uid())?;
        writeln!(out, "  Type: {}", r.type_name())?;
        writeln!(
            out,
            "  Crate: {} {} ({}::{})",
            origin.crate_name, origin.crate_version, origin.module_path, origin.item
        )?;
        let args: Vec<String> = r.args().iter().map(ToString::to_string).collect();
        writeln!(out, "  Args: {}", join_or_none(&args))?;
        let used: Vec<String> = r.secrets().iter().map(ToString::to_string).collect();
        writeln!(out, "  Secrets used: {}", join_or_none(&used))?;
        let missing = instances.missing_dependencies(r.uid(), &secrets)?;
        if !missing.is_empty() {
            writeln!(out, "  Missing secrets:")?;
            for line in toml_template(missing.iter().map(|m| m.secret)).lines() {
                writeln!(out, "    {line}")?;
            }
        }
    }
    Ok(())
}

fn join_or_none(items: &[String]) -> String {
    match items.is_empty() {
        true => "none".to_owned(),
        false => items.join(", "),
    }
}
