//! qik-like plugin: a `sqlite` cache type whose runs live in an embedded SQLite database, its
//! `[plugins.sqlite]` section, and a `cache-stats` command.
//!
//! ```toml
//! [caches.db]
//! type = "sqlite"
//! path = ".qik/{ctx.project.name}.sqlite"   # optional: [plugins.sqlite] path otherwise
//!
//! [plugins.sqlite]
//! path = ".qik/cache.sqlite"
//! journal_mode = "wal"
//! ```

use std::io::Write;
use std::path::PathBuf;

use qik_like::{BoxError, Cache, CacheConf, CachedRun, Ctx, Error};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// `[plugins.sqlite]`: where the database is unless a cache says, and its journal mode.
///
/// ```
/// let settings = qik_like_sqlite::SqliteSettings::default();
/// assert_eq!((settings.path.as_str(), settings.journal_mode.as_str()), (".qik/cache.sqlite", "wal"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[plugkit::plugin_section(name = "sqlite")]
pub struct SqliteSettings {
    /// The database file, relative to the project's root.
    pub path: String,
    /// SQLite's `journal_mode` (`wal`, `delete`, ...).
    pub journal_mode: String,
}

impl Default for SqliteSettings {
    fn default() -> Self {
        SqliteSettings {
            path: ".qik/cache.sqlite".into(),
            journal_mode: "wal".into(),
        }
    }
}

/// `type = "sqlite"`: a cache in an SQLite database.
///
/// ```
/// use qik_like_sqlite as _; // linked, so that the tag is registered
/// let conf: Box<dyn qik_like::CacheConf> = plugkit::config::Decoder::default().toml_str("type = \"sqlite\"")?;
/// assert_eq!(plugkit::config::tag_of(&*conf), "sqlite");
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqliteConf {
    /// The database file; `[plugins.sqlite] path` when absent. `{ctx.*}` are formatted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

struct SqliteCache {
    db: Connection,
}

fn open(path: &std::path::Path, journal_mode: &str) -> Result<Connection, BoxError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let db = Connection::open(path)?;
    db.pragma_update(None, "journal_mode", journal_mode)?;
    db.execute_batch(
        "CREATE TABLE IF NOT EXISTS runs (
            key TEXT PRIMARY KEY,
            exit_code INTEGER NOT NULL,
            stdout TEXT NOT NULL,
            stderr TEXT NOT NULL
        )",
    )?;
    Ok(db)
}

fn database(settings: &SqliteSettings, path: Option<&str>, ctx: &Ctx) -> Result<PathBuf, Error> {
    let path = ctx
        .vars
        .format_key("path", path.unwrap_or(&settings.path))?;
    Ok(ctx.root.join(path))
}

#[plugkit::config_type(tag = "sqlite")]
impl CacheConf for SqliteConf {
    fn build(&self, name: &str, ctx: &Ctx) -> Result<Box<dyn Cache>, Error> {
        let settings = ctx.plugins.get::<SqliteSettings>()?;
        let path = database(settings, self.path.as_deref(), ctx)?;
        let db = open(&path, &settings.journal_mode).map_err(|source| Error::Cache {
            cache: name.to_owned(),
            source: format!("cannot open {}: {source}", path.display()).into(),
        })?;
        Ok(Box::new(SqliteCache { db }))
    }
}

impl Cache for SqliteCache {
    fn get(&self, key: &str) -> Result<Option<CachedRun>, BoxError> {
        let run = self
            .db
            .query_row(
                "SELECT exit_code, stdout, stderr FROM runs WHERE key = ?1",
                [key],
                |row| {
                    Ok(CachedRun {
                        exit_code: row.get(0)?,
                        stdout: row.get(1)?,
                        stderr: row.get(2)?,
                    })
                },
            )
            .optional()?;
        Ok(run)
    }

    fn set(&self, key: &str, run: &CachedRun) -> Result<(), BoxError> {
        self.db.execute(
            "INSERT OR REPLACE INTO runs (key, exit_code, stdout, stderr) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![key, run.exit_code, run.stdout, run.stderr],
        )?;
        Ok(())
    }
}

fn cache_stats() -> clap::Command {
    clap::Command::new("cache-stats")
        .about("Count the runs kept in the SQLite cache ([plugins.sqlite] path)")
}

fn run_cache_stats(_: &clap::ArgMatches, ctx: &Ctx) -> Result<(), plugkit::BoxError> {
    let settings = ctx.plugins.get::<SqliteSettings>()?;
    let path = database(settings, None, ctx)?;
    if !path.is_file() {
        writeln!(
            std::io::stdout(),
            "no SQLite cache yet at {}",
            path.display()
        )?;
        return Ok(());
    }
    let db = Connection::open(&path)?;
    let runs: i64 = db
        .query_row("SELECT COUNT(*) FROM runs", [], |row| row.get(0))
        .optional()?
        .unwrap_or(0);
    writeln!(
        std::io::stdout(),
        "{runs} cached run{} in {}",
        if runs == 1 { "" } else { "s" },
        path.display()
    )?;
    Ok(())
}

plugkit::plugin_command!(
    qik_like::COMMANDS,
    "cache-stats",
    cache_stats,
    run_cache_stats
);
