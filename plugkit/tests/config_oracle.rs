//! typetag as the oracle: generated configurations of every shape serde has (unit, newtype and
//! tuple structs, enums in the four representations, `Option`, `flatten`, `rename`, `alias`,
//! `default`, maps, nested tagged configurations, datetimes), written by typetag, sometimes
//! damaged, then read by plugkit and by typetag (with `toml` and `serde_json`). Both give the
//! same value or both an error; what either writes, the other reads back to the same value.
//!
//! The one difference on purpose: plugkit rejects keys that a type does not use (an unknown
//! key, the keys of a half-filled flattened `Option`), which typetag ignores.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

use plugkit::config::{DecodeError, DecodeErrorKind, Decoder};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::{Deserialize, Serialize};

#[typetag::serde(tag = "type")]
trait Tt: Debug {}

#[plugkit::config_kind(name = "oracle", debug)]
trait Pk {}

macro_rules! both {
    ($tag:literal, $ty:ty) => {
        #[typetag::serde(name = $tag)]
        impl Tt for $ty {}
        #[plugkit::config_type(tag = $tag)]
        impl Pk for $ty {}
    };
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Unit;
both!("unit", Unit);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Newtype(u32);
both!("newtype", Newtype);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Tuple(u8, String);
both!("tuple", Tuple);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Plain {
    name: String,
    #[serde(rename = "max-size")]
    max_size: u64,
    #[serde(alias = "lvl", default)]
    level: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    opt: Option<bool>,
    #[serde(default)]
    map: BTreeMap<String, f64>,
}
both!("plain", Plain);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Ext {
    A,
    B(u8),
    C { x: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
enum Int {
    P,
    Q { y: i64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
enum Adj {
    M,
    N(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Unt {
    Num(i64),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Enums {
    ext: Ext,
    int: Int,
    adj: Adj,
    unt: Unt,
}
both!("enums", Enums);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Creds {
    user: String,
    pass: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Flat {
    id: String,
    #[serde(flatten)]
    creds: Option<Creds>,
}
both!("flat", Flat);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Dated {
    at: toml::value::Datetime,
}
both!("dated", Dated);

/// Nested tagged configurations: the same shape for either side's trait object.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Nested<T> {
    children: Vec<T>,
}

#[typetag::serde(name = "nested")]
impl Tt for Nested<Box<dyn Tt>> {}
#[plugkit::config_type(tag = "nested")]
impl Pk for Nested<Box<dyn Pk>> {}

#[derive(Debug, Serialize, Deserialize)]
struct Doc<T> {
    items: Vec<T>,
}

/// A generated configuration.
#[derive(Clone, Debug)]
enum Gen {
    Unit,
    Newtype(u32),
    Tuple(u8, String),
    Plain(Plain),
    Enums(Enums),
    Flat(Flat),
    Dated(toml::value::Datetime),
    Nested(Vec<Gen>),
}

fn tt(g: &Gen) -> Box<dyn Tt> {
    match g {
        Gen::Unit => Box::new(Unit),
        Gen::Newtype(n) => Box::new(Newtype(*n)),
        Gen::Tuple(a, b) => Box::new(Tuple(*a, b.clone())),
        Gen::Plain(p) => Box::new(p.clone()),
        Gen::Enums(e) => Box::new(e.clone()),
        Gen::Flat(f) => Box::new(f.clone()),
        Gen::Dated(at) => Box::new(Dated { at: *at }),
        Gen::Nested(children) => Box::new(Nested {
            children: children.iter().map(tt).collect(),
        }),
    }
}

fn text() -> impl Strategy<Value = String> {
    "[a-z \"\\\\{}.é]{0,6}"
}

fn plain() -> impl Strategy<Value = Plain> {
    (
        text(),
        any::<u32>(),
        any::<i32>(),
        any::<Option<bool>>(),
        prop::collection::btree_map("[a-z]{1,3}", -1e6..1e6f64, 0..3),
    )
        .prop_map(|(name, max_size, level, opt, map)| Plain {
            name,
            max_size: u64::from(max_size),
            level,
            opt,
            map,
        })
}

fn enums() -> impl Strategy<Value = Enums> {
    let ext = prop_oneof![
        Just(Ext::A),
        any::<u8>().prop_map(Ext::B),
        text().prop_map(|x| Ext::C { x })
    ];
    let int = prop_oneof![Just(Int::P), any::<i64>().prop_map(|y| Int::Q { y })];
    let adj = prop_oneof![Just(Adj::M), text().prop_map(Adj::N)];
    let unt = prop_oneof![any::<i64>().prop_map(Unt::Num), text().prop_map(Unt::Text)];
    (ext, int, adj, unt).prop_map(|(ext, int, adj, unt)| Enums { ext, int, adj, unt })
}

fn datetime() -> impl Strategy<Value = toml::value::Datetime> {
    prop_oneof![
        Just("1979-05-27T07:32:00Z"),
        Just("1979-05-27T00:32:00.999999-07:00"),
        Just("1979-05-27T07:32:00"),
        Just("1979-05-27"),
        Just("07:32:00"),
    ]
    .prop_map(|s| s.parse().unwrap())
}

fn configuration() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![
        Just(Gen::Unit),
        any::<u32>().prop_map(Gen::Newtype),
        (any::<u8>(), text()).prop_map(|(a, b)| Gen::Tuple(a, b)),
        plain().prop_map(Gen::Plain),
        enums().prop_map(Gen::Enums),
        (text(), prop::option::of((text(), text()))).prop_map(|(id, creds)| Gen::Flat(Flat {
            id,
            creds: creds.map(|(user, pass)| Creds { user, pass }),
        })),
        datetime().prop_map(Gen::Dated),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop::collection::vec(inner, 0..3).prop_map(Gen::Nested)
    })
}

/// Damage done to the written document: none, an unknown key, a key dropped, a value of
/// another type. Indexes pick the item and the key.
#[derive(Clone, Debug)]
enum Damage {
    None,
    UnknownKey(usize),
    Drop(usize, usize),
    Retype(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        3 => Just(Damage::None),
        1 => any::<usize>().prop_map(Damage::UnknownKey),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, k)| Damage::Drop(i, k)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(i, k)| Damage::Retype(i, k)),
    ]
}

fn apply(doc: &mut serde_json::Value, damage: &Damage) {
    let Some(items) = doc["items"].as_array_mut() else {
        return;
    };
    if items.is_empty() {
        return;
    }
    let len = items.len();
    let pick = |i: &usize| i % len;
    match damage {
        Damage::None => {}
        Damage::UnknownKey(i) => {
            if let Some(item) = items[pick(i)].as_object_mut() {
                item.insert("zzz-unknown".into(), serde_json::json!(1));
            }
        }
        Damage::Drop(i, k) | Damage::Retype(i, k) => {
            if let Some(item) = items[pick(i)].as_object_mut() {
                let keys: Vec<String> = item.keys().cloned().collect();
                let key = &keys[k % keys.len()];
                if matches!(damage, Damage::Drop(..)) {
                    item.remove(key);
                } else {
                    let other = match &item[key] {
                        serde_json::Value::String(_) => serde_json::json!(7),
                        _ => serde_json::json!("seven"),
                    };
                    item.insert(key.clone(), other);
                }
            }
        }
    }
}

/// The JSON document as TOML: nulls left out, datetimes as TOML datetimes; `None` if TOML
/// cannot hold it.
fn to_toml(value: &serde_json::Value) -> Option<toml::Value> {
    Some(match value {
        serde_json::Value::Null => return None,
        serde_json::Value::Bool(b) => toml::Value::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        serde_json::Value::String(s) => toml::Value::String(s.clone()),
        serde_json::Value::Array(items) => {
            toml::Value::Array(items.iter().map(to_toml).collect::<Option<_>>()?)
        }
        serde_json::Value::Object(map) => {
            if let (1, Some(serde_json::Value::String(d))) =
                (map.len(), map.get("$__toml_private_datetime"))
            {
                return d.parse().ok().map(toml::Value::Datetime);
            }
            let mut table = toml::Table::new();
            for (k, v) in map {
                if !v.is_null() {
                    table.insert(k.clone(), to_toml(v)?);
                }
            }
            toml::Value::Table(table)
        }
    })
}

/// How the cases ended: both read the same value, both failed, plugkit rejected an unused key.
static SAME: AtomicUsize = AtomicUsize::new(0);
static BOTH_FAILED: AtomicUsize = AtomicUsize::new(0);
static ON_PURPOSE: AtomicUsize = AtomicUsize::new(0);

/// What a document holds, written the same by either side.
fn written<T: Serialize>(doc: &Doc<T>) -> serde_json::Value {
    serde_json::to_value(&doc.items).unwrap()
}

/// What each side decoded, when both did.
type Decoded = Option<(Doc<Box<dyn Pk>>, Doc<Box<dyn Tt>>)>;

/// Both read `text` the same: equal values, or both an error (or plugkit rejecting a key that
/// typetag ignored, on purpose).
fn agree<E: std::fmt::Display>(
    format: &str,
    text: &str,
    ours: Result<Doc<Box<dyn Pk>>, DecodeError>,
    theirs: Result<Doc<Box<dyn Tt>>, E>,
) -> Result<Decoded, TestCaseError> {
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            prop_assert_eq!(written(&ours), written(&theirs), "{}: {}", format, text);
            SAME.fetch_add(1, Ordering::Relaxed);
            Ok(Some((ours, theirs)))
        }
        (Err(_), Err(_)) => {
            BOTH_FAILED.fetch_add(1, Ordering::Relaxed);
            Ok(None)
        }
        (Err(e), Ok(_)) if matches!(e.kind(), DecodeErrorKind::UnknownField { .. }) => {
            ON_PURPOSE.fetch_add(1, Ordering::Relaxed);
            Ok(None)
        }
        (ours, theirs) => Err(TestCaseError::fail(format!(
            "{format} disagrees on {text}\n  plugkit: {:?}\n  typetag: {:?}",
            ours.map(|d| written(&d)).map_err(|e| e.to_string()),
            theirs.map(|d| written(&d)).map_err(|e| e.to_string()),
        ))),
    }
}

fn check(items: &[Gen], damage: &Damage) -> Result<(), TestCaseError> {
    let doc = Doc {
        items: items.iter().map(tt).collect::<Vec<_>>(),
    };
    let mut json = serde_json::to_value(&doc).unwrap();
    apply(&mut json, damage);
    let json_text = serde_json::to_string(&json).unwrap();
    let decoded = agree(
        "JSON",
        &json_text,
        Decoder::default().json_str(&json_text),
        serde_json::from_str(&json_text),
    )?;
    if let Some((ours, theirs)) = decoded {
        // Each reads what the other writes.
        let back: Doc<Box<dyn Tt>> =
            serde_json::from_str(&serde_json::to_string(&ours).unwrap())
                .map_err(|e| TestCaseError::fail(format!("typetag reading plugkit's JSON: {e}")))?;
        prop_assert_eq!(written(&back), written(&ours));
        let back: Doc<Box<dyn Pk>> = Decoder::default()
            .json_str(&serde_json::to_string(&theirs).unwrap())
            .map_err(|e| TestCaseError::fail(format!("plugkit reading typetag's JSON: {e}")))?;
        prop_assert_eq!(written(&back), written(&theirs));
    }
    let Some(toml_doc) = to_toml(&json) else {
        return Ok(());
    };
    let Ok(toml_text) = toml::to_string(&toml_doc) else {
        return Ok(());
    };
    let decoded = agree(
        "TOML",
        &toml_text,
        Decoder::default().toml_str(&toml_text),
        toml::from_str(&toml_text),
    )?;
    if let Some((ours, theirs)) = decoded {
        if let Ok(text) = toml::to_string(&ours) {
            let back: Doc<Box<dyn Tt>> = toml::from_str(&text).map_err(|e| {
                TestCaseError::fail(format!("typetag reading plugkit's TOML: {e}\n{text}"))
            })?;
            prop_assert_eq!(written(&back), written(&ours));
        }
        if let Ok(text) = toml::to_string(&theirs) {
            let back: Doc<Box<dyn Pk>> = Decoder::default().toml_str(&text).map_err(|e| {
                TestCaseError::fail(format!("plugkit reading typetag's TOML: {e}\n{text}"))
            })?;
            prop_assert_eq!(written(&back), written(&theirs));
        }
    }
    Ok(())
}

#[test]
fn plugkit_and_typetag_agree_on_generated_configurations() {
    let config = Config {
        cases: 400,
        failure_persistence: None,
        ..Config::default()
    };
    // A fixed seed: the same cases on every run.
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[12; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = (prop::collection::vec(configuration(), 0..4), damage());
    runner
        .run(&strategy, |(items, damage): (Vec<Gen>, Damage)| {
            check(&items, &damage)
        })
        .unwrap();
    // Every outcome was reached.
    let (same, failed, on_purpose) = (
        SAME.load(Ordering::Relaxed),
        BOTH_FAILED.load(Ordering::Relaxed),
        ON_PURPOSE.load(Ordering::Relaxed),
    );
    assert!(
        same > 300 && failed > 50 && on_purpose > 30,
        "{same} {failed} {on_purpose}"
    );
}

/// Found by the oracle: a configuration that is not a table (a newtype of a number, a tuple
/// struct) is written under `value` beside its tag, as typetag writes and reads it.
#[test]
fn a_newtype_or_tuple_type_uses_typetags_value_key() {
    let conf: Box<dyn Pk> = Box::new(Tuple(3, "a".into()));
    assert_eq!(
        serde_json::to_string(&conf).unwrap(),
        r#"{"type":"tuple","value":[3,"a"]}"#
    );
    let conf: Box<dyn Pk> = Box::new(Newtype(7));
    let text = toml::to_string(&conf).unwrap();
    assert_eq!(text, "type = \"newtype\"\nvalue = 7\n");
    let back: Box<dyn Pk> = Decoder::default().toml_str(&text).unwrap();
    assert_eq!(back.downcast_ref::<Newtype>(), Some(&Newtype(7)));
    let theirs: Box<dyn Tt> = toml::from_str(&text).unwrap();
    assert_eq!(format!("{theirs:?}"), "Newtype(7)");
    // Another key beside `value`, or none: located errors.
    let e = Decoder::default()
        .file("a.toml")
        .toml_str::<Box<dyn Pk>>("type = \"newtype\"\nvalue = 7\nextra = 1\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "a.toml:3:1: in `extra`: unknown field `extra`\n  expected `value`\n  fix: rename or remove the key"
    );
    let e = Decoder::default()
        .file("a.toml")
        .toml_str::<Box<dyn Pk>>("type = \"tuple\"\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "a.toml:1:1: missing field `value`\n  fix: add `value = ...` to this table"
    );
}
