include!("../ui_support/host.rs");

#[plugkit::plugin(host::scale)]
fn scale_lazily(x: u32, by: u32) -> impl Copy {
    x * by
}

fn main() {}
