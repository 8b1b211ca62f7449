//! `?` in `main`, as the docs write it: a plugkit error ends the program with `Error: `, its
//! message and its `fix:` line, never a struct dump. `plugkit/tests/question_mark.rs` runs it.
//!
//! `cargo run -p plugkit-framework --example question_mark -- <no-plugin|decode|instance|unified>`

use plugkit::instances::{Namespace, Secrets};

/// A pluggable function no crate implements.
#[plugkit::pluggable(category = "question-mark")]
pub fn unclaimed(x: u32) -> u32;

/// What the example decodes.
#[derive(Debug, serde::Deserialize)]
struct Settings {
    #[allow(dead_code)] // read only to fail
    jobs: u32,
}

/// Tools, of which none is registered.
pub trait Tool {}

/// A namespace with no uid.
#[derive(Namespace)]
#[namespace(name = "question_mark_tools", instance = dyn Tool)]
pub struct Tools;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    match std::env::args().nth(1).as_deref() {
        Some("no-plugin") => {
            unclaimed(1)?;
        }
        Some("decode") => {
            let _: Settings = plugkit::config::Decoder::default()
                .file("app.toml")
                .toml_str("jobs = \"four\"\n")?;
        }
        Some("instance") => {
            Tools::instances().make_instance("hammer", &Secrets::default())?;
        }
        // Through `plugkit::Error`, as a host that gathers plugkit's errors does.
        Some("unified") => {
            let gathered: Result<u32, plugkit::Error> = unclaimed(2).map_err(Into::into);
            gathered?;
        }
        _ => return Err("usage: question_mark <no-plugin|decode|instance|unified>".into()),
    }
    Ok(())
}
