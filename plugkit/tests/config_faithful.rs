//! Configuration decoding as faithful as `toml` and serde themselves: one regression test per
//! divergence found (issue 12), each with the exact outcome.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::collections::BTreeMap;

use plugkit::config::{Context, DecodeError, DecodeErrorKind, Decoder, FormatError};
use plugkit::{Entry, Origin, Registry};
use serde::{Deserialize, Serialize};

#[plugkit::config_kind(name = "store", default = "memory", debug)]
trait StoreConf {}

/// A unit struct: `type = "none"` and nothing else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct NoStore;

#[plugkit::config_type(tag = "none")]
impl StoreConf for NoStore {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Memory {
    size: u32,
}

#[plugkit::config_type(tag = "memory")]
impl StoreConf for Memory {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Creds {
    user: String,
    password: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Endpoint {
    host: String,
    #[serde(default)]
    port: u16,
}

/// Flattened fields: an optional table and a required one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Remote {
    bucket: String,
    #[serde(flatten)]
    creds: Option<Creds>,
    #[serde(flatten)]
    endpoint: Endpoint,
}

#[plugkit::config_type(tag = "remote")]
impl StoreConf for Remote {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Dated {
    since: toml::value::Datetime,
    #[serde(default)]
    label: Option<String>,
}

#[plugkit::config_type(tag = "dated")]
impl StoreConf for Dated {}

#[derive(Debug, Deserialize)]
struct Doc {
    stores: BTreeMap<String, Box<dyn StoreConf>>,
}

fn toml(text: &str) -> Result<Doc, DecodeError> {
    Decoder::default().file("app.toml").toml_str(text)
}

fn json(text: &str) -> Result<Doc, DecodeError> {
    Decoder::default().file("app.json").json_str(text)
}

fn store<T: Clone + 'static>(doc: &Doc, name: &str) -> T {
    doc.stores[name].downcast_ref::<T>().unwrap().clone()
}

// ---------------------------------------------------------------------------------------------
// Unit structs.

#[test]
fn a_unit_struct_type_decodes_from_its_tag_alone_in_toml_and_json() {
    let doc = toml("[stores.off]\ntype = \"none\"\n").unwrap();
    assert_eq!(store::<NoStore>(&doc, "off"), NoStore);
    let doc = json(r#"{"stores": {"off": {"type": "none"}}}"#).unwrap();
    assert_eq!(store::<NoStore>(&doc, "off"), NoStore);
    // What plugkit writes, it reads back.
    let written = serde_json::to_string(&doc.stores["off"]).unwrap();
    assert_eq!(written, r#"{"type":"none"}"#);
    let back: Box<dyn StoreConf> = plugkit::config::Decoder::default()
        .json_str(&written)
        .unwrap();
    assert!(back.downcast_ref::<NoStore>().is_some());
}

#[test]
fn a_unit_struct_type_rejects_extra_keys_at_the_key() {
    let e = toml("[stores.off]\ntype = \"none\"\nsize = 3\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:3:1: in `stores.off.size`: unknown field `size`\n  this table takes no keys\n  \
         fix: rename or remove the key"
    );
    let e = json(r#"{"stores": {"off": {"size": 3, "type": "none"}}}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.json:1:21: in `stores.off.size`: unknown field `size`\n  this table takes no keys\n  \
         fix: rename or remove the key"
    );
}

// ---------------------------------------------------------------------------------------------
// `#[serde(flatten)]`.

#[test]
fn flatten_decodes_like_serde() {
    let doc = toml(
        "[stores.r]\ntype = \"remote\"\nbucket = \"b\"\nuser = \"u\"\npassword = \"p\"\nhost = \"h\"\n",
    )
    .unwrap();
    assert_eq!(
        store::<Remote>(&doc, "r"),
        Remote {
            bucket: "b".into(),
            creds: Some(Creds {
                user: "u".into(),
                password: "p".into()
            }),
            endpoint: Endpoint {
                host: "h".into(),
                port: 0
            },
        }
    );
    let doc = toml("[stores.r]\ntype = \"remote\"\nbucket = \"b\"\nhost = \"h\"\n").unwrap();
    assert_eq!(store::<Remote>(&doc, "r").creds, None);
}

#[test]
fn flatten_rejects_a_misspelled_key_at_the_key() {
    let e = toml("[stores.r]\ntype = \"remote\"\nbucket = \"b\"\nhost = \"h\"\nprot = 80\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:5:1: in `stores.r.prot`: unknown field `prot`; did you mean `port`?\n  \
         expected one of `bucket`, `host` or `port`\n  fix: rename or remove the key"
    );
    // The whole message above has no note: the key has nothing to do with the optional `creds`.
    assert!(matches!(e.kind(), DecodeErrorKind::UnknownField { field, .. } if field == "prot"));
    // The same from JSON.
    let e =
        json(r#"{"stores": {"r": {"type": "remote", "bucket": "b", "host": "h", "prot": 80}}}"#)
            .unwrap_err();
    assert_eq!(e.path(), Some("stores.r.prot"));
    assert_eq!(e.location().map(|l| (l.line, l.column)), Some((1, 65)));
}

#[test]
fn flatten_rejects_a_half_filled_optional_table() {
    // serde reads `creds` as `None` and drops `user`: plugkit says the key went unused.
    let e = toml("[stores.r]\ntype = \"remote\"\nbucket = \"b\"\nhost = \"h\"\nuser = \"u\"\n")
        .unwrap_err();
    assert_eq!(e.path(), Some("stores.r.user"));
    assert_eq!(e.location().map(|l| (l.line, l.column)), Some((5, 1)));
    assert!(
        e.to_string().starts_with(
            "app.toml:5:1: in `stores.r.user`: unknown field `user`\n  expected one of `bucket`, \
             `host` or `port`"
        ),
        "{e}"
    );
}

#[test]
fn flatten_errors_point_at_the_key_not_the_table() {
    let e = toml("[stores.r]\ntype = \"remote\"\nbucket = \"b\"\nhost = 3\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:4:8: in `stores.r.host`: invalid type: integer `3`, expected a string\n  \
         fix: write a value of the expected type"
    );
    // A missing key belongs to the table.
    let e = toml("[stores.r]\ntype = \"remote\"\nbucket = \"b\"\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:1:1: in `stores.r`: missing field `host`\n  fix: add `host = ...` to this table"
    );
}

// ---------------------------------------------------------------------------------------------
// Datetimes and integers: what TOML keeps.

#[test]
fn a_toml_datetime_field_decodes() {
    let doc = toml("[stores.d]\ntype = \"dated\"\nsince = 1979-05-27T07:32:00Z\n").unwrap();
    assert_eq!(
        store::<Dated>(&doc, "d").since.to_string(),
        "1979-05-27T07:32:00Z"
    );
    // And when `type` comes last (the table is buffered first).
    let doc = toml("[stores.d]\nsince = 1979-05-27\ntype = \"dated\"\n").unwrap();
    assert_eq!(store::<Dated>(&doc, "d").since.to_string(), "1979-05-27");
    // Written back as a TOML datetime, read again.
    let text = toml::to_string(&BTreeMap::from([("d", &doc.stores["d"])])).unwrap();
    assert_eq!(text, "[d]\ntype = \"dated\"\nsince = 1979-05-27\n");
}

#[test]
fn a_datetime_is_not_a_string() {
    let e =
        toml("[stores.d]\ntype = \"dated\"\nsince = 1979-05-27\nlabel = 1979-05-27T07:32:00Z\n")
            .unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:4:9: in `stores.d.label`: invalid type: datetime `1979-05-27T07:32:00Z`, \
         expected a string\n  fix: write a value of the expected type"
    );
    // Nor, at the top, in a host's own struct.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Bucket {
        bucket: String,
    }
    let e = Decoder::default()
        .toml_str::<Bucket>("bucket = 1979-05-27T07:32:00Z")
        .unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::InvalidType { .. }));
}

#[test]
fn integers_above_i64_max_are_rejected_where_they_are() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Big {
        n: u64,
    }
    let e = Decoder::default()
        .file("a.toml")
        .toml_str::<Big>("\nn = 9223372036854775808\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "a.toml:2:5: integer `9223372036854775808` is out of range: TOML integers are 64-bit \
         signed, from -9223372036854775808 to 9223372036854775807\n  fix: correct the syntax"
    );
    let ok: Big = Decoder::default()
        .toml_str("n = 9223372036854775807")
        .unwrap();
    assert_eq!(ok.n, 9_223_372_036_854_775_807);
}

