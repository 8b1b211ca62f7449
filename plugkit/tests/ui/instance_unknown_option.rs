include!("../ui_support/suts.rs");

#[plugkit::instance(Suts, uid = "fixed", name = "fixed")]
fn fixed() -> Fixed {
    Fixed
}

fn main() {}
