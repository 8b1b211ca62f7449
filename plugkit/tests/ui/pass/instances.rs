// `#[derive(Namespace)]` and `#[instance]`.
use plugkit::instances::{Namespace, Secrets, Uid};

pub trait Sut: Send + Sync {
    fn answer(&self) -> String;
}

#[derive(Namespace)]
#[namespace(name = "ui_pass_suts", instance = dyn Sut, domain = "ui.example")]
pub struct Suts;

struct Constant {
    uid: Uid,
    answer: String,
}

impl Sut for Constant {
    fn answer(&self) -> String {
        format!("{}: {}", self.uid, self.answer)
    }
}

#[plugkit::instance(Suts, uid = "yes", args(answer = "Yes"))]
#[plugkit::instance(Suts, uid = "no", args(answer = "No"))]
fn constant(uid: Uid, answer: &str) -> Constant {
    Constant { uid, answer: answer.to_owned() }
}

#[plugkit::instance(Suts, uid = "broken")]
fn broken() -> Result<Constant, std::io::Error> {
    Err(std::io::Error::other("no model"))
}

fn main() {
    assert_eq!(Suts::URL, "plugkit://ui.example/ui_pass_suts");
    assert_eq!(Suts::instances().make_instance("no", &Secrets::default()).unwrap().answer(), "no: No");
    let uids: Vec<&str> = Suts::instances().list().iter().map(|r| r.uid()).collect();
    assert_eq!(uids, ["broken", "no", "yes"]);
    assert!(Suts::instances().make_instance("broken", &Secrets::default()).is_err());
}
