//! Unified diffs of what a command would change, for `--check`.

use similar::TextDiff;

/// A unified diff from `old` (absent for a new file) to `new`, labelled with `path`.
pub(crate) fn unified(path: &str, old: Option<&str>, new: &str) -> String {
    let from = if old.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_owned()
    };
    TextDiff::from_lines(old.unwrap_or(""), new)
        .unified_diff()
        .context_radius(3)
        .header(&from, &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_and_new_files() {
        assert_eq!(
            unified("r/Cargo.toml", Some("a\nb\n"), "a\nc\n"),
            "--- a/r/Cargo.toml\n+++ b/r/Cargo.toml\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
        );
        assert_eq!(
            unified("r/src/lib.rs", None, "x\n"),
            "--- /dev/null\n+++ b/r/src/lib.rs\n@@ -0,0 +1 @@\n+x\n"
        );
    }
}
