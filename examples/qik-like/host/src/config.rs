//! `qik.toml`: finding it, decoding it, and the effective configuration.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plugkit::config::{Context, Decoder, PluginSections};
use serde::{Deserialize, Serialize};

use crate::{CacheConf, Ctx, DepSpec, Error, LocalConf, NoCacheConf};

/// The configuration file's name.
///
/// ```
/// assert_eq!(qik_like::FILE_NAME, "qik.toml");
/// ```
pub const FILE_NAME: &str = "qik.toml";

/// A command of `[commands.<name>]`.
///
/// ```
/// let c: qik_like::CommandConf = plugkit::config::Decoder::default().toml_str("exec = \"make\"\ndeps = [\"Makefile\"]")?;
/// assert_eq!(c.cache, "local");
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandConf {
    /// The shell line; `{ctx.*}` variables are formatted.
    pub exec: String,
    /// What the output depends on: globs, or typed deps.
    #[serde(default)]
    pub deps: Vec<DepSpec>,
    /// The name of the cache its output goes to.
    #[serde(default = "default_cache")]
    pub cache: String,
}

fn default_cache() -> String {
    "local".into()
}

/// The whole `qik.toml`.
///
/// ```
/// let config: qik_like::QikToml = plugkit::config::Decoder::default().toml_str("[commands.a]\nexec = \"true\"\n")?;
/// assert!(config.caches.contains_key("local")); // the implicit caches are there
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QikToml {
    /// `{ctx.<ns>.<var>}` values.
    #[serde(default)]
    pub ctx: Context,
    /// Named caches; `local` and `none` exist unless redefined.
    #[serde(default = "implicit_caches", deserialize_with = "with_implicit_caches")]
    pub caches: BTreeMap<String, Box<dyn CacheConf>>,
    /// Named commands.
    #[serde(default)]
    pub commands: BTreeMap<String, CommandConf>,
    /// Every enabled plugin's section, or its defaults.
    #[serde(default)]
    pub plugins: PluginSections,
}

fn with_implicit_caches<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, Box<dyn CacheConf>>, D::Error> {
    let mut caches = BTreeMap::<String, Box<dyn CacheConf>>::deserialize(d)?;
    add_implicit_caches(&mut caches);
    Ok(caches)
}

fn implicit_caches() -> BTreeMap<String, Box<dyn CacheConf>> {
    let mut caches = BTreeMap::new();
    add_implicit_caches(&mut caches);
    caches
}

fn add_implicit_caches(caches: &mut BTreeMap<String, Box<dyn CacheConf>>) {
    caches
        .entry("local".into())
        .or_insert_with(|| Box::new(LocalConf::default()));
    caches
        .entry("none".into())
        .or_insert_with(|| Box::new(NoCacheConf {}));
}

/// A loaded project: where it is, its configuration, and the context factories get.
///
/// ```
/// let dir = std::env::temp_dir().join("qik-like-doc-project");
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("qik.toml"), "[ctx.project]\nname = \"demo\"\n")?;
/// let project = qik_like::Project::find(&dir)?;
/// assert_eq!(project.ctx.root, dir);
/// assert_eq!(project.ctx.vars.format("{ctx.project.name}")?, "demo");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Project {
    /// The `qik.toml` read.
    pub file: PathBuf,
    /// Its decoded configuration.
    pub config: QikToml,
    /// The context for factories and plugin commands.
    pub ctx: Ctx,
}

impl Project {
    /// Finds `qik.toml` in `start` or the nearest folder above it, and loads it.
    ///
    /// ```
    /// let err = qik_like::Project::find(std::path::Path::new("/")).unwrap_err();
    /// assert!(matches!(err, qik_like::Error::NoConfig { .. }));
    /// ```
    pub fn find(start: &Path) -> Result<Project, Error> {
        let file = start
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|file| file.is_file())
            .ok_or_else(|| Error::NoConfig {
                start: start.to_owned(),
            })?;
        Project::load(&file)
    }

    /// Loads the project whose configuration is `file`. Errors name the file as given.
    ///
    /// ```
    /// let file = std::env::temp_dir().join("qik-like-doc-load.toml");
    /// std::fs::write(&file, "[commands.a]\nexec = 1\n")?;
    /// let err = qik_like::Project::load(&file).unwrap_err();
    /// assert!(err.to_string().ends_with("2:8: in `commands.a.exec`: invalid type: integer `1`, expected a string\n  fix: write a value of the expected type"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(file: &Path) -> Result<Project, Error> {
        let mut config: QikToml = Decoder::default().read_file(file)?;
        add_implicit_caches(&mut config.caches);
        let root = file
            .parent()
            .map(Path::to_owned)
            .unwrap_or_else(|| PathBuf::from("."));
        let ctx = Ctx {
            root,
            vars: config.ctx.clone().process_env_overrides(),
            plugins: config.plugins.clone(),
        };
        Ok(Project {
            file: file.to_owned(),
            config,
            ctx,
        })
    }

    /// The effective configuration as TOML: implicit caches, every `type`, and every enabled
    /// plugin's section with its defaults.
    ///
    /// ```
    /// let dir = std::env::temp_dir().join("qik-like-doc-effective");
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("qik.toml"), "")?;
    /// let text = qik_like::Project::find(&dir)?.effective_toml()?;
    /// assert!(text.contains("[caches.none]\ntype = \"none\"\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn effective_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string(&self.config)
    }
}
