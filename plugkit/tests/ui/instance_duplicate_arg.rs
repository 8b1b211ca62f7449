include!("../ui_support/suts.rs");

#[plugkit::instance(Suts, uid = "fixed", args(words = 1, words = 2))]
fn fixed(words: usize) -> Fixed {
    let _ = words;
    Fixed
}

fn main() {}
