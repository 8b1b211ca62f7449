//! A second `modelgauge-like` plugin: SUTs that answer with the prompt itself, useful as a
//! baseline. One constructor is registered under two uids with different arguments, as
//! ModelGauge registers one SUT class for many models:
//!
//! - `echo`: the prompt, as it is;
//! - `echo_upper`: the prompt in capitals.
//!
//! It also registers the SUT type `echo` ([`EchoConf`]), which a declarative plugin file can
//! configure without code (`[suts.polite_echo]`, `type = "echo"`, `prefix = "Dear user: "`).
//!
//! ```
//! use modelgauge_like::Suts;
//! use plugkit::instances::{Namespace, Secrets};
//! use modelgauge_like_echo as _; // link the plugin
//!
//! let sut = Suts::instances().make_instance("echo_upper", &Secrets::default())?;
//! assert_eq!(sut.respond("Is it?")?, "IS IT?");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use modelgauge_like::{Sut, SutConf, SutError, Suts};
use plugkit::BoxError;
use plugkit::instances::Injector;
use serde::{Deserialize, Serialize};

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

/// The SUT type `echo`, for declarative plugin files: the prompt, in capitals if `uppercase`,
/// after `prefix`.
///
/// ```
/// use modelgauge_like::Suts;
/// use plugkit::instances::{Namespace, Secrets};
/// use modelgauge_like_echo as _; // link the plugin
///
/// // A declarative plugin file configures an `echo`...
/// let file = std::env::temp_dir().join(format!("echo-conf-doc-{}.toml", std::process::id()));
/// std::fs::write(&file, "[suts.quoted]\ntype = \"echo\"\nprefix = \"> \"\n")?;
/// let linked = Box::leak(Box::new(plugkit::Registry::builder().discovered().build()?));
/// let declared = modelgauge_like::declared_suts(&file, linked);
/// std::fs::remove_file(&file)?;
///
/// // ...and the host makes it by uid.
/// let mut builder = plugkit::Registry::builder().point(Suts::POINT);
/// for entry in declared? {
///     builder = builder.entry(entry);
/// }
/// let registry = builder.build()?;
/// let sut = Suts::in_registry(&registry).make_instance("quoted", &Secrets::default())?;
/// assert_eq!(sut.respond("hi")?, "> hi");
/// # Ok::<(), plugkit::BoxError>(())
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EchoConf {
    /// Whether the answer is in capitals.
    pub uppercase: bool,
    /// What the answer starts with.
    pub prefix: String,
}

/// An [`Echo`] after a prefix.
struct Prefixed {
    prefix: String,
    echo: Echo,
}

impl Sut for Prefixed {
    fn respond(&self, prompt: &str) -> Result<String, SutError> {
        Ok(format!("{}{}", self.prefix, self.echo.respond(prompt)?))
    }
}

#[plugkit::config_type(tag = "echo")]
impl SutConf for EchoConf {
    fn build(&self, _: &Injector<'_>) -> Result<Box<dyn Sut>, BoxError> {
        Ok(Box::new(Prefixed {
            prefix: self.prefix.clone(),
            echo: Echo {
                uppercase: self.uppercase,
            },
        }))
    }
}
