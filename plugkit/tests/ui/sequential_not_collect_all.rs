#[plugkit::pluggable(sequential)]
pub async fn fetch(key: u32) -> u32 {
    key
}

fn main() {}
