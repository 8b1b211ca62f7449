pub trait Sut {}

#[derive(plugkit::instances::Namespace)]
#[namespace(name = "systems under test", instance = dyn Sut)]
pub struct Suts;

fn main() {}
