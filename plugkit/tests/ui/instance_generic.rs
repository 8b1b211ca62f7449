include!("../ui_support/suts.rs");

#[plugkit::instance(Suts, uid = "fixed")]
fn fixed<T: Default>() -> Fixed {
    let _ = T::default();
    Fixed
}

fn main() {}
