//! The union, inside Rhino.

use compas_like::{GeometryError, Polygon};
use plugkit::plugin;

use crate::rhino_running;

/// The union of `a` and `b` as Rhino computes it. Here geo plays Rhino (see the crate docs).
///
/// Registered under another name than the pluggable's, with `pluggable_name` (as COMPAS
/// spells it), `tryfirst`, and the requirement [`rhino_running`].
#[plugin(
    compas_like::booleans,
    pluggable_name = "boolean_union_polygon_polygon",
    tryfirst,
    requires = [rhino_running]
)]
pub fn union_in_rhino(a: &Polygon, b: &Polygon) -> Result<Vec<Polygon>, GeometryError> {
    compas_like_geo::booleans::union(a, b)
}

#[cfg(test)]
mod tests {
    use plugkit::{Unmet, Verdict};

    #[test]
    fn it_comes_first_inside_rhino_and_is_skipped_with_the_reason_outside()
    -> Result<(), plugkit::UnknownPoint> {
        const RHINO: &str = "compas_like_rhino::booleans::union_in_rhino";
        const GEO: &str = "compas_like_geo::booleans::union";
        // This test binary links the host, geo (a dependency) and this crate; whether Rhino
        // "runs" depends on how `cargo test` was started.
        let expected = match crate::rhino_running() {
            true => [
                (RHINO, Verdict::Selected),
                (GEO, Verdict::Outranked { by: RHINO }),
            ],
            false => [
                (
                    RHINO,
                    Verdict::Unmet {
                        unmet: Unmet::CheckFailed {
                            name: "rhino_running",
                        },
                    },
                ),
                (GEO, Verdict::Selected),
            ],
        };
        let explanation = plugkit::registry()
            .explain(compas_like::booleans::boolean_union_polygon_polygon::URL)?;
        let verdicts: Vec<(&str, Verdict)> = explanation
            .considered()
            .iter()
            .map(|c| (c.entry.id(), c.verdict.clone()))
            .collect();
        assert_eq!(verdicts, expected);
        Ok(())
    }
}
