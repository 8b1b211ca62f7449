include!("../ui_support/host.rs");

#[plugkit::plugin(host::scale)]
fn scale_wrongly(x: u64, by: u32) -> u32 {
    x as u32 * by
}

fn main() {}
