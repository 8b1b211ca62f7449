#[plugkit::config_kind(name = "my cache")]
pub trait CacheConf {}

fn main() {}
