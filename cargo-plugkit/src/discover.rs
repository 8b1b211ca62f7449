//! Finding a host's plugin crates: members with its prefix or naming it in
//! `[package.metadata.plugkit]`, plus the published plugins recorded with `add`; each checked
//! against the host-API version.

use std::path::PathBuf;

use semver::Version;
use serde_json::Value;

use crate::config::{self, HostConfig, Published};
use crate::metadata::Package;
use crate::workspace::Workspace;
use crate::{Error, compat};

/// A plugin crate and what the registration crate needs to know about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Plugin {
    pub(crate) name: String,
    pub(crate) version: String,
    /// The name Rust code uses for it.
    pub(crate) ident: String,
    /// Its host-API requirement, normalised (`^0.1`, `*`).
    pub(crate) host_api: String,
    pub(crate) source: Source,
}

/// Where a plugin comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// A workspace member, in this directory.
    Member(PathBuf),
    /// Recorded with `add`: a version requirement, a local directory, or both.
    Published {
        req: Option<String>,
        path: Option<PathBuf>,
    },
}

/// Whether a found crate goes into the registration crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Included,
    /// Its host-API requirement does not accept the host's version.
    Incompatible(String),
    /// Configured out, or cannot be a plugin; the reason says which.
    Excluded(String),
}

/// A host, its API version, and every crate found for it.
#[derive(Debug)]
pub(crate) struct Discovery<'w> {
    pub(crate) host: &'w HostConfig,
    pub(crate) api_version: Version,
    pub(crate) found: Vec<(Plugin, Status)>,
    pub(crate) warnings: Vec<String>,
}

impl Discovery<'_> {
    /// The plugins that go into the registration crate, sorted by name.
    pub(crate) fn included(&self) -> impl Iterator<Item = &Plugin> {
        self.found
            .iter()
            .filter(|(_, s)| *s == Status::Included)
            .map(|(p, _)| p)
    }
}

