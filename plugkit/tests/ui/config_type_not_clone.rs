// A kind that asks for `clone` needs its types to be `Clone`.
#[plugkit::config_kind(name = "ui-clone", clone)]
pub trait CacheConf {}

#[derive(serde::Serialize, serde::Deserialize)]
struct Local {
    path: String,
}

#[plugkit::config_type(tag = "local")]
impl CacheConf for Local {}

fn main() {}
