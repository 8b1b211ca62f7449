include!("../ui_support/host.rs");

fn ready() -> Option<bool> {
    Some(true)
}

#[plugkit::plugin(host::scale, requires = [ready])]
fn scale_check(x: u32, by: u32) -> u32 {
    x * by
}

fn main() {}
