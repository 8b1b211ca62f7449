//! Systems under test.

use thiserror::Error;

/// A system under test: answers a text prompt.
///
/// `respond` is the answer; `respond_async` is the same answer awaited, which `run-test
/// --parallel N` asks of N items at once. A SUT that waits on the network implements
/// `respond_async` (in an `#[async_trait]` impl) and keeps `respond` for callers that block;
/// the others implement `respond` alone, which `respond_async` returns by default. The futures
/// are `Send`, and must need no particular runtime: a plugin process runs them with a minimal
/// executor.
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
#[async_trait::async_trait]
pub trait Sut: Send + Sync {
    /// The answer to `prompt`, or why the SUT could not give one.
    fn respond(&self, prompt: &str) -> Result<String, SutError>;

    /// The answer to `prompt`, awaited; `respond`'s by default.
    ///
    /// ```
    /// use modelgauge_like::{Sut, SutError};
    ///
    /// struct Slow;
    /// #[async_trait::async_trait]
    /// impl Sut for Slow {
    ///     fn respond(&self, prompt: &str) -> Result<String, SutError> {
    ///         futures::executor::block_on(self.respond_async(prompt))
    ///     }
    ///     async fn respond_async(&self, prompt: &str) -> Result<String, SutError> {
    ///         // A network call would be awaited here.
    ///         Ok(prompt.to_uppercase())
    ///     }
    /// }
    /// assert_eq!(Slow.respond("hi")?, "HI");
    /// assert_eq!(futures::executor::block_on(Slow.respond_async("hi"))?, "HI");
    /// # Ok::<(), SutError>(())
    /// ```
    async fn respond_async(&self, prompt: &str) -> Result<String, SutError> {
        self.respond(prompt)
    }
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
