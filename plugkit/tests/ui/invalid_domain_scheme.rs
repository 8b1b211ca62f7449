#[plugkit::pluggable(domain = "1http://plugins.example.org")]
pub fn odd() -> u32 {
    0
}

fn main() {}
