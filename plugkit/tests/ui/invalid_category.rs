#[plugkit::pluggable(category = "has spaces")]
pub fn spaced() -> u32 {
    0
}

fn main() {}
