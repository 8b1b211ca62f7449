//! Finding a host's plugin crates: members with its prefix or naming it in
//! `[package.metadata.plugkit]`, plus the published plugins recorded with `add`; each checked
//! against the host-API version.

use std::path::{Path, PathBuf};

use semver::Version;
use serde_json::Value;

use crate::config::{self, HostConfig, Published};
use crate::metadata::{Package, same_name};
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
    /// The features its registrations need (`[package.metadata.plugkit] features`), which the
    /// registration crate enables.
    pub(crate) features: Vec<String>,
    /// Its other features, which the registration crate leaves off: named by the registry's
    /// message if it registers nothing.
    pub(crate) features_off: Vec<String>,
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
        if same_name(&package.name, &host.api) || same_name(&package.name, &host.registration) {
            continue;
        }
        if let Some(why) = role_of_another_host(workspace, package) {
            // Another host's registration or API crate is never a plugin, even when its name
            // has this host's prefix: say so where it would have been taken.
            if matches!(owner(workspace, package)?, Owner::Host(name) if name == host.name) {
                discovery
                    .found
                    .push((not_a_plugin(package), Status::Excluded(why)));
            }
            continue;
        }
        match owner(workspace, package)? {
            Owner::Host(name) if name == host.name => {}
            Owner::NotAPlugin | Owner::Host(_) => continue,
            Owner::Nobody
                if host
                    .published
                    .iter()
                    .any(|p| same_name(&p.name, &package.name)) =>
            {
                // Recorded with `add --path` inside the workspace, which made it a member.
            }
            Owner::Nobody => {
                // A crate that could not be a plugin (no library, a proc-macro, a consumer of a
                // registration crate, such as the host's own binary) needs no warning.
                let could_be_plugin = package.lib_name().is_some()
                    && !package.proc_macro
                    && !workspace
                        .hosts
                        .iter()
                        .any(|h| package.requirement_on(&h.registration).is_some());
                let why = could_be_plugin
                    .then(|| {
                        near_miss(&package.name, host).or_else(|| looks_like_plugin(package, host))
                    })
                    .flatten();
                if let Some(why) = why {
                    discovery.warnings.push(format!(
                        "`{}` is not a plugin of `{}`: {why}",
                        package.name, host.name
                    ));
                    discovery
                        .found
                        .push((not_a_plugin(package), Status::Excluded(why)));
                    continue;
                }
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
        let (mut plugin, status) = member(host, &discovery.api_version, package)?;
        if let Some(recorded) = host
            .published
            .iter()
            .find(|p| p.path.is_some() && same_name(&p.name, &package.name))
        {
            // Recorded with `add --path` inside the workspace, which made it a member: the
            // registration crate keeps the recorded `{ version, path }`, so that a sync right
            // after `add` changes nothing.
            plugin.source = Source::Published {
                req: recorded.version.clone(),
                path: recorded
                    .path
                    .as_deref()
                    .map(|p| crate::paths::resolve(&workspace.root, p)),
            };
        }
        let declared = package
            .plugkit_metadata()
            .and_then(|m| m.get("features"))
            .is_some();
        if status == Status::Included && !declared && !plugin.features_off.is_empty() {
            let quoted: Vec<String> = plugin
                .features_off
                .iter()
                .map(|f| format!("`{f}`"))
                .collect();
            let listed: Vec<String> = plugin
                .features_off
                .iter()
                .map(|f| format!("{f:?}"))
                .collect();
            discovery.warnings.push(format!(
                "`{}` has features {} that `{}` leaves off; if its registrations need one, add \
                 `features = [{}]` (or the ones they need) to its `[package.metadata.plugkit]`, \
                 and `features = []` if none does",
                plugin.name,
                quoted.join(", "),
                host.registration,
                listed.join(", ")
            ));
        }
        discovery.found.push((plugin, status));
    }
    for package in &workspace.metadata.members {
        if package.requirement_on(&host.registration).is_some()
            && !names_in_sources(package.dir(), &host.registration.replace('-', "_"))
        {
            discovery.warnings.push(format!(
                "`{}` depends on `{}`, but none of its source files names it, so the linker drops \
                 it and every plugin with it; call `{}::init()` at the start of `main`",
                package.name,
                host.registration,
                host.registration.replace('-', "_")
            ));
        }
    }
    for published in &host.published {
        if discovery
            .found
            .iter()
            .any(|(p, _)| same_name(&p.name, &published.name))
        {
            // A member already: found above, once.
            continue;
        }
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

/// Why a proc-macro crate is no plugin.
const PROC_MACRO: &str =
    "a proc-macro crate runs in the compiler and registers nothing at run time";

/// A member listed only to say why it is not a plugin.
fn not_a_plugin(package: &Package) -> Plugin {
    Plugin {
        name: package.name.clone(),
        version: package.version.clone(),
        ident: package.name.replace('-', "_"),
        host_api: "*".to_owned(),
        source: Source::Member(package.dir().to_owned()),
        features: Vec::new(),
        features_off: Vec::new(),
    }
}

/// Why a member is no host's plugin when it is some host's registration or host-API crate.
fn role_of_another_host(workspace: &Workspace, package: &Package) -> Option<String> {
    workspace.hosts.iter().find_map(|h| {
        if same_name(&package.name, &h.registration) {
            Some(format!("it is the registration crate of host `{}`", h.name))
        } else if same_name(&package.name, &h.api) {
            Some(format!("it is the host-API crate of host `{}`", h.name))
        } else {
            None
        }
    })
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
        .filter(|h| has_prefix(&package.name, &h.prefix))
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
    let features = registration_features(package)?;
    let features_off = package
        .features
        .keys()
        .filter(|f| *f != "default" && !features.contains(f) && !enabled_by_default(package, f))
        .cloned()
        .collect();
    let mut plugin = Plugin {
        name: package.name.clone(),
        version: package.version.clone(),
        ident: package
            .lib_name()
            .unwrap_or_else(|| package.name.replace('-', "_")),
        host_api: req.to_owned(),
        source: Source::Member(package.dir().to_owned()),
        features,
        features_off,
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
    } else if package.proc_macro {
        Some(PROC_MACRO.to_owned())
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

/// `[package.metadata.plugkit] features`: features of the plugin that its registrations need.
/// Each must be one of its features.
fn registration_features(package: &Package) -> Result<Vec<String>, Error> {
    let Some(value) = package.plugkit_metadata().and_then(|m| m.get("features")) else {
        return Ok(Vec::new());
    };
    let key = "package.metadata.plugkit.features";
    let names: Option<Vec<String>> = value
        .as_array()
        .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect());
    let Some(mut names) = names else {
        return Err(Error::config(
            &package.manifest_path,
            key,
            "must be an array of feature names",
            "write `features = [\"plugin\"]`",
        ));
    };
    if let Some(unknown) = names.iter().find(|f| !package.features.contains_key(*f)) {
        let known: Vec<&str> = package.features.keys().map(String::as_str).collect();
        return Err(Error::config(
            &package.manifest_path,
            key,
            format!(
                "names `{unknown}`, which is not a feature of `{}`",
                package.name
            ),
            if known.is_empty() {
                format!(
                    "declare it in `[features]` of `{}`, or remove it",
                    package.name
                )
            } else {
                format!("use one of its features: {}", known.join(", "))
            },
        ));
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// Whether `feature` is on through the package's `default` feature (directly or by way of
/// another feature).
fn enabled_by_default(package: &Package, feature: &str) -> bool {
    let mut pending = vec!["default"];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(f) = pending.pop() {
        if !seen.insert(f) {
            continue;
        }
        for enabled in package.features.get(f).into_iter().flatten() {
            if enabled == feature {
                return true;
            }
            if package.features.contains_key(enabled.as_str()) {
                pending.push(enabled);
            }
        }
    }
    false
}

/// Whether `name` has `prefix`, `-` and `_` being the same, as cargo treats them.
pub(crate) fn has_prefix(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.is_char_boundary(prefix.len())
        && same_name(&name[..prefix.len()], prefix)
}

/// Why a member that is no plugin of `host` looks like one: its name almost has the prefix
/// (another case, or no separator).
fn near_miss(name: &str, host: &HostConfig) -> Option<String> {
    let bare = host.prefix.trim_end_matches(['-', '_']);
    let lower = name.to_ascii_lowercase().replace('_', "-");
    let prefix = host.prefix.to_ascii_lowercase().replace('_', "-");
    let almost = lower.starts_with(&prefix) || (!bare.is_empty() && has_prefix(name, bare));
    almost.then(|| {
        format!(
            "its name almost has the prefix `{}` of host `{}`; rename it to start with `{}`, or add \
             `host = \"{}\"` to its `[package.metadata.plugkit]` to make it a plugin (`host = \
             false` to silence this)",
            host.prefix, host.name, host.prefix, host.name
        )
    })
}

/// Why a member with no host's prefix and no `[package.metadata.plugkit]` looks like a plugin
/// of `host`: a library that depends on the host-API crate.
fn looks_like_plugin(package: &Package, host: &HostConfig) -> Option<String> {
    package.requirement_on(&host.api).is_some().then(|| {
        format!(
            "it is a library that depends on `{}`, but its name lacks the prefix `{}` and it has \
             no `[package.metadata.plugkit]`; rename it, or add `host = \"{}\"` to its \
             `[package.metadata.plugkit]` to make it a plugin (`host = false` to silence this)",
            host.api, host.prefix, host.name
        )
    })
}

/// Whether a `.rs` file under `dir/src` names `ident`.
fn names_in_sources(dir: &Path, ident: &str) -> bool {
    let pattern = dir.join("src").join("**").join("*.rs");
    glob::glob(&pattern.to_string_lossy()).is_ok_and(|paths| {
        paths
            .flatten()
            .any(|p| std::fs::read_to_string(p).is_ok_and(|text| text.contains(ident)))
    })
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
        .map(|p| crate::paths::resolve(&workspace.root, p));
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
        features: Vec::new(),
        features_off: Vec::new(),
    })
}

fn read_manifest(path: &std::path::Path) -> Result<toml_edit::DocumentMut, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::read(path, e))?;
    config::parse_manifest(path, &text)
}
