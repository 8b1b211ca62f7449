#[plugkit::pluggable(crate = plugkit, category = "ui", crate = plugkit)]
pub fn twice(x: u32) -> u32 {
    x
}

fn main() {}
