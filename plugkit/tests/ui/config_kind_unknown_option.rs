#[plugkit::config_kind(name = "ui-option", defualt = "local")]
pub trait CacheConf {}

fn main() {}
