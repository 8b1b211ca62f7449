// A kind that does not ask for `clone` has no `Clone for Box<dyn Kind>`.
#[plugkit::config_kind(name = "ui-no-clone")]
pub trait CacheConf {}

fn copy(conf: &Box<dyn CacheConf>) -> Box<dyn CacheConf> {
    conf.clone()
}

fn main() {}
