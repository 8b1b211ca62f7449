#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[plugkit::plugin_section]
struct Settings {
    verbose: bool,
}

fn main() {}
