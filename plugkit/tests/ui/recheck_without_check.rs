include!("../ui_support/host.rs");

#[plugkit::plugin(host::scale, requires = ["geo"], recheck_each_call)]
fn scale_recheck(x: u32, by: u32) -> u32 {
    x * by
}

fn main() {}
