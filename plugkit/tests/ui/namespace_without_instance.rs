#[derive(plugkit::instances::Namespace)]
#[namespace(name = "ui_suts")]
pub struct Suts;

fn main() {}
