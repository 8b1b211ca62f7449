include!("../ui_support/suts.rs");

// `words` is neither given in `args(..)` nor injectable.
#[plugkit::instance(Suts, uid = "fixed")]
fn fixed(words: usize) -> Fixed {
    let _ = words;
    Fixed
}

fn main() {}
