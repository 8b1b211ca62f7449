#[plugkit::plugin(tryfirst)]
fn orphan(x: u32) -> u32 {
    x
}

fn main() {}
