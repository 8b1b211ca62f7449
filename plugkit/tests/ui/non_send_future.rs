use std::rc::Rc;

#[plugkit::pluggable]
pub async fn fetch(key: u32) -> u32 {
    key
}

async fn later() {}

#[plugkit::plugin(fetch)]
async fn fetch_shared(key: u32) -> u32 {
    let shared = Rc::new(key);
    later().await;
    *shared
}

fn main() {}
