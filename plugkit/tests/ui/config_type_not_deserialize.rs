#[plugkit::config_kind(name = "ui-cache-serde")]
pub trait CacheConf {}

#[derive(Clone, Debug, serde::Serialize)]
struct Local {}

#[plugkit::config_type(tag = "local")]
impl CacheConf for Local {}

fn main() {}