// ---------------------------------------------------------------------------------------------
// JSON: located like TOML.

#[test]
fn json_errors_carry_line_column_full_path_kind_and_fix() {
    let text = "{\n  \"stores\": {\n    \"m\": {\"type\": \"memory\", \"size\": \"big\"}\n  }\n}";
    let e = json(text).unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.json:3:37: in `stores.m.size`: invalid type: string \"big\", expected u32\n  \
         fix: write a value of the expected type"
    );
    assert!(matches!(e.kind(), DecodeErrorKind::InvalidType { .. }));
    // Outside any tagged configuration too.
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Settings {
        jobs: u8,
    }
    let e = Decoder::default()
        .file("s.json")
        .json_str::<Settings>("{\"jobs\": 300}")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "s.json:1:10: in `jobs`: invalid value: integer `300`, expected u8\n  fix: write an allowed value"
    );
    let e = Decoder::default()
        .file("s.json")
        .json_str::<Settings>("{}")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "s.json:1:1: missing field `jobs`\n  fix: add `jobs = ...` to this table"
    );
    let e = Decoder::default()
        .file("s.json")
        .json_str::<Settings>("{\"jobs\": 1,}")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "s.json:1:12: expected a key: a string in double quotes\n  fix: correct the syntax"
    );
}

#[test]
fn json_duplicate_keys_are_an_error() {
    let e = json(r#"{"stores": {"m": {"type": "memory", "size": 1, "size": 2}}}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.json:1:48: duplicate key `size`: it is already set in this table\n  fix: keep one of them"
    );
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::DuplicateKey { key: "size".into() }
    );
    // Many keys: the duplicate is still found.
    let mut object: Vec<String> = (0..100).map(|i| format!("\"k{i}\": {i}")).collect();
    object.push("\"k7\": 0".into());
    let text = format!("{{{}}}", object.join(", "));
    let e = Decoder::default()
        .json_str::<BTreeMap<String, u32>>(&text)
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::DuplicateKey { key: "k7".into() }
    );
}

