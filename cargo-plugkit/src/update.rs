//! Bringing each host's registration crate up to date on a loaded workspace: the work that
//! `sync` and `add` share. Discovers the plugins, computes every file that would change, and
//! writes them all or nothing, or (`--check`, `--locked`) reports them as drift.

use serde_json::json;

use crate::config::{self, HostConfig};
use crate::discover::{self, Discovery, Status};
use crate::eol::Style;
use crate::known::{PLUGKIT, PLUGKIT_BUILD};
use crate::paths::slashes;
use crate::workspace::Workspace;
use crate::write::{Change, Created};
use crate::{Error, Options, Shell, diff, generate, members, region, source};

/// What `sync` is asked to do, beyond the shared [`Options`].
///
/// ```
/// let args = cargo_plugkit::SyncArgs { check: true, ..Default::default() };
/// assert!(args.host.is_none() && !args.deny_incompatible);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncArgs {
    /// Only this host (`--host`); all hosts when `None`.
    pub host: Option<String>,
    /// `--check`: print a diff of what would change and fail if anything would.
    pub check: bool,
    /// `--deny-incompatible`: fail instead of leaving incompatible plugins out.
    pub deny_incompatible: bool,
}

/// What a `sync` found and changed.
///
/// ```no_run
/// use cargo_plugkit::{MessageFormat, Options, Shell, SyncArgs};
///
/// let mut shell = Shell::captured(false, false, MessageFormat::Human);
/// let report = cargo_plugkit::sync(&Options::default(), &SyncArgs::default(), &mut shell)?;
/// println!("{} plugins, {} files written", report.plugins, report.changed.len());
/// # Ok::<(), cargo_plugkit::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// The files written (or, with `--check`/`--locked`, that would be), relative to the
    /// workspace root.
    pub changed: Vec<String>,
    /// How many plugin crates the registration crates name, over all hosts.
    pub plugins: usize,
    /// How many were left out as incompatible.
    pub incompatible: usize,
}

pub(crate) fn drift(files: Vec<String>, check: bool) -> Error {
    Error::Drift {
        files,
        fix: if check {
            "run `cargo plugkit sync`".to_owned()
        } else {
            "`--locked` forbids writing; run `cargo plugkit sync` and commit the result".to_owned()
        },
    }
}

/// Brings the selected hosts' registration crates up to date; `created` are the files this
/// run created before cargo ran (new files, whatever they hold now).
pub(crate) fn run(
    workspace: &Workspace,
    options: &Options,
    args: &SyncArgs,
    created: &Created,
    shell: &mut Shell,
) -> Result<SyncReport, Error> {
    let hosts = workspace.select(args.host.as_deref())?;
    workspace.lock.check_one(PLUGKIT.package)?;
    for host in &hosts {
        workspace.lock.check_single(&host.api)?;
    }
    let writing = !args.check && !options.is_locked();
    let mut root = workspace.manifest.clone();
    let mut report = SyncReport::default();
    let mut changes: Vec<Change> = Vec::new();
    let mut synced = Vec::new();
    for host in hosts {
        let discovery = discover::discover(workspace, host)?;
        announce(&discovery, shell);
        let incompatible: Vec<String> = discovery
            .found
            .iter()
            .filter_map(|(p, s)| match s {
                Status::Incompatible(_) => Some(format!(
                    "{} {} (requires {})",
                    p.name, p.version, p.host_api
                )),
                _ => None,
            })
            .collect();
        if args.deny_incompatible && !incompatible.is_empty() {
            return Err(Error::Incompatible {
                host: host.name.clone(),
                api: host.api.clone(),
                version: discovery.api_version.to_string(),
                count: incompatible.len(),
                crates: incompatible,
            });
        }
        let host_changes =
            registration_changes(workspace, &discovery, &mut root, writing, created, shell)?;
        let count = discovery.included().count();
        report.plugins += count;
        report.incompatible += incompatible.len();
        let verb = if host_changes.is_empty() {
            "Unchanged"
        } else if writing {
            "Synced"
        } else {
            "Outdated"
        };
        for change in &host_changes {
            file_status(workspace, change, writing, args.check, shell);
        }
        let summary = format!(
            "{} ({count} plugin{} of host `{}`)",
            host.registration,
            if count == 1 { "" } else { "s" },
            host.name
        );
        let message = json!({
            "reason": "host-synced",
            "host": host.name,
            "registration": host.registration,
            "plugins": count,
            "changed": !host_changes.is_empty(),
        });
        if verb == "Synced" {
            // Said once the files are in place: a failure before then changes nothing.
            synced.push((summary, message));
        } else {
            shell.status(verb, summary);
            shell.json(&message);
        }
        changes.extend(host_changes);
    }
    let root_text = Style::of(&workspace.manifest_text).apply(root.to_string());
    if root_text != workspace.manifest_text {
        let change = Change {
            path: workspace.manifest_path.clone(),
            old: Some(workspace.manifest_text.clone()),
            new: root_text,
        };
        file_status(workspace, &change, writing, args.check, shell);
        changes.push(change);
    }
    report.changed = changes.iter().map(|c| workspace.display(&c.path)).collect();
    if !writing && !changes.is_empty() {
        shell
            .json(&json!({"reason": "sync-finished", "success": false, "changed": report.changed}));
        return Err(drift(report.changed, args.check));
    }
    crate::write::apply_all(&changes)?;
    for (summary, message) in synced {
        shell.status("Synced", summary);
        shell.json(&message);
    }
    shell.json(&json!({"reason": "sync-finished", "success": true, "changed": report.changed}));
    Ok(report)
}

