//! The cost of `make_instance`, beside constructing the same type by hand, in the same group.
//!
//! Both sides are timed as a user takes them: `make_instance` is called through the namespace
//! (`Suts::instances().make_instance(uid, &secrets)`, as the modelgauge-like host calls it), in a namespace
//! of ten uids; each iteration reads the object it made (a virtual call to `words()`, whose
//! result criterion keeps) and drops it, on both sides.
//!
//! - `make_instance/no secrets`: a uid whose constructor takes two registered arguments and
//!   allocates (a `String` and the `Box`), against building the same `Box<dyn Sut>` by hand.
//! - `make_instance/one secret`: a uid whose constructor takes an injected API key, against
//!   building it by hand with the key cloned from where the program keeps it. `make_instance`
//!   also checks that the secret is set before anything is built, and looks it up in `Secrets`.
//!
//! Target (issue 15): at most 1.5 times the construction by hand. `docs/performance.md` (§5)
//! reports the ratios and the instruction counts.

#![allow(
    clippy::expect_used,
    reason = "a benchmark whose setup fails must stop loudly"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use plugkit::instances::{
    Namespace, Secret, SecretDescription, SecretString, SecretValue, Secrets,
};

/// What the namespace makes.
pub trait Sut: Send + Sync {
    /// How many words it answers with.
    fn words(&self) -> usize;
}

/// The namespace.
#[derive(Namespace)]
#[namespace(name = "bench_suts", instance = dyn Sut)]
pub struct Suts;

/// The API key of the keyed SUT.
pub struct ApiKey;
impl Secret for ApiKey {
    const DESCRIPTION: SecretDescription = SecretDescription::new("bench", "api_key", "");
}

struct Model {
    name: String,
    words: usize,
}
impl Sut for Model {
    fn words(&self) -> usize {
        self.words + self.name.len()
    }
}

struct Keyed {
    key: SecretValue<ApiKey>,
    words: usize,
}
impl Sut for Keyed {
    fn words(&self) -> usize {
        self.words + self.key.expose().len()
    }
}

/// Eight more uids, so that the look-up searches a namespace of realistic size.
macro_rules! fillers {
    ($($uid:literal),*) => {
        $(
            const _: () = {
                #[plugkit::instance(Suts, uid = $uid, args(name = $uid, words = 1))]
                fn filler(name: &str, words: usize) -> Model {
                    Model { name: name.to_owned(), words }
                }
            };
        )*
    };
}
fillers!("a1", "b2", "c3", "d4", "n5", "p6", "x7", "z8");

#[plugkit::instance(Suts, uid = "model_small", args(name = "small", words = 8))]
fn model(name: &str, words: usize) -> Model {
    Model {
        name: name.to_owned(),
        words,
    }
}

#[plugkit::instance(Suts, uid = "model_keyed", args(words = 8))]
fn keyed(key: SecretValue<ApiKey>, words: usize) -> Keyed {
    Keyed { key, words }
}

/// What a user does with the result of `make_instance`: uses the object, or stops on the error.
fn words(made: Result<Box<dyn Sut>, plugkit::instances::InstanceError>) -> usize {
    made.expect("the benchmark's uids are made").words()
}

fn make_instance(c: &mut Criterion) {
    // A program's secrets: the one the keyed SUT needs, among others.
    let none = Secrets::default();
    let secrets = Secrets::default()
        .with("bench", "api_key", "k-0123456789")
        .with("other", "token", "t")
        .with("zeta", "api_key", "z");
    // Where a program that builds its objects by hand keeps the key.
    let key = SecretString::from("k-0123456789");
    assert_eq!(Suts::instances().list().len(), 10);
    assert_eq!(
        words(Suts::instances().make_instance("model_small", &none)),
        13
    );
    assert_eq!(
        words(Suts::instances().make_instance("model_keyed", &secrets)),
        20
    );

    let mut group = c.benchmark_group("make_instance");
    group.bench_function("no secrets/limit: by hand", |b| {
        b.iter(|| {
            let sut: Box<dyn Sut> = Box::new(Model {
                name: black_box("small").to_owned(),
                words: black_box(8),
            });
            black_box(sut).words()
        })
    });
    group.bench_function("no secrets/make_instance", |b| {
        b.iter(|| {
            words(Suts::instances().make_instance(black_box("model_small"), black_box(&none)))
        })
    });
    group.bench_function("one secret/limit: by hand", |b| {
        b.iter(|| {
            let sut: Box<dyn Sut> = Box::new(Keyed {
                key: SecretValue::from(black_box(&key).clone()),
                words: black_box(8),
            });
            black_box(sut).words()
        })
    });
    group.bench_function("one secret/make_instance", |b| {
        b.iter(|| {
            words(Suts::instances().make_instance(black_box("model_keyed"), black_box(&secrets)))
        })
    });
    group.finish();
}

criterion_group!(benches, make_instance);
criterion_main!(benches);
