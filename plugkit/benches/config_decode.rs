//! Decoding 10,000 tagged configurations, as a user reads them, three ways in one group (and
//! one error, on a 3 MB unknown key):
//!
//! - `enum`: a closed `#[serde(tag = "type")]` enum, the limit (no registry, no erasure);
//! - `typetag`: `#[typetag::serde(tag = "type")]` on a trait, the peer;
//! - `plugkit`: a `#[config_kind]` trait through `plugkit::config::Decoder` (TOML and JSON: read
//!   into plugkit's located document, then decoded by plugkit's own decoder).
//!
//! The document is `items = [...]`: 10,000 configurations cycling through three types of 3, 5
//! and 8 fields (strings, integers, a float, booleans, a list of strings, a nested table and
//! an `Option` that is present in some and absent in others). Four groups: TOML and JSON, each
//! with `type` written first in every configuration and with `type` written last. Each input
//! text is built once, outside the timed loop. Inside it, every side decodes the document and
//! then reads every configuration the way a user does: one call of a method on each (the
//! trait's method on the boxes, a `match` on the enum), the results folded into one number.
//! Targets (DESIGN §6, issue 15): plugkit within 1.25× of the enum in TOML and 1.3× in JSON,
//! and faster than typetag in all four. `docs/performance.md` §4 reports the ratios.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark whose setup fails must stop loudly"
)]

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};

const CONFIGS: usize = 10_000;

/// A local folder: 3 fields.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Local {
    dir: String,
    max_mb: u64,
    compress: bool,
}

/// A nested table.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Endpoint {
    host: String,
    port: u16,
}

/// A bucket: 8 fields.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct S3 {
    bucket: String,
    prefix: String,
    region: String,
    retries: u32,
    timeout_s: f64,
    tags: Vec<String>,
    endpoint: Endpoint,
    profile: Option<String>,
}

/// Another nested table.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Pool {
    min: u32,
    max: u32,
}

/// A server: 5 fields.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Redis {
    url: String,
    db: u8,
    ttl_s: Option<u64>,
    pool: Pool,
    tls: bool,
}

/// What a user computes from each configuration: every field is read.
trait Weigh {
    fn weight(&self) -> u64;
}

impl Weigh for Local {
    fn weight(&self) -> u64 {
        self.dir.len() as u64 + self.max_mb + u64::from(self.compress)
    }
}

impl Weigh for S3 {
    fn weight(&self) -> u64 {
        let tags: usize = self.tags.iter().map(String::len).sum();
        (self.bucket.len() + self.prefix.len() + self.region.len() + tags) as u64
            + u64::from(self.retries)
            + self.timeout_s as u64
            + self.endpoint.host.len() as u64
            + u64::from(self.endpoint.port)
            + self.profile.as_ref().map_or(0, |p| p.len() as u64)
    }
}

impl Weigh for Redis {
    fn weight(&self) -> u64 {
        self.url.len() as u64
            + u64::from(self.db)
            + self.ttl_s.unwrap_or(0)
            + u64::from(self.pool.min + self.pool.max)
            + u64::from(self.tls)
    }
}

/// The limit: every type known at compile time.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Closed {
    Local(Local),
    S3(S3),
    Redis(Redis),
}

impl Closed {
    fn weight(&self) -> u64 {
        match self {
            Closed::Local(c) => Weigh::weight(c),
            Closed::S3(c) => Weigh::weight(c),
            Closed::Redis(c) => Weigh::weight(c),
        }
    }
}

/// The peer.
#[typetag::serde(tag = "type")]
trait Tt: std::fmt::Debug {
    fn weight(&self) -> u64;
}

#[typetag::serde(name = "local")]
impl Tt for Local {
    fn weight(&self) -> u64 {
        Weigh::weight(self)
    }
}
#[typetag::serde(name = "s3")]
impl Tt for S3 {
    fn weight(&self) -> u64 {
        Weigh::weight(self)
    }
}
#[typetag::serde(name = "redis")]
impl Tt for Redis {
    fn weight(&self) -> u64 {
        Weigh::weight(self)
    }
}