fn announce(discovery: &Discovery<'_>, shell: &mut Shell) {
    for warning in &discovery.warnings {
        shell.warn(warning);
    }
    for (plugin, status) in &discovery.found {
        let (name, why) = match status {
            Status::Included => {
                shell.verbose_status(
                    "Found",
                    format!(
                        "{} {} (requires {} {})",
                        plugin.name, plugin.version, discovery.host.api, plugin.host_api
                    ),
                );
                ("included", None)
            }
            Status::Incompatible(why) => {
                shell.status(
                    "Skipping",
                    format!("{} {}: {why}", plugin.name, plugin.version),
                );
                ("incompatible", Some(why))
            }
            Status::Excluded(why) => {
                shell.verbose_status("Excluding", format!("{}: {why}", plugin.name));
                ("excluded", Some(why))
            }
        };
        shell.json(&json!({
            "reason": "plugin",
            "host": discovery.host.name,
            "crate": plugin.name,
            "version": plugin.version,
            "host_api": plugin.host_api,
            "status": name,
            "why": why,
        }));
    }
}

fn file_status(
    workspace: &Workspace,
    change: &Change,
    writing: bool,
    check: bool,
    shell: &mut Shell,
) {
    let path = workspace.display(&change.path);
    let diff = diff::unified(&path, change.old.as_deref(), &change.new);
    if writing {
        shell.status("Writing", &path);
    } else {
        shell.status("Outdated", &path);
        if check && !shell.is_json() {
            shell.print(&diff);
        }
    }
    shell.json(&json!({
        "reason": "file",
        "path": path,
        "action": if writing { "write" } else { "outdated" },
        "diff": if check { Some(diff) } else { None },
    }));
}

/// The registration crate's manifest with `plugkit-build` among its build dependencies (its
/// build script's guard needs it): added when missing, as `line` says, the rest kept.
fn with_build_dependency(text: String, doc: &toml_edit::DocumentMut, line: &str) -> String {
    match doc
        .get("build-dependencies")
        .and_then(|b| b.as_table_like())
    {
        Some(table)
            if table
                .iter()
                .any(|(k, v)| PLUGKIT_BUILD.is_declared_by(k, v)) =>
        {
            text
        }
        Some(_) => {
            // Insert the line right after the table's header, keeping every other byte.
            let header = "[build-dependencies]";
            match text.find(&format!("\n{header}")) {
                Some(at) => {
                    let end = at + 1 + header.len();
                    let rest = text[end..]
                        .strip_prefix("\r\n")
                        .or_else(|| text[end..].strip_prefix('\n'))
                        .unwrap_or(&text[end..]);
                    format!("{}\n{line}{rest}", &text[..end])
                }
                None => text,
            }
        }
        None => {
            // One blank line before the new table, however the file ended.
            let mut out = text.trim_end_matches(['\n', '\r']).to_owned();
            out.push_str("\n\n[build-dependencies]\n");
            out.push_str(line);
            out
        }
    }
}

