//! Tests: a dataset, a measure per item, and an aggregate.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ItemRecord;

/// Named measurements (`gave_safe_answer` = 1.0), sorted by name.
pub type Measurements = BTreeMap<String, f64>;

/// One prompt of a Test's dataset, with what the Test needs to score the answer.
///
/// ```
/// let item = modelgauge_like::TestItem {
///     id: "q1".into(),
///     prompt: "Is the sky blue?".into(),
///     context: "Yes".into(),
/// };
/// assert_eq!(item.id, "q1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestItem {
    /// The item's id in the dataset.
    pub id: String,
    /// What the SUT is asked.
    pub prompt: String,
    /// What the Test scores the answer against; the SUT never sees it.
    pub context: String,
}

/// A Test: prompts a SUT with each item of its dataset and scores the answers.
///
/// ```
/// use modelgauge_like::{ItemRecord, Measurements, Test, TestItem};
///
/// struct SaysYes;
/// impl Test for SaysYes {
///     fn items(&self) -> Vec<TestItem> {
///         vec![TestItem { id: "q1".into(), prompt: "Ok?".into(), context: String::new() }]
///     }
///     fn measure(&self, _item: &TestItem, response: &str) -> Measurements {
///         Measurements::from([("said_yes".to_owned(), f64::from(u8::from(response == "Yes")))])
///     }
///     fn aggregate(&self, items: &[ItemRecord]) -> Measurements {
///         let yes: f64 = items.iter().map(|i| i.measurements["said_yes"]).sum();
///         Measurements::from([("said_yes_rate".to_owned(), yes / items.len() as f64)])
///     }
/// }
/// assert_eq!(SaysYes.measure(&SaysYes.items()[0], "Yes")["said_yes"], 1.0);
/// ```
#[plugkit_remote::remote(crate::Tests)]
pub trait Test: Send + Sync {
    /// The dataset's items, in order.
    fn items(&self) -> Vec<TestItem>;

    /// Scores the SUT's answer to one item.
    fn measure(&self, item: &TestItem, response: &str) -> Measurements;

    /// Combines the items' measurements into the Test's results.
    fn aggregate(&self, items: &[ItemRecord]) -> Measurements;
}