/// Discovers the plugins of `host` in `workspace`.
pub(crate) fn discover<'w>(
    workspace: &'w Workspace,
    host: &'w HostConfig,
) -> Result<Discovery<'w>, Error> {
    let api_version = workspace.api_version(host)?;
    let mut discovery = Discovery {
        host,
        api_version,
        found: Vec::new(),
        warnings: Vec::new(),
    };
    for package in &workspace.metadata.members {
        if package.name == host.api || package.name == host.registration {
            continue;
        }
        match owner(workspace, package)? {
            Owner::Host(name) if name == host.name => {}
            Owner::NotAPlugin | Owner::Host(_) => continue,
            Owner::Nobody => {
                if package.plugkit_metadata().is_some() {
                    discovery.warnings.push(format!(
                        "`{}` has `[package.metadata.plugkit]` but no `host`, and its name has \
                         no host's prefix; add `host = \"<name>\"` to it (hosts: {})",
                        package.name,
                        workspace
                            .hosts
                            .iter()
                            .map(|h| h.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                continue;
            }
        }
        let (plugin, status) = member(host, &discovery.api_version, package)?;
        discovery.found.push((plugin, status));
    }
    for published in &host.published {
        let plugin = published_plugin(workspace, host, published)?;
        if published.path.is_none() && workspace.lock.versions(&plugin.name).next().is_none() {
            discovery.warnings.push(format!(
                "`{}` is not in Cargo.lock yet, so its exact version is unknown and `{}` \
                 expects version {}; build once, then run `cargo plugkit sync` again",
                plugin.name, host.registration, plugin.version
            ));
        }
        let status = verdict(host, &discovery.api_version, &plugin)
            .map_err(|message| bad_requirement(workspace, host, &plugin, &message))?;
        discovery.found.push((plugin, status));
    }
    discovery
        .found
        .sort_by(|(a, _), (b, _)| a.name.cmp(&b.name));
    Ok(discovery)
}

enum Owner<'a> {
    Host(&'a str),
    NotAPlugin,
    Nobody,
}

/// Which host a member belongs to: the one its metadata names, else the one whose prefix
/// (the longest) its name has, else the only host if it carries `[package.metadata.plugkit]`.
fn owner<'w>(workspace: &'w Workspace, package: &'w Package) -> Result<Owner<'w>, Error> {
    let meta = package.plugkit_metadata();
    match meta.and_then(|m| m.get("host")) {
        Some(Value::Bool(false)) => return Ok(Owner::NotAPlugin),
        Some(Value::String(name)) => {
            return if workspace.hosts.iter().any(|h| &h.name == name) {
                Ok(Owner::Host(name))
            } else {
                Err(Error::config(
                    &package.manifest_path,
                    "package.metadata.plugkit.host",
                    format!("names host `{name}`, which the workspace does not configure"),
                    format!(
                        "use one of: {}",
                        workspace
                            .hosts
                            .iter()
                            .map(|h| h.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ))
            };
        }
        Some(_) => {
            return Err(Error::config(
                &package.manifest_path,
                "package.metadata.plugkit.host",
                "must be a host's name or `false`",
                "write `host = \"<host name>\"`, or `host = false` for a crate that is not a plugin",
            ));
        }
        None => {}
    }
    let by_prefix = workspace
        .hosts
        .iter()
        .filter(|h| package.name.starts_with(&h.prefix))
        .max_by_key(|h| h.prefix.len());
    Ok(match (by_prefix, meta, workspace.hosts.as_slice()) {
        (Some(h), _, _) => Owner::Host(&h.name),
        (None, Some(_), [only]) => Owner::Host(&only.name),
        _ => Owner::Nobody,
    })
}

fn member(
    host: &HostConfig,
    api_version: &Version,
    package: &Package,
) -> Result<(Plugin, Status), Error> {
    let meta = package.plugkit_metadata();
    let declared = match meta.and_then(|m| m.get("host-api")) {
        None => None,
        Some(Value::String(req)) => Some(req.as_str()),
        Some(_) => {
            return Err(Error::config(
                &package.manifest_path,
                "package.metadata.plugkit.host-api",
                "must be a version requirement in a string",
                format!(
                    "write `host-api = \"^{}.{}\"`",
                    api_version.major, api_version.minor
                ),
            ));
        }
    };
    let req = declared
        .or_else(|| package.requirement_on(&host.api))
        .unwrap_or("*");
    let mut plugin = Plugin {
        name: package.name.clone(),
        version: package.version.clone(),
        ident: package
            .lib_name()
            .unwrap_or_else(|| package.name.replace('-', "_")),
        host_api: req.to_owned(),
        source: Source::Member(package.dir().to_owned()),
    };
    let excluded = if host.exclude.contains(&package.name) {
        Some(format!(
            "listed in `exclude` of `[workspace.metadata.plugkit.hosts.{}]`",
            host.name
        ))
    } else if meta.and_then(|m| m.get("enabled")) == Some(&Value::Bool(false)) {
        Some("`enabled = false` in its `[package.metadata.plugkit]`".to_owned())
    } else if package.lib_name().is_none() {
        Some("it has no library target".to_owned())
    } else if package.requirement_on(&host.registration).is_some() {
        Some(format!(
            "it depends on the registration crate `{}`",
            host.registration
        ))
    } else {
        None
    };
    let status = match excluded {
        Some(reason) => Status::Excluded(reason),
        None => verdict(host, api_version, &plugin).map_err(|message| {
            Error::config(
                &package.manifest_path,
                if declared.is_some() {
                    "package.metadata.plugkit.host-api"
                } else {
                    "dependencies"
                },
                format!("`{req}` is not a version requirement: {message}"),
                format!(
                    "write `host-api = \"^{}.{}\"`",
                    api_version.major, api_version.minor
                ),
            )
        })?,
    };
    if let Ok((normalised, _)) = compat::check(req, api_version) {
        plugin.host_api = normalised;
    }
    Ok((plugin, status))
}

fn verdict(host: &HostConfig, api_version: &Version, plugin: &Plugin) -> Result<Status, String> {
    let (req, ok) = compat::check(&plugin.host_api, api_version)?;
    Ok(if ok {
        Status::Included
    } else {
        Status::Incompatible(format!(
            "requires {} {req}, host is {api_version}",
            host.api
        ))
    })
}

fn bad_requirement(
    workspace: &Workspace,
    host: &HostConfig,
    plugin: &Plugin,
    message: &str,
) -> Error {
    Error::config(
        &workspace.manifest_path,
        format!(
            "{}.{}.published.{}.host-api",
            config::HOSTS_KEY,
            host.name,
            plugin.name
        ),
        format!(
            "`{}` is not a version requirement: {message}",
            plugin.host_api
        ),
        "write a requirement such as `host-api = \"^0.1\"`",
    )
}

/// A published plugin: its version from its directory's manifest, else Cargo.lock, else the
/// requirement when it names one exact version.
fn published_plugin(
    workspace: &Workspace,
    host: &HostConfig,
    published: &Published,
) -> Result<Plugin, Error> {
    let dir = published
        .path
        .as_deref()
        .map(|p| config::resolve(&workspace.root, p));
    let manifest = match &dir {
        Some(dir) => Some(read_manifest(&dir.join("Cargo.toml"))?),
        None => None,
    };
    let from_manifest = |keys: &[&str]| -> Option<String> {
        let mut item = manifest.as_ref()?.as_item();
        for key in keys {
            item = item.get(key)?;
        }
        item.as_str()
            .map(str::to_owned)
            .or_else(|| item.get("version")?.as_str().map(str::to_owned))
    };
    let version = from_manifest(&["package", "version"])
        .or_else(|| {
            let req = semver::VersionReq::parse(published.version.as_deref()?).ok()?;
            workspace
                .lock
                .versions(&published.name)
                .rfind(|v| req.matches(v))
                .map(ToString::to_string)
        })
        .or_else(|| {
            let req = published.version.as_deref()?;
            let exact = req.trim_start_matches(['=', '^', ' ']);
            Version::parse(exact).ok().map(|v| v.to_string())
        })
        .or_else(|| published.version.clone())
        .unwrap_or_else(|| "0.0.0".to_owned());
    let host_api = published
        .host_api
        .clone()
        .or_else(|| from_manifest(&["package", "metadata", "plugkit", "host-api"]))
        .or_else(|| from_manifest(&["dependencies", &host.api]))
        .unwrap_or_else(|| "*".to_owned());
    let host_api = compat::check(&host_api, &Version::new(0, 0, 0))
        .map(|(normalised, _)| normalised)
        .unwrap_or(host_api);
    Ok(Plugin {
        name: published.name.clone(),
        version,
        ident: published.name.replace('-', "_"),
        host_api,
        source: Source::Published {
            req: published.version.clone(),
            path: dir,
        },
    })
}

fn read_manifest(path: &std::path::Path) -> Result<toml_edit::DocumentMut, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
    config::parse_manifest(path, &text)
}
