#[plugkit::config_kind(name = "cache", url = "https://example.org/config cache")]
pub trait CacheConf {}

fn main() {}
