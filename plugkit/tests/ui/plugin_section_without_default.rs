#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[plugkit::plugin_section(name = "ui-no-default")]
struct Settings {
    verbose: bool,
}

fn main() {}
