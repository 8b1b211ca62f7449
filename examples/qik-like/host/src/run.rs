//! Running commands, served from their cache when their deps have not changed.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::dep::Hex;
use crate::{Cache, CachedRun, Error, Project};

/// What happened to one command; see [`run_commands`] for an example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The command's name.
    pub command: String,
    /// Its exit code (the cached one when served from the cache).
    pub exit_code: i32,
    /// Whether the cache served it.
    pub cached: bool,
    /// The cache it used.
    pub cache: String,
}

/// Runs `names` (every command when empty), in name order, writing their output to `out` and
/// `err` and a status line per command to `err`. A command whose deps are unchanged since a
/// successful run is served from its cache; successful runs are stored.
///
/// ```
/// let dir = std::env::temp_dir().join("qik-like-doc-run");
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("qik.toml"), "[commands.hi]\nexec = \"echo hi\"\ncache = \"none\"\n")?;
/// let project = qik_like::Project::find(&dir)?;
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let reports = qik_like::run_commands(&project, &[], &mut out, &mut err)?;
/// assert_eq!(String::from_utf8(out)?, "hi\n");
/// assert!(!reports[0].cached);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_commands(
    project: &Project,
    names: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Vec<Report>, Error> {
    let commands = &project.config.commands;
    let selected: Vec<&String> = if names.is_empty() {
        commands.keys().collect()
    } else {
        names
            .iter()
            .map(|name| {
                commands
                    .get_key_value(name)
                    .map(|(k, _)| k)
                    .ok_or_else(|| Error::UnknownCommand {
                        name: name.clone(),
                        suggestion: closest(name, commands.keys()),
                    })
            })
            .collect::<Result<_, _>>()?
    };
    // Caches are built when a command first needs one, never before.
    let mut caches: BTreeMap<&str, Box<dyn Cache>> = BTreeMap::new();
    let mut reports = Vec::new();
    for name in selected {
        let command = &commands[name];
        let cache_name = command.cache.as_str();
        if !caches.contains_key(cache_name) {
            let conf =
                project
                    .config
                    .caches
                    .get(cache_name)
                    .ok_or_else(|| Error::UnknownCache {
                        command: name.clone(),
                        cache: cache_name.to_owned(),
                    })?;
            caches.insert(cache_name, conf.build(cache_name, &project.ctx)?);
        }
        let cache = &caches[cache_name];
        let cache_error = |source| Error::Cache {
            cache: cache_name.to_owned(),
            source,
        };
        let exec = project
            .ctx
            .vars
            .format_key(&format!("commands.{name}.exec"), &command.exec)?;
        let key = key(project, name, &exec)?;
        let (run, cached) = match cache.get(&key).map_err(cache_error)? {
            Some(run) => (run, true),
            None => {
                let run = execute(project, name, &exec)?;
                if run.exit_code == 0 {
                    cache.set(&key, &run).map_err(cache_error)?;
                }
                (run, false)
            }
        };
        out.write_all(run.stdout.as_bytes())
            .map_err(Error::Output)?;
        err.write_all(run.stderr.as_bytes())
            .map_err(Error::Output)?;
        let status = match (cached, run.exit_code) {
            (true, _) => format!("served from cache `{cache_name}`"),
            (false, 0) => format!("ran, stored in cache `{cache_name}`"),
            (false, code) => format!("failed with exit code {code}, not cached"),
        };
        writeln!(err, "qik-like: {name}: {status}").map_err(Error::Output)?;
        reports.push(Report {
            command: name.clone(),
            exit_code: run.exit_code,
            cached,
            cache: cache_name.to_owned(),
        });
    }
    Ok(reports)
}

/// The cache key: the command's name and a hash of its shell line and its deps' fingerprints.
fn key(project: &Project, name: &str, exec: &str) -> Result<String, Error> {
    let mut hash = Sha256::new();
    hash.update(exec.as_bytes());
    for spec in &project.config.commands[name].deps {
        let dep = spec.0.build(&project.ctx)?;
        let fingerprint = dep.fingerprint().map_err(|source| Error::Dep {
            command: name.to_owned(),
            dep: dep.describe(),
            source,
        })?;
        hash.update([0]);
        hash.update(fingerprint.as_bytes());
    }
    Ok(format!("{name}-{}", Hex(&hash.finalize()[..16])))
}

fn execute(project: &Project, name: &str, exec: &str) -> Result<CachedRun, Error> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(exec)
        .current_dir(&project.ctx.root)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::Spawn {
            command: name.to_owned(),
            exec: exec.to_owned(),
            source,
        })?;
    Ok(CachedRun {
        exit_code: output.status.code().unwrap_or(1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

fn closest<'a>(name: &str, known: impl Iterator<Item = &'a String>) -> Option<String> {
    known
        .map(|k| (strsim_distance(name, k), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1))
        .min()
        .map(|(_, k)| k.clone())
}

/// Edit distance (Levenshtein), for "did you mean".
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
