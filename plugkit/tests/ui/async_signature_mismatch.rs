#[plugkit::pluggable]
pub async fn fetch(key: &str) -> u32 {
    key.len() as u32
}

#[plugkit::plugin(fetch)]
async fn fetch_bytes(key: &[u8]) -> u32 {
    key.len() as u32
}

fn main() {}
