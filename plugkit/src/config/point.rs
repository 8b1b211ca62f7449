//! How the core speaks of configuration kinds, and of the plugin sections.

use crate::{Origin, Point, Style};

/// A configuration kind's point: its entries are `type` tags.
pub(crate) static KIND: Style = Style {
    key: "config_kind",
    noun: "configuration kind",
    id_noun: "configuration type",
    duplicate_fix: "give one of them another tag (`#[config_type(tag = \"...\")]`), or link only \
                    one of these crates (`cargo tree -d` shows duplicate versions)",
    describe: describe_kind,
};

/// The point of the `[plugins.<name>]` sections: its entries are the plugins' names.
pub(crate) static SECTIONS: Style = Style {
    key: "plugin_sections",
    noun: "plugin configuration sections",
    id_noun: "plugin section",
    duplicate_fix: "give one of them another name (`#[plugin_section(name = \"...\")]`), or link \
                    only one of these crates (`cargo tree -d` shows duplicate versions)",
    describe: |_| "plugin configuration sections".to_owned(),
};

/// `configuration kind, default type `local``.
fn describe_kind(point: &Point) -> String {
    match point.default {
        Some(tag) => format!("configuration kind, default type `{tag}`"),
        None => "configuration kind".to_owned(),
    }
}

/// A configuration kind's point: its tags carry a `P`; `default_tag` is used when a
/// configuration has no `type`.
pub(crate) const fn kind_point<P: 'static>(
    url: &'static str,
    default_tag: Option<&'static str>,
    signature: &'static str,
    origin: Origin,
) -> Point {
    Point::new::<P>(url, &KIND, signature, origin).with_default(default_tag)
}

/// Whether `point` is a configuration kind's, or the plugin sections' (whose tags are the
/// plugins' names).
pub(crate) fn is_kind(point: &Point) -> bool {
    std::ptr::eq(point.style, &KIND) || std::ptr::eq(point.style, &SECTIONS)
}
