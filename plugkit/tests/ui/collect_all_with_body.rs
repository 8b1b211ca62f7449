#[plugkit::pluggable(selector = collect_all)]
pub fn everything() -> Vec<String> {
    Vec::new()
}

fn main() {}
