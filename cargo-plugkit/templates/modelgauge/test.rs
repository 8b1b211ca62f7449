//! `{{crate_name}}` registers with plugkit once linked, and a `#[plugkit::instance]` registers a
//! uid that the host makes on demand.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use plugkit::instances::{Namespace, Secrets, Uid};
use {{crate_ident}} as _; // linked, as the registration crate links it

/// A system under test, as a host declares what its namespace makes.
pub trait Sut: Send + Sync {
    /// Answers a prompt.
    fn answer(&self, prompt: &str) -> String;
}

/// The systems under test.
#[derive(plugkit::instances::Namespace)]
#[namespace(name = "suts", instance = dyn Sut)]
pub struct Suts;

struct Constant {
    uid: Uid,
    answer: String,
}

impl Sut for Constant {
    fn answer(&self, _prompt: &str) -> String {
        format!("{}: {}", self.uid, self.answer)
    }
}

/// Registered as this crate would register one in a namespace of `{{api}}`.
#[plugkit::instance(Suts, uid = "always_yes", args(answer = "Yes"))]
fn constant(uid: Uid, answer: &str) -> Constant {
    Constant {
        uid,
        answer: answer.to_owned(),
    }
}

#[test]
fn the_crate_registers_its_capability() {
    let registry = plugkit::init().unwrap();
    assert!(registry.has_capability({{crate_ident}}::CAPABILITY));
    assert!(registry.has_crate("{{crate_name}}"));
}

#[test]
fn the_instance_is_made_on_demand() {
    let sut = Suts::instances().make_instance("always_yes", &Secrets::default()).unwrap();
    assert_eq!(sut.answer("Is it?"), "always_yes: Yes");
}