#[test]
fn json_values_read_as_serde_json_reads_them() {
    for text in [
        r#"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00", "plain": "é😀"}"#,
        r#"[0, -0, -1, 18446744073709551615, 18446744073709551616, -9223372036854775809]"#,
        r#"[1.5, -0.0, 1e300, 2.2250738585072014e-308, 0.1, 123456789.123456789e-5]"#,
        r#"{"a": [true, false, null, {}, []], "b": {"c": {"d": [1, [2, [3]]]}}}"#,
        "  \n\t{ \"x\" :\r\n 1 }  ",
    ] {
        let ours: serde_json::Value = Decoder::default().json_str(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs, "{text}");
    }
    for (text, message) in [
        ("", "line 1, column 1: EOF while parsing a value"),
        ("[1,]", "line 1, column 4: expected a value"),
        ("{\"a\" 1}", "line 1, column 6: expected `:` after the key"),
        ("\"\\x\"", "line 1, column 2: invalid escape"),
        (
            "\"\\ud800\"",
            "line 1, column 2: lone leading surrogate in hex escape",
        ),
        ("01", "line 1, column 1: invalid number"),
        (
            "1 2",
            "line 1, column 3: trailing characters after the JSON value",
        ),
        (
            "\"a\nb\"",
            "line 1, column 3: control character (\\u0000-\\u001F) found while parsing a string",
        ),
    ] {
        let e = Decoder::default()
            .json_str::<serde_json::Value>(text)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{message}\n  fix: correct the syntax"),
            "{text:?}"
        );
    }
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let e = Decoder::default()
        .json_str::<serde_json::Value>(&deep)
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("line 1, column 129: nested too deeply"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------------
// Limits and encodings.

#[test]
fn a_very_long_dotted_key_gets_a_located_error_not_recursion_limit() {
    let key = vec!["a"; 200].join(".");
    let text = format!("x = 1\n{key} = 1\n");
    let e = Decoder::default()
        .file("deep.toml")
        .toml_str::<toml::Table>(&text)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "deep.toml:2:1: nested too deeply: a key, table header or value goes more than 80 \
         levels deep (the TOML parser's limit)\n  fix: correct the syntax"
    );
    let header = format!("x = 1\n[{key}]\n");
    let e = Decoder::default()
        .file("deep.toml")
        .toml_str::<toml::Table>(&header)
        .unwrap_err();
    assert_eq!(e.location().map(|l| (l.line, l.column)), Some((2, 1)));
    assert!(!e.to_string().contains("recursion limit"), "{e}");
}

#[test]
fn invalid_utf8_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, b"a = 1\nb = \"caf\xe9\"\n").unwrap();
    let e = Decoder::default()
        .file("bad.toml")
        .read_file::<toml::Table>(&path)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.toml:2:9: the configuration is not UTF-8 text: invalid byte at offset 14\n  \
         fix: save the file as UTF-8"
    );
    assert_eq!(e.kind(), &DecodeErrorKind::Encoding { offset: 14 });
}

#[test]
fn did_you_mean_stays_bounded_for_a_3_mb_key() {
    // A key far longer than every field: no suggestion, and no time spent comparing it.
    let key = "k".repeat(3 << 20);
    let text = format!("[stores.m]\ntype = \"memory\"\nsize = 1\n{key} = 2\n");
    let e = toml(&text).unwrap_err();
    assert!(
        matches!(e.kind(), DecodeErrorKind::UnknownField { field, .. } if field.len() == 3 << 20)
    );
    assert!(
        e.to_string()
            .ends_with("\n  expected `size`\n  fix: rename or remove the key")
    );
    let tag = format!("[stores.m]\ntype = \"{key}\"\n");
    let e = toml(&tag).unwrap_err();
    assert!(
        matches!(
            e.kind(),
            DecodeErrorKind::UnknownTag {
                suggestion: None,
                ..
            }
        ),
        "{e:?}"
    );
    // A long tag far from every registered one: no suggestion either.
    let long = "memory".repeat(20);
    let e = toml(&format!("[stores.m]\ntype = \"{long}x\"\n")).unwrap_err();
    assert!(matches!(
        e.kind(),
        DecodeErrorKind::UnknownTag {
            suggestion: None,
            ..
        }
    ));
}

// ---------------------------------------------------------------------------------------------
// Messages that say what happened.

fn memory_type() -> &'static plugkit::config::ConfType<dyn StoreConf> {
    let conf_type: plugkit::config::ConfType<dyn StoreConf> =
        plugkit::config::ConfType::new("s3", "Memory", |d| {
            Ok(Box::new(erased_serde::deserialize::<Memory>(d)?))
        });
    Box::leak(Box::new(conf_type))
}

