//! qik-like plugin: an `env` dep type, so that a command reruns when an environment variable
//! changes.
//!
//! ```toml
//! [commands.build]
//! exec = "cc -o demo main.c"
//! deps = ["*.c", { type = "env", name = "CC" }]
//! ```

use qik_like::{BoxError, Ctx, Dep, DepConf, Error};
use serde::{Deserialize, Serialize};

/// `type = "env"`: the value of the environment variable `name` (unset is a value too).
///
/// ```
/// use qik_like::DepConf;
/// let conf = qik_like_env::EnvConf { name: "QIK_LIKE_DOC_ENV".into() };
/// let ctx = qik_like::Ctx { root: ".".into(), vars: Default::default(), plugins: Default::default() };
/// assert_eq!(conf.build(&ctx)?.fingerprint()?, "QIK_LIKE_DOC_ENV unset");
/// # Ok::<(), qik_like::BoxError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvConf {
    /// The variable's name.
    pub name: String,
}

struct EnvDep {
    name: String,
}

#[plugkit::config_type(tag = "env")]
impl DepConf for EnvConf {
    fn build(&self, ctx: &Ctx) -> Result<Box<dyn Dep>, Error> {
        Ok(Box::new(EnvDep {
            name: ctx.vars.format_key("name", &self.name)?,
        }))
    }
}

impl Dep for EnvDep {
    fn describe(&self) -> String {
        format!("env `{}`", self.name)
    }

    fn fingerprint(&self) -> Result<String, BoxError> {
        Ok(match std::env::var_os(&self.name) {
            Some(value) => format!("{}={}", self.name, value.to_string_lossy()),
            None => format!("{} unset", self.name),
        })
    }
}
