#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Local {}

#[plugkit::config_type(tag = "local")]
impl Local {}

fn main() {}
