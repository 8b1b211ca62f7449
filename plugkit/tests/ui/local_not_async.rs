#[plugkit::pluggable(local)]
pub fn fetch(key: u32) -> u32 {
    key
}

fn main() {}
