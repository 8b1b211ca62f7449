//! Running a Test on a SUT.

use std::num::NonZeroUsize;

use futures::stream::{self, StreamExt};
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
    progress: impl FnMut(usize, usize),
) -> Result<TestRecord, RunError> {
    futures::executor::block_on(run_test_concurrently(
        test_uid,
        test,
        sut_uid,
        sut,
        max_items,
        NonZeroUsize::MIN,
        progress,
    ))
}

/// Runs `test` on `sut` as [`run_test`] does, with up to `in_flight` items awaiting the SUT
/// ([`Sut::respond_async`]) at once. The items are measured and recorded in their order as
/// the answers come in, so the record, the progress and a failure (the first failing item in
/// order) are those of the run one item at a time. Needs no particular runtime: the SUT's
/// futures decide.
///
/// ```
/// use std::num::NonZeroUsize;
/// use modelgauge_like::{ItemRecord, Measurements, Sut, SutError, Test, TestItem, run_test, run_test_concurrently};
///
/// struct Echo;
/// impl Sut for Echo {
///     fn respond(&self, prompt: &str) -> Result<String, SutError> { Ok(prompt.to_owned()) }
/// }
/// struct Letters;
/// impl Test for Letters {
///     fn items(&self) -> Vec<TestItem> {
///         ('a'..='j').map(|c| TestItem { id: c.into(), prompt: c.into(), context: c.into() }).collect()
///     }
///     fn measure(&self, item: &TestItem, response: &str) -> Measurements {
///         Measurements::from([("same".to_owned(), f64::from(u8::from(item.context == response)))])
///     }
///     fn aggregate(&self, items: &[ItemRecord]) -> Measurements {
///         Measurements::from([("count".to_owned(), items.len() as f64)])
///     }
/// }
///
/// let four = NonZeroUsize::new(4).unwrap();
/// let mut seen = Vec::new();
/// let run = run_test_concurrently("letters", &Letters, "echo", &Echo, None, four, |done, _| seen.push(done));
/// let record = futures::executor::block_on(run)?;
/// assert_eq!(record, run_test("letters", &Letters, "echo", &Echo, None, |_, _| {})?);
/// assert_eq!(seen, (0..=10).collect::<Vec<_>>());
/// # Ok::<(), modelgauge_like::RunError>(())
/// ```
pub async fn run_test_concurrently(
    test_uid: &str,
    test: &dyn Test,
    sut_uid: &str,
    sut: &dyn Sut,
    max_items: Option<usize>,
    in_flight: NonZeroUsize,
    mut progress: impl FnMut(usize, usize),
) -> Result<TestRecord, RunError> {
    let mut items = test.items();
    if let Some(max) = max_items {
        items.truncate(max);
    }
    let total = items.len();
    progress(0, total);
    let mut records = Vec::with_capacity(total);
    // `buffered` keeps `in_flight` answers awaited at once and yields them in item order.
    let mut answers = stream::iter(&items)
        .map(|item| sut.respond_async(&item.prompt))
        .buffered(in_flight.get());
    for item in &items {
        let Some(answer) = answers.next().await else {
            break;
        };
        let response = answer.map_err(|source| RunError::Sut {
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
        progress(records.len(), total);
    }
    drop(answers);
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

    /// Answers `prompt` reversed after yielding to the executor as many times as the prompt is
    /// long (later, longer items finish first), counting how many answers are awaited at once;
    /// fails on `"boom"` and `"ba"`.
    #[derive(Default)]
    struct Staggered {
        now: std::sync::atomic::AtomicUsize,
        most: std::sync::atomic::AtomicUsize,
    }

    #[async_trait::async_trait]
    impl Sut for Staggered {
        fn respond(&self, prompt: &str) -> Result<String, SutError> {
            futures::executor::block_on(self.respond_async(prompt))
        }

        async fn respond_async(&self, prompt: &str) -> Result<String, SutError> {
            use std::sync::atomic::Ordering::SeqCst;
            let now = self.now.fetch_add(1, SeqCst) + 1;
            self.most.fetch_max(now, SeqCst);
            for _ in 0..prompt.len() {
                let mut yielded = false;
                std::future::poll_fn(|cx| match std::mem::replace(&mut yielded, true) {
                    true => std::task::Poll::Ready(()),
                    false => {
                        cx.waker().wake_by_ref();
                        std::task::Poll::Pending
                    }
                })
                .await;
            }
            self.now.fetch_sub(1, SeqCst);
            match prompt {
                "boom" | "ba" => Err(SutError::new(format!("{prompt} breaks me"))),
                _ => Ok(prompt.chars().rev().collect()),
            }
        }
    }

    struct Words(&'static [&'static str]);
    impl Test for Words {
        fn items(&self) -> Vec<TestItem> {
            self.0
                .iter()
                .map(|p| TestItem {
                    id: format!("id-{p}"),
                    prompt: (*p).to_owned(),
                    context: String::new(),
                })
                .collect()
        }
        fn measure(&self, _item: &TestItem, response: &str) -> Measurements {
            Measurements::from([("len".to_owned(), response.len() as f64)])
        }
        fn aggregate(&self, items: &[ItemRecord]) -> Measurements {
            Measurements::from([("n".to_owned(), items.len() as f64)])
        }
    }

    fn concurrently(
        test: &Words,
        sut: &Staggered,
        in_flight: usize,
        seen: &mut Vec<usize>,
    ) -> Result<TestRecord, RunError> {
        futures::executor::block_on(run_test_concurrently(
            "words",
            test,
            "staggered",
            sut,
            None,
            NonZeroUsize::new(in_flight).unwrap(),
            |done, _| seen.push(done),
        ))
    }

    #[test]
    fn items_awaited_at_once_are_recorded_in_order_as_one_at_a_time() {
        let words = Words(&["a-long-one", "bb", "c", "dddd", "eeeeeeee", "f"]);
        let one = Staggered::default();
        let mut seen_one = Vec::new();
        let sequential = concurrently(&words, &one, 1, &mut seen_one).unwrap();
        assert_eq!(one.most.into_inner(), 1);
        let three = Staggered::default();
        let mut seen_three = Vec::new();
        let parallel = concurrently(&words, &three, 3, &mut seen_three).unwrap();
        assert_eq!(three.most.into_inner(), 3);
        assert_eq!(parallel, sequential);
        assert_eq!(seen_three, seen_one);
        assert_eq!(seen_three, [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(parallel.items[0].response, "eno-gnol-a");
        assert_eq!(parallel.items[5].id, "id-f");
        // The blocking run is the same run.
        let blocking = run_test(
            "words",
            &words,
            "staggered",
            &Staggered::default(),
            None,
            |_, _| {},
        );
        assert_eq!(blocking.unwrap(), sequential);
    }

    #[test]
    fn a_failure_among_items_awaited_at_once_is_the_first_in_order() {
        // `ba` fails before `boom` does (it is shorter), but `boom` comes first.
        let words = Words(&["ok", "boom", "ba", "fine"]);
        let mut seen = Vec::new();
        let err = concurrently(&words, &Staggered::default(), 4, &mut seen).unwrap_err();
        assert_eq!(
            err.to_string(),
            "SUT `staggered` failed on item `id-boom` of test `words`: boom breaks me"
        );
        assert_eq!(seen, [0, 1]);
    }
}
