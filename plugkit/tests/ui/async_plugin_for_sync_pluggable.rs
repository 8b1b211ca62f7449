#[plugkit::pluggable]
pub fn measure(text: &str) -> usize {
    text.len()
}

#[plugkit::plugin(measure)]
async fn measure_later(text: &str) -> usize {
    text.len()
}

fn main() {}
