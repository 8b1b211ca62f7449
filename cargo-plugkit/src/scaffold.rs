//! `cargo plugkit new`: a plugin crate for a host, in a chosen style, that builds and passes
//! its test at once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use crate::config::HostConfig;
use crate::generate::{package_header, quote};
use crate::known::{Crate, PLUGKIT};
use crate::paths::{normalise, slashes};
use crate::source;
use crate::workspace::Workspace;
use crate::write::{Change, apply_all};
use crate::{Error, Options, Shell, members};

/// The plugin styles `new` scaffolds.
///
/// ```
/// use cargo_plugkit::Style;
/// assert_eq!(Style::Compas.name(), "compas");
/// // `--style` parses it with clap, by the same names:
/// assert_eq!(<Style as clap::ValueEnum>::from_str("modelgauge", false), Ok(Style::ModelGauge));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Style {
    /// Pluggable functions (`#[plugkit::plugin]`).
    #[default]
    Compas,
    /// Typed configuration kinds.
    Qik,
    /// Instance factories.
    #[value(name = "modelgauge")]
    ModelGauge,
}

impl Style {
    /// The name used on the command line and in `template-dir.<style>`.
    ///
    /// ```
    /// assert_eq!(cargo_plugkit::Style::ModelGauge.name(), "modelgauge");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Style::Compas => "compas",
            Style::Qik => "qik",
            Style::ModelGauge => "modelgauge",
        }
    }

    /// The built-in templates: (path in the new crate, text).
    fn builtin(self) -> [(&'static str, &'static str); 2] {
        match self {
            Style::Compas => [
                ("src/lib.rs", include_str!("../templates/compas/lib.rs")),
                (
                    "tests/plugin.rs",
                    include_str!("../templates/compas/test.rs"),
                ),
            ],
            Style::Qik => [
                ("src/lib.rs", include_str!("../templates/qik/lib.rs")),
                ("tests/plugin.rs", include_str!("../templates/qik/test.rs")),
            ],
            Style::ModelGauge => [
                ("src/lib.rs", include_str!("../templates/modelgauge/lib.rs")),
                (
                    "tests/plugin.rs",
                    include_str!("../templates/modelgauge/test.rs"),
                ),
            ],
        }
    }
}

/// What `new` is asked to create.
///
/// ```
/// use cargo_plugkit::{NewArgs, Style};
/// let args = NewArgs { path: "plugins/trimesh".into(), style: Style::Compas, host: None, dry_run: true };
/// assert!(args.dry_run);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewArgs {
    /// Where to create the crate (relative to the working directory); its last component, with
    /// the host's prefix added if it lacks it, is the crate's name.
    pub path: PathBuf,
    /// The style of the example implementation.
    pub style: Style,
    /// The host; needed when the workspace has several.
    pub host: Option<String>,
    /// `--dry-run`: list the files, write nothing.
    pub dry_run: bool,
}

/// Creates a plugin crate: its manifest (inherited workspace keys, `[package.metadata.plugkit]`,
/// dependencies on the host-API crate and plugkit), an example implementation and a test, from
/// the host's `template-dir.<style>` or the built-in templates; and adds it to the workspace
/// members. Refuses an existing destination. Returns the files created (or, with `dry_run`,
/// that would be), relative to the workspace root.
///
/// ```no_run
/// use cargo_plugkit::{MessageFormat, NewArgs, Options, Shell, Style};
///
/// let args = NewArgs { path: "plugins/trimesh".into(), style: Style::Compas, host: None, dry_run: true };
/// let mut shell = Shell::captured(false, false, MessageFormat::Human);
/// let files = cargo_plugkit::new_plugin(&Options::default(), &args, &mut shell)?;
/// assert!(files.iter().any(|f| f.ends_with("src/lib.rs")));
/// # Ok::<(), cargo_plugkit::Error>(())
/// ```
pub fn new_plugin(
    options: &Options,
    args: &NewArgs,
    shell: &mut Shell,
) -> Result<Vec<String>, Error> {
    scaffold(options, args, shell).map_err(Error::with_line)
}

