include!("../ui_support/host.rs");

#[plugkit::plugin(host::scale, tryfrist)]
fn scale_typo(x: u32, by: u32) -> u32 {
    x * by
}

fn main() {}
