//! Extension points: what a host declares, and the style that says how to speak of it.

use std::any::TypeId;
use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::Origin;

/// How a point picks among its available entries when the host calls it.
///
/// ```
/// use plugkit::Selector;
/// assert_eq!(Selector::FirstMatch.to_string(), "first_match");
/// assert_eq!(Selector::CollectAll.to_string(), "collect_all");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Selector {
    /// The first available entry in order runs; the host's default runs when none is available.
    FirstMatch,
    /// Every available entry runs, in order, and every result is kept.
    CollectAll,
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Selector::FirstMatch => "first_match",
            Selector::CollectAll => "collect_all",
        })
    }
}

/// What a style of extension point tells the core about its points, so that listings and
/// messages speak of them in the style's own terms: a pluggable function's entries have plugin
/// ids, a configuration kind's have `type` tags, a namespace's have uids.
///
/// Each style of plugkit has one; the core formats with it and names no style itself.
///
/// ```
/// #[plugkit::pluggable]
/// pub fn styled() -> u8 { 0 }
///
/// let style = styled::POINT.style;
/// assert_eq!((style.key, style.noun, style.id_noun), ("function", "pluggable function", "plugin id"));
/// ```
#[non_exhaustive]
#[derive(Debug)]
pub struct Style {
    /// A short machine name, for JSON listings: `"function"`, `"config_kind"`, `"namespace"`.
    pub key: &'static str,
    /// What one point is called in messages: `"pluggable function"`.
    pub noun: &'static str,
    /// What an entry's id is called in messages: `"plugin id"`, `"configuration type"`, `"uid"`.
    pub id_noun: &'static str,
    /// The fix given when two entries of one point have one id.
    pub duplicate_fix: &'static str,
    /// Describes a point in a few words, shown after its URL: `first_match, has a default`.
    pub describe: fn(&Point) -> String,
}

/// An extension point: a place in a host that plugins fill.
///
/// Declared by the host with an attribute ([`#[pluggable]`](crate::pluggable),
/// [`#[config_kind]`](crate::config_kind), `#[derive(Namespace)]`), identified by its URL, and
/// registered as a constant descriptor, so that listings show points that no plugin fills.
///
/// ```
/// use plugkit::Selector;
///
/// /// The area of a polygon.
/// #[plugkit::pluggable(category = "geometry")]
/// pub fn area_point_doc(points: &[f64]) -> f64 { 0.0 }
///
/// let point: plugkit::Point = area_point_doc::POINT;
/// assert_eq!(point.url, "plugkit://plugkit-framework/geometry/area_point_doc");
/// assert_eq!(point.selector, Some(Selector::FirstMatch));
/// assert_eq!(point.default, Some("area_point_doc"));
/// assert_eq!(point.signature, "fn(&[f64]) -> f64");
/// ```
#[non_exhaustive]
#[derive(Clone, Copy, Debug)]
pub struct Point {
    /// The point's identity, a URL: `plugkit://<crate>/<category>/<name>`, or
    /// `<domain>/<category>/<name>` when the host chose a domain.
    pub url: &'static str,
    /// The style that declared it: how messages speak of it and of its entries' ids.
    pub style: &'static Style,
    /// How a call picks among the available entries; `None` when the host picks an entry by its
    /// id (a configuration's `type`, an instance's uid).
    pub selector: Option<Selector>,
    /// What is used when no entry is, if the host provides something: for a pluggable function
    /// the name of the host function whose body is the default, for a configuration kind the
    /// default `type` tag.
    pub default: Option<&'static str>,
    /// What its entries are, as the host wrote it (for listings): a function's signature, a
    /// kind's trait.
    pub signature: &'static str,
    /// Where the host declared it.
    pub origin: Origin,
    /// The type of the entries' payload (for a function, its `fn` pointer type).
    pub(crate) payload_type: fn() -> TypeId,
}

impl Point {
    /// A point of `style` whose entries carry a `P`, chosen by id and with no default.
    pub(crate) const fn new<P: 'static>(
        url: &'static str,
        style: &'static Style,
        signature: &'static str,
        origin: Origin,
    ) -> Self {
        Point {
            url,
            style,
            selector: None,
            default: None,
            signature,
            origin,
            payload_type: TypeId::of::<P>,
        }
    }

    /// The same point, picking its entries with `selector`.
    pub(crate) const fn selecting(mut self, selector: Selector) -> Self {
        self.selector = Some(selector);
        self
    }

    /// The same point, with `default` used when no entry is.
    pub(crate) const fn with_default(mut self, default: Option<&'static str>) -> Self {
        self.default = default;
        self
    }
}

/// `{"url", "style", "selector", "default", "signature", "origin"}`; `selector` and `default`
/// are `null` when the point has none.
impl Serialize for Point {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Point", 6)?;
        s.serialize_field("url", self.url)?;
        s.serialize_field("style", self.style.key)?;
        s.serialize_field("selector", &self.selector)?;
        s.serialize_field("default", &self.default)?;
        s.serialize_field("signature", self.signature)?;
        s.serialize_field("origin", &self.origin)?;
        s.end()
    }
}
