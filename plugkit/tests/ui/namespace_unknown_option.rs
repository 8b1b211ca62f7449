pub trait Sut {}

#[derive(plugkit::instances::Namespace)]
#[namespace(name = "ui_suts", instance = dyn Sut, category = "evals")]
pub struct Suts;

fn main() {}
