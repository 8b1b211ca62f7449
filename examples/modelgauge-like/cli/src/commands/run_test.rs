//! `run-test`: a Test on a SUT; the results on stdout, the full record in a file if asked.

use std::io::Write;
use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use modelgauge_like::{Measurements, Suts, TestRecord, Tests, run_test_concurrently};
use plugkit::instances::Namespace;
use serde::Serialize;

use crate::error::CliError;
use crate::progress::Progress;

pub(crate) struct Options<'a> {
    pub(crate) test: &'a str,
    pub(crate) sut: &'a str,
    pub(crate) output_dir: Option<&'a Path>,
    pub(crate) max_items: Option<usize>,
    pub(crate) progress_bar: bool,
    /// How many items await the SUT at once.
    pub(crate) parallel: NonZeroUsize,
}

/// What stdout shows: the record without its items.
#[derive(Serialize)]
struct Summary<'a> {
    test: &'a str,
    sut: &'a str,
    items: usize,
    results: &'a Measurements,
}

pub(crate) fn run(options: Options<'_>, out: &mut impl Write) -> Result<(), CliError> {
    let Options {
        test,
        sut,
        output_dir,
        max_items,
        progress_bar,
        parallel,
    } = options;
    let secrets = super::load_secrets()?;
    // Every missing secret of both objects, before either is built.
    let mut missing = Tests::instances().missing_dependencies(test, &secrets)?;
    missing.extend(Suts::instances().missing_dependencies(sut, &secrets)?);
    secrets.check(missing)?;

    let test_made = Tests::instances().make_instance(test, &secrets)?;
    let sut_made = Suts::instances().make_instance(sut, &secrets)?;
    // The SUT's calls are awaited, `parallel` at a time, on one thread.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(CliError::Runtime)?;
    let progress = Progress::new(progress_bar);
    // A Test's methods cannot fail: when its plugin process does, they panic, caught here.
    let record = plugkit_remote::catch_failure(AssertUnwindSafe(|| {
        runtime.block_on(run_test_concurrently(
            test,
            &*test_made,
            sut,
            &*sut_made,
            max_items,
            parallel,
            |done, total| progress.update(done, total),
        ))
    }));
    progress.finish();
    let record = record.map_err(|source| CliError::TestPlugin {
        test: test.to_owned(),
        source: Box::new(source),
    })??;

    if let Some(dir) = output_dir {
        let path = write_record(dir, &record)?;
        eprintln!("wrote the full record to {}", path.display());
    }
    let summary = Summary {
        test,
        sut,
        items: record.items.len(),
        results: &record.results,
    };
    let json = serde_json::to_string_pretty(&summary).map_err(std::io::Error::from)?;
    writeln!(out, "{json}")?;
    Ok(())
}

/// Writes `record_for_<test>_<sut>.json` in `dir` (created if needed), through a temporary
/// file so that a failed write leaves no partial record.
fn write_record(dir: &Path, record: &TestRecord) -> Result<PathBuf, CliError> {
    let name = format!("record_for_{}_{}.json", record.test, record.sut);
    let name: String = name
        .chars()
        .map(|c| match c.is_ascii_alphanumeric() || "-_.".contains(c) {
            true => c,
            false => '_',
        })
        .collect();
    let path = dir.join(name);
    let fail = |source| CliError::WriteRecord {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut json = serde_json::to_string_pretty(record).map_err(|e| fail(e.into()))?;
    json.push('\n');
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, json).map_err(fail)?;
    std::fs::rename(&partial, &path).map_err(fail)?;
    Ok(path)
}
