#[plugkit::pluggable]
pub async fn fetch(key: &str) -> u32 {
    key.len() as u32
}

#[plugkit::plugin(fetch)]
fn fetch_now(key: &str) -> u32 {
    key.len() as u32
}

fn main() {}
