//! What a run produces.

use serde::{Deserialize, Serialize};

use crate::Measurements;

/// One item of a run: what was asked, what the SUT answered, and the Test's measurements.
///
/// ```
/// let record = modelgauge_like::ItemRecord {
///     id: "q1".into(),
///     prompt: "Is it?".into(),
///     response: "Yes".into(),
///     measurements: Default::default(),
/// };
/// assert_eq!(serde_json::to_value(&record).unwrap()["response"], "Yes");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    /// The item's id.
    pub id: String,
    /// The prompt.
    pub prompt: String,
    /// The SUT's answer.
    pub response: String,
    /// The Test's measurements of the answer.
    pub measurements: Measurements,
}

/// The result of running a Test on a SUT: every item, and the aggregate results.
///
/// ```
/// let record = modelgauge_like::TestRecord {
///     test: "demo_01".into(),
///     sut: "demo_yes_no".into(),
///     items: Vec::new(),
///     results: Default::default(),
/// };
/// assert_eq!(serde_json::to_value(&record).unwrap()["test"], "demo_01");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestRecord {
    /// The Test's uid.
    pub test: String,
    /// The SUT's uid.
    pub sut: String,
    /// Every item run, in order.
    pub items: Vec<ItemRecord>,
    /// The Test's aggregate results.
    pub results: crate::Measurements,
}
