//! `compas-like installable`

use std::io::Write;

use compas_like::install::installable_packages;
use plugkit::fns::Collected;

use crate::error::CliError;

/// Prints every package that the plugins name, each with the plugin that named it, in the
/// plugins' order; reports each plugin that failed on `err`, and then fails.
pub(crate) fn run(out: &mut impl Write, err: &mut impl Write) -> Result<(), CliError> {
    report(installable_packages::URL, installable_packages(), out, err)
}

fn report(
    url: &'static str,
    collected: Collected<'_, Vec<String>>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), CliError> {
    let rows: Vec<(&str, &str)> = collected
        .iter()
        .flat_map(|(entry, packages)| packages.iter().map(move |p| (p.as_str(), entry.id())))
        .collect();
    let width = rows
        .iter()
        .map(|(package, _)| package.len())
        .max()
        .unwrap_or(0);
    for (package, id) in &rows {
        writeln!(out, "{package:<width$}  from {id}")?;
    }
    for failure in collected.failures() {
        writeln!(err, "error: {failure}")?;
    }
    match collected.failures().len() {
        0 => Ok(()),
        failed => Err(CliError::PluginsFailed {
            url,
            failed,
            ran: failed + collected.values().len(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use plugkit::{pluggable, plugin};

    use super::report;
    use crate::error::CliError;

    #[pluggable(category = "test", selector = collect_all)]
    pub(crate) fn packages() -> Vec<String>;

    #[plugin(packages)]
    fn two() -> Vec<String> {
        vec!["alpha".to_owned(), "beta-long".to_owned()]
    }

    #[plugin(packages, trylast)]
    #[allow(clippy::panic, reason = "the test is about a plugin that panics")]
    fn broken() -> Vec<String> {
        panic!("no index today")
    }

    #[test]
    fn packages_are_listed_with_their_plugin_and_failures_are_reported_then_fail() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = report(packages::URL, packages(), &mut out, &mut err);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "alpha      from compas_like::commands::installable::tests::two\n\
             beta-long  from compas_like::commands::installable::tests::two\n"
        );
        assert_eq!(
            String::from_utf8_lossy(&err),
            format!(
                "error: plugin `compas_like::commands::installable::tests::broken` (compas-like-cli {} \
                 (compas_like::commands::installable::tests::broken)) panicked: no index today\n",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(matches!(
            result,
            Err(CliError::PluginsFailed {
                failed: 1,
                ran: 2,
                ..
            })
        ));
        assert_eq!(
            result.map_err(|e| e.to_string()),
            Err("1 of the 2 plugins of `plugkit://compas-like-cli/test/packages` failed; the results above come from the others".to_owned())
        );
    }
}
