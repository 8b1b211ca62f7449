//! What can go wrong in a geometric operation.

use thiserror::Error;

/// A geometric operation failed.
///
/// Plugins return [`GeometryError::Unsupported`] for inputs they cannot handle, saying what
/// they would need; the host adds [`GeometryError::NoEngine`] when no plugin is available.
///
/// ```
/// let err = compas_like::GeometryError::Unsupported {
///     engine: "my-engine",
///     operation: "union",
///     reason: "the polygons overlap".to_owned(),
///     fix: "add a real engine".to_owned(),
/// };
/// assert_eq!(err.to_string(), "my-engine cannot compute the union of these polygons: the polygons overlap\n  fix: add a real engine");
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, Error, PartialEq)]
pub enum GeometryError {
    /// The engine that ran cannot handle these inputs.
    #[error("{engine} cannot compute the {operation} of these polygons: {reason}\n  fix: {fix}")]
    Unsupported {
        /// The crate that declined.
        engine: &'static str,
        /// The operation (`union`).
        operation: &'static str,
        /// What about the inputs it cannot handle.
        reason: String,
        /// What to do instead.
        fix: String,
    },
    /// No plugin is available for the operation: the error lists every candidate and the fix.
    #[error(transparent)]
    NoEngine(#[from] plugkit::fns::NoPlugin),
}
