//! A `modelgauge-like` plugin usable two ways without changing its code:
//!
//! - **linked**, like any plugin crate (a host that depends on it finds its SUTs);
//! - **as a plugin process**: its binary, `modelgauge-like-reverse`, serves the same SUTs over
//!   plugkit's protocol, so that `modelgauge-like --plugin-dir DIR` finds it in `DIR` at run
//!   time, in a process of its own that cannot take the host down.
//!
//! Its SUTs:
//! - `reverse`: the prompt's words in reverse order;
//! - `reverse_shout`: the same, in capitals.
//!
//! ```
//! use modelgauge_like::Suts;
//! use plugkit::instances::{Namespace, Secrets};
//! use modelgauge_like_reverse as _; // link the plugin
//!
//! let sut = Suts::instances().make_instance("reverse", &Secrets::default())?;
//! assert_eq!(sut.respond("is the sky blue")?, "blue sky the is");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! In this workspace it is built as an executable only (`exclude` in the host's
//! `[workspace.metadata.plugkit.hosts.modelgauge-like]`): linking it too would register its
//! uids twice when its executable is in the plugin folder.

use modelgauge_like::{Sut, SutError, Suts};

/// Answers with the prompt's words in reverse order, in capitals if `shout`.
///
/// ```
/// use modelgauge_like::Sut;
/// let sut = modelgauge_like_reverse::Reverse { shout: true };
/// assert_eq!(sut.respond("hello there")?, "THERE HELLO");
/// # Ok::<(), modelgauge_like::SutError>(())
/// ```
#[derive(Debug)]
pub struct Reverse {
    /// Whether the answer is in capitals.
    pub shout: bool,
}

impl Sut for Reverse {
    fn respond(&self, prompt: &str) -> Result<String, SutError> {
        if prompt.trim().is_empty() {
            return Err(SutError::new(
                "the prompt is empty: there is nothing to reverse",
            ));
        }
        let words: Vec<&str> = prompt.split_whitespace().rev().collect();
        let answer = words.join(" ");
        Ok(match self.shout {
            true => answer.to_uppercase(),
            false => answer,
        })
    }
}

#[plugkit::instance(Suts, uid = "reverse", args(shout = false))]
#[plugkit::instance(Suts, uid = "reverse_shout", args(shout = true))]
fn reverse(shout: bool) -> Reverse {
    Reverse { shout }
}
