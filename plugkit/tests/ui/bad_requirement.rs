include!("../ui_support/host.rs");

#[plugkit::plugin(host::scale, requires = [1 + 1])]
fn scale_req(x: u32, by: u32) -> u32 {
    x * by
}

fn main() {}
