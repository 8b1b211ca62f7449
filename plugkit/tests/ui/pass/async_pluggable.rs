//! An `async fn` pluggable and its `async fn` plugin, once refused, compile and run.

#[plugkit::pluggable]
pub async fn fetch(key: &str) -> u32 {
    key.len() as u32
}

#[plugkit::plugin(fetch)]
async fn fetch_twice(key: &str) -> u32 {
    2 * key.len() as u32
}

fn main() {
    assert_eq!(futures::executor::block_on(fetch("abc")), 6);
}
