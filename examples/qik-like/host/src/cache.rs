//! The `cache` kind: where command output is kept, keyed by a hash of the deps.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::{BoxError, Ctx, Error};

/// A finished run, as a cache keeps it.
///
/// ```
/// let run = qik_like::CachedRun { exit_code: 0, stdout: "ok\n".into(), stderr: String::new() };
/// assert_eq!(serde_json::to_string(&run).unwrap(), r#"{"exit_code":0,"stdout":"ok\n","stderr":""}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedRun {
    /// The command's exit code.
    pub exit_code: i32,
    /// What it printed on stdout.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

/// A built cache.
///
/// ```
/// # use qik_like::{Cache, CachedRun, BoxError};
/// struct Nothing;
/// impl Cache for Nothing {
///     fn get(&self, _key: &str) -> Result<Option<CachedRun>, BoxError> { Ok(None) }
///     fn set(&self, _key: &str, _run: &CachedRun) -> Result<(), BoxError> { Ok(()) }
/// }
/// assert_eq!(Nothing.get("k").unwrap(), None);
/// ```
pub trait Cache {
    /// The run stored under `key`, if any.
    fn get(&self, key: &str) -> Result<Option<CachedRun>, BoxError>;
    /// Stores `run` under `key`.
    fn set(&self, key: &str, run: &CachedRun) -> Result<(), BoxError>;
}

/// A cache as `[caches.<name>]` configures it; its `type` picks the implementation, `local`
/// when absent.
/// The kind asks for `clone` and `debug`: the configuration that holds it is cloned and
/// printed, so each type is `Clone` and `Debug` too.
///
/// ```
/// let conf: Box<dyn qik_like::CacheConf> = plugkit::config::Decoder::default().toml_str("dir = \".cache\"")?;
/// assert_eq!(plugkit::config::tag_of(&*conf), "local");
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
#[plugkit::config_kind(name = "cache", default = "local", clone, debug)]
pub trait CacheConf {
    /// The factory: builds the cache named `name`. Called only when a command uses it.
    fn build(&self, name: &str, ctx: &Ctx) -> Result<Box<dyn Cache>, Error>;
}

/// `type = "local"`: one JSON file per run in a folder.
///
/// ```
/// let conf = qik_like::LocalConf::default();
/// assert_eq!(conf.dir, ".qik/cache");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalConf {
    /// The folder, relative to the project's root; `{ctx.*}` variables are formatted.
    #[serde(default = "default_dir")]
    pub dir: String,
}

fn default_dir() -> String {
    ".qik/cache".into()
}

impl Default for LocalConf {
    fn default() -> Self {
        LocalConf { dir: default_dir() }
    }
}

struct LocalCache {
    dir: PathBuf,
}

#[plugkit::config_type(tag = "local")]
impl CacheConf for LocalConf {
    fn build(&self, _name: &str, ctx: &Ctx) -> Result<Box<dyn Cache>, Error> {
        let dir = ctx.root.join(ctx.vars.format_key("dir", &self.dir)?);
        Ok(Box::new(LocalCache { dir }))
    }
}

impl LocalCache {
    fn file(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }
}

impl Cache for LocalCache {
    fn get(&self, key: &str) -> Result<Option<CachedRun>, BoxError> {
        match std::fs::read(self.file(key)) {
            Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn set(&self, key: &str, run: &CachedRun) -> Result<(), BoxError> {
        std::fs::create_dir_all(&self.dir)?;
        std::fs::write(self.file(key), serde_json::to_vec(run)?)?;
        Ok(())
    }
}

/// `type = "none"`: keeps nothing; the command always runs.
///
/// ```
/// let conf: Box<dyn qik_like::CacheConf> = plugkit::config::Decoder::default().toml_str("type = \"none\"")?;
/// assert_eq!(plugkit::config::tag_of(&*conf), "none");
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoCacheConf {}

struct NoCache;

#[plugkit::config_type(tag = "none")]
impl CacheConf for NoCacheConf {
    fn build(&self, _name: &str, _ctx: &Ctx) -> Result<Box<dyn Cache>, Error> {
        Ok(Box::new(NoCache))
    }
}

impl Cache for NoCache {
    fn get(&self, _key: &str) -> Result<Option<CachedRun>, BoxError> {
        Ok(None)
    }

    fn set(&self, _key: &str, _run: &CachedRun) -> Result<(), BoxError> {
        Ok(())
    }
}
