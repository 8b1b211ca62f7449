//! The cost of `make_instance`, beside constructing the same type directly, in the same group.
//!
//! - `make_instance/no secrets`: a uid of a ten-uid namespace whose constructor takes two
//!   registered arguments and allocates (a `String` and the `Box`), against building the same
//!   `Box<dyn Sut>` by hand. Target (DESIGN §6): at most 2 times the direct construction.
//! - `make_instance/one secret`: the same with an injected API key, against building it by
//!   hand with the key cloned from where the program keeps it. `make_instance` checks the
//!   secret is set, then injects it: two look-ups in `Secrets` that direct code does not make.
//!
//! Inputs pass through [`black_box`] and results are returned to criterion, which drops them
//! (both sides pay the same deallocations). `docs/performance-instances.md` reports the ratios.

#![allow(clippy::unwrap_used)] // a benchmark whose setup fails must stop at once

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

fn make_instance(c: &mut Criterion) {
    let none = Secrets::new();
    let secrets = Secrets::new()
        .with("bench", "api_key", "k-0123456789")
        .with("other", "token", "t");
    let key = SecretString::new("k-0123456789");
    let suts = Suts::instances();
    assert_eq!(suts.list().len(), 10);
    assert_eq!(
        Suts::make_instance("model_small", &none).unwrap().words(),
        13
    );
    assert_eq!(
        Suts::make_instance("model_keyed", &secrets)
            .unwrap()
            .words(),
        20
    );

    let mut group = c.benchmark_group("make_instance");
    group.bench_function("no secrets/limit: direct construction", |b| {
        b.iter(|| -> Box<dyn Sut> {
            Box::new(Model {
                name: black_box("small").to_owned(),
                words: black_box(8),
            })
        })
    });
    group.bench_function("no secrets/make_instance", |b| {
        b.iter(|| suts.make_instance(black_box("model_small"), &none))
    });
    group.bench_function("one secret/limit: direct construction", |b| {
        b.iter(|| -> Box<dyn Sut> {
            Box::new(Keyed {
                key: SecretValue::new(black_box(&key).clone()),
                words: black_box(8),
            })
        })
    });
    group.bench_function("one secret/make_instance", |b| {
        b.iter(|| suts.make_instance(black_box("model_keyed"), &secrets))
    });
    group.finish();
}

criterion_group!(benches, make_instance);
criterion_main!(benches);
