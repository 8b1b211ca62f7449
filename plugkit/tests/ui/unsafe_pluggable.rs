#[plugkit::pluggable]
pub unsafe fn risky() -> u32 {
    0
}

fn main() {}
