//! The host configuration: `[workspace.metadata.plugkit.hosts.<name>]` in the root manifest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};

use crate::Error;

/// Where a host's configuration lives, for messages and edits.
pub(crate) const HOSTS_KEY: &str = "workspace.metadata.plugkit.hosts";

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
    let Some(hosts) = doc
        .get("workspace")
        .and_then(|w| w.get("metadata"))
        .and_then(|m| m.get("plugkit"))
        .and_then(|p| p.get("hosts"))
    else {
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
    Ok(out)
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
        if !HOST_KEYS.contains(&key) {
            return Err(Error::config(
                path,
                format!("{base}.{key}"),
                "is not a host setting",
                format!("remove it; the settings are {}", HOST_KEYS.join(", ")),
            ));
        }
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
    let registration = string("registration", &format!("{name}-plugins"))?;
    let registration_path = string("registration-path", &format!("{name}-plugins"))?;
    let api = string("api", name)?;
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
    let version = field("version")?;
    let plugin_path = field("path")?;
    let host_api = field("host-api")?;
    for (k, _) in table.iter() {
        if !matches!(k, "version" | "path" | "host-api") {
            return Err(fail(&format!(
                "`{k}` is not a setting of a published plugin (use version, path, host-api)"
            )));
        }
    }
    if version.is_none() && plugin_path.is_none() {
        return Err(fail("needs a `version`, a `path`, or both"));
    }
    Ok(Published {
        name: name.to_owned(),
        version,
        path: plugin_path,
        host_api,
    })
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

/// The directory of a path written in the configuration, relative to the workspace root.
pub(crate) fn resolve(root: &Path, relative: &str) -> PathBuf {
    if Path::new(relative).is_absolute() {
        return PathBuf::from(relative);
    }
    relative
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .fold(root.to_owned(), |p, c| p.join(c))
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
            "{HOST}exclude = [\"h-cli\"]\ntemplate-dir.compas = \"t\"\n\
             [workspace.metadata.plugkit.hosts.h.published]\n\
             h-b = \"1.2\"\nh-a = {{ version = \"0.3.0\", path = \"vendor/a\" }}\n"
        );
        let hosts = read(&text).unwrap();
        let host = &hosts[0];
        assert_eq!(host.registration_path, "registration");
        assert_eq!(host.exclude, ["h-cli"]);
        assert_eq!(host.template_dirs["compas"], "t");
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
             fix: add `api = \"h\"` to `[workspace.metadata.plugkit.hosts.h]`"
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
                "invalid `workspace.metadata.plugkit.hosts.h.prefixx` in /w/Cargo.toml: is not a host setting\n  fix: remove it; the settings are prefix, registration, registration-path, api, exclude, template-dir, published",
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
                "invalid `workspace.metadata.plugkit.hosts.h.published.x` in /w/Cargo.toml: `features` is not a setting of a published plugin (use version, path, host-api)\n  fix: write `x = \"<version requirement>\"` or `x = { version = \"...\", path = \"...\" }`",
            ),
            (
                format!("{HOST}published.x = {{ host-api = \"1\" }}\n"),
                "invalid `workspace.metadata.plugkit.hosts.h.published.x` in /w/Cargo.toml: needs a `version`, a `path`, or both\n  fix: write `x = \"<version requirement>\"` or `x = { version = \"...\", path = \"...\" }`",
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
        assert_eq!(resolve(Path::new("/w"), "./a//b/"), PathBuf::from("/w/a/b"));
    }
}
