include!("../ui_support/suts.rs");

#[plugkit::instance(Suts, uid = "fixed")]
fn fixed() {}

fn main() {}
