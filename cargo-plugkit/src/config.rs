//! The host configuration: `[workspace.metadata.plugkit.hosts.<name>]` in the root manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};

use crate::{Error, Options};

/// Where a host's configuration lives, for messages and edits.
pub(crate) const HOSTS_KEY: &str = "workspace.metadata.plugkit.hosts";

/// The keys of `[workspace.metadata.plugkit]`.
const PLUGKIT_KEYS: &[&str] = &["hosts"];

/// The keys of `[package.metadata.plugkit]`.
const PACKAGE_KEYS: &[&str] = &["host", "host-api", "enabled", "features"];

/// The keys of a published plugin's table.
const PUBLISHED_KEYS: &[&str] = &["version", "path", "host-api"];

/// The styles `cargo plugkit new --style` knows, each a possible `template-dir.<style>`.
pub(crate) const STYLES: &[&str] = &["compas", "qik", "modelgauge"];

const HOST_KEYS: &[&str] = &[
    "prefix",
    "registration",
    "registration-path",
    "api",
    "exclude",
    "template-dir",
    "published",
];

/// One host of the workspace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HostConfig {
    pub(crate) name: String,
    pub(crate) prefix: String,
    pub(crate) registration: String,
    /// Relative to the workspace root, with `/` separators, as written.
    pub(crate) registration_path: String,
    pub(crate) api: String,
    pub(crate) exclude: Vec<String>,
    /// Per style, a directory of templates for `new`, relative to the workspace root.
    pub(crate) template_dirs: BTreeMap<String, String>,
    pub(crate) published: Vec<Published>,
}

/// A published plugin recorded with `cargo plugkit add`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Published {
    pub(crate) name: String,
    pub(crate) version: Option<String>,
    /// Relative to the workspace root.
    pub(crate) path: Option<String>,
    pub(crate) host_api: Option<String>,
}

/// Parses the root manifest's text.
pub(crate) fn parse_manifest(path: &Path, text: &str) -> Result<DocumentMut, Error> {
    text.parse::<DocumentMut>().map_err(|e| Error::Toml {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })
}

