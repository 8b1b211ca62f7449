#[plugkit::config_kind(name = "ui-cache")]
pub trait CacheConf {}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Local {}

#[plugkit::config_type]
impl CacheConf for Local {}

fn main() {}
