//! Decoding 10,000 tagged configurations, from TOML and from JSON, three ways in one run (and
//! one error, on a 3 MB unknown key):
//!
//! - `enum`: a closed `#[serde(tag = "type")]` enum, the limit (no registry, no erasure);
//! - `typetag`: `#[typetag::serde(tag = "type")]` on a trait, the peer;
//! - `plugkit`: a `#[config_kind]` trait through `plugkit::config::Decoder` (TOML and JSON: read
//!   into plugkit's located document, then decoded by plugkit's own decoder).
//!
//! The document is `items = [...]`: 10,000 tables with `type` first, cycling through three
//! types of one, three and zero fields. Each input text is built once, outside the timed loop.
//! Targets (DESIGN §6): plugkit within 1.25× of the enum in TOML and 1.5× in JSON, and faster
//! than typetag in both. `docs/performance.md` reports the ratios.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark whose setup fails must stop loudly"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};

const CONFIGS: usize = 10_000;

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Local {
    dir: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct S3 {
    bucket: String,
    prefix: String,
    region: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Off {}

/// The limit: every type known at compile time.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[allow(dead_code)]
enum Closed {
    Local(Local),
    S3(S3),
    None(Off),
}

/// The peer.
#[typetag::serde(tag = "type")]
trait Tt: std::fmt::Debug {}

#[typetag::serde(name = "local")]
impl Tt for Local {}
#[typetag::serde(name = "s3")]
impl Tt for S3 {}
#[typetag::serde(name = "none")]
impl Tt for Off {}

/// plugkit.
#[plugkit::config_kind(name = "bench-cache")]
trait Pk {}

#[plugkit::config_type(tag = "local")]
impl Pk for Local {}
#[plugkit::config_type(tag = "s3")]
impl Pk for S3 {}
#[plugkit::config_type(tag = "none")]
impl Pk for Off {}

#[derive(Debug, Deserialize)]
struct Doc<T> {
    items: Vec<T>,
}

fn documents() -> (String, String) {
    let mut items = Vec::with_capacity(CONFIGS);
    for i in 0..CONFIGS {
        let item = match i % 3 {
            0 => serde_json::json!({"type": "local", "dir": format!(".cache/{i}")}),
            1 => {
                serde_json::json!({"type": "s3", "bucket": format!("bucket-{i}"), "prefix": "p/", "region": "eu-west-1"})
            }
            _ => serde_json::json!({"type": "none"}),
        };
        items.push(item);
    }
    let json = serde_json::json!({ "items": items });
    let toml = toml::to_string(&json).expect("the document is TOML");
    (
        toml,
        serde_json::to_string(&json).expect("the document is JSON"),
    )
}

fn decode(c: &mut Criterion) {
    let (toml_text, json_text) = documents();
    // Every decoder reads the same document the same way before anything is timed.
    assert_eq!(
        toml::from_str::<Doc<Closed>>(&toml_text)
            .unwrap()
            .items
            .len(),
        CONFIGS
    );
    assert_eq!(
        toml::from_str::<Doc<Box<dyn Tt>>>(&toml_text)
            .unwrap()
            .items
            .len(),
        CONFIGS
    );
    assert_eq!(
        plugkit::config::Decoder::new()
            .toml_str::<Doc<Box<dyn Pk>>>(&toml_text)
            .unwrap()
            .items
            .len(),
        CONFIGS
    );
    assert_eq!(
        plugkit::config::Decoder::new()
            .json_str::<Doc<Box<dyn Pk>>>(&json_text)
            .unwrap()
            .items
            .len(),
        CONFIGS
    );
    let registry = plugkit::registry();
    assert!(registry.problems().is_empty());

    let mut toml_group = c.benchmark_group("decode 10k configs, TOML");
    toml_group.throughput(Throughput::Elements(CONFIGS as u64));
    toml_group.sample_size(20);
    toml_group.bench_function("enum", |b| {
        b.iter(|| toml::from_str::<Doc<Closed>>(black_box(&toml_text)).unwrap())
    });
    toml_group.bench_function("typetag", |b| {
        b.iter(|| toml::from_str::<Doc<Box<dyn Tt>>>(black_box(&toml_text)).unwrap())
    });
    toml_group.bench_function("plugkit", |b| {
        b.iter(|| {
            plugkit::config::Decoder::new()
                .toml_str::<Doc<Box<dyn Pk>>>(black_box(&toml_text))
                .unwrap()
        })
    });
    toml_group.finish();

    let mut json_group = c.benchmark_group("decode 10k configs, JSON");
    json_group.throughput(Throughput::Elements(CONFIGS as u64));
    json_group.sample_size(30);
    json_group.bench_function("enum", |b| {
        b.iter(|| serde_json::from_str::<Doc<Closed>>(black_box(&json_text)).unwrap())
    });
    json_group.bench_function("typetag", |b| {
        b.iter(|| serde_json::from_str::<Doc<Box<dyn Tt>>>(black_box(&json_text)).unwrap())
    });
    json_group.bench_function("plugkit", |b| {
        b.iter(|| {
            plugkit::config::Decoder::new()
                .json_str::<Doc<Box<dyn Pk>>>(black_box(&json_text))
                .unwrap()
        })
    });
    json_group.finish();

    // An unknown key of 3 MB: the "did you mean" search must not grow with the key's length
    // (it took 27 s in a debug build before it was bounded).
    let long_key = format!(
        "[[items]]\ntype = \"local\"\ndir = \"d\"\n{} = 1\n",
        "k".repeat(3 << 20)
    );
    assert!(
        plugkit::config::Decoder::new()
            .toml_str::<Doc<Box<dyn Pk>>>(&long_key)
            .is_err()
    );
    let mut errors = c.benchmark_group("decode errors");
    errors.sample_size(10);
    errors.bench_function("unknown 3 MB key, TOML", |b| {
        b.iter(|| {
            plugkit::config::Decoder::new()
                .toml_str::<Doc<Box<dyn Pk>>>(black_box(&long_key))
                .err()
        })
    });
    errors.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
