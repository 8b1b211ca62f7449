//! Polygons on stdout, as JSON that people can read: one polygon per line.

use std::io::{self, Write};

use compas_like::Polygon;

/// Writes `polygons` as a JSON array, one compact polygon per line.
pub(crate) fn write_polygons(out: &mut impl Write, polygons: &[Polygon]) -> io::Result<()> {
    if polygons.is_empty() {
        return writeln!(out, "[]");
    }
    writeln!(out, "[")?;
    for (i, polygon) in polygons.iter().enumerate() {
        let comma = if i + 1 < polygons.len() { "," } else { "" };
        writeln!(out, "  {}{comma}", serde_json::to_string(polygon)?)?;
    }
    writeln!(out, "]")
}

#[cfg(test)]
mod tests {
    use compas_like::Polygon;

    use super::write_polygons;

    #[test]
    fn one_polygon_per_line_in_a_json_array() -> Result<(), Box<dyn std::error::Error>> {
        let t = Polygon::new(vec![(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)], vec![])?;
        let mut out = Vec::new();
        write_polygons(&mut out, &[t.clone(), t])?;
        let text = String::from_utf8(out)?;
        assert_eq!(
            text,
            "[\n  {\"exterior\":[[0.0,0.0],[1.0,0.0],[0.0,1.0]]},\n  {\"exterior\":[[0.0,0.0],[1.0,0.0],[0.0,1.0]]}\n]\n"
        );
        let parsed: Vec<Polygon> = serde_json::from_str(&text)?;
        assert_eq!(parsed.len(), 2);
        let mut empty = Vec::new();
        write_polygons(&mut empty, &[])?;
        assert_eq!(empty, b"[]\n");
        Ok(())
    }
}
