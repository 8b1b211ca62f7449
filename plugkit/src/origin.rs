//! Where a registration came from.

use std::fmt;

use serde::Serialize;

/// Where a point, an entry or a capability was declared: the crate (as Cargo names it), its
/// version, the module and the item.
///
/// The attribute macros fill it in for you with [`origin!`](crate::origin!); errors and
/// listings print it so that a user knows which crate to look at.
///
/// ```
/// let here = plugkit::origin!("my_function");
/// assert_eq!(here.crate_name, "plugkit");
/// assert_eq!(here.to_string(), format!("plugkit {} ({}::my_function)", here.crate_version, module_path!()));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Origin {
    /// The package name from `Cargo.toml` (`compas-like-geo`).
    pub crate_name: &'static str,
    /// The package version from `Cargo.toml`.
    pub crate_version: &'static str,
    /// The module that holds the item (`compas_like_geo::booleans`).
    pub module_path: &'static str,
    /// The item's name (a function or a type).
    pub item: &'static str,
}

impl Origin {
    /// An origin from its parts; see [`origin!`](crate::origin!) for the usual way.
    ///
    /// ```
    /// let origin = plugkit::Origin::new("my-plugin", "1.2.3", "my_plugin", "run");
    /// assert_eq!(origin.to_string(), "my-plugin 1.2.3 (my_plugin::run)");
    /// ```
    pub const fn new(
        crate_name: &'static str,
        crate_version: &'static str,
        module_path: &'static str,
        item: &'static str,
    ) -> Self {
        Origin {
            crate_name,
            crate_version,
            module_path,
            item,
        }
    }

    /// The crate name as Rust code spells it: dashes become underscores.
    ///
    /// ```
    /// assert_eq!(plugkit::Origin::new("my-plugin", "1.0.0", "my_plugin", "f").crate_ident(), "my_plugin");
    /// ```
    pub fn crate_ident(&self) -> String {
        self.crate_name.replace('-', "_")
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}::{})",
            self.crate_name, self.crate_version, self.module_path, self.item
        )
    }
}

/// The [`Origin`] of an item in the crate where this macro is written.
///
/// ```
/// let origin = plugkit::origin!("parse");
/// assert_eq!(origin.item, "parse");
/// assert_eq!(origin.module_path, module_path!());
/// ```
#[macro_export]
macro_rules! origin {
    ($item:expr) => {
        $crate::Origin::new(
            ::core::env!("CARGO_PKG_NAME"),
            ::core::env!("CARGO_PKG_VERSION"),
            ::core::module_path!(),
            $item,
        )
    };
}

/// Two crate names name the same crate when they differ only in `-` versus `_`.
pub fn same_crate(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x == y || (matches!(x, b'-' | b'_') && matches!(y, b'-' | b'_')))
}

#[cfg(test)]
mod tests {
    use super::same_crate;

    #[test]
    fn crate_names_match_across_dash_and_underscore() {
        assert!(same_crate("compas-like-geo", "compas_like_geo"));
        assert!(same_crate("geo", "geo"));
        assert!(!same_crate("geo", "geos"));
        assert!(!same_crate("geo-a", "geo.a"));
    }
}
