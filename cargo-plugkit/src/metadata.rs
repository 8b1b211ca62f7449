//! Running `cargo metadata --no-deps` and reading the parts of its output that plugkit uses,
//! with the `cargo_metadata` crate.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use cargo_metadata::{DependencyKind, MetadataCommand, TargetKind};

use crate::{Error, Options};

/// The workspace as `cargo metadata --no-deps` describes it: its root and its members.
#[derive(Debug)]
pub(crate) struct Metadata {
    pub(crate) workspace_root: PathBuf,
    /// Sorted by name, then version.
    pub(crate) members: Vec<Package>,
}

/// One workspace member.
#[derive(Debug)]
pub(crate) struct Package {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) manifest_path: PathBuf,
    pub(crate) dependencies: Vec<Dependency>,
    /// The name Rust code uses for the library target, if the package has one.
    lib_name: Option<String>,
    /// Whether its library is a proc-macro (`[lib] proc-macro = true`).
    pub(crate) proc_macro: bool,
    /// `[package.metadata]`, if present.
    pub(crate) metadata: Option<serde_json::Value>,
    /// `[features]`: each feature and what it enables.
    pub(crate) features: BTreeMap<String, Vec<String>>,
}

/// One dependency of a member, as declared.
#[derive(Debug)]
pub(crate) struct Dependency {
    pub(crate) name: String,
    pub(crate) req: String,
    /// `true` for a dev-dependency.
    dev: bool,
    /// `registry+…` or `git+…?branch=…`; absent for path dependencies.
    pub(crate) source: Option<String>,
    /// The directory of a path dependency.
    pub(crate) path: Option<PathBuf>,
}

impl Package {
    fn from_cargo(package: &cargo_metadata::Package) -> Package {
        let lib_name = package
            .targets
            .iter()
            .find(|t| {
                t.kind.iter().any(|k| {
                    matches!(
                        k,
                        TargetKind::Lib
                            | TargetKind::RLib
                            | TargetKind::DyLib
                            | TargetKind::ProcMacro
                    )
                })
            })
            .map(|t| t.name.replace('-', "_"));
        let proc_macro = package
            .targets
            .iter()
            .any(|t| t.kind.contains(&TargetKind::ProcMacro));
        Package {
            name: package.name.to_string(),
            proc_macro,
            version: package.version.to_string(),
            manifest_path: package.manifest_path.clone().into_std_path_buf(),
            dependencies: package
                .dependencies
                .iter()
                .map(|d| Dependency {
                    name: d.name.clone(),
                    req: d.req.to_string(),
                    dev: d.kind == DependencyKind::Development,
                    source: d.source.as_ref().map(ToString::to_string),
                    path: d.path.clone().map(|p| p.into_std_path_buf()),
                })
                .collect(),
            lib_name,
            metadata: (!package.metadata.is_null()).then(|| package.metadata.clone()),
            features: package.features.clone(),
        }
    }

    /// The name Rust code uses for the library target, if the package has one.
    pub(crate) fn lib_name(&self) -> Option<String> {
        self.lib_name.clone()
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
            .find(|d| same_name(&d.name, name) && !d.dev)
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

/// The `cargo metadata` command with the shared options, as it will run.
fn command(options: &Options) -> std::process::Command {
    let program = cargo_program();
    let mut command = MetadataCommand::new();
    command.cargo_path(&program).no_deps().other_options(
        options
            .cargo_flags()
            .iter()
            .map(|f| (*f).to_owned())
            .collect::<Vec<_>>(),
    );
    if let Some(path) = &options.manifest_path {
        command.manifest_path(path);
    }
    if let Some(cwd) = &options.cwd {
        command.current_dir(cwd);
    }
    command.cargo_command()
}

/// The command line `load` runs: the program and every argument, as passed.
pub(crate) fn command_line(options: &Options) -> String {
    let command = command(options);
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `cargo metadata --format-version 1 --no-deps` with the shared options.
pub(crate) fn load(options: &Options) -> Result<Metadata, Error> {
    let program = cargo_program();
    let output = command(options)
        .output()
        .map_err(|source| Error::CargoNotFound {
            program: program.to_string_lossy().into_owned(),
            source,
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr)
            .trim_end()
            .to_owned();
        return Err(Error::CargoFailed {
            command: command_line(options),
            status: output.status.to_string(),
            stderr,
            fix: "correct what cargo reports above (plugkit reads the workspace with this \
                  command), then run the command again"
                .to_owned(),
        });
    }
    parse(&output.stdout)
}

/// Reads `cargo metadata`'s JSON and keeps the workspace members.
pub(crate) fn parse(json: &[u8]) -> Result<Metadata, Error> {
    let text = String::from_utf8_lossy(json);
    let metadata = MetadataCommand::parse(text.as_ref()).map_err(|e| Error::Metadata {
        message: match e {
            cargo_metadata::Error::Json(json) => json.to_string(),
            other => other.to_string(),
        },
    })?;
    let mut members: Vec<Package> = metadata
        .workspace_packages()
        .into_iter()
        .map(Package::from_cargo)
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name).then(a.version.cmp(&b.version)));
    Ok(Metadata {
        workspace_root: metadata.workspace_root.into_std_path_buf(),
        members,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    fn package(name: &str, extra: &str) -> String {
        format!(
            r#"{{"name": "{name}", "version": "0.1.0", "id": "{name}-id", "manifest_path": "/w/{name}/Cargo.toml",
                "license": null, "license_file": null, "description": null, "source": null,
                "edition": "2021", "features": {{}}, {extra}}}"#
        )
    }

    #[test]
    fn keeps_members_sorted_and_reads_lib_names() {
        let b = package(
            "b",
            r#""dependencies": [
                {"name": "api", "source": null, "req": "^0.2", "kind": null, "optional": false,
                 "uses_default_features": true, "features": [], "target": null, "rename": null, "registry": null},
                {"name": "api", "source": null, "req": "^9", "kind": "dev", "optional": false,
                 "uses_default_features": true, "features": [], "target": null, "rename": null, "registry": null}],
               "targets": [{"name": "b-lib", "kind": ["lib"], "crate_types": ["lib"], "src_path": "/w/b/src/lib.rs"}],
               "metadata": null"#,
        );
        let a = package(
            "a",
            r#""dependencies": [],
               "targets": [{"name": "a", "kind": ["bin"], "crate_types": ["bin"], "src_path": "/w/a/src/main.rs"}],
               "metadata": {"plugkit": {"host": "h"}}"#,
        );
        let other = package(
            "not-a-member",
            r#""dependencies": [], "targets": [], "metadata": null"#,
        );
        let json = format!(
            r#"{{"packages": [{b}, {a}, {other}], "workspace_members": ["a-id", "b-id"],
                "resolve": null, "target_directory": "/w/target", "version": 1,
                "workspace_root": "/w"}}"#
        );
        let metadata = parse(json.as_bytes()).unwrap();
        let names: Vec<_> = metadata.members.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(metadata.workspace_root, Path::new("/w"));
        assert_eq!(metadata.members[0].lib_name(), None);
        assert_eq!(metadata.members[1].lib_name().as_deref(), Some("b_lib"));
        assert_eq!(metadata.members[1].requirement_on("api"), Some("^0.2"));
        assert_eq!(metadata.members[0].plugkit_metadata().unwrap()["host"], "h");
        assert_eq!(metadata.members[1].plugkit_metadata(), None);
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