/// The changes that bring one host's registration crate up to date; `root` collects the
/// workspace-members edit.
fn registration_changes(
    workspace: &Workspace,
    discovery: &Discovery<'_>,
    root: &mut toml_edit::DocumentMut,
    writing: bool,
    created: &Created,
    shell: &mut Shell,
) -> Result<Vec<Change>, Error> {
    let host: &HostConfig = discovery.host;
    let dir = crate::paths::resolve(&workspace.root, &host.registration_path);
    let manifest = dir.join("Cargo.toml");
    if let Some(other) = workspace
        .metadata
        .members
        .iter()
        .find(|p| p.dir() == dir && p.name != host.registration)
    {
        return Err(Error::config(
            &workspace.manifest_path,
            format!("{}.{}.registration", config::HOSTS_KEY, host.name),
            format!(
                "is `{}`, but the crate at `{}` is `{}`",
                host.registration, host.registration_path, other.name
            ),
            "make `registration` and `registration-path` name the same crate",
        ));
    }
    let body = generate::region_body(&dir, discovery.included());
    let dependencies = generate::Dependencies {
        plugkit: source::dependency_line(workspace, PLUGKIT, None, &dir)?,
        plugkit_build: source::dependency_line(workspace, PLUGKIT_BUILD, Some(PLUGKIT), &dir)?,
    };
    // A crate this sync created before cargo ran is generated as if it did not exist.
    let existing = if created.contains(&manifest) {
        None
    } else {
        crate::write::read_if_exists(&manifest)?
    };
    let new_manifest = match existing {
        Some(text) => {
            let spliced = region::splice(&manifest, &text, &body)?;
            let doc = match spliced.parse::<toml_edit::DocumentMut>() {
                Ok(doc) => doc,
                Err(e) => {
                    return Err(Error::Toml {
                        path: manifest,
                        message: format!(
                            "with the generated region it would not parse ({}); a plugin crate \
                             may also be listed outside the markers: remove it there",
                            e.to_string().trim_end().replace('\n', " ")
                        ),
                    });
                }
            };
            with_build_dependency(spliced, &doc, &dependencies.plugkit_build)
        }
        None => generate::new_manifest(host, &workspace.manifest, &dependencies, &body),
    };
    // A new file takes the root manifest's line endings (a CRLF checkout stays CRLF).
    let style = Style {
        final_newline: true,
        ..Style::of(&workspace.manifest_text)
    };
    let mut changes = Vec::new();
    for (path, new) in [
        (manifest.clone(), new_manifest),
        (
            dir.join("src").join("lib.rs"),
            generate::lib_rs(host, discovery.included()),
        ),
        (dir.join("build.rs"), generate::build_rs(host)),
    ] {
        if created.contains(&path) {
            // Created by this sync before cargo ran: new, whatever it holds now.
            let new = style.apply(new);
            changes.push(Change {
                path,
                old: None,
                new,
            });
        } else {
            changes.extend(Change::compare(path, new, style)?);
        }
    }
    let is_member = workspace.metadata.members.iter().any(|p| p.dir() == dir);
    let rel = slashes(std::path::Path::new(&host.registration_path));
    if !is_member && !members::covered(root, "members", &rel) {
        if members::covered(root, "exclude", &rel) {
            return Err(Error::config(
                &workspace.manifest_path,
                "workspace.exclude",
                format!(
                    "excludes `{rel}`, the registration crate of host `{}`",
                    host.name
                ),
                format!("remove `{rel}` from `exclude`, or move the registration crate"),
            ));
        }
        members::add(root, &workspace.manifest_path, &rel)?;
        if writing {
            shell.status("Adding", format!("`{rel}` to the workspace members"));
        }
    }
    Ok(changes)
}
