#[plugkit::pluggable]
pub const fn fixed() -> u32 {
    0
}

fn main() {}
