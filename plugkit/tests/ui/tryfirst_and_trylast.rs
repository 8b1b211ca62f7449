include!("../ui_support/host.rs");

#[plugkit::plugin(host::scale, tryfirst, trylast)]
fn scale_both(x: u32, by: u32) -> u32 {
    x * by
}

fn main() {}