#[test]
fn a_tag_registered_twice_is_named_so_even_without_init() {
    let url = <dyn StoreConf as plugkit::config::Kind>::POINT.url;
    // What the program-wide registry does without `plugkit::init()`: both set aside.
    let registry: &'static Registry = Box::leak(Box::new(
        Registry::builder()
            .point(<dyn StoreConf as plugkit::config::Kind>::POINT)
            .entry(Entry::new(
                url,
                "s3",
                Origin::new("qik-s3", "1.0.0", "qik_s3", "S3"),
                memory_type(),
            ))
            .entry(Entry::new(
                url,
                "s3",
                Origin::new("my-s3", "0.2.0", "my_s3", "S3"),
                memory_type(),
            ))
            .build_partial(),
    ));
    let e = Decoder::default()
        .registry(registry)
        .file("app.toml")
        .toml_str::<Doc>("[stores.a]\ntype = \"s3\"\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:2:8: in `stores.a.type`: store type `s3` is registered twice, by my-s3 0.2.0 \
         (my_s3::S3) and by qik-s3 1.0.0 (qik_s3::S3), so neither is used\n  fix: link only one \
         of these crates, or give one of them another tag; call `plugkit::init()` at the start \
         of `main` to catch this before any decoding"
    );
    assert!(matches!(e.kind(), DecodeErrorKind::DuplicateTag { tag, .. } if tag == "s3"));
}

#[test]
fn a_key_that_does_not_fit_the_default_type_names_it() {
    let e = toml("[stores.m]\npython = \"3.12\"\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:2:1: in `stores.m.python`: unknown field `python`\n  expected `size`\n  \
         fix: rename or remove the key\n  note: this store configuration has no `type`, so it \
         was read as the default type `memory`"
    );
    // From JSON, and buffered through serde_json directly, the same note.
    let e = json(r#"{"stores": {"m": {"python": "3.12"}}}"#).unwrap_err();
    assert!(
        e.to_string().ends_with("read as the default type `memory`"),
        "{e}"
    );
    let e = serde_json::from_str::<Box<dyn StoreConf>>(r#"{"python": "3.12"}"#).unwrap_err();
    assert!(
        e.to_string().contains("read as the default type `memory`"),
        "{e}"
    );
}

#[test]
fn doubled_braces_escape_both_ways() {
    let ctx = Context::default().with("p", "f", "data.txt");
    assert_eq!(
        ctx.format("awk '{{print $1}}' {ctx.p.f}").unwrap(),
        "awk '{print $1}' data.txt"
    );
    assert_eq!(ctx.format("{{ctx.p.f}}").unwrap(), "{ctx.p.f}");
    // Single braces that open no variable pass through, as before.
    assert_eq!(ctx.format("${HOME} {a,b} }").unwrap(), "${HOME} {a,b} }");
}

#[test]
fn a_formatting_error_names_the_key_it_came_from() {
    let ctx = Context::default();
    let e = ctx
        .format_key("bucket", "s3://{ctx.aws.bucket}")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "in `bucket`: unresolved variable `{ctx.aws.bucket}` in \"s3://{ctx.aws.bucket}\"\n  \
         fix: set `bucket` in `[ctx.aws]`, or the environment variable `AWS__BUCKET`"
    );
    assert!(matches!(&e, FormatError::Unresolved { key: Some(k), .. } if k == "bucket"));
    let e = ctx.format_key("exec", "{ctx.").unwrap_err();
    assert!(
        matches!(e, FormatError::Malformed { ref key, offset: 0, .. } if key.as_deref() == Some("exec"))
    );
}

/// Arbitrary JSON-ish text: plugkit's reader and serde_json give the same value, or both an
/// error; the one difference on purpose is a key written twice, which plugkit rejects.
#[test]
fn json_reading_agrees_with_serde_json_on_arbitrary_text() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    let leaf = prop_oneof![
        "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,4})?([eE][-+]?[0-9]{1,3})?",
        Just("\"a\\\"b\\u00e9\\n\"".to_owned()),
        Just("\"\\ud83d\\ude00\"".to_owned()),
        "\"[a-z é]{0,4}\"",
        Just("true".to_owned()),
        Just("false".to_owned()),
        Just("null".to_owned()),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-c]", inner), 0..4).prop_map(|kv| {
                let kv: Vec<String> = kv.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
                format!("{{{}}}", kv.join(", "))
            }),
        ]
    });
    // Sometimes damaged: a character put somewhere.
    let damage = prop::option::weighted(
        0.3,
        (
            any::<usize>(),
            prop::sample::select(vec!["{", "]", ",", ":", "\"", "\\", "-", "1", "\u{1}"]),
        ),
    );
    let text = (value, damage).prop_map(|(mut text, damage)| {
        if let Some((at, c)) = damage {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, c);
        }
        text
    });
    let config = Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let read = std::cell::Cell::new(0);
    runner
        .run(&text, |text| {
            let ours = Decoder::default().json_str::<serde_json::Value>(&text);
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            match (ours, theirs) {
                (Ok(ours), Ok(theirs)) => {
                    read.set(read.get() + 1);
                    prop_assert_eq!(ours, theirs, "{}", text)
                }
                (Err(_), Err(_)) => {}
                (Err(e), Ok(_)) if matches!(e.kind(), DecodeErrorKind::DuplicateKey { .. }) => {}
                (ours, theirs) => {
                    return Err(TestCaseError::fail(format!(
                        "{text}: plugkit {ours:?}, serde_json {theirs:?}"
                    )));
                }
            }
            Ok(())
        })
        .unwrap();
    assert!(read.get() > 200, "only {} documents were valid", read.get());
}

// ---------------------------------------------------------------------------------------------
// Issue 12, second round: what a new user found after the first.

