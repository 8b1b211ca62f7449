include!("../ui_support/suts.rs");

#[plugkit::instance(Suts, uid = "fixed", args(wrods = 3))]
fn fixed(words: usize) -> Fixed {
    let _ = words;
    Fixed
}

fn main() {}
