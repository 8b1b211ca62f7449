//! Reading a polygon from a JSON file, with errors that say which file, what is wrong, and
//! how to fix it.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::Polygon;

const EXAMPLE: &str = r#"{"exterior": [[0, 0], [1, 0], [1, 1], [0, 1]], "holes": []}"#;

/// A polygon file could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read `{}`: {source}\n  fix: check the path; polygon files are JSON, like those in examples/compas-like/data", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        source: io::Error,
    },
    /// The file is not JSON.
    #[error("`{}` is not valid JSON: {message}{}\n  fix: correct the JSON there; a polygon file looks like {EXAMPLE}", .path.display(), At(.location))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// What the parser found.
        message: String,
        /// Where: line and column, from 1.
        location: Option<(usize, usize)>,
    },
    /// The file is JSON, but not a valid polygon.
    #[error("`{}` is not a valid polygon: {message}{}\n  fix: a polygon file looks like {EXAMPLE}", .path.display(), At(.location))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
        /// Where: line and column, from 1, when the parser knows.
        location: Option<(usize, usize)>,
    },
}

/// ` at line L, column C`, or nothing when the place is not known.
struct At<'a>(&'a Option<(usize, usize)>);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some((line, column)) => write!(f, " at line {line}, column {column}"),
            None => Ok(()),
        }
    }
}

/// Reads the polygon in the JSON file at `path`.
///
/// ```
/// let err = compas_like::load_polygon("no/such/file.json").unwrap_err();
/// assert!(err.to_string().starts_with("cannot read `no/such/file.json`: "));
/// ```
pub fn load_polygon(path: impl AsRef<Path>) -> Result<Polygon, LoadError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse_polygon(&text, path)
}

/// Parses `text`, the contents of the file at `path`.
fn parse_polygon(text: &str, path: &Path) -> Result<Polygon, LoadError> {
    serde_json::from_str(text).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        let full = e.to_string();
        let message = full
            .strip_suffix(&format!(" at line {line} column {column}"))
            .unwrap_or(&full)
            .to_owned();
        // A polygon rejected after parsing (too few points...) has no place: line 0.
        let location = (line > 0).then_some((line, column));
        let path = path.to_owned();
        match e.classify() {
            serde_json::error::Category::Data => LoadError::Invalid {
                path,
                message,
                location,
            },
            _ => LoadError::Syntax {
                path,
                message,
                location,
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::parse_polygon;

    fn message(text: &str) -> String {
        match parse_polygon(text, Path::new("p.json")) {
            Ok(p) => format!("parsed: {p:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn broken_json_names_the_file_the_place_and_the_fix() {
        assert_eq!(
            message("{\"exterior\": [[0, 0], [1, 0]"),
            "`p.json` is not valid JSON: EOF while parsing a list at line 1, column 28\n  \
             fix: correct the JSON there; a polygon file looks like \
             {\"exterior\": [[0, 0], [1, 0], [1, 1], [0, 1]], \"holes\": []}"
        );
    }

    #[test]
    fn json_that_is_not_a_polygon_says_what_is_missing() {
        assert_eq!(
            message("{\"outside\": []}"),
            "`p.json` is not a valid polygon: unknown field `outside`, expected `exterior` or `holes` \
             at line 1, column 10\n  \
             fix: a polygon file looks like {\"exterior\": [[0, 0], [1, 0], [1, 1], [0, 1]], \"holes\": []}"
        );
    }

    #[test]
    fn a_degenerate_ring_is_reported_with_what_is_wrong() {
        assert_eq!(
            message("{\"exterior\": [[0, 0], [1, 0], [0, 0]]}"),
            "`p.json` is not a valid polygon: the exterior ring has 2 distinct points; a polygon \
             ring needs at least 3\n  \
             fix: a polygon file looks like {\"exterior\": [[0, 0], [1, 0], [1, 1], [0, 1]], \"holes\": []}"
        );
    }
}
