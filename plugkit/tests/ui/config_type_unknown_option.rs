#[plugkit::config_kind(name = "ui-cache-option")]
pub trait CacheConf {}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Local {}

#[plugkit::config_type(tag = "local", name = "local")]
impl CacheConf for Local {}

fn main() {}
