// `#[config_kind]`, `#[config_type]` and `#[plugin_section]`.
use plugkit::config::PluginSections;

/// A kind that asks for nothing: its types need only `Serialize + Deserialize`.
#[plugkit::config_kind(name = "ui-plain", default = "memory")]
pub trait PlainConf {
    fn size(&self) -> u32;
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Memory {
    size: u32,
}

#[plugkit::config_type(tag = "memory")]
impl PlainConf for Memory {
    fn size(&self) -> u32 {
        self.size
    }
}

/// A kind that asks for `Clone` and `Debug`.
#[plugkit::config_kind(name = "ui-copied", url = "https://ui.example/config/copied", clone, debug)]
pub trait CopiedConf {}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Folder {
    path: String,
}

#[plugkit::config_type(tag = "folder")]
impl CopiedConf for Folder {}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[plugkit::plugin_section(name = "ui-pass")]
struct Settings {
    verbose: bool,
}

#[derive(serde::Deserialize)]
struct Config {
    #[serde(default)]
    plugins: PluginSections,
}

fn main() {
    let plain: Box<dyn PlainConf> = plugkit::config::Decoder::default().toml_str("size = 8").unwrap();
    assert_eq!(plain.size(), 8);
    assert_eq!(serde_json::to_string(&plain).unwrap(), r#"{"type":"memory","size":8}"#);

    let copied: Box<dyn CopiedConf> =
        plugkit::config::Decoder::default().toml_str("type = \"folder\"\npath = \"/tmp\"").unwrap();
    let copy = copied.clone();
    assert_eq!(format!("{copy:?}"), r#"Folder { path: "/tmp" }"#);
    assert_eq!(<dyn CopiedConf as plugkit::config::Kind>::POINT.url, "https://ui.example/config/copied");

    let config: Config = plugkit::config::Decoder::default().toml_str("[plugins.ui-pass]\nverbose = true").unwrap();
    assert!(config.plugins.get::<Settings>().unwrap().verbose);
}
