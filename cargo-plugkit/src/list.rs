//! `cargo plugkit list`: each host's plugins, their versions and compatibility, as a table, as
//! JSON, or as a Graphviz graph.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::discover::{self, Discovery, Source, Status};
use crate::workspace::Workspace;
use crate::{Error, Options, Shell};

/// How `list` prints.
///
/// ```
/// use cargo_plugkit::ListFormat;
/// assert_eq!(ListFormat::default(), ListFormat::Human);
/// assert_eq!(<ListFormat as clap::ValueEnum>::from_str("dot", false), Ok(ListFormat::Dot));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// A table per host.
    #[default]
    Human,
    /// One JSON document.
    Json,
    /// A Graphviz `digraph` of hosts, registration crates and plugins.
    Dot,
}

/// Prints, for each host (or the one named), every plugin crate found: version, host-API
/// requirement, whether it is compatible, and why it is left out if it is.
///
/// ```no_run
/// use cargo_plugkit::{ListFormat, MessageFormat, Options, Shell};
///
/// let mut shell = Shell::captured(false, false, MessageFormat::Human);
/// cargo_plugkit::list(&Options::default(), None, ListFormat::Dot, &mut shell)?;
/// assert!(shell.captured_stdout().starts_with("digraph plugkit {"));
/// # Ok::<(), cargo_plugkit::Error>(())
/// ```
pub fn list(
    options: &Options,
    host: Option<&str>,
    format: ListFormat,
    shell: &mut Shell,
) -> Result<(), Error> {
    print_list(options, host, format, shell).map_err(Error::with_line)
}

fn print_list(
    options: &Options,
    host: Option<&str>,
    format: ListFormat,
    shell: &mut Shell,
) -> Result<(), Error> {
    let workspace = Workspace::load(options, shell)?;
    let mut discoveries = Vec::new();
    for host in workspace.select(host)? {
        let discovery = discover::discover(&workspace, host)?;
        for warning in &discovery.warnings {
            shell.warn(warning);
        }
        discoveries.push(discovery);
    }
    let text = match format {
        ListFormat::Human => human(&workspace, &discoveries),
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(&to_json(&workspace, &discoveries))
                .unwrap_or_default();
            text.push('\n');
            text
        }
        ListFormat::Dot => dot(&discoveries),
    };
    shell.print(&text);
    Ok(())
}

fn status_words(status: &Status) -> (&'static str, Option<&str>) {
    match status {
        Status::Included => ("included", None),
        Status::Incompatible(why) => ("incompatible", Some(why)),
        Status::Excluded(why) => ("excluded", Some(why)),
    }
}

fn source(workspace: &Workspace, source: &Source) -> String {
    match source {
        Source::Member(dir) => workspace.display(dir),
        Source::Published {
            path: Some(dir), ..
        } => {
            format!("published, {}", workspace.display(dir))
        }
        Source::Published { path: None, .. } => "published".to_owned(),
    }
}

fn human(workspace: &Workspace, discoveries: &[Discovery<'_>]) -> String {
    let mut out = String::new();
    for (i, d) in discoveries.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let host = d.host;
        let _ = writeln!(
            out,
            "{} (host API {} {}; registration crate {} in {})",
            host.name, host.api, d.api_version, host.registration, host.registration_path
        );
        if d.found.is_empty() {
            out.push_str("  no plugin crates found\n");
            continue;
        }
        let rows: Vec<[String; 5]> = d
            .found
            .iter()
            .map(|(p, s)| {
                let (word, why) = status_words(s);
                [
                    p.name.clone(),
                    p.version.clone(),
                    p.host_api.clone(),
                    why.map_or(word.to_owned(), |why| format!("{word}: {why}")),
                    source(workspace, &p.source),
                ]
            })
            .collect();
        let header = ["plugin", "version", "requires", "status", "from"].map(str::to_owned);
        let mut widths = [0usize; 5];
        for row in std::iter::once(&header).chain(&rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::from(" ");
            for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
                if i + 1 == row.len() {
                    let _ = write!(line, " {cell}");
                } else {
                    let _ = write!(line, " {cell:<w$}");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

fn to_json(workspace: &Workspace, discoveries: &[Discovery<'_>]) -> Value {
    let hosts: Vec<Value> = discoveries
        .iter()
        .map(|d| {
            let plugins: Vec<Value> = d
                .found
                .iter()
                .map(|(p, s)| {
                    let (word, why) = status_words(s);
                    let (kind, path) = match &p.source {
                        Source::Member(dir) => ("member", Some(workspace.display(dir))),
                        Source::Published { path, .. } => {
                            ("published", path.as_ref().map(|p| workspace.display(p)))
                        }
                    };
                    json!({
                        "crate": p.name,
                        "version": p.version,
                        "host_api": p.host_api,
                        "compatible": !matches!(s, Status::Incompatible(_)),
                        "status": word,
                        "why": why,
                        "source": kind,
                        "path": path,
                    })
                })
                .collect();
            json!({
                "name": d.host.name,
                "prefix": d.host.prefix,
                "api": d.host.api,
                "api_version": d.api_version.to_string(),
                "registration": d.host.registration,
                "registration_path": d.host.registration_path,
                "plugins": plugins,
            })
        })
        .collect();
    json!({ "hosts": hosts })
}

fn dot(discoveries: &[Discovery<'_>]) -> String {
    let q = |s: &str| {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n");
        format!("\"{escaped}\"")
    };
    let mut out =
        String::from("digraph plugkit {\n    rankdir=LR;\n    node [fontname=\"sans-serif\"];\n");
    for d in discoveries {
        let host = d.host;
        let _ = writeln!(
            out,
            "    subgraph {} {{",
            q(&format!("cluster_{}", host.name))
        );
        let _ = writeln!(out, "        label={};", q(&format!("host {}", host.name)));
        let _ = writeln!(
            out,
            "        {} [shape=box, label={}];",
            q(&host.api),
            q(&format!("{} {}\nhost API", host.api, d.api_version))
        );
        let _ = writeln!(
            out,
            "        {} [shape=component, label={}];",
            q(&host.registration),
            q(&format!("{}\nregistration crate", host.registration))
        );
        for (p, s) in &d.found {
            let (style, label) = match s {
                Status::Included => ("solid", format!("{} {}", p.name, p.version)),
                Status::Incompatible(why) | Status::Excluded(why) => {
                    ("dashed", format!("{} {}\n{why}", p.name, p.version))
                }
            };
            let _ = writeln!(
                out,
                "        {} [shape=ellipse, style={style}, label={}];",
                q(&p.name),
                q(&label)
            );
            if *s == Status::Included {
                let _ = writeln!(
                    out,
                    "        {} -> {} [label=\"links\"];",
                    q(&host.registration),
                    q(&p.name)
                );
            }
            if !matches!(s, Status::Excluded(_)) {
                let _ = writeln!(
                    out,
                    "        {} -> {} [label={}, style={style}];",
                    q(&p.name),
                    q(&host.api),
                    q(&p.host_api)
                );
            }
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}
