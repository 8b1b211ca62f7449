include!("../ui_support/suts.rs");

pub struct NotASut;

// The namespace makes `Box<dyn Sut>`, and `NotASut` is not a `Sut`.
#[plugkit::instance(Suts, uid = "not_a_sut")]
fn not_a_sut() -> NotASut {
    NotASut
}

fn main() {}
