//! Fixture workspaces in, expected trees out: each case runs the binary on a copy of
//! `tests/fixtures/<case>/in` and compares the whole tree, stderr, stdout and the exit code.
//! `PLUGKIT_BLESS=1` rewrites the expectations (review the diff before committing).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

mod support;

macro_rules! cases {
    ($($name:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $name() {
                support::run_case($dir);
            }
        )*
    };
}

cases! {
    add_no_version => "add-no-version",
    add_path => "add-path",
    // `--path` is checked before anything is written: the crate's name (`_` for `-` is the
    // same crate, recorded by its own name) and that the requirement accepts its version.
    add_path_underscore_name => "add-path-underscore-name",
    add_path_wrong_name => "add-path-wrong-name",
    add_path_wrong_version => "add-path-wrong-version",
    ambiguous_host => "ambiguous-host",
    bad_host_api => "bad-host-api",
    cargo_fails => "cargo-fails",
    check => "check",
    // Right after `add --path` inside the workspace, CI's check passes: the member keeps the
    // recorded `{ version, path }`.
    check_after_add_path => "check-after-add-path",
    config_enabled_string => "config-enabled-string",
    config_published_bad_req => "config-published-bad-req",
    config_template_dir_missing => "config-template-dir-missing",
    config_unknown_host_key => "config-unknown-host-key",
    config_unknown_package_key => "config-unknown-package-key",
    config_unknown_workspace_key => "config-unknown-workspace-key",
    crlf_check => "crlf-check",
    crlf_sync => "crlf-sync",
    cwd_inside_member => "cwd-inside-member",
    doubled_markers => "doubled-markers",
    excluded => "excluded",
    features => "features",
    features_unknown => "features-unknown",
    glob_members => "glob-members",
    hand_edited_region => "hand-edited-region",
    // Two hosts with one registration directory: a configuration error naming both.
    hosts_share_registration => "hosts-share-registration",
    incompatible => "incompatible",
    incompatible_denied => "incompatible-denied",
    invalid_toml => "invalid-toml",
    list_dot => "list-dot",
    list_registration_missing => "list-registration-missing",
    list_human => "list-human",
    list_json => "list-json",
    locked => "locked",
    manifest_path_member => "manifest-path-member",
    manifest_path_missing => "manifest-path-missing",
    manifest_path_outside => "manifest-path-outside",
    message_format_json => "message-format-json",
    metadata_only => "metadata-only",
    metadata_without_host => "metadata-without-host",
    missing_markers => "missing-markers",
    names_underscore => "names-underscore",
    new => "new",
    new_dry_run => "new-dry-run",
    new_existing => "new-existing",
    // A pre-release host API: `new` writes a requirement that accepts it.
    new_pre_release => "new-pre-release",
    // `--locked`/`--frozen` write nothing: `new` lists what it would create and exits 1.
    new_frozen => "new-frozen",
    new_locked => "new-locked",
    // A crate `[workspace] exclude` covers, or inside a nested workspace, would never be linked.
    new_in_excluded => "new-in-excluded",
    new_in_nested => "new-in-nested",
    new_template_dir => "new-template-dir",
    // No near-miss or looks-like-plugin warning for a bin-only host `myhost`, a library that
    // depends on a registration crate, or another host's crates; `mything` still warns.
    no_false_warnings => "no-false-warnings",
    no_hosts => "no-hosts",
    not_a_member => "not-a-member",
    // A registration crate generated before format 2 (struct literals, no build script):
    // --check reports it, sync rewrites lib.rs whole and adds the guard.
    old_format_check => "old-format-check",
    old_format_sync => "old-format-sync",
    // Host `cfg`'s registration and API crates have host `geo`'s prefix: not plugins of `geo`,
    // and `list` and `sync -v` say why.
    other_hosts_crates_list => "other-hosts-crates-list",
    other_hosts_crates_sync => "other-hosts-crates-sync",
    outside_workspace => "outside-workspace",
    plugin_names_unknown_host => "plugin-names-unknown-host",
    // No requirement (`*`, a path dependency without version) accepts a pre-release host.
    pre_release => "pre-release",
    prefix_only => "prefix-only",
    read_error => "read-error",
    region_names_a_removed_crate => "region-names-a-removed-crate",
    registration_depended_on_before_it_exists => "registration-depended-on-before-it-exists",
    registration_depended_on_check => "registration-depended-on-check",
    registration_depended_on_locked => "registration-depended-on-locked",
    registration_depended_on_no_source => "registration-depended-on-no-source",
    // The registration crate created before cargo ran is removed again when the sync fails.
    registration_depended_on_then_fails => "registration-depended-on-then-fails",
    several_hosts => "several-hosts",
    // Real workspace shapes: a root package with glob members, `exclude`, a bin-only crate with
    // the prefix, a target-specific and a renamed dependency, a renamed dependent; nested
    // workspaces, run from each.
    shapes_nested_inner => "shapes-nested-inner",
    shapes_nested_outer => "shapes-nested-outer",
    shapes_root_package => "shapes-root-package",
    shapes_root_package_list => "shapes-root-package-list",
    sources_git => "sources-git",
    // plugkit is found by its package name: under the key `plugkit-framework` (inherited as it
    // is); under another key, copied with `package` so that generated code names it `plugkit`,
    // before cargo runs (`sources-renamed-early`) and from a member's dependency (`sources-path`).
    sources_package_key => "sources-package-key",
    sources_path => "sources-path",
    sources_renamed_early => "sources-renamed-early",
    // A file stands where a directory is needed: staging fails, and nothing is written.
    staging_fails => "staging-fails",
    sync_after_add_path => "sync-after-add-path",
    two_plugkit_sources => "two-plugkit-sources",
    two_plugkit_versions => "two-plugkit-versions",
    unknown_host => "unknown-host",
    usage_error => "usage-error",
    // `-v` shows the cargo command line as run, with the flags passed through.
    verbose_command_line => "verbose-command-line",
}
