//! `cargo plugkit` (and `cargo-plugkit`): the command line over the `cargo_plugkit` library.

fn main() {
    std::process::exit(cargo_plugkit::run(std::env::args_os()));
}
