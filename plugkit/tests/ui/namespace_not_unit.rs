pub trait Sut {}

#[derive(plugkit::instances::Namespace)]
#[namespace(name = "ui_suts", instance = dyn Sut)]
pub struct Suts {
    pub uids: Vec<String>,
}

fn main() {}
