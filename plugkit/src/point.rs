//! Extension points: what a host declares.

use std::any::TypeId;

use serde::Serialize;

use crate::Origin;

/// How a pluggable function picks among its plugins.
///
/// ```
/// use plugkit::Selector;
/// assert_eq!(Selector::FirstMatch.to_string(), "first_match");
/// assert_eq!(Selector::CollectAll.to_string(), "collect_all");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Selector {
    /// The first available plugin in order runs; the host's default runs when none is available.
    FirstMatch,
    /// Every available plugin runs, in order, and every result is kept.
    CollectAll,
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Selector::FirstMatch => "first_match",
            Selector::CollectAll => "collect_all",
        })
    }
}

/// What kind of extension point this is, and what its entries carry.
///
/// ```
/// use plugkit::{PointKind, Selector};
/// let kind = PointKind::Function { selector: Selector::CollectAll, has_default: false };
/// assert_eq!(serde_json::to_value(kind).unwrap()["kind"], "function");
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PointKind {
    /// A pluggable function: entries are functions of the point's signature.
    Function {
        /// How the plugins are chosen.
        selector: Selector,
        /// Whether the host wrote a default body, used when no plugin is available.
        has_default: bool,
    },
    /// A configuration kind (the Qik style): entries are `type = "..."` tags, each with a
    /// configuration type and a factory.
    ConfigKind {
        /// The tag used when a configuration has no `type`, if the host chose one.
        default_tag: Option<&'static str>,
    },
    /// A namespace of named instances (the ModelGauge style): entries are uids, each with a
    /// constructor and its arguments.
    Namespace,
}

/// An extension point: a place in a host that plugins fill.
///
/// Declared by the host (usually with [`#[pluggable]`](crate::pluggable)), identified by its URL,
/// and registered as a constant descriptor, so that listings show points that no plugin fills.
///
/// ```
/// use plugkit::{Point, PointKind, Selector};
///
/// const POINT: Point = Point::function::<fn(&[f64]) -> f64>(
///     "plugkit://my-host/geometry/area",
///     Selector::FirstMatch,
///     true,
///     "fn(&[f64]) -> f64",
///     plugkit::origin!("area"),
/// );
/// assert_eq!(POINT.url, "plugkit://my-host/geometry/area");
/// assert_eq!(POINT.kind, PointKind::Function { selector: Selector::FirstMatch, has_default: true });
/// ```
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Point {
    /// The point's identity, a URL: `plugkit://<crate>/<category>/<name>` or
    /// `<domain>/<category>/<name>` when the host chose a domain.
    pub url: &'static str,
    /// What the point is and how it selects.
    #[serde(flatten)]
    pub kind: PointKind,
    /// The signature plugins must have, as the host wrote it (for listings).
    pub signature: &'static str,
    /// Where the host declared it.
    pub origin: Origin,
    /// The type of the entries' payload (for a function, its `fn` pointer type).
    #[serde(skip)]
    pub payload_type: fn() -> TypeId,
}

impl Point {
    /// A pluggable function's point.
    ///
    /// ```
    /// use plugkit::{Point, Selector};
    /// let point = Point::function::<fn() -> u32>("plugkit://host/f", Selector::CollectAll, false, "fn() -> u32", plugkit::origin!("f"));
    /// assert_eq!(point.selector(), Some(Selector::CollectAll));
    /// ```
    pub const fn function<F: 'static>(
        url: &'static str,
        selector: Selector,
        has_default: bool,
        signature: &'static str,
        origin: Origin,
    ) -> Self {
        Point {
            url,
            kind: PointKind::Function {
                selector,
                has_default,
            },
            signature,
            origin,
            payload_type: TypeId::of::<F>,
        }
    }

    /// A configuration kind's point: entries are tags whose payload is a `P`.
    ///
    /// ```
    /// use plugkit::{Point, PointKind};
    /// struct Tag; // what each entry of the kind carries
    /// const CACHES: Point = Point::config_kind::<Tag>("plugkit://host/caches", Some("local"), "dyn Cache", plugkit::origin!("Cache"));
    /// assert_eq!(CACHES.kind, PointKind::ConfigKind { default_tag: Some("local") });
    /// assert_eq!(CACHES.selector(), None);
    /// ```
    pub const fn config_kind<P: 'static>(
        url: &'static str,
        default_tag: Option<&'static str>,
        signature: &'static str,
        origin: Origin,
    ) -> Self {
        Point {
            url,
            kind: PointKind::ConfigKind { default_tag },
            signature,
            origin,
            payload_type: TypeId::of::<P>,
        }
    }

    /// A namespace's point: entries are uids whose payload is a `P`.
    ///
    /// ```
    /// use plugkit::{Point, PointKind};
    /// struct Constructor; // what each entry of the namespace carries
    /// const SUTS: Point = Point::namespace::<Constructor>("plugkit://host/suts", "dyn Sut", plugkit::origin!("suts"));
    /// assert_eq!(SUTS.kind, PointKind::Namespace);
    /// assert!(!SUTS.has_default());
    /// ```
    pub const fn namespace<P: 'static>(
        url: &'static str,
        signature: &'static str,
        origin: Origin,
    ) -> Self {
        Point {
            url,
            kind: PointKind::Namespace,
            signature,
            origin,
            payload_type: TypeId::of::<P>,
        }
    }

    /// The selector, for a pluggable function's point.
    ///
    /// ```
    /// use plugkit::{Point, Selector};
    /// let point = Point::function::<fn()>("plugkit://host/f", Selector::FirstMatch, true, "fn()", plugkit::origin!("f"));
    /// assert_eq!(point.selector(), Some(Selector::FirstMatch));
    /// ```
    pub const fn selector(&self) -> Option<Selector> {
        match self.kind {
            PointKind::Function { selector, .. } => Some(selector),
            PointKind::ConfigKind { .. } | PointKind::Namespace => None,
        }
    }

    /// Whether the host provides a default used when no plugin is available: a function's
    /// default body, or a configuration kind's default tag.
    ///
    /// ```
    /// use plugkit::{Point, Selector};
    /// let point = Point::function::<fn()>("plugkit://host/f", Selector::FirstMatch, false, "fn()", plugkit::origin!("f"));
    /// assert!(!point.has_default());
    /// ```
    pub const fn has_default(&self) -> bool {
        match self.kind {
            PointKind::Function { has_default, .. } => has_default,
            PointKind::ConfigKind { default_tag } => default_tag.is_some(),
            PointKind::Namespace => false,
        }
    }
}

inventory::collect!(Point);