/// plugkit.
#[plugkit::config_kind(name = "bench-cache")]
trait Pk {
    fn weight(&self) -> u64;
}

#[plugkit::config_type(tag = "local")]
impl Pk for Local {
    fn weight(&self) -> u64 {
        Weigh::weight(self)
    }
}
#[plugkit::config_type(tag = "s3")]
impl Pk for S3 {
    fn weight(&self) -> u64 {
        Weigh::weight(self)
    }
}
#[plugkit::config_type(tag = "redis")]
impl Pk for Redis {
    fn weight(&self) -> u64 {
        Weigh::weight(self)
    }
}

#[derive(Debug, Deserialize)]
struct Doc<T> {
    items: Vec<T>,
}

/// Where `type` is written in each configuration.
#[derive(Clone, Copy)]
enum Tag {
    First,
    Last,
}

/// The keys of configuration `i` (without `type`), as (key, TOML value, JSON value), and its tag.
fn fields(i: usize) -> (&'static str, Vec<(&'static str, String, String)>) {
    let s = |v: String| (format!("\"{v}\""), format!("\"{v}\""));
    let plain = |v: String| (v.clone(), v);
    let mut out = Vec::new();
    let mut push = |key: &'static str, (t, j): (String, String)| out.push((key, t, j));
    let tag = match i % 3 {
        0 => {
            push("dir", s(format!(".cache/job-{i}")));
            push("max_mb", plain(format!("{}", 512 + i % 100)));
            push("compress", plain(i.is_multiple_of(2).to_string()));
            "local"
        }
        1 => {
            push("bucket", s(format!("bucket-{i}")));
            push("prefix", s("builds/".to_owned()));
            push("region", s("eu-west-1".to_owned()));
            push("retries", plain(format!("{}", i % 5)));
            push("timeout_s", plain(format!("{}.5", 10 + i % 20)));
            push(
                "tags",
                (
                    format!("[\"team-{}\", \"ci\"]", i % 7),
                    format!("[\"team-{}\",\"ci\"]", i % 7),
                ),
            );
            push(
                "endpoint",
                (
                    format!("{{ host = \"s3-{}.example.com\", port = 443 }}", i % 4),
                    format!("{{\"host\":\"s3-{}.example.com\",\"port\":443}}", i % 4),
                ),
            );
            if i % 2 == 1 {
                push("profile", s(format!("profile-{}", i % 3)));
            }
            "s3"
        }
        _ => {
            push("url", s(format!("redis://cache-{}.internal:6379", i % 9)));
            push("db", plain(format!("{}", i % 16)));
            if !i.is_multiple_of(4) {
                push("ttl_s", plain(format!("{}", 3600 + i % 60)));
            }
            push(
                "pool",
                (
                    "{ min = 2, max = 16 }".to_owned(),
                    "{\"min\":2,\"max\":16}".to_owned(),
                ),
            );
            push("tls", plain(i.is_multiple_of(3).to_string()));
            "redis"
        }
    };
    (tag, out)
}

/// The document in TOML (an array of tables, nested tables inline) and in JSON.
fn documents(at: Tag) -> (String, String) {
    let mut toml = String::new();
    let mut json = String::from("{\"items\":[");
    for i in 0..CONFIGS {
        let (tag, keys) = fields(i);
        toml.push_str("[[items]]\n");
        if i > 0 {
            json.push(',');
        }
        json.push('{');
        if let Tag::First = at {
            writeln!(toml, "type = \"{tag}\"").unwrap();
            write!(json, "\"type\":\"{tag}\",").unwrap();
        }
        for (n, (key, t, j)) in keys.iter().enumerate() {
            writeln!(toml, "{key} = {t}").unwrap();
            if n > 0 {
                json.push(',');
            }
            write!(json, "\"{key}\":{j}").unwrap();
        }
        if let Tag::Last = at {
            writeln!(toml, "type = \"{tag}\"").unwrap();
            write!(json, ",\"type\":\"{tag}\"").unwrap();
        }
        json.push('}');
        toml.push('\n');
    }
    json.push_str("]}");
    (toml, json)
}

fn fold<T>(items: &[T], weight: impl Fn(&T) -> u64) -> u64 {
    items.iter().fold(0, |sum, c| sum.wrapping_add(weight(c)))
}

