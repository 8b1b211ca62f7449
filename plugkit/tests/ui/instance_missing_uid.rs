include!("../ui_support/suts.rs");

#[plugkit::instance(Suts)]
fn fixed() -> Fixed {
    Fixed
}

fn main() {}
