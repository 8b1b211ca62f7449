//! Systems under test.

use thiserror::Error;

/// A system under test: answers a text prompt.
///
/// ```
/// use modelgauge_like::{Sut, SutError};
///
/// struct Constant(&'static str);
/// impl Sut for Constant {
///     fn respond(&self, _prompt: &str) -> Result<String, SutError> {
///         Ok(self.0.to_owned())
///     }
/// }
/// assert_eq!(Constant("Yes").respond("Is it?")?, "Yes");
/// # Ok::<(), SutError>(())
/// ```
#[plugkit_remote::remote(crate::Suts)]
pub trait Sut: Send + Sync {
    /// The answer to `prompt`, or why the SUT could not give one.
    fn respond(&self, prompt: &str) -> Result<String, SutError>;
}

/// A SUT could not answer a prompt.
///
/// ```
/// let err = modelgauge_like::SutError::new("the prompt is empty");
/// assert_eq!(err.to_string(), "the prompt is empty");
/// ```
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{message}")]
pub struct SutError {
    message: String,
}

impl SutError {
    /// An error with this message (what went wrong, and the fix when there is one).
    ///
    /// ```
    /// let err = modelgauge_like::SutError::new("rate limited");
    /// assert_eq!(err.to_string(), "rate limited");
    /// ```
    pub fn new(message: impl Into<String>) -> Self {
        SutError {
            message: message.into(),
        }
    }
}