#[inline(never)]
fn enum_toml(text: &str) -> u64 {
    fold(
        &toml::from_str::<Doc<Closed>>(text).unwrap().items,
        Closed::weight,
    )
}
#[inline(never)]
fn typetag_toml(text: &str) -> u64 {
    let doc = toml::from_str::<Doc<Box<dyn Tt>>>(text).unwrap();
    fold(&doc.items, |c| c.weight())
}
#[inline(never)]
fn plugkit_toml(text: &str) -> u64 {
    let doc = plugkit::config::Decoder::default()
        .toml_str::<Doc<Box<dyn Pk>>>(text)
        .unwrap();
    fold(&doc.items, |c| c.weight())
}
#[inline(never)]
fn enum_json(text: &str) -> u64 {
    let doc = serde_json::from_str::<Doc<Closed>>(text).unwrap();
    fold(&doc.items, Closed::weight)
}
#[inline(never)]
fn typetag_json(text: &str) -> u64 {
    let doc = serde_json::from_str::<Doc<Box<dyn Tt>>>(text).unwrap();
    fold(&doc.items, |c| c.weight())
}
#[inline(never)]
fn plugkit_json(text: &str) -> u64 {
    let doc = plugkit::config::Decoder::default()
        .json_str::<Doc<Box<dyn Pk>>>(text)
        .unwrap();
    fold(&doc.items, |c| c.weight())
}

type Side = (&'static str, fn(&str) -> u64);

fn decode(c: &mut Criterion) {
    let registry = plugkit::registry();
    assert!(registry.problems().is_empty());
    let toml_sides: [Side; 3] = [
        ("enum", enum_toml),
        ("typetag", typetag_toml),
        ("plugkit", plugkit_toml),
    ];
    let json_sides: [Side; 3] = [
        ("enum", enum_json),
        ("typetag", typetag_json),
        ("plugkit", plugkit_json),
    ];
    let mut expected = None;
    for (at, name) in [(Tag::First, "type first"), (Tag::Last, "type last")] {
        let (toml_text, json_text) = documents(at);
        for (format, text, sides) in [
            ("TOML", &toml_text, &toml_sides),
            ("JSON", &json_text, &json_sides),
        ] {
            // Every side reads the same configurations: each is checked once before it is
            // timed, inside its own benchmark (so that a profile of one side calls its
            // function exactly twice: the check and one iteration in criterion's test mode).
            let limit = match format {
                "TOML" => fold(
                    &toml::from_str::<Doc<Closed>>(text).unwrap().items,
                    Closed::weight,
                ),
                _ => fold(
                    &serde_json::from_str::<Doc<Closed>>(text).unwrap().items,
                    Closed::weight,
                ),
            };
            assert_eq!(*expected.get_or_insert(limit), limit, "{format}, {name}");
            let mut group = c.benchmark_group(format!("decode 10k configs, {format}, {name}"));
            group.throughput(Throughput::Elements(CONFIGS as u64));
            group.sample_size(10);
            for (side, f) in sides {
                group.bench_function(*side, |b| {
                    assert_eq!(f(text), limit, "{format}, {name}, {side}");
                    b.iter(|| f(black_box(text)))
                });
            }
            group.finish();
        }
    }

    // An unknown key of 3 MB: the "did you mean" search must not grow with the key's length
    // (it took 27 s in a debug build before it was bounded).
    let long_key = format!(
        "[[items]]\ntype = \"local\"\ndir = \"d\"\nmax_mb = 1\ncompress = true\n{} = 1\n",
        "k".repeat(3 << 20)
    );
    assert!(
        plugkit::config::Decoder::default()
            .toml_str::<Doc<Box<dyn Pk>>>(&long_key)
            .is_err()
    );
    let mut errors = c.benchmark_group("decode errors");
    errors.sample_size(10);
    errors.bench_function("unknown 3 MB key, TOML", |b| {
        b.iter(|| {
            plugkit::config::Decoder::default()
                .toml_str::<Doc<Box<dyn Pk>>>(black_box(&long_key))
                .err()
        })
    });
    errors.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