fn scaffold(options: &Options, args: &NewArgs, shell: &mut Shell) -> Result<Vec<String>, Error> {
    let workspace = Workspace::load(options, shell)?;
    let host = workspace.one(args.host.as_deref())?;
    let cwd = match &options.cwd {
        Some(cwd) => cwd.clone(),
        None => std::env::current_dir().map_err(|e| Error::read(".", e))?,
    };
    let dest = normalise(&cwd.join(&args.path));
    if dest.exists() {
        return Err(Error::DestinationExists { path: dest });
    }
    let Ok(rel) = dest.strip_prefix(&workspace.root) else {
        return Err(Error::Invalid {
            message: format!(
                "{} is outside the workspace at {}",
                dest.display(),
                workspace.root.display()
            ),
            fix: "create plugin crates inside the workspace".to_owned(),
        });
    };
    let rel = slashes(rel);
    refuse_outside_members(&workspace, &dest, &rel)?;
    let last = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = if last.starts_with(&host.prefix) {
        last
    } else {
        format!("{}{last}", host.prefix)
    };
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::Invalid {
            message: format!("`{name}` (from the path's last component) is not a crate name"),
            fix: "end the path with letters, digits, `-` and `_`".to_owned(),
        });
    }
    if workspace.metadata.members.iter().any(|p| p.name == name) {
        return Err(Error::Invalid {
            message: format!("the workspace already has a crate named `{name}`"),
            fix: "choose another name".to_owned(),
        });
    }
    let api_version = workspace.api_version(host)?;
    // A pre-release host accepts only a requirement naming a pre-release of its release.
    let api_req = if !api_version.pre.is_empty() {
        format!(
            "^{}.{}.{}-{}",
            api_version.major, api_version.minor, api_version.patch, api_version.pre
        )
    } else if api_version.major > 0 {
        format!("^{}", api_version.major)
    } else {
        format!("^{}.{}", api_version.major, api_version.minor)
    };
    let vars = Vars {
        crate_name: name.clone(),
        crate_ident: name.replace('-', "_"),
        host: host.name.clone(),
        api: host.api.clone(),
        api_ident: host.api.replace('-', "_"),
        api_req: api_req.clone(),
        style: args.style.name().to_owned(),
    };
    let mut files: Vec<(PathBuf, String)> = vec![(
        dest.join("Cargo.toml"),
        manifest(&workspace, host, &dest, &vars, args.style)?,
    )];
    match host.template_dirs.get(args.style.name()) {
        Some(dir) => {
            let dir = crate::paths::resolve(&workspace.root, dir);
            for (path, text) in read_templates(&dir)? {
                files.push((dest.join(path), vars.render(&text)));
            }
        }
        None => {
            for (path, text) in args.style.builtin() {
                files.push((dest.join(path), vars.render(text)));
            }
        }
    }
    let mut root: DocumentMut = workspace.manifest.clone();
    let is_member = members::covered(&root, "members", &rel);
    if !is_member {
        members::add(&mut root, &workspace.manifest_path, &rel)?;
    }
    // `--locked`/`--frozen` write nothing: list what would be created, then fail as drift.
    let writing = !args.dry_run && !options.is_locked();
    let verb = if writing { "Creating" } else { "Would create" };
    let mut listed = Vec::new();
    let mut changes = Vec::new();
    for (path, text) in &files {
        shell.status(verb, workspace.display(path));
        changes.push(Change {
            path: path.clone(),
            old: None,
            new: text.clone(),
        });
        listed.push(workspace.display(path));
    }
    if !is_member {
        shell.status(
            if writing { "Adding" } else { "Would add" },
            format!("`{rel}` to the workspace members"),
        );
        changes.push(Change {
            path: workspace.manifest_path.clone(),
            old: Some(workspace.manifest_text.clone()),
            new: root.to_string(),
        });
    }
    if !args.dry_run && options.is_locked() {
        let mut files = listed.clone();
        if !is_member {
            files.push(workspace.display(&workspace.manifest_path));
        }
        return Err(Error::Drift {
            files,
            fix: "`--locked` and `--frozen` forbid writing; run `cargo plugkit new` without them"
                .to_owned(),
        });
    }
    if writing {
        apply_all(&changes)?;
    }
    if args.dry_run {
        shell.warn("--dry-run: nothing was written");
    } else {
        shell.status(
            "Created",
            format!(
                "`{name}`, a {} plugin of host `{}`",
                args.style.name(),
                host.name
            ),
        );
        shell.note(format!(
            "run `cargo plugkit sync` to link `{name}` into `{}`",
            host.registration
        ));
    }
    Ok(listed)
}

