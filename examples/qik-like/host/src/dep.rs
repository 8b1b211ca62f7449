//! The `dep` kind: what a command's cached output depends on.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::{BoxError, Ctx, Error};

/// A built dep: says what it is and fingerprints its current state.
///
/// ```
/// # use qik_like::{Dep, BoxError};
/// struct Always;
/// impl Dep for Always {
///     fn describe(&self) -> String { "always".into() }
///     fn fingerprint(&self) -> Result<String, BoxError> { Ok("1".into()) }
/// }
/// assert_eq!(Always.fingerprint().unwrap(), "1");
/// ```
pub trait Dep {
    /// For messages: `glob src/*.c`.
    fn describe(&self) -> String;
    /// Changes whenever the command's output may change.
    fn fingerprint(&self) -> Result<String, BoxError>;
}

/// A dep as `deps = [..]` configures it: a table whose `type` picks the implementation.
/// The kind asks for `clone` and `debug`: the configuration that holds it is cloned and
/// printed, so each type is `Clone` and `Debug` too.
///
/// ```
/// let conf: Box<dyn qik_like::DepConf> = plugkit::config::Decoder::default().toml_str("type = \"glob\"\npattern = \"*.c\"")?;
/// assert_eq!(plugkit::config::tag_of(&*conf), "glob");
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
#[plugkit::config_kind(name = "dep", clone, debug)]
pub trait DepConf {
    /// The factory: builds the dep for a command.
    fn build(&self, ctx: &Ctx) -> Result<Box<dyn Dep>, Error>;
}

/// One entry of `deps`: a glob written as a bare string, or a typed table.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Deps { deps: Vec<qik_like::DepSpec> }
/// let d: Deps = plugkit::config::Decoder::default().toml_str("deps = [\"*.c\", { type = \"glob\", pattern = \"*.h\" }]")?;
/// assert_eq!(d.deps.len(), 2);
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct DepSpec(pub Box<dyn DepConf>);

impl<'de> Deserialize<'de> for DepSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        plugkit::config::deserialize_or_shorthand::<dyn DepConf, D>(deserializer, |pattern| {
            Box::new(GlobConf {
                pattern: pattern.to_owned(),
            })
        })
        .map(DepSpec)
    }
}

impl Serialize for DepSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// `type = "glob"` (or a bare string): the files matching `pattern`, by content.
///
/// ```
/// let dir = std::env::temp_dir().join("qik-like-doc-glob");
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.c"), "int main;")?;
/// let ctx = qik_like::Ctx { root: dir, vars: Default::default(), plugins: Default::default() };
/// use qik_like::DepConf;
/// let dep = qik_like::GlobConf { pattern: "*.c".into() }.build(&ctx)?;
/// assert!(dep.fingerprint()?.starts_with("a.c "));
/// # Ok::<(), qik_like::BoxError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobConf {
    /// A glob relative to the project's root (`src/**/*.rs`).
    pub pattern: String,
}

struct Glob {
    root: std::path::PathBuf,
    pattern: String,
}

#[plugkit::config_type(tag = "glob")]
impl DepConf for GlobConf {
    fn build(&self, ctx: &Ctx) -> Result<Box<dyn Dep>, Error> {
        Ok(Box::new(Glob {
            root: ctx.root.clone(),
            pattern: ctx.vars.format_key("pattern", &self.pattern)?,
        }))
    }
}

impl Dep for Glob {
    fn describe(&self) -> String {
        format!("glob `{}`", self.pattern)
    }

    fn fingerprint(&self) -> Result<String, BoxError> {
        let full = self.root.join(&self.pattern);
        let full = full.to_str().ok_or("the project's path is not UTF-8")?;
        let mut files = Vec::new();
        for path in glob::glob(full)? {
            let path = path?;
            if path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        let mut lines = String::new();
        for path in files {
            let relative = path.strip_prefix(&self.root).unwrap_or(&path);
            let digest = Sha256::digest(std::fs::read(&path)?);
            lines.push_str(&format!("{} {}\n", display(relative), Hex(&digest)));
        }
        Ok(lines)
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Bytes as lower-case hex.
pub(crate) struct Hex<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}
