//! Whether the program runs inside Rhino.

/// The environment variable that says Rhino is running: set, and neither empty nor `0`.
/// (A real plugin would ask the Rhino process; this example reads the environment.)
pub const ENV: &str = "COMPAS_LIKE_RHINO";

/// Whether Rhino is running, by [`ENV`]: the requirement of this crate's union.
///
/// ```
/// if compas_like_rhino::rhino_running() {
///     eprintln!("inside Rhino: its engine runs first");
/// }
/// ```
pub fn rhino_running() -> bool {
    says_running(std::env::var_os(ENV).as_deref().and_then(|v| v.to_str()))
}

/// What a value of [`ENV`] means.
fn says_running(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

#[cfg(test)]
mod tests {
    use super::says_running;

    #[test]
    fn set_and_not_empty_or_zero_means_running() {
        assert!(says_running(Some("1")));
        assert!(says_running(Some("yes")));
        assert!(!says_running(Some("0")));
        assert!(!says_running(Some("")));
        assert!(!says_running(None));
    }
}