/// Reads every host configured in the root manifest, sorted by name.
pub(crate) fn hosts(path: &Path, doc: &DocumentMut) -> Result<Vec<HostConfig>, Error> {
    let plugkit = doc
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("plugkit"));
    if let Some(plugkit) = plugkit {
        let table = table_like(path, "workspace.metadata.plugkit", plugkit)?;
        for (key, _) in table.iter() {
            known_key(
                path,
                "workspace.metadata.plugkit",
                key,
                PLUGKIT_KEYS,
                "setting of `[workspace.metadata.plugkit]`",
            )?;
        }
    }
    let Some(hosts) = plugkit.and_then(|p| p.get("hosts")) else {
        return Err(Error::NoHosts {
            path: path.to_owned(),
        });
    };
    let hosts = table_like(path, HOSTS_KEY, hosts)?;
    let mut out = Vec::new();
    for (name, item) in hosts.iter() {
        out.push(host(path, name, item)?);
    }
    if out.is_empty() {
        return Err(Error::NoHosts {
            path: path.to_owned(),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    distinct(path, &out)?;
    Ok(out)
}

/// Fails when two hosts share a prefix, a registration crate or its directory: each sync of
/// one would undo the other's, or one host would take the other's plugins.
fn distinct(path: &Path, hosts: &[HostConfig]) -> Result<(), Error> {
    type Get = fn(&HostConfig) -> String;
    let keys: [(&str, Get, &str); 3] = [
        (
            "prefix",
            |h| h.prefix.replace('_', "-"),
            "plugins would belong to both",
        ),
        (
            "registration",
            |h| h.registration.replace('_', "-"),
            "each sync would overwrite the other's",
        ),
        (
            "registration-path",
            |h| h.registration_path.clone(),
            "each sync would overwrite the other's",
        ),
    ];
    for (i, later) in hosts.iter().enumerate() {
        for earlier in &hosts[..i] {
            for (key, get, why) in &keys {
                if get(earlier) == get(later) {
                    return Err(Error::config(
                        path,
                        format!("{HOSTS_KEY}.{}.{key}", later.name),
                        format!(
                            "hosts `{}` and `{}` both have `{key} = \"{}\"`; {why}",
                            earlier.name,
                            later.name,
                            get(later)
                        ),
                        format!(
                            "give host `{}` or host `{}` another `{key}`",
                            earlier.name, later.name
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn table_like<'a>(
    path: &Path,
    key: &str,
    item: &'a Item,
) -> Result<&'a dyn toml_edit::TableLike, Error> {
    item.as_table_like().ok_or_else(|| {
        Error::config(
            path,
            key,
            "must be a table",
            format!("write it as `[{key}]` or an inline table"),
        )
    })
}

fn host(path: &Path, name: &str, item: &Item) -> Result<HostConfig, Error> {
    let base = format!("{HOSTS_KEY}.{name}");
    let table = table_like(path, &base, item)?;
    for (key, _) in table.iter() {
        known_key(path, &base, key, HOST_KEYS, "host setting")?;
    }
    let string = |key: &str, example: &str| -> Result<String, Error> {
        match table.get(key) {
            Some(item) => item.as_str().map(str::to_owned).ok_or_else(|| {
                Error::config(
                    path,
                    format!("{base}.{key}"),
                    "must be a string",
                    format!("write `{key} = \"{example}\"`"),
                )
            }),
            None => Err(Error::config(
                path,
                format!("{base}.{key}"),
                "is missing",
                format!("add `{key} = \"{example}\"` to `[{base}]`"),
            )),
        }
    };
    let prefix = string("prefix", &format!("{name}-"))?;
    if prefix.is_empty() {
        return Err(Error::config(
            path,
            format!("{base}.prefix"),
            "is empty, which every crate's name would have",
            format!("write the start of the plugin crates' names, such as `prefix = \"{name}-\"`"),
        ));
    }
    let registration = string("registration", &format!("{name}-plugins"))?;
    // No guess for these two: the host-API crate is one the user wrote, and the directory
    // depends on the layout.
    let registration_path = string(
        "registration-path",
        "<directory for the registration crate>",
    )?;
    let api = string("api", "<host-API crate>")?;
    if registration_path.is_empty()
        || Path::new(&registration_path).is_absolute()
        || registration_path.split(['/', '\\']).any(|c| c == "..")
    {
        return Err(Error::config(
            path,
            format!("{base}.registration-path"),
            format!("`{registration_path}` is not a directory inside the workspace"),
            "give a relative path below the workspace root, such as `plugins/registration`",
        ));
    }
    let exclude = match table.get("exclude") {
        None => Vec::new(),
        Some(item) => strings(path, &format!("{base}.exclude"), item)?,
    };
    let mut template_dirs = BTreeMap::new();
    if let Some(item) = table.get("template-dir") {
        let key = format!("{base}.template-dir");
        for (style, dir) in table_like(path, &key, item)?.iter() {
            let dir = dir.as_str().ok_or_else(|| {
                Error::config(
                    path,
                    format!("{key}.{style}"),
                    "must be a string",
                    format!("write `{style} = \"path/to/templates\"`"),
                )
            })?;
            if !STYLES.contains(&style) {
                let styles = STYLES.join(", ");
                let (message, fix) = match did_you_mean(style, STYLES) {
                    Some(close) => (
                        format!("is not a style; did you mean `{close}`?"),
                        format!("rename it to `template-dir.{close}` (the styles are {styles})"),
                    ),
                    None => (
                        "is not a style".to_owned(),
                        format!("use one of the styles: {styles}"),
                    ),
                };
                return Err(Error::config(path, format!("{key}.{style}"), message, fix));
            }
            let root = path.parent().unwrap_or(Path::new("."));
            if !crate::paths::resolve(root, dir).is_dir() {
                return Err(Error::config(
                    path,
                    format!("{key}.{style}"),
                    format!(
                        "`{dir}` is not a directory (relative to the workspace root {})",
                        root.display()
                    ),
                    "create the directory with the template files, or correct the path",
                ));
            }
            template_dirs.insert(style.to_owned(), dir.to_owned());
        }
    }
    let mut published = Vec::new();
    if let Some(item) = table.get("published") {
        let key = format!("{base}.published");
        for (crate_name, value) in table_like(path, &key, item)?.iter() {
            published.push(published_plugin(
                path,
                &format!("{key}.{crate_name}"),
                crate_name,
                value,
            )?);
        }
    }
    published.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(HostConfig {
        name: name.to_owned(),
        prefix,
        registration,
        registration_path: registration_path.trim_end_matches('/').to_owned(),
        api,
        exclude,
        template_dirs,
        published,
    })
}

fn strings(path: &Path, key: &str, item: &Item) -> Result<Vec<String>, Error> {
    let fail = || {
        Error::config(
            path,
            key,
            "must be an array of crate names",
            "write it as `exclude = [\"name\", ...]`",
        )
    };
    let array = item.as_array().ok_or_else(fail)?;
    array
        .iter()
        .map(|v| v.as_str().map(str::to_owned).ok_or_else(fail))
        .collect()
}

fn published_plugin(path: &Path, key: &str, name: &str, item: &Item) -> Result<Published, Error> {
    if let Some(version) = item.as_str() {
        requirement(path, key, name, version, &format!("{name} = "))?;
        return Ok(Published {
            name: name.to_owned(),
            version: Some(version.to_owned()),
            path: None,
            host_api: None,
        });
    }
    let fail = |message: &str| {
        Error::config(
            path,
            key,
            message,
            format!(
                "write `{name} = \"<version requirement>\"` or \
                 `{name} = {{ version = \"...\", path = \"...\" }}`"
            ),
        )
    };
    let table = item
        .as_table_like()
        .ok_or_else(|| fail("must be a version requirement or a table"))?;
    let field = |field: &str| -> Result<Option<String>, Error> {
        match table.get(field) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(|s| Some(s.to_owned()))
                .ok_or_else(|| fail(&format!("`{field}` must be a string"))),
        }
    };
    for (k, _) in table.iter() {
        known_key(
            path,
            key,
            k,
            PUBLISHED_KEYS,
            "setting of a published plugin",
        )?;
    }
    let version = field("version")?;
    let plugin_path = field("path")?;
    let host_api = field("host-api")?;
    if version.is_none() && plugin_path.is_none() {
        return Err(fail("needs a `version`, a `path`, or both"));
    }
    if let Some(version) = &version {
        requirement(path, &format!("{key}.version"), name, version, "version = ")?;
    }
    if let Some(host_api) = &host_api {
        requirement(
            path,
            &format!("{key}.host-api"),
            name,
            host_api,
            "host-api = ",
        )?;
    }
    Ok(Published {
        name: name.to_owned(),
        version,
        path: plugin_path,
        host_api,
    })
}

/// Fails unless `req` is a semver version requirement, as cargo reads one: a manifest naming
/// it would not load.
fn requirement(path: &Path, key: &str, name: &str, req: &str, form: &str) -> Result<(), Error> {
    semver::VersionReq::parse(req).map(drop).map_err(|e| {
        Error::config(
            path,
            key,
            format!("`{req}` is not a version requirement: {e}"),
            format!(
                "write a semver requirement such as `{form}\"0.3\"` or `{form}\"=0.3.1\"`{}",
                if form.starts_with("host-api") {
                    String::new()
                } else {
                    format!(" (`cargo plugkit add {name}@<requirement>` rewrites it)")
                }
            ),
        )
    })
}

/// The workspace root as cargo finds it: the nearest `Cargo.toml` with a `[workspace]` table
/// at or above the manifest (or the working directory).
pub(crate) fn find_root(options: &Options) -> Result<Option<PathBuf>, Error> {
    let cwd = match &options.cwd {
        Some(cwd) => cwd.clone(),
        None => std::env::current_dir().map_err(|e| Error::read(".", e))?,
    };
    let start = match &options.manifest_path {
        Some(manifest) => cwd.join(manifest).parent().map(Path::to_owned),
        None => Some(cwd),
    };
    for dir in start.iter().flat_map(|s| s.ancestors()) {
        let candidate = dir.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&candidate)
            && parse_manifest(&candidate, &text)?
                .get("workspace")
                .is_some()
        {
            return Ok(Some(dir.to_owned()));
        }
    }
    Ok(None)
}

/// Fails on a key that is not one of `known`, naming the closest one when it is a likely typo.
fn known_key(path: &Path, base: &str, key: &str, known: &[&str], what: &str) -> Result<(), Error> {
    if known.contains(&key) {
        return Ok(());
    }
    let (message, fix) = match did_you_mean(key, known) {
        Some(close) => (
            format!("is not a {what}; did you mean `{close}`?"),
            format!("rename it to `{close}`"),
        ),
        None => (
            format!("is not a {what}"),
            format!("remove it; the settings are {}", known.join(", ")),
        ),
    };
    Err(Error::config(path, format!("{base}.{key}"), message, fix))
}

/// The known name closest to `unknown`, if it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Checks a member's `[package.metadata.plugkit]` (as cargo reports it): only known keys, each
/// of its type. `manifest` is the member's `Cargo.toml`, for the message.
pub(crate) fn validate_package(manifest: &Path, value: &serde_json::Value) -> Result<(), Error> {
    use serde_json::Value;
    const BASE: &str = "package.metadata.plugkit";
    let Some(table) = value.as_object() else {
        return Err(Error::config(
            manifest,
            BASE,
            "must be a table",
            "write it as `[package.metadata.plugkit]` with `host`, `host-api`, `enabled` or \
             `features`",
        ));
    };
    for (key, value) in table {
        known_key(manifest, BASE, key, PACKAGE_KEYS, "plugin setting")?;
        let (ok, expected, example) = match key.as_str() {
            "host" => (
                matches!(value, Value::String(_) | Value::Bool(false)),
                "a host's name or `false`",
                "`host = \"<host name>\"`, or `host = false` for a crate that is not a plugin",
            ),
            "host-api" => (
                value.is_string(),
                "a version requirement in a string",
                "`host-api = \"^0.1\"`",
            ),
            "enabled" => (
                value.is_boolean(),
                "`true` or `false` (a boolean, not a string)",
                "`enabled = false` to leave the crate out, or remove the key",
            ),
            _ => (
                value
                    .as_array()
                    .is_some_and(|a| a.iter().all(Value::is_string)),
                "an array of feature names",
                "`features = [\"plugin\"]`",
            ),
        };
        if !ok {
            return Err(Error::config(
                manifest,
                format!("{BASE}.{key}"),
                format!("must be {expected}, not `{value}`"),
                format!("write {example}"),
            ));
        }
    }
    Ok(())
}

/// The `[workspace.metadata.plugkit.hosts.<host>]` table of a document, created if needed.
pub(crate) fn host_table_mut<'a>(doc: &'a mut DocumentMut, host: &str) -> Option<&'a mut Table> {
    let mut table = doc.as_table_mut();
    for key in ["workspace", "metadata", "plugkit", "hosts", host] {
        let entry = table.entry(key).or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        table = entry.as_table_mut()?;
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    fn read(text: &str) -> Result<Vec<HostConfig>, Error> {
        let path = Path::new("/w/Cargo.toml");
        hosts(path, &parse_manifest(path, text)?)
    }

    const HOST: &str = r#"
[workspace.metadata.plugkit.hosts.h]
prefix = "h-"
registration = "h-plugins"
registration-path = "registration/"
api = "h"
"#;

    #[test]
    fn reads_a_host_with_its_optional_keys() {
        let text = format!(
            "{HOST}exclude = [\"h-cli\"]\ntemplate-dir.compas = \"/\"\n\
             [workspace.metadata.plugkit.hosts.h.published]\n\
             h-b = \"1.2\"\nh-a = {{ version = \"0.3.0\", path = \"vendor/a\" }}\n"
        );
        let hosts = read(&text).unwrap();
        let host = &hosts[0];
        assert_eq!(host.registration_path, "registration");
        assert_eq!(host.exclude, ["h-cli"]);
        assert_eq!(host.template_dirs["compas"], "/");
        assert_eq!(
            host.published,
            [
                Published {
                    name: "h-a".into(),
                    version: Some("0.3.0".into()),
                    path: Some("vendor/a".into()),
                    host_api: None
                },
                Published {
                    name: "h-b".into(),
                    version: Some("1.2".into()),
                    path: None,
                    host_api: None
                },
            ]
        );
    }

    #[test]
    fn a_manifest_without_hosts_says_how_to_add_one() {
        let err = read("[workspace]\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no plugin host is configured in /w/Cargo.toml\n  fix: add a \
             `[workspace.metadata.plugkit.hosts.<name>]` table with `prefix`, `registration`, \
             `registration-path` and `api` (see docs/cargo-plugkit.md)"
        );
    }

    #[test]
    fn a_missing_key_names_the_key_and_an_example() {
        let err = read(&HOST.replace("api = \"h\"\n", "")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid `workspace.metadata.plugkit.hosts.h.api` in /w/Cargo.toml: is missing\n  \
             fix: add `api = \"<host-API crate>\"` to `[workspace.metadata.plugkit.hosts.h]`"
        );
    }

    #[test]
    fn wrong_types_and_unknown_keys_are_errors() {
        let cases = [
            (
                HOST.replace("prefix = \"h-\"", "prefix = 3"),
                "invalid `workspace.metadata.plugkit.hosts.h.prefix` in /w/Cargo.toml: must be a string\n  fix: write `prefix = \"h-\"`",
            ),
            (
                format!("{HOST}prefixx = 1\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.prefixx` in /w/Cargo.toml: is not a host setting; did you mean `prefix`?\n  fix: rename it to `prefix`",
            ),
            (
                format!("{HOST}colour = 1\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.colour` in /w/Cargo.toml: is not a host setting\n  fix: remove it; the settings are prefix, registration, registration-path, api, exclude, template-dir, published",
            ),
            (
                format!("[workspace.metadata.plugkit]\nhots = 1\n{HOST}"),
                "invalid `workspace.metadata.plugkit.hots` in /w/Cargo.toml: is not a setting of `[workspace.metadata.plugkit]`; did you mean `hosts`?\n  fix: rename it to `hosts`",
            ),
            (
                format!("{HOST}published.x = {{ versoin = \"1\" }}\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.published.x.versoin` in /w/Cargo.toml: is not a setting of a published plugin; did you mean `version`?\n  fix: rename it to `version`",
            ),
            (
                format!("{HOST}exclude = \"h-cli\"\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.exclude` in /w/Cargo.toml: must be an array of crate names\n  fix: write it as `exclude = [\"name\", ...]`",
            ),
            (
                HOST.replace("\"registration/\"", "\"../elsewhere\""),
                "invalid `workspace.metadata.plugkit.hosts.h.registration-path` in /w/Cargo.toml: `../elsewhere` is not a directory inside the workspace\n  fix: give a relative path below the workspace root, such as `plugins/registration`",
            ),
            (
                format!("{HOST}published.x = {{ features = [] }}\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.published.x.features` in /w/Cargo.toml: is not a setting of a published plugin\n  fix: remove it; the settings are version, path, host-api",
            ),
            (
                format!("{HOST}published.x = {{ host-api = \"1\" }}\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.published.x` in /w/Cargo.toml: needs a `version`, a `path`, or both\n  fix: write `x = \"<version requirement>\"` or `x = { version = \"...\", path = \"...\" }`",
            ),
            (
                format!("{HOST}published.h-x = \"garbage req\"\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.published.h-x` in /w/Cargo.toml: `garbage req` is not a version requirement: unexpected character 'g' while parsing major version number\n  fix: write a semver requirement such as `h-x = \"0.3\"` or `h-x = \"=0.3.1\"` (`cargo plugkit add h-x@<requirement>` rewrites it)",
            ),
            (
                format!("{HOST}published.h-x = {{ version = \"1.x.y\", path = \"v\" }}\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.published.h-x.version` in /w/Cargo.toml: `1.x.y` is not a version requirement: unexpected character after wildcard in version req\n  fix: write a semver requirement such as `version = \"0.3\"` or `version = \"=0.3.1\"` (`cargo plugkit add h-x@<requirement>` rewrites it)",
            ),
            (
                format!("{HOST}published.h-x = {{ version = \"1\", host-api = \"~>1\" }}\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.published.h-x.host-api` in /w/Cargo.toml: `~>1` is not a version requirement: unexpected character '>' while parsing major version number\n  fix: write a semver requirement such as `host-api = \"0.3\"` or `host-api = \"=0.3.1\"`",
            ),
            (
                HOST.replace("prefix = \"h-\"", "prefix = \"\""),
                "invalid `workspace.metadata.plugkit.hosts.h.prefix` in /w/Cargo.toml: is empty, which every crate's name would have\n  fix: write the start of the plugin crates' names, such as `prefix = \"h-\"`",
            ),
            (
                HOST.replace("registration-path = \"registration/\"\n", ""),
                "invalid `workspace.metadata.plugkit.hosts.h.registration-path` in /w/Cargo.toml: is missing\n  fix: add `registration-path = \"<directory for the registration crate>\"` to `[workspace.metadata.plugkit.hosts.h]`",
            ),
            (
                format!("{HOST}template-dir.compass = \"/\"\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.template-dir.compass` in /w/Cargo.toml: is not a style; did you mean `compas`?\n  fix: rename it to `template-dir.compas` (the styles are compas, qik, modelgauge)",
            ),
            (
                format!("{HOST}template-dir.qik = \"no/such/dir\"\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.template-dir.qik` in /w/Cargo.toml: `no/such/dir` is not a directory (relative to the workspace root /w)\n  fix: create the directory with the template files, or correct the path",
            ),
            (
                "[workspace.metadata.plugkit]\nhosts = 1\n".to_owned(),
                "invalid `workspace.metadata.plugkit.hosts` in /w/Cargo.toml: must be a table\n  fix: write it as `[workspace.metadata.plugkit.hosts]` or an inline table",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(read(&text).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn package_settings_are_checked_by_name_and_type() {
        let check = |json: &str| {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            validate_package(Path::new("/w/p/Cargo.toml"), &value).map_err(|e| e.to_string())
        };
        assert_eq!(
            check(r#"{"host": "h", "host-api": "^0.1", "enabled": false, "features": ["a"]}"#),
            Ok(())
        );
        assert_eq!(check(r#"{"host": false}"#), Ok(()));
        let cases = [
            (
                r#"{"featurs": []}"#,
                "invalid `package.metadata.plugkit.featurs` in /w/p/Cargo.toml: is not a plugin setting; did you mean `features`?\n  fix: rename it to `features`",
            ),
            (
                r#"{"priority": 1}"#,
                "invalid `package.metadata.plugkit.priority` in /w/p/Cargo.toml: is not a plugin setting\n  fix: remove it; the settings are host, host-api, enabled, features",
            ),
            (
                r#"{"enabled": "no"}"#,
                "invalid `package.metadata.plugkit.enabled` in /w/p/Cargo.toml: must be `true` or `false` (a boolean, not a string), not `\"no\"`\n  fix: write `enabled = false` to leave the crate out, or remove the key",
            ),
            (
                r#"{"host": true}"#,
                "invalid `package.metadata.plugkit.host` in /w/p/Cargo.toml: must be a host's name or `false`, not `true`\n  fix: write `host = \"<host name>\"`, or `host = false` for a crate that is not a plugin",
            ),
            (
                r#"{"host-api": 1}"#,
                "invalid `package.metadata.plugkit.host-api` in /w/p/Cargo.toml: must be a version requirement in a string, not `1`\n  fix: write `host-api = \"^0.1\"`",
            ),
            (
                r#"{"features": "plugin"}"#,
                "invalid `package.metadata.plugkit.features` in /w/p/Cargo.toml: must be an array of feature names, not `\"plugin\"`\n  fix: write `features = [\"plugin\"]`",
            ),
            (
                r#""plugin""#,
                "invalid `package.metadata.plugkit` in /w/p/Cargo.toml: must be a table\n  fix: write it as `[package.metadata.plugkit]` with `host`, `host-api`, `enabled` or `features`",
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(check(json), Err(expected.to_owned()), "{json}");
        }
    }

    #[test]
    fn two_hosts_cannot_share_a_prefix_or_a_registration_crate() {
        let two = |a: &str, b: &str| {
            format!(
                "[workspace.metadata.plugkit.hosts.a]\n{a}\n\
                 [workspace.metadata.plugkit.hosts.b]\n{b}\n"
            )
        };
        let host = |prefix: &str, registration: &str, dir: &str| {
            format!(
                "prefix = \"{prefix}\"\nregistration = \"{registration}\"\n\
                 registration-path = \"{dir}\"\napi = \"api\""
            )
        };
        assert!(
            read(&two(
                &host("a-", "a-plugins", "ra"),
                &host("b-", "b-plugins", "rb")
            ))
            .is_ok()
        );
        let cases = [
            (
                two(
                    &host("x-", "a-plugins", "ra"),
                    &host("x_", "b-plugins", "rb"),
                ),
                "invalid `workspace.metadata.plugkit.hosts.b.prefix` in /w/Cargo.toml: hosts `a` and `b` both have `prefix = \"x-\"`; plugins would belong to both\n  fix: give host `a` or host `b` another `prefix`",
            ),
            (
                two(&host("a-", "p", "ra"), &host("b-", "p", "rb")),
                "invalid `workspace.metadata.plugkit.hosts.b.registration` in /w/Cargo.toml: hosts `a` and `b` both have `registration = \"p\"`; each sync would overwrite the other's\n  fix: give host `a` or host `b` another `registration`",
            ),
            (
                two(
                    &host("a-", "a-plugins", "r/"),
                    &host("b-", "b-plugins", "r"),
                ),
                "invalid `workspace.metadata.plugkit.hosts.b.registration-path` in /w/Cargo.toml: hosts `a` and `b` both have `registration-path = \"r\"`; each sync would overwrite the other's\n  fix: give host `a` or host `b` another `registration-path`",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(read(&text).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn a_typo_names_the_closest_key() {
        assert_eq!(did_you_mean("prefx", HOST_KEYS), Some("prefix"));
        assert_eq!(did_you_mean("zzz", HOST_KEYS), None);
    }

    #[test]
    fn invalid_toml_names_the_file_and_place() {
        let err = read("[workspace\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("/w/Cargo.toml is not valid TOML: TOML parse error at line 1"),
            "{err}"
        );
    }

    #[test]
    fn host_table_mut_creates_implicit_tables() {
        let mut doc = parse_manifest(Path::new("x"), "[workspace]\n").unwrap();
        host_table_mut(&mut doc, "h")
            .unwrap()
            .insert("prefix", toml_edit::value("h-"));
        assert_eq!(
            doc.to_string(),
            "[workspace]\n\n[workspace.metadata.plugkit.hosts.h]\nprefix = \"h-\"\n"
        );
    }
}
