#[plugkit::pluggable]
pub async fn fetch() -> u32 {
    0
}

fn main() {}
