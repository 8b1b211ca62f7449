//! Running `cargo metadata --no-deps` and reading the parts of its output that plugkit uses.

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::{Error, Options};

/// The workspace as `cargo metadata --no-deps` describes it: its root and its members.
#[derive(Debug)]
pub(crate) struct Metadata {
    pub(crate) workspace_root: PathBuf,
    pub(crate) members: Vec<Package>,
}

/// One workspace member.
#[derive(Debug, Deserialize)]
pub(crate) struct Package {
    pub(crate) name: String,
    pub(crate) version: String,
    id: String,
    pub(crate) manifest_path: PathBuf,
    #[serde(default)]
    pub(crate) dependencies: Vec<Dependency>,
    #[serde(default)]
    targets: Vec<Target>,
    #[serde(default)]
    pub(crate) metadata: Option<serde_json::Value>,
    /// `[features]`: each feature and what it enables.
    #[serde(default)]
    pub(crate) features: BTreeMap<String, Vec<String>>,
}

/// One dependency of a member, as declared.
#[derive(Debug, Deserialize)]
pub(crate) struct Dependency {
    pub(crate) name: String,
    pub(crate) req: String,
    #[serde(default)]
    pub(crate) kind: Option<String>,
    /// `registry+…` or `git+…?branch=…`; absent for path dependencies.
    #[serde(default)]
    pub(crate) source: Option<String>,
    /// The directory of a path dependency.
    #[serde(default)]
    pub(crate) path: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Raw {
    packages: Vec<Package>,
    workspace_members: Vec<String>,
    workspace_root: PathBuf,
}

impl Package {
    /// The name Rust code uses for the library target, if the package has one.
    pub(crate) fn lib_name(&self) -> Option<String> {
        self.targets
            .iter()
            .find(|t| {
                t.kind
                    .iter()
                    .any(|k| matches!(k.as_str(), "lib" | "rlib" | "dylib" | "proc-macro"))
            })
            .map(|t| t.name.replace('-', "_"))
    }

    /// The directory holding the package's manifest.
    pub(crate) fn dir(&self) -> &Path {
        self.manifest_path.parent().unwrap_or(Path::new(""))
    }

    /// The requirement this package declares on `name` as a normal or build dependency.
    pub(crate) fn requirement_on(&self, name: &str) -> Option<&str> {
        self.dependency_on(name).map(|d| d.req.as_str())
    }

    /// The normal or build dependency on `name` (`-` and `_` the same).
    pub(crate) fn dependency_on(&self, name: &str) -> Option<&Dependency> {
        self.dependencies
            .iter()
            .find(|d| same_name(&d.name, name) && d.kind.as_deref() != Some("dev"))
    }

    /// `[package.metadata.plugkit]`, if present.
    pub(crate) fn plugkit_metadata(&self) -> Option<&serde_json::Value> {
        self.metadata.as_ref()?.get("plugkit")
    }
}

/// Whether `a` and `b` name the same crate: cargo treats `-` and `_` as one.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.replace('-', "_") == b.replace('-', "_")
}

/// The cargo to run: `$CARGO` (set when run as `cargo plugkit`), else `cargo` on PATH.
pub(crate) fn cargo_program() -> OsString {
    std::env::var_os("CARGO")
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "cargo".into())
}

/// Runs `cargo metadata --no-deps --format-version 1` with the shared options.
pub(crate) fn load(options: &Options) -> Result<Metadata, Error> {
    let program = cargo_program();
    let mut command = Command::new(&program);
    command.args(["metadata", "--no-deps", "--format-version", "1"]);
    command.args(options.cargo_flags());
    if let Some(path) = &options.manifest_path {
        command.arg("--manifest-path").arg(path);
    }
    if let Some(cwd) = &options.cwd {
        command.current_dir(cwd);
    }
    let output = command.output().map_err(|source| Error::CargoNotFound {
        program: program.to_string_lossy().into_owned(),
        source,
    })?;
    if !output.status.success() {
        let mut line = vec!["cargo metadata --no-deps --format-version 1".to_owned()];
        line.extend(options.cargo_flags().iter().map(|f| (*f).to_owned()));
        if let Some(path) = &options.manifest_path {
            line.push(format!("--manifest-path {}", path.display()));
        }
        let stderr = String::from_utf8_lossy(&output.stderr)
            .trim_end()
            .to_owned();
        // The one failure plugkit causes itself: a registration crate names a plugin crate
        // that was removed (or a registration crate a member needs is missing, for `list`).
        let fix = if stderr.contains("failed to load manifest for dependency") {
            "if the missing crate is a registration crate, run `cargo plugkit sync`, which \
             creates it; if a plugin crate was removed or moved, a registration crate still \
             names it: delete the lines between its `# BEGIN cargo-plugkit` and \
             `# END cargo-plugkit` markers (keep the markers) and run `cargo plugkit sync` again"
        } else {
            "correct what cargo reports above (plugkit reads the workspace with this command), \
             then run the command again"
        };
        return Err(Error::CargoFailed {
            command: line.join(" "),
            status: output.status.to_string(),
            stderr,
            fix: fix.to_owned(),
        });
    }
    parse(&output.stdout)
}

/// Reads `cargo metadata`'s JSON and keeps the workspace members.
pub(crate) fn parse(json: &[u8]) -> Result<Metadata, Error> {
    let raw: Raw = serde_json::from_slice(json).map_err(|e| Error::Metadata {
        message: e.to_string(),
    })?;
    let ids: HashSet<&str> = raw.workspace_members.iter().map(String::as_str).collect();
    let mut members: Vec<Package> = raw
        .packages
        .into_iter()
        .filter(|p| ids.contains(p.id.as_str()))
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name).then(a.version.cmp(&b.version)));
    Ok(Metadata {
        workspace_root: raw.workspace_root,
        members,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    #[test]
    fn keeps_members_sorted_and_reads_lib_names() {
        let json = br#"{
            "packages": [
                {"name": "b", "version": "0.1.0", "id": "b-id", "manifest_path": "/w/b/Cargo.toml",
                 "dependencies": [{"name": "api", "req": "^0.2", "kind": null},
                                  {"name": "api", "req": "^9", "kind": "dev"}],
                 "targets": [{"name": "b-lib", "kind": ["lib"]}], "metadata": null},
                {"name": "a", "version": "0.1.0", "id": "a-id", "manifest_path": "/w/a/Cargo.toml",
                 "dependencies": [], "targets": [{"name": "a", "kind": ["bin"]}], "metadata": {"plugkit": {"host": "h"}}}
            ],
            "workspace_members": ["a-id", "b-id"],
            "workspace_root": "/w"
        }"#;
        let metadata = parse(json).unwrap();
        let names: Vec<_> = metadata.members.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(metadata.members[0].lib_name(), None);
        assert_eq!(metadata.members[1].lib_name().as_deref(), Some("b_lib"));
        assert_eq!(metadata.members[1].requirement_on("api"), Some("^0.2"));
        assert_eq!(metadata.members[0].plugkit_metadata().unwrap()["host"], "h");
        assert_eq!(metadata.members[1].dir(), Path::new("/w/b"));
    }

    #[test]
    fn rejects_output_that_is_not_metadata() {
        let err = parse(b"{\"packages\": 3}").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("could not read the output of `cargo metadata`: invalid type"),
            "{err}"
        );
    }
}
