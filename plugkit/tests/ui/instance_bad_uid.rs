include!("../ui_support/suts.rs");

#[plugkit::instance(Suts, uid = "my sut")]
fn fixed() -> Fixed {
    Fixed
}

fn main() {}
