// Shared by the instance UI tests: a host with one namespace.
pub trait Sut: Send + Sync {
    fn answer(&self) -> String;
}

#[derive(plugkit::instances::Namespace)]
#[namespace(name = "ui_suts", instance = dyn Sut)]
pub struct Suts;

pub struct Fixed;

impl Sut for Fixed {
    fn answer(&self) -> String {
        "fixed".to_owned()
    }
}