#[derive(Debug, PartialEq, Deserialize)]
struct Pair {
    pair: (String, u8),
}

#[test]
fn json_rejects_extra_tuple_items_at_the_array_toml_drops_them() {
    let e = Decoder::default()
        .file("p.json")
        .json_str::<Pair>(r#"{"pair": ["a", 1, 2]}"#)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "p.json:1:10: in `pair`: invalid length 3, expected fewer elements in array\n  \
         fix: give as many items as expected"
    );
    // serde_json rejects it too (from text: "trailing characters"; from a value, this message).
    assert!(serde_json::from_str::<Pair>(r#"{"pair": ["a", 1, 2]}"#).is_err());
    let e = Decoder::default()
        .json_str::<[u8; 2]>("[1, 2, 3]")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 1: invalid length 3, expected fewer elements in array\n  \
         fix: give as many items as expected"
    );
    // TOML keeps what the `toml` crate does: the extra items are dropped.
    let text = "pair = [\"a\", 1, 2]";
    let expected = Pair {
        pair: ("a".into(), 1),
    };
    assert_eq!(toml::from_str::<Pair>(text).unwrap(), expected);
    assert_eq!(Decoder::default().toml_str::<Pair>(text).unwrap(), expected);
    // The right number of items reads in both.
    let ok: Pair = Decoder::default()
        .json_str(r#"{"pair": ["a", 1]}"#)
        .unwrap();
    assert_eq!(ok, expected);
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Addr {
    host: String,
    port: u16,
}

/// A flattened optional table whose keys are all required.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Listen {
    bucket: String,
    #[serde(flatten)]
    endpoint: Option<Addr>,
}

#[plugkit::config_type(tag = "listen")]
impl StoreConf for Listen {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Meta {
    label: String,
}

/// A flattened table that is not optional.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Labelled {
    bucket: String,
    #[serde(flatten)]
    meta: Meta,
}

#[plugkit::config_type(tag = "labelled")]
impl StoreConf for Labelled {}

#[test]
fn a_datetime_in_a_flattened_field_is_reported_at_its_key() {
    let e =
        toml("[stores.l]\ntype = \"labelled\"\nbucket = \"b\"\nlabel = 1979-05-27\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:4:9: in `stores.l.label`: invalid type: datetime `1979-05-27`, expected a \
         string\n  fix: write a value of the expected type"
    );
    // In a flattened optional table too.
    let e = toml("[stores.l]\ntype = \"listen\"\nbucket = \"b\"\nhost = 1979-05-27\nport = 1\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:4:8: in `stores.l.host`: invalid type: datetime `1979-05-27`, expected a \
         string\n  fix: write a value of the expected type"
    );
}

#[test]
fn a_datetime_in_the_context_is_reported_at_its_key() {
    #[derive(Debug, Deserialize)]
    struct Host {
        #[allow(dead_code)]
        ctx: Context,
    }
    let e = Decoder::default()
        .file("qik.toml")
        .toml_str::<Host>("[ctx.aws]\nbucket = 1979-05-27\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "qik.toml:2:10: in `ctx.aws.bucket`: invalid type: datetime `1979-05-27`, expected a \
         string, a number or a boolean\n  fix: write a value of the expected type"
    );
}

#[test]
fn a_flattened_optional_table_reports_its_real_mistake_at_its_key() {
    let base = "[stores.l]\ntype = \"listen\"\nbucket = \"b\"\nhost = \"h\"\n";
    let e = toml(&format!("{base}port = \"x\"\n")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:5:8: in `stores.l.port`: invalid type: string \"x\", expected u16\n  \
         fix: write a value of the expected type"
    );
    let e = toml(&format!("{base}port = 70000\n")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:5:8: in `stores.l.port`: invalid value: integer `70000`, expected u16\n  \
         fix: write an allowed value"
    );
    let e = toml(&format!("{base}port = 1979-05-27\n")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:5:8: in `stores.l.port`: invalid type: datetime `1979-05-27`, expected u16\n  \
         fix: write a value of the expected type"
    );
    let e = toml(&format!("{base}prot = 9000\n")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:5:1: in `stores.l.prot`: unknown field `prot`; did you mean `port`?\n  \
         expected one of `bucket`, `host` or `port`\n  fix: rename or remove the key"
    );
    // Complete, it decodes; left out whole, it is `None`.
    let doc = toml(&format!("{base}port = 9000\n")).unwrap();
    assert_eq!(
        store::<Listen>(&doc, "l").endpoint,
        Some(Addr {
            host: "h".into(),
            port: 9000
        })
    );
    let doc = toml("[stores.l]\ntype = \"listen\"\nbucket = \"b\"\n").unwrap();
    assert_eq!(store::<Listen>(&doc, "l").endpoint, None);
    // A half-filled table with no other mistake: the key went unused, and the note says why.
    let e = toml(base).unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:4:1: in `stores.l.host`: unknown field `host`\n  expected `bucket`\n  \
         fix: rename or remove the key\n  note: this type has flattened fields \
         (`#[serde(flatten)]`): a flattened optional table is left out, and its keys unused, \
         when one of the keys it needs is missing"
    );
}

#[test]
fn a_misspelled_required_key_beside_flattened_fields_is_an_unknown_field() {
    let e = toml("[stores.l]\ntype = \"labelled\"\nbukcet = \"x\"\nlabel = \"l\"\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:3:1: in `stores.l.bukcet`: unknown field `bukcet`; did you mean `bucket`?\n  \
         expected one of `bucket` or `label`\n  fix: rename or remove the key"
    );
    // Missing with nothing close: still the missing field, at the table.
    let e = toml("[stores.l]\ntype = \"labelled\"\nlabel = \"l\"\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:1:1: in `stores.l`: missing field `bucket`\n  fix: add `bucket = ...` to this table"
    );
}

#[test]
fn a_duplicate_toml_key_is_named_with_its_path() {
    let dup = |text: &str| {
        Decoder::default()
            .file("d.toml")
            .toml_str::<toml::Value>(text)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        dup("[x]\na = 1\na = 2\n"),
        "d.toml:3:1: in `x.a`: duplicate key `a`: it is already set in this table\n  \
         fix: keep one of them"
    );
    assert_eq!(
        dup("[x.y]\nb.c = 1\nb.c = 2\n"),
        "d.toml:3:3: in `x.y.b.c`: duplicate key `c`: it is already set in this table\n  \
         fix: keep one of them"
    );
    assert_eq!(
        dup("[x]\na = 1\n[x]\n"),
        "d.toml:3:2: in `x`: duplicate key `x`: it is already set in this table\n  \
         fix: keep one of them"
    );
    assert_eq!(
        dup("p = { q = 1, q = 2 }\n"),
        "d.toml:1:14: in `p.q`: duplicate key `q`: it is already set in this table\n  \
         fix: keep one of them"
    );
    assert_eq!(
        dup("a = 1\n\"a\" = 2\n"),
        "d.toml:2:1: in `\"a\"`: duplicate key `a`: it is already set in this table\n  \
         fix: keep one of them"
    );
    let e = Decoder::default()
        .toml_str::<toml::Value>("a = 1\na = 2\n")
        .unwrap_err();
    assert_eq!(e.kind(), &DecodeErrorKind::DuplicateKey { key: "a".into() });
    assert_eq!(e.path(), Some("a"));
}

#[test]
fn every_kind_of_deep_nesting_gets_one_message() {
    let nested = |text: &str| {
        Decoder::default()
            .file("deep.toml")
            .toml_str::<toml::Value>(text)
            .unwrap_err()
            .to_string()
    };
    let message = "nested too deeply: a key, table header or value goes more than 80 levels deep \
                   (the TOML parser's limit)\n  fix: correct the syntax";
    let arrays = format!("a = {}1{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(nested(&arrays), format!("deep.toml:1:85: {message}"));
    let tables = format!("a = {}1{}", "{b=".repeat(200), "}".repeat(200));
    assert!(nested(&tables).ends_with(message), "{}", nested(&tables));
    let keys = format!("{} = 1", vec!["k"; 200].join("."));
    assert!(nested(&keys).ends_with(message), "{}", nested(&keys));
    let header = format!("[{}]", vec!["k"; 200].join("."));
    assert!(nested(&header).ends_with(message), "{}", nested(&header));
}

#[test]
fn a_3_mb_key_tag_or_variable_is_quoted_by_its_start_and_size() {
    let key = "k".repeat(3 << 20);
    let start = "k".repeat(64);
    let e = toml(&format!(
        "[stores.m]\ntype = \"memory\"\nsize = 1\n{key} = 2\n"
    ))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "app.toml:4:1: in `stores.m.{}…(3145737 bytes)`: unknown field `{start}…(3145728 \
             bytes)`\n  expected `size`\n  fix: rename or remove the key",
            "k".repeat(247)
        )
    );
    // The structured error keeps the whole key.
    assert!(
        matches!(e.kind(), DecodeErrorKind::UnknownField { field, .. } if field.len() == 3 << 20)
    );
    let e = toml(&format!("[stores.m]\ntype = \"{key}\"\n")).unwrap_err();
    let text = e.to_string();
    assert!(text.len() < 1_000, "{} bytes", text.len());
    assert!(
        text.starts_with(&format!(
            "app.toml:2:8: in `stores.m.type`: unknown store type `{start}…(3145728 bytes)`\n"
        )),
        "{}",
        &text[..200]
    );
    assert_eq!(text.matches("…(3145728 bytes)").count(), 2);
    let e = Decoder::default()
        .toml_str::<BTreeMap<String, String>>(&format!("a = \"{key}\"\n"))
        .unwrap();
    assert_eq!(e["a"].len(), 3 << 20);
    let e = Decoder::default()
        .toml_str::<BTreeMap<String, u8>>(&format!("a = \"{key}\"\n"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "line 1, column 5: in `a`: invalid type: string \"{}…(3145737 bytes), expected u8\n  \
             fix: write a value of the expected type",
            "k".repeat(72)
        )
    );
    // A variable: its name, the string and the environment variable, each cut.
    let text = format!("{{ctx.{key}}}");
    let e = Context::default().format_key(&key, &text).unwrap_err();
    let message = e.to_string();
    assert!(message.len() < 1_000, "{} bytes", message.len());
    assert_eq!(
        message,
        format!(
            "in `{start}…(3145728 bytes)`: unresolved variable `{{ctx.{start}…(3145728 bytes)}}` \
             in \"{{ctx.{}…(3145734 bytes)\": no project variable of this name is declared\n  \
             fix: declare it (`ctx = [\"{start}…(3145728 bytes)\"]`), then set the environment \
             variable `{}…(3145728 bytes)` or give it a default",
            "k".repeat(59),
            "K".repeat(64)
        )
    );
}

