#[plugkit::config_kind(name = "cache", clone = true)]
pub trait CacheConf {}

fn main() {}
