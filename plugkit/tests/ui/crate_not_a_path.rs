include!("../ui_support/host.rs");

#[plugkit::plugin(host::scale, crate = 3)]
fn scale_twice(x: u32, by: u32) -> u32 {
    x * by * 2
}

fn main() {}
