//! Running a Test on a SUT.

use thiserror::Error;

use crate::{ItemRecord, Sut, SutError, Test, TestRecord};

/// A run stopped: the SUT failed on an item. Nothing is recorded for a run that stopped.
///
/// ```
/// let err = modelgauge_like::RunError::Sut {
///     sut: "demo_random_words".into(),
///     test: "demo_01".into(),
///     item: "q3".into(),
///     source: modelgauge_like::SutError::new("the prompt has no words"),
/// };
/// assert_eq!(err.to_string(), "SUT `demo_random_words` failed on item `q3` of test `demo_01`: the prompt has no words");
/// ```
#[non_exhaustive]
#[derive(Debug, Error)]
pub enum RunError {
    /// The SUT could not answer an item's prompt.
    #[error("SUT `{sut}` failed on item `{item}` of test `{test}`: {source}")]
    Sut {
        /// The SUT's uid.
        sut: String,
        /// The Test's uid.
        test: String,
        /// The item's id.
        item: String,
        /// The SUT's error.
        source: SutError,
    },
}

/// Runs `test` on `sut`: prompts the SUT with each item (the first `max_items` when given),
/// measures each answer and aggregates. `progress(done, total)` is called before the first
/// item and after each one.
///
/// ```
/// use modelgauge_like::{ItemRecord, Measurements, Sut, SutError, Test, TestItem, run_test};
///
/// struct Echo;
/// impl Sut for Echo {
///     fn respond(&self, prompt: &str) -> Result<String, SutError> { Ok(prompt.to_owned()) }
/// }
/// struct Repeat;
/// impl Test for Repeat {
///     fn items(&self) -> Vec<TestItem> {
///         ["a", "b", "c"].map(|p| TestItem { id: p.into(), prompt: p.into(), context: p.into() }).to_vec()
///     }
///     fn measure(&self, item: &TestItem, response: &str) -> Measurements {
///         Measurements::from([("same".to_owned(), f64::from(u8::from(item.context == response)))])
///     }
///     fn aggregate(&self, items: &[ItemRecord]) -> Measurements {
///         Measurements::from([("count".to_owned(), items.len() as f64)])
///     }
/// }
///
/// let mut seen = Vec::new();
/// let record = run_test("repeat", &Repeat, "echo", &Echo, Some(2), |done, total| seen.push((done, total)))?;
/// assert_eq!(record.results["count"], 2.0);
/// assert_eq!(seen, [(0, 2), (1, 2), (2, 2)]);
/// # Ok::<(), modelgauge_like::RunError>(())
/// ```
pub fn run_test(
    test_uid: &str,
    test: &dyn Test,
    sut_uid: &str,
    sut: &dyn Sut,
    max_items: Option<usize>,
    mut progress: impl FnMut(usize, usize),
) -> Result<TestRecord, RunError> {
    let mut items = test.items();
    if let Some(max) = max_items {
        items.truncate(max);
    }
    let total = items.len();
    progress(0, total);
    let mut records = Vec::with_capacity(total);
    for (i, item) in items.iter().enumerate() {
        let response = sut.respond(&item.prompt).map_err(|source| RunError::Sut {
            sut: sut_uid.to_owned(),
            test: test_uid.to_owned(),
            item: item.id.clone(),
            source,
        })?;
        let measurements = test.measure(item, &response);
        records.push(ItemRecord {
            id: item.id.clone(),
            prompt: item.prompt.clone(),
            response,
            measurements,
        });
        progress(i + 1, total);
    }
    let results = test.aggregate(&records);
    Ok(TestRecord {
        test: test_uid.to_owned(),
        sut: sut_uid.to_owned(),
        items: records,
        results,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Measurements, TestItem};

    struct FailsOn(&'static str);
    impl Sut for FailsOn {
        fn respond(&self, prompt: &str) -> Result<String, SutError> {
            match prompt == self.0 {
                true => Err(SutError::new("this prompt breaks me")),
                false => Ok("fine".to_owned()),
            }
        }
    }

    struct Three;
    impl Test for Three {
        fn items(&self) -> Vec<TestItem> {
            ["one", "two", "three"]
                .map(|p| TestItem {
                    id: format!("id-{p}"),
                    prompt: p.to_owned(),
                    context: String::new(),
                })
                .to_vec()
        }
        fn measure(&self, _item: &TestItem, _response: &str) -> Measurements {
            Measurements::new()
        }
        fn aggregate(&self, items: &[ItemRecord]) -> Measurements {
            Measurements::from([("n".to_owned(), items.len() as f64)])
        }
    }

    #[test]
    fn a_sut_failure_stops_the_run_and_names_the_item() {
        let mut calls = Vec::new();
        let err = run_test("three", &Three, "fragile", &FailsOn("two"), None, |d, t| {
            calls.push((d, t))
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "SUT `fragile` failed on item `id-two` of test `three`: this prompt breaks me"
        );
        assert_eq!(calls, [(0, 3), (1, 3)]);
    }

    #[test]
    fn every_item_runs_without_a_limit_and_a_limit_past_the_end_is_harmless() {
        let all = run_test("three", &Three, "ok", &FailsOn(""), None, |_, _| {}).unwrap();
        assert_eq!(all.items.len(), 3);
        let capped = run_test("three", &Three, "ok", &FailsOn(""), Some(10), |_, _| {}).unwrap();
        assert_eq!(capped, all);
        assert_eq!(all.results["n"], 3.0);
        assert_eq!(all.items[2].response, "fine");
    }
}
