//! `--ls` and `plugins`: what the project has, and what the linked plugins provide.

use std::fmt::Write;

use plugkit::Registry;

use crate::{COMMANDS, Project};

/// One line per command: its name and shell line.
///
/// ```
/// let dir = std::env::temp_dir().join("qik-like-doc-ls");
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("qik.toml"), "[commands.test]\nexec = \"cargo test\"\n")?;
/// let project = qik_like::Project::find(&dir)?;
/// assert_eq!(qik_like::list_commands(&project), "test  cargo test\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn list_commands(project: &Project) -> String {
    let width = project
        .config
        .commands
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for (name, command) in &project.config.commands {
        let _ = writeln!(text, "{name:width$}  {}", command.exec);
    }
    text
}

/// Every configuration kind with its `type`s, the plugin sections and the plugin commands,
/// each with the crate that registered it.
///
/// ```
/// let text = qik_like::list_plugins(plugkit::registry());
/// assert!(text.contains("cache kind (plugkit://qik-like/config/cache), default type `local`"));
/// assert!(text.contains("  local  qik-like "));
/// ```
pub fn list_plugins(registry: &Registry) -> String {
    let mut text = String::new();
    for kind in plugkit::config::kinds(registry) {
        let point = kind.point();
        if point.url == plugkit::config::PLUGINS_URL {
            text.push_str("plugin sections ([plugins.<name>])\n");
        } else {
            let name = point.url.rsplit('/').next().unwrap_or(point.url);
            let _ = write!(text, "{name} kind ({})", point.url);
            if let Some(tag) = point.default {
                let _ = write!(text, ", default type `{tag}`");
            }
            text.push('\n');
        }
        rows(
            &mut text,
            kind.entries().iter().map(|e| (e.id(), e.origin())),
        );
    }
    text.push_str("plugin commands\n");
    let commands = COMMANDS.list(registry);
    rows(
        &mut text,
        commands.iter().map(|(c, e)| (c.name(), e.origin())),
    );
    text
}

fn rows<'a>(text: &mut String, rows: impl Iterator<Item = (&'a str, &'a plugkit::Origin)>) {
    let rows: Vec<_> = rows.collect();
    if rows.is_empty() {
        text.push_str("  (none)\n");
        return;
    }
    let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for (id, origin) in rows {
        let _ = writeln!(
            text,
            "  {id:width$}  {} {} ({}::{})",
            origin.crate_name, origin.crate_version, origin.module_path, origin.item
        );
    }
}
