//! The crates a crate that `cargo plugkit` creates depends on, by the two names each has: the
//! key of its dependency line (the name generated code writes) and its package name (what the
//! registry, Cargo.lock and `cargo metadata` know). They differ for plugkit: the package
//! `plugkit` in the registry is another project, so plugkit's package is `plugkit-framework`,
//! whose library is named `plugkit`.

use crate::generate::quote;
use crate::metadata::same_name;

/// A crate that generated crates depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Crate<'a> {
    /// The key of the dependency line in a generated manifest: the name generated code uses.
    pub(crate) key: &'a str,
    /// The package name.
    pub(crate) package: &'a str,
}

/// plugkit: generated code writes `plugkit::`; the package is `plugkit-framework`.
pub(crate) const PLUGKIT: Crate<'static> = Crate {
    key: "plugkit",
    package: "plugkit-framework",
};

/// plugkit-build, whose key and package name are the same.
pub(crate) const PLUGKIT_BUILD: Crate<'static> = Crate::named("plugkit-build");

impl<'a> Crate<'a> {
    /// A crate whose key is its package name (a host-API crate).
    pub(crate) const fn named(name: &'a str) -> Crate<'a> {
        Crate {
            key: name,
            package: name,
        }
    }

    /// Whether the dependency `key = value` of a manifest is on this crate: its `package`, or
    /// else its key, is the package name (`-` and `_` the same), however the user named it.
    pub(crate) fn is_declared_by(&self, key: &str, value: &toml_edit::Item) -> bool {
        let package = value.get("package").and_then(|p| p.as_str()).unwrap_or(key);
        same_name(package, self.package)
    }

    /// Whether a dependency under `key` gives generated code the name it uses: `key` is that
    /// name, or the package name, under which cargo names the crate by its library.
    pub(crate) fn usable_key(&self, key: &str) -> bool {
        same_name(key, self.key) || same_name(key, self.package)
    }

    /// The dependency line (with its newline) for this crate from a source written as `keys`
    /// (`path = …`, `git = …` or `version = …`): `key = { package = …, keys }`, or without
    /// `package` when the key is the package name (and then a version alone is a string).
    pub(crate) fn line(&self, keys: &str) -> String {
        if self.key == self.package {
            match keys.strip_prefix("version = ") {
                Some(version) if !version.contains(',') => format!("{} = {version}\n", self.key),
                _ => format!("{} = {{ {keys} }}\n", self.key),
            }
        } else {
            format!(
                "{} = {{ package = {}, {keys} }}\n",
                self.key,
                quote(self.package)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

    use super::*;

    #[test]
    fn plugkit_lines_name_the_package_and_keep_the_key_code_uses() {
        assert_eq!(
            PLUGKIT.line("version = \"0.1\""),
            "plugkit = { package = \"plugkit-framework\", version = \"0.1\" }\n"
        );
        assert_eq!(
            PLUGKIT.line("path = \"../plugkit\""),
            "plugkit = { package = \"plugkit-framework\", path = \"../plugkit\" }\n"
        );
        assert_eq!(
            PLUGKIT_BUILD.line("version = \"0.1\""),
            "plugkit-build = \"0.1\"\n"
        );
        assert_eq!(
            PLUGKIT_BUILD.line("git = \"https://example.invalid/p\", branch = \"main\""),
            "plugkit-build = { git = \"https://example.invalid/p\", branch = \"main\" }\n"
        );
    }

    #[test]
    fn a_dependency_is_recognised_by_its_package_whatever_its_key() {
        let doc: toml_edit::DocumentMut =
            "plugkit = { package = \"plugkit-framework\", version = \"0.1\" }\n\
             pk = { package = \"plugkit_framework\", path = \"p\" }\n\
             plugkit-framework = \"0.1\"\n\
             other = { package = \"plugkit\", version = \"0.0.9\" }\n"
                .parse()
                .unwrap();
        let found: Vec<(&str, bool)> = doc
            .iter()
            .filter(|(k, v)| PLUGKIT.is_declared_by(k, v))
            .map(|(k, _)| (k, PLUGKIT.usable_key(k)))
            .collect();
        assert_eq!(
            found,
            [
                ("plugkit", true),
                ("pk", false),
                ("plugkit-framework", true)
            ]
        );
        // The registry's `plugkit` is another project.
        assert!(!PLUGKIT.is_declared_by("plugkit", &toml_edit::value("0.0.9")));
    }
}
