//! The `modelgauge-like-reverse` plugin as a plugin process: put this executable in a folder and
//! run `modelgauge-like --plugin-dir FOLDER list-suts`.

use modelgauge_like_reverse as _; // link the plugin: its SUTs are what this process serves

fn main() -> std::process::ExitCode {
    modelgauge_like::serve_plugin(env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
}
