//! The safety rules of a plugin folder: what is refused, with which message, and what is kept.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::fs::{self, Permissions};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use plugkit_remote::plugin_dir::{PluginDir, UnsafePath};

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), Permissions::from_mode(0o755)).unwrap();
    dir
}

fn file(dir: &Path, name: &str, mode: u32) {
    let path = dir.join(name);
    fs::write(&path, "#!/bin/sh\n").unwrap();
    fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
}

fn refused(dir: &Path) -> UnsafePath {
    PluginDir::scan(dir).unwrap_err()
}

#[test]
fn executables_and_declarations_are_kept_sorted_and_the_rest_skipped() {
    let dir = folder();
    file(dir.path(), "zeta", 0o755);
    file(dir.path(), "alpha", 0o700);
    file(dir.path(), "suts.toml", 0o644);
    file(dir.path(), "README.md", 0o644);
    file(dir.path(), ".hidden", 0o777);
    symlink(dir.path().join("alpha"), dir.path().join("beta")).unwrap();
    let scanned = PluginDir::scan(dir.path()).unwrap();
    let p = |n: &str| dir.path().join(n);
    // `beta` is a link to `alpha`: loading both would start `alpha` twice.
    assert_eq!(scanned.executables(), [p("alpha"), p("zeta")]);
    assert_eq!(scanned.declarations(), [p("suts.toml")]);
    assert_eq!(scanned.skipped(), [p("README.md"), p("beta")]);
}

#[test]
fn links_to_one_file_load_it_once() {
    let dir = folder();
    fs::create_dir(dir.path().join(".store")).unwrap();
    file(&dir.path().join(".store"), "real", 0o755);
    file(dir.path(), "z-real", 0o755);
    fs::write(dir.path().join("suts.toml"), "").unwrap();
    // Links sorted before their target, to a hidden file twice, and to a declaration.
    symlink(dir.path().join("z-real"), dir.path().join("a-link")).unwrap();
    symlink(dir.path().join(".store/real"), dir.path().join("b-first")).unwrap();
    symlink(dir.path().join(".store/real"), dir.path().join("c-second")).unwrap();
    symlink(dir.path().join("suts.toml"), dir.path().join("again.toml")).unwrap();
    let scanned = PluginDir::scan(dir.path()).unwrap();
    let p = |n: &str| dir.path().join(n);
    assert_eq!(scanned.executables(), [p("b-first"), p("z-real")]);
    assert_eq!(scanned.declarations(), [p("suts.toml")]);
    assert_eq!(
        scanned.skipped(),
        [p("a-link"), p("again.toml"), p("c-second")]
    );
}

#[test]
fn a_folder_writable_by_others_is_refused() {
    let dir = folder();
    fs::set_permissions(dir.path(), Permissions::from_mode(0o777)).unwrap();
    let err = refused(dir.path());
    assert!(matches!(
        err,
        UnsafePath::WritableByOthers { mode: 0o777, .. }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "refusing the plugin folder `{0}`: users other than its owner can write to it \
             (mode 777)\n  fix: `chmod go-w {0}`, or use a folder only you can write to",
            dir.path().display()
        )
    );
    fs::set_permissions(dir.path(), Permissions::from_mode(0o775)).unwrap();
    assert!(matches!(
        refused(dir.path()),
        UnsafePath::WritableByOthers { mode: 0o775, .. }
    ));
}

#[test]
fn an_executable_or_declaration_writable_by_others_is_refused() {
    let dir = folder();
    file(dir.path(), "plugin", 0o757);
    assert_eq!(
        refused(dir.path()).to_string(),
        format!(
            "refusing the plugin file `{0}/plugin`: users other than its owner can write to it \
             (mode 757)\n  fix: `chmod go-w {0}/plugin`, or use a folder only you can write to",
            dir.path().display()
        )
    );
    fs::remove_file(dir.path().join("plugin")).unwrap();
    file(dir.path(), "suts.toml", 0o664);
    assert!(matches!(
        refused(dir.path()),
        UnsafePath::WritableByOthers {
            what: "file",
            mode: 0o664,
            ..
        }
    ));
}

#[test]
fn a_folder_or_a_pipe_inside_is_refused() {
    let dir = folder();
    fs::create_dir(dir.path().join("nested")).unwrap();
    assert_eq!(
        refused(dir.path()).to_string(),
        format!(
            "refusing `{}/nested` in the plugin folder: it is a folder, not a regular file\n  \
             fix: a plugin folder holds only plugin executables and `.toml` files; move it elsewhere",
            dir.path().display()
        )
    );
    fs::remove_dir(dir.path().join("nested")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe"))
        .status()
        .unwrap();
    assert!(status.success());
    assert!(matches!(
        refused(dir.path()),
        UnsafePath::NotARegularFile {
            kind: "named pipe",
            ..
        }
    ));
}

#[test]
fn a_link_out_of_the_folder_or_to_nowhere_is_refused() {
    let outside = folder();
    file(outside.path(), "elsewhere", 0o755);
    let dir = folder();
    symlink(outside.path().join("elsewhere"), dir.path().join("plugin")).unwrap();
    assert_eq!(
        refused(dir.path()).to_string(),
        format!(
            "refusing `{}/plugin` in the plugin folder: it is a link to `{}/elsewhere`, outside \
             the folder\n  fix: copy the plugin into the folder instead of linking to it",
            dir.path().display(),
            outside.path().display()
        )
    );
    fs::remove_file(dir.path().join("plugin")).unwrap();
    symlink("missing", dir.path().join("dangling")).unwrap();
    assert_eq!(
        refused(dir.path()).to_string(),
        format!(
            "refusing `{}/dangling` in the plugin folder: it is a link to `missing`, which leads \
             to no file (it is missing, or the links form a loop)\n  fix: remove the link, or \
             point it at a plugin in the folder",
            dir.path().display()
        )
    );
    fs::remove_file(dir.path().join("dangling")).unwrap();
    symlink("b", dir.path().join("a")).unwrap();
    symlink("a", dir.path().join("b")).unwrap();
    assert!(matches!(refused(dir.path()), UnsafePath::LinkBroken { .. }));
}

#[test]
fn a_missing_path_or_a_file_is_not_a_plugin_folder() {
    let dir = folder();
    file(dir.path(), "plugin", 0o755);
    let err = refused(&dir.path().join("plugin"));
    assert_eq!(
        err.to_string(),
        format!(
            "`{}/plugin` is not a folder\n  fix: pass the folder that holds the plugins",
            dir.path().display()
        )
    );
    let err = refused(&dir.path().join("missing"));
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read the plugin folder `{}/missing`: No such file or directory (os error 2)\n  \
             fix: check the path",
            dir.path().display()
        )
    );
}
