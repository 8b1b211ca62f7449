#[plugkit::pluggable(selector = best_match)]
pub fn pick() -> u32 {
    0
}

fn main() {}
