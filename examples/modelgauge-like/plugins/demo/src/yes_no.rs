//! `demo_yes_no`: the simplest SUT.

use modelgauge_like::{Sut, SutError, Suts};

/// Answers "Yes" when the prompt has an even number of words, "No" otherwise.
///
/// ```
/// use modelgauge_like::Sut;
/// let sut = modelgauge_like_demo::YesNo;
/// assert_eq!(sut.respond("one two")?, "Yes");
/// assert_eq!(sut.respond("one two three")?, "No");
/// # Ok::<(), modelgauge_like::SutError>(())
/// ```
#[derive(Debug)]
pub struct YesNo;

impl Sut for YesNo {
    fn respond(&self, prompt: &str) -> Result<String, SutError> {
        let even = prompt.split_whitespace().count().is_multiple_of(2);
        Ok(if even { "Yes" } else { "No" }.to_owned())
    }
}

#[plugkit::instance(Suts, uid = "demo_yes_no")]
fn yes_no() -> YesNo {
    YesNo
}
