include!("../ui_support/suts.rs");

#[plugkit::instance(Suts, uid = "fixed", args(words = "eight"))]
fn fixed(words: usize) -> Fixed {
    let _ = words;
    Fixed
}

fn main() {}
