//! `demo_counting`: a Test with as many items as asked, made up rather than shipped.

use modelgauge_like::{ItemRecord, Measurements, Test, TestItem, Tests};

/// Asks "Is N even?" for N from 1 to `items`, and measures `correct` (1 when the answer is
/// "Yes" for an even N, "No" for an odd one); the result is `correct_rate`. A Test long enough
/// to show `run-test --parallel N` at work.
///
/// ```
/// use modelgauge_like::Test;
/// let test = modelgauge_like_demo::Counting { items: 3 };
/// let items = test.items();
/// assert_eq!(items[1].prompt, "Is 2 even?");
/// assert_eq!(test.measure(&items[1], "Yes")["correct"], 1.0);
/// assert_eq!(test.measure(&items[2], "Yes")["correct"], 0.0);
/// ```
#[derive(Debug)]
pub struct Counting {
    /// How many items.
    pub items: u32,
}

impl Test for Counting {
    fn items(&self) -> Vec<TestItem> {
        (1..=self.items)
            .map(|n| TestItem {
                id: format!("n{n}"),
                prompt: format!("Is {n} even?"),
                context: if n % 2 == 0 { "Yes" } else { "No" }.to_owned(),
            })
            .collect()
    }

    fn measure(&self, item: &TestItem, response: &str) -> Measurements {
        let correct = response.trim() == item.context;
        Measurements::from([("correct".to_owned(), f64::from(u8::from(correct)))])
    }

    fn aggregate(&self, items: &[ItemRecord]) -> Measurements {
        let correct: f64 = items
            .iter()
            .filter_map(|i| i.measurements.get("correct"))
            .sum();
        let rate = match items.len() {
            0 => 0.0,
            n => correct / n as f64,
        };
        Measurements::from([("correct_rate".to_owned(), rate)])
    }
}

#[plugkit::instance(Tests, uid = "demo_counting", args(items = 60))]
fn counting(items: u32) -> Counting {
    Counting { items }
}
