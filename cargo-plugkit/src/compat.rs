//! Checking a plugin's host-API requirement against the host-API crate's version.

use semver::{Version, VersionReq};

/// Whether `req` (as written by the plugin) accepts the host's `version`, with cargo's rules:
/// caret by default, `0.x` caret only within the minor, pre-releases only when the requirement
/// names the same `major.minor.patch` with a pre-release.
///
/// No requirement (`*`, as a path dependency without `version` has) accepts every version,
/// pre-releases included: the plugin asked for nothing, and the registration crate's build
/// guard links it too.
///
/// Returns the normalised requirement (`0.3` is `^0.3`), or why it cannot be read.
pub(crate) fn check(req: &str, version: &Version) -> Result<(String, bool), String> {
    let parsed = VersionReq::parse(req).map_err(|e| e.to_string())?;
    let ok = parsed.comparators.is_empty() || parsed.matches(version);
    Ok((parsed.to_string(), ok))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    fn ok(req: &str, version: &str) -> bool {
        check(req, &Version::parse(version).unwrap()).unwrap().1
    }

    #[test]
    fn caret_is_the_default_and_zero_versions_pin_the_minor() {
        assert!(ok("0.1", "0.1.7"));
        assert!(!ok("0.1", "0.2.0"));
        assert!(!ok("^0.3", "0.1.0"));
        assert!(ok("0.0.3", "0.0.3"));
        assert!(!ok("0.0.3", "0.0.4"));
        assert!(ok("1.2", "1.9.0"));
        assert!(!ok("1.2", "2.0.0"));
        assert!(ok("*", "7.0.0"));
        assert!(ok(">=0.1, <0.3", "0.2.5"));
    }

    #[test]
    fn pre_releases_match_only_a_requirement_on_the_same_release() {
        assert!(ok("^0.2.0-alpha.1", "0.2.0-alpha.2"));
        assert!(!ok("0.2", "0.2.0-alpha.1"));
        assert!(!ok("^0.1", "0.2.0-alpha.1"));
        assert!(ok("^0.2.0-alpha.1", "0.2.0"));
        assert!(!ok("^0.2.0-beta", "0.2.0-alpha.1"));
        // No requirement accepts any version, pre-releases too.
        assert!(ok("*", "0.2.0-alpha.1"));
    }

    #[test]
    fn requirements_are_normalised_and_bad_ones_explained() {
        let v = Version::parse("0.1.0").unwrap();
        assert_eq!(check("0.3", &v).unwrap(), ("^0.3".to_owned(), false));
        assert_eq!(
            check("one", &v).unwrap_err(),
            "unexpected character 'o' while parsing major version number"
        );
    }
}
