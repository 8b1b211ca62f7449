#[plugkit::config_kind(name = "ui-generic")]
pub trait CacheConf<T> {
    fn get(&self) -> T;
}

fn main() {}
