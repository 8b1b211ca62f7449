#[plugkit::config_kind(name = "cache", url = "example.org/config/cache")]
pub trait CacheConf {}

fn main() {}
