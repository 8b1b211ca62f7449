//! `list`: the plugin crates, SUTs and Tests, with counts.

use std::collections::BTreeMap;
use std::io::{self, Write};

use modelgauge_like::{Suts, Tests};
use plugkit::instances::Namespace;

fn plural(n: usize, one: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    }
}

pub(crate) fn run(out: &mut impl Write) -> io::Result<()> {
    let suts = Suts::instances().list();
    let tests = Tests::instances().list();
    let mut crates: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for r in suts {
        let o = r.origin();
        crates.entry((o.crate_name, o.crate_version)).or_default().0 += 1;
    }
    for r in tests {
        let o = r.origin();
        crates.entry((o.crate_name, o.crate_version)).or_default().1 += 1;
    }
    writeln!(out, "Plugin crates: {}", crates.len())?;
    for ((name, version), (n_suts, n_tests)) in &crates {
        let mut counts = Vec::new();
        if *n_suts > 0 {
            counts.push(plural(*n_suts, "SUT"));
        }
        if *n_tests > 0 {
            counts.push(plural(*n_tests, "Test"));
        }
        writeln!(out, "- {name} {version} ({})", counts.join(", "))?;
    }
    writeln!(out, "SUTs: {}", suts.len())?;
    for r in suts {
        writeln!(out, "- {} {r}", r.uid())?;
    }
    writeln!(out, "Tests: {}", tests.len())?;
    for r in tests {
        writeln!(out, "- {} {r}", r.uid())?;
    }
    Ok(())
}
