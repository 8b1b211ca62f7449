//! Arbitrary bytes and arbitrary TOML values fed to the configuration decoder: errors only,
//! never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::collections::BTreeMap;

use plugkit::config::{Decoder, PluginSections};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};

#[plugkit::config_kind(name = "fuzz-cache", default = "dir", debug)]
trait FuzzCache {}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Dir {
    path: String,
    #[serde(default)]
    size: Option<u32>,
    #[serde(default)]
    tags: Vec<String>,
}

#[plugkit::config_type(tag = "dir")]
impl FuzzCache for Dir {}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Remote {
    bucket: String,
    retries: u8,
    mode: Mode,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Fast,
    Safe { level: i32 },
}

#[plugkit::config_type(tag = "remote")]
impl FuzzCache for Remote {}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[plugkit::plugin_section(name = "fuzz")]
struct FuzzSection {
    on: bool,
    #[serde(default)]
    limit: f64,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Doc {
    #[serde(default)]
    caches: BTreeMap<String, Box<dyn FuzzCache>>,
    #[serde(default)]
    list: Vec<Box<dyn FuzzCache>>,
    #[serde(default)]
    plugins: PluginSections,
}

fn decode_all(text: &str) {
    let decoder = Decoder::default().file("fuzz.toml");
    if let Err(e) = decoder.toml_str::<Doc>(text) {
        assert!(!e.to_string().is_empty());
    }
    let _ = decoder.json_str::<Doc>(text);
    let _ = serde_json::from_str::<Doc>(text);
}

/// Arbitrary TOML values, keys drawn mostly from those the types know so that decoding goes
/// deep before it fails.
fn toml_value() -> impl Strategy<Value = toml::Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(toml::Value::Boolean),
        any::<i64>().prop_map(toml::Value::Integer),
        any::<f64>().prop_map(toml::Value::Float),
        prop_oneof![
            Just("dir".to_owned()),
            Just("remote".to_owned()),
            Just("fast".to_owned()),
            "[a-z{}. ]{0,12}"
        ]
        .prop_map(toml::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(toml::Value::Array),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| toml::Value::Table(m.into_iter().collect())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("type".to_owned()),
        Just("path".to_owned()),
        Just("size".to_owned()),
        Just("tags".to_owned()),
        Just("bucket".to_owned()),
        Just("retries".to_owned()),
        Just("mode".to_owned()),
        Just("safe".to_owned()),
        Just("level".to_owned()),
        Just("caches".to_owned()),
        Just("list".to_owned()),
        Just("plugins".to_owned()),
        Just("fuzz".to_owned()),
        Just("on".to_owned()),
        "[a-z.\"]{1,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_all(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_toml_values_never_panic(
        caches in prop::collection::btree_map("[a-z]{1,4}", toml_value(), 0..4),
        list in prop::collection::vec(toml_value(), 0..3),
        plugins in toml_value(),
    ) {
        let mut doc = toml::Table::new();
        doc.insert("caches".into(), toml::Value::Table(caches.into_iter().collect()));
        doc.insert("list".into(), toml::Value::Array(list));
        doc.insert("plugins".into(), plugins);
        if let Ok(text) = toml::to_string(&doc) {
            decode_all(&text);
        }
        if let Ok(json) = serde_json::to_string(&doc) {
            decode_all(&json);
        }
    }
}

#[test]
fn a_deep_valid_document_decodes() {
    let text = "[caches.a]\ntype = \"remote\"\nbucket = \"b\"\nretries = 2\nmode = { safe = { level = -1 } }\n\n[[list]]\npath = \"x\"\ntags = [\"t\"]\n\n[plugins.fuzz]\non = true\n";
    let doc: Doc = Decoder::default().toml_str(text).unwrap();
    assert_eq!(doc.list.len(), 1);
    assert!(doc.plugins.get::<FuzzSection>().unwrap().on);
    let e = Decoder::default()
        .toml_str::<Doc>(
            "[caches.a]\ntype = \"remote\"\nbucket = \"b\"\nretries = 2\nmode = \"slow\"\n",
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 5, column 8: in `caches.a.mode`: unknown variant `slow`\n  expected one of `fast` or \
         `safe`\n  fix: write one of the variants"
    );
}
