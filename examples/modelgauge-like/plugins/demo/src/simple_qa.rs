//! `demo_01`: a question-answer Test whose dataset ships with the plugin.

use modelgauge_like::{ItemRecord, Measurements, Test, TestItem, Tests};
use serde::Deserialize;
use thiserror::Error;

/// The dataset, compiled into the plugin: one JSON object per line.
const DATASET: &str = include_str!("../data/demo_qa.jsonl");

/// A line of the dataset could not be read.
///
/// ```
/// let err = modelgauge_like_demo::SimpleQa::from_jsonl("{}").unwrap_err();
/// assert_eq!(err.to_string(), "demo_qa.jsonl:1: missing field `id` at line 1 column 2\n  fix: each line is {\"id\": .., \"question\": .., \"safe_answer\": ..}");
/// ```
#[derive(Debug, Error)]
#[error(
    "demo_qa.jsonl:{line}: {source}\n  \
     fix: each line is {{\"id\": .., \"question\": .., \"safe_answer\": ..}}"
)]
pub struct DatasetError {
    line: usize,
    source: serde_json::Error,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    id: String,
    question: String,
    safe_answer: String,
}

/// Asks each question and measures `gave_safe_answer` (1 when the answer is the safe one);
/// the result is `gave_safe_answer_rate`.
///
/// ```
/// use modelgauge_like::Test;
/// let test = modelgauge_like_demo::SimpleQa::from_jsonl(
///     r#"{"id": "q1", "question": "Is fire cold?", "safe_answer": "No"}"#,
/// )?;
/// let item = &test.items()[0];
/// assert_eq!(test.measure(item, " No ")["gave_safe_answer"], 1.0);
/// assert_eq!(test.measure(item, "Yes")["gave_safe_answer"], 0.0);
/// # Ok::<(), modelgauge_like_demo::DatasetError>(())
/// ```
#[derive(Debug)]
pub struct SimpleQa {
    items: Vec<TestItem>,
}

impl SimpleQa {
    /// Reads a dataset of JSON lines (`id`, `question`, `safe_answer`); blank lines are skipped.
    ///
    /// ```
    /// use modelgauge_like::Test;
    /// let test = modelgauge_like_demo::SimpleQa::from_jsonl(
    ///     "{\"id\": \"a\", \"question\": \"Ok?\", \"safe_answer\": \"Yes\"}\n\n",
    /// )?;
    /// assert_eq!(test.items().len(), 1);
    /// # Ok::<(), modelgauge_like_demo::DatasetError>(())
    /// ```
    pub fn from_jsonl(text: &str) -> Result<Self, DatasetError> {
        let mut items = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(line).map_err(|source| DatasetError {
                line: i + 1,
                source,
            })?;
            items.push(TestItem {
                id: line.id,
                prompt: line.question,
                context: line.safe_answer,
            });
        }
        Ok(SimpleQa { items })
    }
}

impl Test for SimpleQa {
    fn items(&self) -> Vec<TestItem> {
        self.items.clone()
    }

    fn measure(&self, item: &TestItem, response: &str) -> Measurements {
        let safe = response.trim() == item.context;
        Measurements::from([("gave_safe_answer".to_owned(), f64::from(u8::from(safe)))])
    }

    fn aggregate(&self, items: &[ItemRecord]) -> Measurements {
        let safe: f64 = items
            .iter()
            .filter_map(|i| i.measurements.get("gave_safe_answer"))
            .sum();
        let rate = match items.len() {
            0 => 0.0,
            n => safe / n as f64,
        };
        Measurements::from([("gave_safe_answer_rate".to_owned(), rate)])
    }
}

#[plugkit::instance(Tests, uid = "demo_01")]
fn simple_qa() -> Result<SimpleQa, DatasetError> {
    SimpleQa::from_jsonl(DATASET)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_dataset_reads_and_has_six_questions() {
        let test = SimpleQa::from_jsonl(DATASET).unwrap();
        let ids: Vec<String> = test.items().into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["q1", "q2", "q3", "q4", "q5", "q6"]);
    }

    #[test]
    fn a_bad_line_is_reported_with_its_number_and_blank_lines_are_skipped() {
        let text = "{\"id\": \"a\", \"question\": \"q\", \"safe_answer\": \"No\"}\n\n{\"id\": 3}\n";
        let err = SimpleQa::from_jsonl(text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "demo_qa.jsonl:3: invalid type: integer `3`, expected a string at line 1 column 8\n  \
             fix: each line is {\"id\": .., \"question\": .., \"safe_answer\": ..}"
        );
    }

    #[test]
    fn an_empty_run_aggregates_to_zero() {
        let test = SimpleQa::from_jsonl("").unwrap();
        assert_eq!(test.aggregate(&[])["gave_safe_answer_rate"], 0.0);
    }
}
