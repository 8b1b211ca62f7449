//! A second `modelgauge-like` plugin: SUTs that answer with the prompt itself, useful as a
//! baseline. One constructor is registered under two uids with different arguments, as
//! ModelGauge registers one SUT class for many models:
//!
//! - `echo`: the prompt, as it is;
//! - `echo_upper`: the prompt in capitals.
//!
//! ```
//! use modelgauge_like::Suts;
//! use plugkit::instances::{Namespace, Secrets};
//! use modelgauge_like_echo as _; // link the plugin
//!
//! let sut = Suts::make_instance("echo_upper", &Secrets::new())?;
//! assert_eq!(sut.respond("Is it?")?, "IS IT?");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use modelgauge_like::{Sut, SutError, Suts};

/// Answers with the prompt, in capitals if `uppercase`.
///
/// ```
/// use modelgauge_like::Sut;
/// let echo = modelgauge_like_echo::Echo { uppercase: false };
/// assert_eq!(echo.respond("hi")?, "hi");
/// # Ok::<(), modelgauge_like::SutError>(())
/// ```
#[derive(Debug)]
pub struct Echo {
    /// Whether the answer is in capitals.
    pub uppercase: bool,
}

impl Sut for Echo {
    fn respond(&self, prompt: &str) -> Result<String, SutError> {
        Ok(match self.uppercase {
            true => prompt.to_uppercase(),
            false => prompt.to_owned(),
        })
    }
}

#[plugkit::instance(Suts, uid = "echo", args(uppercase = false))]
#[plugkit::instance(Suts, uid = "echo_upper", args(uppercase = true))]
fn echo(uppercase: bool) -> Echo {
    Echo { uppercase }
}
