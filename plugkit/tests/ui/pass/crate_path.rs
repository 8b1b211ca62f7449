// Every macro with `crate = path`, through a re-export of plugkit, as a host that re-exports
// plugkit to its plugin authors writes it.
mod reexport {
    pub use plugkit;
}

use reexport::plugkit::instances::{Namespace, Secrets};

pub mod host {
    #[crate::reexport::plugkit::pluggable(crate = crate::reexport::plugkit, category = "ui")]
    pub fn scale(x: u32) -> u32 {
        x
    }

    #[crate::reexport::plugkit::pluggable(crate = "crate::reexport::plugkit", category = "ui")]
    pub fn parse(text: &str) -> Result<u32, crate::reexport::plugkit::fns::NoPlugin>;
}

#[reexport::plugkit::plugin(host::scale, crate = reexport::plugkit, requires = ["plugkit-framework"])]
fn scale_twice(x: u32) -> u32 {
    x * 2
}

pub trait Sut: Send + Sync {
    fn answer(&self) -> String;
}

#[derive(reexport::plugkit::instances::Namespace)]
#[namespace(crate = reexport::plugkit, name = "ui_crate_suts", instance = dyn Sut)]
pub struct Suts;

struct Fixed;

impl Sut for Fixed {
    fn answer(&self) -> String {
        "fixed".to_owned()
    }
}

#[reexport::plugkit::instance(Suts, uid = "fixed", crate = reexport::plugkit)]
fn fixed() -> Fixed {
    Fixed
}

#[reexport::plugkit::config_kind(crate = reexport::plugkit, name = "ui-crate", clone, debug)]
pub trait CacheConf {}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Memory {
    size: u32,
}

#[reexport::plugkit::config_type(tag = "memory", crate = reexport::plugkit)]
impl CacheConf for Memory {}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[reexport::plugkit::plugin_section(name = "ui-crate", crate = reexport::plugkit)]
struct Settings {
    verbose: bool,
}

fn main() {
    assert_eq!(host::scale(3), 6);
    assert!(host::parse("1").unwrap_err().to_string().starts_with("no plugin is available for `plugkit://plugkit-framework-tests/ui/parse`"));
    assert_eq!(Suts::instances().make_instance("fixed", &Secrets::default()).unwrap().answer(), "fixed");
    let conf: Box<dyn CacheConf> =
        reexport::plugkit::config::Decoder::default().toml_str("type = \"memory\"\nsize = 2").unwrap();
    assert_eq!(format!("{:?}", conf.clone()), "Memory { size: 2 }");
    let sections = reexport::plugkit::config::PluginSections::default();
    assert!(!sections.get::<Settings>().unwrap().verbose);
}