/// Fails when a crate at `dest` could not be a member of the workspace, so that the
/// registration crate could never link it: a path `[workspace] exclude` covers, or a directory
/// inside a nested workspace.
fn refuse_outside_members(workspace: &Workspace, dest: &Path, rel: &str) -> Result<(), Error> {
    let excluded = workspace
        .manifest
        .get("workspace")
        .and_then(|w| w.get("exclude"))
        .and_then(toml_edit::Item::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml_edit::Value::as_str)
        .find(|entry| Path::new(rel).starts_with(normalise(Path::new(entry))));
    if let Some(entry) = excluded {
        return Err(Error::Invalid {
            message: format!(
                "`{rel}` is inside `{entry}`, which `[workspace] exclude` of {} lists, so the \
                 new crate would be no member and never linked",
                workspace.manifest_path.display()
            ),
            fix: format!(
                "create it at a path outside `{entry}`, or remove `{entry}` from `[workspace] \
                 exclude`"
            ),
        });
    }
    let nested = dest
        .ancestors()
        .skip(1)
        .take_while(|dir| *dir != workspace.root)
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .ok()
                .and_then(|text| text.parse::<DocumentMut>().ok())
                .is_some_and(|doc| doc.get("workspace").is_some())
        });
    if let Some(nested) = nested {
        return Err(Error::Invalid {
            message: format!(
                "`{rel}` is inside the workspace at {}, nested in this one, so the new crate \
                 would be no member of this workspace and never linked by its hosts",
                nested.display()
            ),
            fix: format!(
                "create it outside {}, or run `cargo plugkit new` inside that workspace for \
                 its own hosts",
                workspace.display(nested)
            ),
        });
    }
    Ok(())
}

struct Vars {
    crate_name: String,
    crate_ident: String,
    host: String,
    api: String,
    api_ident: String,
    api_req: String,
    style: String,
}

impl Vars {
    fn render(&self, text: &str) -> String {
        text.replace("{{crate_name}}", &self.crate_name)
            .replace("{{crate_ident}}", &self.crate_ident)
            .replace("{{host}}", &self.host)
            .replace("{{api_ident}}", &self.api_ident)
            .replace("{{api_req}}", &self.api_req)
            .replace("{{api}}", &self.api)
            .replace("{{style}}", &self.style)
    }
}

/// Every file under `dir`, relative to it, sorted.
fn read_templates(dir: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| Error::read(&current, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::read(&current, e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::read(&path, e))?;
                let rel = path.strip_prefix(dir).unwrap_or(&path).to_owned();
                out.push((rel, text));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The new crate's `Cargo.toml`.
fn manifest(
    workspace: &Workspace,
    host: &HostConfig,
    dest: &Path,
    vars: &Vars,
    style: Style,
) -> Result<String, Error> {
    let root = &workspace.manifest;
    let workspace_table = root.get("workspace");
    let mut out = package_header(
        root,
        &vars.crate_name,
        &format!("A {} plugin for the `{}` host.", style.name(), host.name),
    );
    let _ = write!(
        out,
        "\n[package.metadata.plugkit]\nhost = {}\nhost-api = {}\n\n[dependencies]\n",
        quote(&host.name),
        quote(&vars.api_req)
    );
    out.push_str(&source::dependency_line(
        workspace,
        Crate::named(&host.api),
        None,
        dest,
    )?);
    out.push_str(&source::dependency_line(workspace, PLUGKIT, None, dest)?);
    if style == Style::Qik {
        // Configuration types are serde structs.
        let inherited = workspace_table
            .and_then(|w| w.get("dependencies"))
            .and_then(|d| d.get("serde"))
            .is_some();
        out.push_str(if inherited {
            "serde = { workspace = true, features = [\"derive\"] }\n"
        } else {
            "serde = { version = \"1\", features = [\"derive\"] }\n"
        });
    }
    if workspace_table.and_then(|w| w.get("lints")).is_some() {
        out.push_str("\n[lints]\nworkspace = true\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configuration_knows_every_style() {
        let names: Vec<&str> = <Style as clap::ValueEnum>::value_variants()
            .iter()
            .map(|s| s.name())
            .collect();
        assert_eq!(names, crate::config::STYLES);
    }
}
