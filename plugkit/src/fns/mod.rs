//! Pluggable functions (the COMPAS style): a host function whose implementation plugins provide.
//!
//! [`#[pluggable]`](crate::pluggable) turns a host function into an extension point and
//! declares, beside it, a type of the same name holding the point's `URL`, its `POINT`
//! descriptor and its `handle()` ([`FirstMatch`] or [`CollectAll`]); the type implements
//! [`Pluggable`], whose `Signature` is the `fn` pointer type plugins have. [`#[plugin]`](crate::plugin) registers a
//! function as an implementation, naming the pluggable by path so that the compiler checks the
//! signature.
//!
//! | `#[pluggable]` written as | selector | the host function returns |
//! | --- | --- | --- |
//! | `fn f(..) -> T { default }` | `first_match` | `T`: the first available plugin's result, else the default body's |
//! | `fn f(..) -> T;` | `first_match` | `Result<T, NoPlugin>`: [`NoPlugin`] when no plugin is available |
//! | `fn f(..) -> T;` with `selector = collect_all` | `collect_all` | [`Collected<'static, T>`]: every available plugin's result, in order |
//! | `async fn f(..) -> T { default }`, `async fn f(..) -> T;` | `first_match` | the same, awaited: the first available plugin's future is awaited |
//! | `async fn f(..) -> T;` with `selector = collect_all` | `collect_all` | [`Collected<'static, T>`]: every available plugin's future polled together ([`CollectAll::collect_concurrent`]), or one after the other with `sequential` ([`CollectAll::collect_sequential`]); results in order |
//!
//! An `async fn` pluggable's plugins are `async fn`s, stored as `fn` pointers that return their
//! future boxed (`Pin<Box<dyn Future<Output = T> + Send + '_>>`, without `Send` when the
//! pluggable is `#[pluggable(local)]`). plugkit depends on no runtime: any executor polls them.
//!
//! ```
//! use plugkit::{pluggable, plugin};
//!
//! /// The area of a polygon given as (x, y) pairs.
//! #[pluggable(category = "geometry")]
//! pub fn polygon_area(points: &[(f64, f64)]) -> f64 {
//!     0.0 // the default, used when no plugin is available
//! }
//!
//! #[plugin(polygon_area)]
//! fn shoelace(points: &[(f64, f64)]) -> f64 {
//!     let n = points.len();
//!     (0..n).map(|i| {
//!         let (a, b) = (points[i], points[(i + 1) % n]);
//!         a.0 * b.1 - b.0 * a.1
//!     }).sum::<f64>().abs() / 2.0
//! }
//!
//! assert_eq!(polygon_area(&[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]), 4.0);
//! assert_eq!(polygon_area::URL, "plugkit://plugkit-framework/geometry/polygon_area");
//! ```

mod collect_all;
mod collect_async;
mod collected;
mod error;
mod first_match;
mod selection;

pub use collect_all::CollectAll;
pub use collected::{Collected, Outcome};
pub(crate) use error::Skipped;
pub use error::{NoPlugin, PluginPanic};
pub use first_match::FirstMatch;

use crate::{Point, Style};

/// How the core speaks of pluggable functions and their plugins.
pub(crate) static STYLE: Style = Style {
    key: "function",
    noun: "pluggable function",
    id_noun: "plugin id",
    duplicate_fix: "give each its own id (`#[plugin(.., name = \"...\")]` with a distinct name), \
                    or link only one version of the crate (`cargo tree -d` shows duplicates)",
    describe,
};

/// A pluggable function's point: its plugins are `F`s; `has_default` when the host function has
/// a body, which `origin.item` names.
pub(crate) const fn point<F: 'static>(
    url: &'static str,
    selector: crate::Selector,
    has_default: bool,
    signature: &'static str,
    origin: crate::Origin,
) -> Point {
    let default = if has_default { Some(origin.item) } else { None };
    Point::new::<F>(url, &STYLE, signature, origin)
        .selecting(selector)
        .with_default(default)
}

/// `first_match, has a default`.
fn describe(point: &Point) -> String {
    let selector = point.selector.map(|s| s.to_string()).unwrap_or_default();
    match point.default {
        Some(_) => format!("{selector}, has a default"),
        None => format!("{selector}, no default"),
    }
}

/// Implemented by the type that [`#[pluggable]`](crate::pluggable) declares beside a host
/// function; [`#[plugin]`](crate::plugin) checks plugins against `Signature`.
///
/// ```
/// #[plugkit::pluggable]
/// pub fn answer_pluggable_doc() -> u32 {
///     42
/// }
///
/// let f: <answer_pluggable_doc as plugkit::fns::Pluggable>::Signature = || 7;
/// assert_eq!(f(), 7);
/// ```
pub trait Pluggable {
    /// The `fn` pointer type every plugin of the point has.
    type Signature: Copy + 'static;
}
