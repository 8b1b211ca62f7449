//! Two `#[instance]` registrations of one uid: the program-wide registry reports the duplicate
//! (naming both registrations) when it is built, and the uid cannot be made. Its own test
//! binary, because the problem is program-wide.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use plugkit::instances::{InstanceError, Namespace, Secrets};

/// What the namespace makes.
pub trait Model: Send + Sync {}

/// The namespace.
#[derive(Namespace)]
#[namespace(name = "models", instance = dyn Model)]
pub struct Models;

struct Small;
impl Model for Small {}

mod first {
    pub(crate) const LINE: u32 = line!() + 1;
    #[plugkit::instance(super::Models, uid = "small")]
    fn small() -> super::Small {
        super::Small
    }
}

mod second {
    pub(crate) const LINE: u32 = line!() + 1;
    #[plugkit::instance(super::Models, uid = "small")]
    fn small_again() -> super::Small {
        super::Small
    }

    #[plugkit::instance(super::Models, uid = "tiny")]
    fn tiny() -> super::Small {
        super::Small
    }
}

#[test]
fn a_duplicate_uid_fails_init_and_the_uid_cannot_be_made() {
    let (version, file) = (env!("CARGO_PKG_VERSION"), file!());
    let (first, second) = (first::LINE, second::LINE);
    let err = plugkit::init().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "the plugin registry has 1 problem:\n\
             - uid `small` is registered twice on `plugkit://plugkit-framework/models`: by plugkit-framework \
             {version} (instances_duplicate::first::small) at {file}:{first} and by plugkit-framework {version} \
             (instances_duplicate::second::small_again) at {file}:{second}\n  \
             fix: give one of them another uid (`#[instance(.., uid = \"...\")]`), or link only \
             one of these crates (`cargo tree -d` shows duplicate versions)"
        )
    );
    let Err(InstanceError::Rejected { uid, namespace, .. }) =
        Models::instances().make_instance("small", &Secrets::default())
    else {
        panic!("a duplicate uid cannot be made");
    };
    assert_eq!((uid.as_str(), namespace), ("small", "models"));
    assert!(
        Models::instances()
            .make_instance("tiny", &Secrets::default())
            .is_ok()
    );
    assert_eq!(Models::instances().list().len(), 1);
}
