//! Where a registration came from.

use std::fmt;

use serde::Serialize;

/// Where a point, an entry or a capability was declared: the crate (as Cargo names it), its
/// version, the module and the item, and, when a macro filled it in, the source file, line and
/// column.
///
/// The attribute macros fill it in; errors and listings print it so that a user knows which
/// crate to look at. Its `Display` leaves the location out; messages that must tell two
/// registrations apart add ` at file:line`.
///
/// ```
/// #[plugkit::pluggable]
/// pub fn located() -> u8 { 0 }
///
/// let here = located::POINT.origin;
/// assert_eq!((here.crate_name, here.item), ("plugkit-framework", "located"));
/// assert_eq!(here.to_string(), format!("plugkit-framework {} ({}::located)", here.crate_version, module_path!()));
/// assert_eq!((here.file, here.line), (file!(), line!() - 6));
/// ```
#[non_exhaustive]
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
    /// The source file of the outermost macro call that declared the item (`file!()`); empty
    /// when unknown.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub file: &'static str,
    /// Its line (`line!()`), from 1; 0 when unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub line: u32,
    /// Its column (`column!()`), from 1; 0 when unknown.
    #[serde(skip_serializing_if = "is_zero")]
    pub column: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Origin {
    /// An origin from its parts, without a source location. Hidden: the macros fill origins in.
    #[doc(hidden)]
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
            file: "",
            line: 0,
            column: 0,
        }
    }

    /// The same origin, declared at `file`, `line` and `column` (as `file!()`, `line!()` and
    /// `column!()` give them).
    #[doc(hidden)]
    pub const fn at(mut self, file: &'static str, line: u32, column: u32) -> Self {
        self.file = file;
        self.line = line;
        self.column = column;
        self
    }

    /// Where in the source the item was declared, if known; displayed as `file:line`.
    pub(crate) const fn location(&self) -> Option<Location> {
        match self.file.is_empty() {
            true => None,
            false => Some(Location {
                file: self.file,
                line: self.line,
                column: self.column,
            }),
        }
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

/// A place in the source: a file, a line and a column. Displayed as `file:line`, the column
/// only with `{:#}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Location {
    /// The source file, as `file!()` gives it.
    pub(crate) file: &'static str,
    /// The line, from 1.
    pub(crate) line: u32,
    /// The column, from 1.
    pub(crate) column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if f.alternate() {
            write!(f, ":{}", self.column)?;
        }
        Ok(())
    }
}

/// An origin followed by its location when known: `crate 1.0.0 (m::f) at src/lib.rs:12`.
pub(crate) struct Located<'a>(pub(crate) &'a Origin);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        if let Some(at) = self.0.location() {
            write!(f, " at {at}")?;
        }
        Ok(())
    }
}

/// The [`Origin`] of an item in the crate where this macro is written, with the location of
/// the outermost macro call that leads to it. Not public API: what generated code names.
#[doc(hidden)]
#[macro_export]
macro_rules! origin {
    ($item:expr) => {
        $crate::Origin::new(
            ::core::env!("CARGO_PKG_NAME"),
            ::core::env!("CARGO_PKG_VERSION"),
            ::core::module_path!(),
            $item,
        )
        .at(::core::file!(), ::core::line!(), ::core::column!())
    };
}

/// Two crate names name the same crate when they differ only in `-` versus `_`.
pub fn same_crate(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x == y || (matches!(x, b'-' | b'_') && matches!(y, b'-' | b'_')))
}

/// Orders crate names as if every `-` were `_`, so that names [`same_crate`] calls equal sort
/// together; equal names then order by their spelling.
pub(crate) fn cmp_crate(a: &str, b: &str) -> std::cmp::Ordering {
    let fold = |c: u8| if c == b'-' { b'_' } else { c };
    a.bytes()
        .map(fold)
        .cmp(b.bytes().map(fold))
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::{cmp_crate, same_crate};
    use std::cmp::Ordering;

    #[test]
    fn crate_names_sort_as_if_dashes_were_underscores() {
        assert_eq!(cmp_crate("my-plugin", "my0"), Ordering::Greater);
        assert_eq!(cmp_crate("my_plugin", "my0"), Ordering::Greater);
        assert_eq!(cmp_crate("my-plugin", "my_plugin"), Ordering::Less);
        assert_eq!(cmp_crate("a", "a"), Ordering::Equal);
    }

    #[test]
    fn crate_names_match_across_dash_and_underscore() {
        assert!(same_crate("compas-like-geo", "compas_like_geo"));
        assert!(same_crate("geo", "geo"));
        assert!(!same_crate("geo", "geos"));
        assert!(!same_crate("geo-a", "geo.a"));
    }
}