#[test]
fn a_json_file_that_is_not_utf8_is_an_encoding_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, b"{\"a\": 1,\n \"b\": \"caf\xe9\"}\n").unwrap();
    let e = Decoder::default()
        .file("bad.json")
        .read_file::<serde_json::Value>(&path)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.json:2:11: the configuration is not UTF-8 text: invalid byte at offset 19\n  \
         fix: save the file as UTF-8"
    );
    assert_eq!(e.kind(), &DecodeErrorKind::Encoding { offset: 19 });
    // A good file reads, and its errors name it.
    std::fs::write(&path, b"{\"a\": \"x\"}").unwrap();
    let e = Decoder::default()
        .read_file::<BTreeMap<String, u8>>(&path)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:1:7: in `a`: invalid type: string \"x\", expected u8\n  \
             fix: write a value of the expected type",
            path.display()
        )
    );
    let e = Decoder::default()
        .read_file::<u8>(&dir.path().join("absent.json"))
        .unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::Io { .. }));
}

#[test]
fn read_file_reads_json_by_its_extension_and_toml_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    // Text that is both valid TOML and valid JSON would hide the choice: each is only one.
    for (name, text) in [
        ("a.json", "{\"n\": 1}"),
        ("a.toml", "n = 1"),
        ("a.conf", "n = 1"),
        ("noext", "n = 1"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let read: BTreeMap<String, u8> = Decoder::default().read_file(&path).unwrap();
        assert_eq!(read["n"], 1, "{name}");
    }
    // TOML in a `.json` file is decoded as JSON, and fails as JSON does.
    let path = dir.path().join("b.json");
    std::fs::write(&path, "n = 1").unwrap();
    let e = Decoder::default()
        .file("b.json")
        .read_file::<BTreeMap<String, u8>>(&path)
        .unwrap_err();
    assert!(e.to_string().starts_with("b.json:1:1: "), "{e}");
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct WithCtx {
    ctx: Context,
}

fn ctx_error(text: &str) -> String {
    Decoder::default()
        .file("qik.toml")
        .toml_str::<WithCtx>(text)
        .unwrap_err()
        .to_string()
}

#[test]
fn a_context_round_trips_declared_variables_and_typed_values() {
    let declared = "ctx = [\"my_var\", {name = \"level\", type = \"int\", default = 3}, \
                    {name = \"quiet\", type = \"bool\", required = false}]\n";
    let read: WithCtx = Decoder::default().toml_str(declared).unwrap();
    let written = toml::to_string(&read).unwrap();
    assert_eq!(
        written,
        "ctx = [{ name = \"level\", type = \"int\", default = 3 }, \"my_var\", \
         { name = \"quiet\", type = \"bool\", required = false }]\n"
    );
    let back: WithCtx = Decoder::default().toml_str(&written).unwrap();
    assert_eq!(back, read);
    assert_eq!(back.ctx.format("{ctx.level}/{ctx.quiet}").unwrap(), "3/");
    // And through JSON.
    let json = serde_json::to_string(&read).unwrap();
    let back: WithCtx = Decoder::default().json_str(&json).unwrap();
    assert_eq!(back, read);

    // `[ctx.<ns>]` values keep their type.
    let tables = "[ctx.aws]\nbucket = \"b\"\nretries = 3\nratio = 0.5\nverbose = true\n";
    let read: WithCtx = Decoder::default().toml_str(tables).unwrap();
    let written = toml::to_string(&read).unwrap();
    assert_eq!(
        written,
        "[ctx.aws]\nbucket = \"b\"\nratio = 0.5\nretries = 3\nverbose = true\n"
    );
    let back: WithCtx = Decoder::default().toml_str(&written).unwrap();
    assert_eq!(back, read);
    assert_eq!(back.ctx.format("{ctx.aws.retries}").unwrap(), "3");

    // Both at once cannot be one `ctx` value: said, not silently dropped.
    let declared: Context = Decoder::default().json_str("[\"my_var\"]").unwrap();
    let both = declared.with("aws", "bucket", "b");
    let e = toml::to_string(&WithCtx { ctx: both }).unwrap_err();
    assert!(
        e.to_string().contains(
            "this context has both `[ctx.<namespace>]` variables and declared project variables"
        ),
        "{e}"
    );
}

#[test]
fn errors_in_the_ctx_list_say_what_is_wrong_with_a_fix() {
    assert_eq!(
        ctx_error("ctx = [{name = \"x\", type = \"flaot\"}]\n"),
        "qik.toml:1:28: in `ctx[0].type`: unknown variant `flaot`\n  expected one of `str`, \
         `int` or `bool`\n  fix: write one of the variants"
    );
    assert_eq!(
        ctx_error("ctx = [{name = \"x\", defualt = 3}]\n"),
        "qik.toml:1:21: in `ctx[0].defualt`: unknown field `defualt`; did you mean `default`?\n  \
         expected one of `name`, `type`, `default` or `required`\n  fix: rename or remove the key"
    );
    assert_eq!(
        ctx_error("ctx = [{name = 3}]\n"),
        "qik.toml:1:16: in `ctx[0].name`: invalid type: integer `3`, expected a string\n  \
         fix: write a value of the expected type"
    );
    assert_eq!(
        ctx_error("ctx = [{name = \"x\", required = \"no\"}]\n"),
        "qik.toml:1:32: in `ctx[0].required`: invalid type: string \"no\", expected a boolean\n  \
         fix: write a value of the expected type"
    );
    assert_eq!(
        ctx_error("ctx = [{name = \"level\", type = \"int\", default = \"high\"}]\n"),
        "qik.toml:1:8: in `ctx[0]`: invalid type: string \"high\", expected an integer for the \
         default, as the variable's `type = \"int\"` says\n  fix: write a value of the expected \
         type"
    );
    assert_eq!(
        ctx_error("ctx = [{type = \"int\"}]\n"),
        "qik.toml:1:8: in `ctx[0]`: missing field `name`\n  fix: add `name = ...` to this table"
    );
    assert_eq!(
        ctx_error("ctx = [3]\n"),
        "qik.toml:1:8: in `ctx[0]`: invalid type: integer `3`, expected a variable: its name, \
         or a table with `name` and optionally `type`, `default` and `required`\n  \
         fix: write a value of the expected type"
    );
    assert_eq!(
        ctx_error("ctx = [\"level\", {name = \"level\", default = \"x\"}]\n"),
        "qik.toml:1:17: in `ctx[1]`: the variable `level` is declared twice\n  \
         fix: keep one of its declarations"
    );
    for (name, column) in [("", 8), ("a.b", 8), ("a b", 8)] {
        assert_eq!(
            ctx_error(&format!("ctx = [\"{name}\"]\n")),
            format!(
                "qik.toml:1:{column}: in `ctx[0]`: invalid value: string {name:?}, expected a \
                 variable name that `{{ctx.<name>}}` can reach: ASCII letters, digits, `_` and \
                 `-`, not empty\n  fix: write an allowed value"
            )
        );
    }
    assert!(
        ctx_error("ctx = [{name = \"a.b\"}]\n")
            .starts_with("qik.toml:1:8: in `ctx[0]`: invalid value: string \"a.b\"")
    );
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[plugkit::plugin_section(name = "my-plugin")]
struct MyPluginSettings {
    level: u8,
}

#[test]
fn a_plugin_string_names_the_plugin_with_dash_or_underscore() {
    #[derive(Debug, Deserialize)]
    struct Host {
        plugins: plugkit::config::PluginSections,
    }
    for path in ["qik.my_plugin", "my-plugin", "x.my-plugin"] {
        let host: Host = Decoder::default()
            .toml_str(&format!("[plugins]\nmy-plugin = \"{path}\"\n"))
            .unwrap();
        assert_eq!(
            host.plugins.get::<MyPluginSettings>().unwrap(),
            &MyPluginSettings::default()
        );
    }
    let e = Decoder::default()
        .toml_str::<Host>("[plugins]\nmy-plugin = \"qik.my_plugins\"\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2, column 13: in `plugins.my-plugin`: \"qik.my_plugins\" is not a path of the \
         `my-plugin` plugin: its last part must be `my-plugin`\n  fix: write the plugin's path, \
         such as `my-plugin = \"qik.my-plugin\"`, or a `[plugins.my-plugin]` table"
    );
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Ports {
    port: u16,
    ports: Vec<u16>,
    #[serde(flatten)]
    meta: Meta,
}

#[plugkit::config_type(tag = "ports")]
impl StoreConf for Ports {}

#[test]
fn a_used_key_close_to_a_missing_one_is_not_called_a_misspelling() {
    // `ports` is a field of its own: `port` is simply missing.
    let e = toml("[stores.p]\ntype = \"ports\"\nports = [1]\nlabel = \"l\"\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "app.toml:1:1: in `stores.p`: missing field `port`\n  fix: add `port = ...` to this table"
    );
}

#[test]
fn a_3_mb_plugin_name_or_namespaced_variable_is_quoted_by_its_start_and_size() {
    #[derive(Debug, Deserialize)]
    struct Host {
        #[allow(dead_code)]
        plugins: plugkit::config::PluginSections,
    }
    let name = "p".repeat(3 << 20);
    let e = Decoder::default()
        .toml_str::<Host>(&format!("[plugins.{name}]\n"))
        .unwrap_err();
    let text = e.to_string();
    assert!(text.len() < 1_500, "{} bytes", text.len());
    assert!(
        text.contains(&format!(
            "no enabled plugin has a `[plugins.{}…(3145728 bytes)]` section",
            "p".repeat(64)
        )),
        "{}",
        &text[..300]
    );
    let e = Context::default()
        .format(&format!("{{ctx.aws.{name}}}"))
        .unwrap_err();
    let text = e.to_string();
    assert!(text.len() < 1_000, "{} bytes", text.len());
    assert!(
        text.starts_with(&format!(
            "unresolved variable `{{ctx.aws.{}…(3145728 bytes)}}`",
            "p".repeat(64)
        )),
        "{}",
        &text[..300]
    );
}
