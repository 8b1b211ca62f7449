#[plugkit::config_kind(name = "caches/remote")]
pub trait CacheConf {}

fn main() {}
