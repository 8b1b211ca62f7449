pub trait Sut {}

#[derive(plugkit::instances::Namespace)]
pub struct Suts;

fn main() {}
