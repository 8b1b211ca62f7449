//! How the core speaks of namespaces and their uids.

use crate::{Origin, Point, Style};

/// A namespace's point: its entries are uids.
pub(crate) static NAMESPACE: Style = Style {
    key: "namespace",
    noun: "namespace",
    id_noun: "uid",
    duplicate_fix: "give one of them another uid (`#[instance(.., uid = \"...\")]`), or link only \
                    one of these crates (`cargo tree -d` shows duplicate versions)",
    describe: |_| "namespace".to_owned(),
};

/// A namespace's point: its uids carry a `P`.
pub(crate) const fn namespace_point<P: 'static>(
    url: &'static str,
    signature: &'static str,
    origin: Origin,
) -> Point {
    Point::new::<P>(url, &NAMESPACE, signature, origin)
}
