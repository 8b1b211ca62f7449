//! Configuration kinds (the Qik style): decoding, typetag compatibility, every error's text,
//! duplicate tags, plugin sections, context formatting, and decoding arbitrary input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

use plugkit::config::{
    ConfType, Context, DecodeError, DecodeErrorKind, Decoder, FormatError, PluginSections,
    SectionError, TagChoice,
};
use plugkit::{Entry, Origin, Problem, Registry};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// The host: two kinds, one with a default tag.

/// What a cache does once built.
trait Cache {
    fn describe(&self) -> String;
}

static BUILT: AtomicUsize = AtomicUsize::new(0);

#[plugkit::config_kind(name = "cache", default = "local", clone, debug)]
trait CacheConf {
    fn build(&self, name: &str, ctx: &Context) -> Result<Box<dyn Cache>, FormatError>;
}

#[plugkit::config_kind(name = "dep", clone, debug)]
trait DepConf {
    fn globs(&self) -> Vec<String>;
}

// ---------------------------------------------------------------------------------------------
// Plugins: the types behind the tags.

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Local {
    dir: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct S3 {
    bucket: String,
    #[serde(default)]
    prefix: String,
    region: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct NoCache {}

struct Built(String);
impl Cache for Built {
    fn describe(&self) -> String {
        self.0.clone()
    }
}

#[plugkit::config_type(tag = "local")]
impl CacheConf for Local {
    fn build(&self, name: &str, ctx: &Context) -> Result<Box<dyn Cache>, FormatError> {
        BUILT.fetch_add(1, Ordering::SeqCst);
        Ok(Box::new(Built(format!(
            "{name}: folder {}",
            ctx.format(&self.dir)?
        ))))
    }
}

#[plugkit::config_type(tag = "s3")]
impl CacheConf for S3 {
    fn build(&self, name: &str, ctx: &Context) -> Result<Box<dyn Cache>, FormatError> {
        BUILT.fetch_add(1, Ordering::SeqCst);
        let bucket = ctx.format(&self.bucket)?;
        Ok(Box::new(Built(format!(
            "{name}: s3://{bucket}/{}",
            self.prefix
        ))))
    }
}

#[plugkit::config_type(tag = "none")]
impl CacheConf for NoCache {
    fn build(&self, name: &str, _: &Context) -> Result<Box<dyn Cache>, FormatError> {
        Ok(Box::new(Built(format!("{name}: nothing"))))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct GlobDep {
    pattern: String,
}

#[plugkit::config_type(tag = "glob")]
impl DepConf for GlobDep {
    fn globs(&self) -> Vec<String> {
        vec![self.pattern.clone()]
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[plugkit::plugin_section(name = "pygraph")]
struct PygraphSettings {
    ignore_type_checking: bool,
    #[serde(default)]
    cache: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[plugkit::plugin_section(name = "uv")]
struct UvSettings {
    python: String,
}

impl Default for UvSettings {
    fn default() -> Self {
        UvSettings {
            python: "3.12".into(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The host's configuration file.

#[derive(Debug, Deserialize, Serialize)]
struct QikToml {
    #[serde(default)]
    caches: BTreeMap<String, Box<dyn CacheConf>>,
    #[serde(default)]
    deps: Vec<Box<dyn DepConf>>,
    #[serde(default)]
    plugins: PluginSections,
}

fn decode(text: &str) -> Result<QikToml, DecodeError> {
    Decoder::default().file("qik.toml").toml_str(text)
}

fn err(text: &str) -> DecodeError {
    decode(text).unwrap_err()
}

fn as_s3(conf: &dyn CacheConf) -> &S3 {
    conf.downcast_ref::<S3>().unwrap()
}

#[test]
fn downcasting_a_box_reaches_the_configuration_not_the_box() {
    use plugkit::config::ConfValue; // in scope, `as_any` on the box would be the box's own
    let config = decode(QIK_TOML).unwrap();
    #[allow(clippy::borrowed_box)] // the point: a box, with `ConfValue` in scope
    let remote: &Box<dyn CacheConf> = &config.caches["remote"];
    assert_eq!(
        remote.downcast_ref::<S3>().map(|s| s.bucket.as_str()),
        Some("{ctx.aws.bucket}")
    );
    assert!(remote.as_any().downcast_ref::<S3>().is_none());
    assert_eq!(
        remote.type_name(),
        "alloc::boxed::Box<dyn config_kinds::CacheConf>"
    );
}

const QIK_TOML: &str = r#"
[caches.remote]
type = "s3"
bucket = "{ctx.aws.bucket}"
region = "eu-west-1"

[caches.hot]
dir = ".qik/cache"

[caches.off]
type = "none"

[[deps]]
type = "glob"
pattern = "src/**/*.rs"

[plugins.pygraph]
ignore_type_checking = true
"#;

#[test]
fn decodes_each_type_by_its_tag_and_defaults_the_missing_one() {
    let config = decode(QIK_TOML).unwrap();
    assert_eq!(
        as_s3(&*config.caches["remote"]),
        &S3 {
            bucket: "{ctx.aws.bucket}".into(),
            prefix: String::new(),
            region: Some("eu-west-1".into())
        }
    );
    // No `type`: the kind's default tag, "local".
    assert_eq!(plugkit::config::tag_of(&*config.caches["hot"]), "local");
    assert_eq!(
        config.caches["hot"].as_any().downcast_ref::<Local>(),
        Some(&Local {
            dir: ".qik/cache".into()
        })
    );
    assert_eq!(plugkit::config::tag_of(&*config.caches["off"]), "none");
    assert_eq!(config.deps[0].globs(), ["src/**/*.rs"]);
}

#[test]
fn nothing_is_built_until_the_host_asks() {
    let before = BUILT.load(Ordering::SeqCst);
    let config = decode(QIK_TOML).unwrap();
    let copy = config.caches["remote"].clone();
    assert_eq!(
        BUILT.load(Ordering::SeqCst),
        before,
        "decoding built a cache"
    );
    let ctx = Context::default().with("aws", "bucket", "artifacts");
    let cache = copy.build("remote", &ctx).unwrap();
    assert_eq!(cache.describe(), "remote: s3://artifacts/");
    assert!(BUILT.load(Ordering::SeqCst) > before);
}

#[test]
fn configs_clone_print_and_serialize_back_with_their_tag() {
    let config = decode(QIK_TOML).unwrap();
    let remote = config.caches["remote"].clone();
    assert_eq!(
        format!("{remote:?}"),
        "S3 { bucket: \"{ctx.aws.bucket}\", prefix: \"\", region: Some(\"eu-west-1\") }"
    );
    assert_eq!(
        serde_json::to_string(&remote).unwrap(),
        r#"{"type":"s3","bucket":"{ctx.aws.bucket}","prefix":"","region":"eu-west-1"}"#
    );
    assert_eq!(
        serde_json::to_string(&config.caches["off"]).unwrap(),
        r#"{"type":"none"}"#
    );
    // The whole file round-trips through TOML.
    let text = toml::to_string(&config).unwrap();
    let again = decode(&text).unwrap();
    assert_eq!(toml::to_string(&again).unwrap(), text);
    assert!(
        text.contains("[caches.hot]\ntype = \"local\"\ndir = \".qik/cache\""),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// The wire format is typetag's.

#[typetag::serde(tag = "type")]
trait TtCache: Debug {
    fn as_any(&self) -> &dyn Any;
}

#[typetag::serde(name = "local")]
impl TtCache for Local {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[typetag::serde(name = "s3")]
impl TtCache for S3 {
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn same<T: PartialEq + Debug + 'static>(ours: &dyn CacheConf, theirs: &dyn TtCache) {
    assert_eq!(
        ours.as_any().downcast_ref::<T>().unwrap(),
        theirs.as_any().downcast_ref::<T>().unwrap()
    );
}

const TAGGED_TOML: &str = r#"
[a]
type = "s3"
bucket = "b"
prefix = "p/"

[b]
dir = "d"
type = "local"
"#;

const TAGGED_JSON: &str = r#"{
  "a": {"type": "s3", "bucket": "b", "prefix": "p/", "region": null},
  "b": {"dir": "d", "type": "local"}
}"#;

#[test]
fn typetag_and_plugkit_decode_the_same_toml_to_equal_values() {
    let ours: BTreeMap<String, Box<dyn CacheConf>> = plugkit::config::Decoder::default()
        .toml_str(TAGGED_TOML)
        .unwrap();
    let theirs: BTreeMap<String, Box<dyn TtCache>> = toml::from_str(TAGGED_TOML).unwrap();
    same::<S3>(&*ours["a"], &*theirs["a"]);
    same::<Local>(&*ours["b"], &*theirs["b"]);
}

#[test]
fn typetag_and_plugkit_decode_the_same_json_to_equal_values() {
    let ours: BTreeMap<String, Box<dyn CacheConf>> = plugkit::config::Decoder::default()
        .json_str(TAGGED_JSON)
        .unwrap();
    let theirs: BTreeMap<String, Box<dyn TtCache>> = serde_json::from_str(TAGGED_JSON).unwrap();
    same::<S3>(&*ours["a"], &*theirs["a"]);
    same::<Local>(&*ours["b"], &*theirs["b"]);
    // Through serde_json directly too (type first streams; type later is buffered).
    let direct: BTreeMap<String, Box<dyn CacheConf>> = serde_json::from_str(TAGGED_JSON).unwrap();
    same::<Local>(&*direct["b"], &*theirs["b"]);
}

#[test]
fn typetag_reads_what_plugkit_writes() {
    let ours: BTreeMap<String, Box<dyn CacheConf>> = plugkit::config::Decoder::default()
        .toml_str(TAGGED_TOML)
        .unwrap();
    let toml_text = toml::to_string(&ours).unwrap();
    let from_toml: BTreeMap<String, Box<dyn TtCache>> = toml::from_str(&toml_text).unwrap();
    same::<S3>(&*ours["a"], &*from_toml["a"]);
    let json_text = serde_json::to_string(&ours).unwrap();
    let from_json: BTreeMap<String, Box<dyn TtCache>> = serde_json::from_str(&json_text).unwrap();
    same::<Local>(&*ours["b"], &*from_json["b"]);
    // And plugkit reads what typetag writes.
    let theirs: BTreeMap<String, Box<dyn TtCache>> = toml::from_str(TAGGED_TOML).unwrap();
    let back: BTreeMap<String, Box<dyn CacheConf>> = plugkit::config::Decoder::default()
        .toml_str(&toml::to_string(&theirs).unwrap())
        .unwrap();
    same::<S3>(&*back["a"], &*theirs["a"]);
}

// ---------------------------------------------------------------------------------------------
// Decoding errors: what, where, and the fix.

#[test]
fn an_unknown_tag_names_the_kind_a_suggestion_and_the_crates() {
    let e = err("[caches.remote]\ntype = \"s4\"\nbucket = \"b\"\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:2:8: in `caches.remote.type`: unknown cache type `s4`; did you mean `s3` (from plugkit-framework)?\n  \
         registered cache types: `s3` (plugkit-framework), `none` (plugkit-framework), `local` (plugkit-framework)\n  \
         fix: write one of the registered types, or add the crate that provides `s4` to the \
         host's dependencies (then `cargo plugkit sync`)"
    );
    assert!(matches!(e.kind(), DecodeErrorKind::UnknownTag { tag, .. } if tag == "s4"));
    assert_eq!(e.path(), Some("caches.remote.type"));
}

#[test]
fn an_unknown_tag_without_a_close_one_lists_them_all() {
    let e = err("[[deps]]\ntype = \"pygraph\"\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:2:8: in `deps[0].type`: unknown dep type `pygraph`\n  \
         registered dep types: `glob` (plugkit-framework)\n  \
         fix: write one of the registered types, or add the crate that provides `pygraph` to the \
         host's dependencies (then `cargo plugkit sync`)"
    );
}

#[test]
fn a_missing_type_without_a_default_says_so() {
    let e = err("[[deps]]\npattern = \"*.rs\"\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:1:1: in `deps[0]`: this dep configuration has no `type`, and the dep kind has \
         no default type\n  registered dep types: `glob` (plugkit-framework)\n  \
         fix: add `type = \"...\"` with one of the registered types"
    );
    assert!(matches!(e.kind(), DecodeErrorKind::MissingTag { kind, .. } if kind == "dep"));
}

#[test]
fn a_wrong_type_has_its_line_column_and_path() {
    let e = err("[caches.remote]\ntype = \"s3\"\nbucket = 3\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:3:10: in `caches.remote.bucket`: invalid type: integer `3`, expected a string\n  \
         fix: write a value of the expected type"
    );
    let location = e.location().unwrap();
    assert_eq!(
        (location.file.as_deref(), location.line, location.column),
        (Some("qik.toml"), 3, 10)
    );
}

#[test]
fn a_missing_field_points_at_its_table() {
    let e = err("[caches.remote]\ntype = \"s3\"\nregion = \"x\"\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:1:1: in `caches.remote`: missing field `bucket`\n  \
         fix: add `bucket = ...` to this table"
    );
}

#[test]
fn an_unknown_field_is_rejected_at_its_key_with_a_suggestion() {
    // S3 does not deny unknown fields itself: plugkit does, for every tagged configuration.
    let e = err("[caches.remote]\ntype = \"s3\"\nbucket = \"b\"\nbukcet = \"c\"\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:4:1: in `caches.remote.bukcet`: unknown field `bukcet`; did you mean `bucket`?\n  \
         expected one of `bucket`, `prefix` or `region`\n  fix: rename or remove the key"
    );
    assert_eq!(
        e.kind(),
        &DecodeErrorKind::UnknownField {
            field: "bukcet".into(),
            expected: vec!["bucket".into(), "prefix".into(), "region".into()]
        }
    );
}

#[test]
fn an_invalid_value_and_an_out_of_range_number_are_located() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Jobs {
        jobs: u8,
    }
    let e = Decoder::default()
        .file("a.toml")
        .toml_str::<Jobs>("jobs = 300")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "a.toml:1:8: in `jobs`: invalid value: integer `300`, expected u8\n  fix: write an allowed value"
    );
    // Beyond 64-bit signed: TOML forbids it, whatever the field's type.
    let e = Decoder::default()
        .file("a.toml")
        .toml_str::<Jobs>("jobs = 18446744073709551616")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "a.toml:1:8: integer `18446744073709551616` is out of range: TOML integers are 64-bit \
         signed, from -9223372036854775808 to 9223372036854775807\n  fix: correct the syntax"
    );
}

#[test]
fn a_syntax_error_has_its_location() {
    let e = err("[caches.remote\n");
    assert!(matches!(e.kind(), DecodeErrorKind::Syntax { .. }));
    assert_eq!(
        e.to_string(),
        "qik.toml:1:15: unclosed table, expected `]`\n  fix: correct the syntax"
    );
}

#[test]
fn a_config_that_is_not_a_table_says_what_a_kind_is() {
    let e = err("[caches]\nremote = \"s3\"\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:2:10: in `caches.remote`: invalid type: string \"s3\", expected a cache \
         configuration (a table with `type = \"...\"` and that type's keys)\n  \
         fix: write a value of the expected type"
    );
}

#[test]
fn json_errors_have_line_and_column_and_the_same_kinds() {
    let e = Decoder::default()
        .file("qik.json")
        .json_str::<BTreeMap<String, Box<dyn CacheConf>>>("{\"a\": {\"type\": \"s4\"}}")
        .unwrap_err();
    assert!(matches!(e.kind(), DecodeErrorKind::UnknownTag { .. }));
    assert!(
        e.to_string().starts_with(
            "qik.json:1:16: in `a.type`: unknown cache type `s4`; did you mean `s3` (from plugkit-framework)?"
        ),
        "{e}"
    );
    // `type` first or not: the key's own line, column and full path.
    for (json, column) in [
        ("{\"a\": {\"type\": \"s3\", \"bukcet\": 1}}", 22),
        ("{\"a\": {\"bukcet\": 1, \"type\": \"s3\"}}", 8),
    ] {
        let e = Decoder::default()
            .json_str::<BTreeMap<String, Box<dyn CacheConf>>>(json)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "line 1, column {column}: in `a.bukcet`: unknown field `bukcet`; did you mean `bucket`?\n  \
                 expected one of `bucket`, `prefix` or `region`\n  fix: rename or remove the key"
            )
        );
        assert!(matches!(e.kind(), DecodeErrorKind::UnknownField { .. }));
    }
    // A type registered by hand without a direct decoder goes through erased-serde, and
    // unknown keys are still rejected, located the same.
    let registry: &'static Registry = Box::leak(Box::new(
        Registry::builder()
            .point(cache_point())
            .entry(entry("s3", "by-hand"))
            .build()
            .unwrap(),
    ));
    let e = Decoder::default()
        .registry(registry)
        .json_str::<BTreeMap<String, Box<dyn CacheConf>>>(
            "{\"a\": {\"type\": \"s3\", \"bukcet\": 1}}",
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 22: in `a.bukcet`: unknown field `bukcet`; did you mean `bucket`?\n  \
         expected one of `bucket`, `prefix` or `region`\n  fix: rename or remove the key"
    );
    let ok: BTreeMap<String, Box<dyn CacheConf>> = Decoder::default()
        .registry(registry)
        .json_str("{\"a\": {\"type\": \"s3\", \"bucket\": \"b\"}}")
        .unwrap();
    assert_eq!(as_s3(&*ok["a"]).bucket, "b");
    let e = Decoder::default()
        .json_str::<BTreeMap<String, u32>>("{")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 2: EOF while parsing an object\n  fix: correct the syntax"
    );
}

// ---------------------------------------------------------------------------------------------
// Registries built by hand: duplicates, a thousand tags, a kind that is absent.

fn conf_type(tag: &'static str) -> &'static ConfType<dyn CacheConf> {
    let conf_type: ConfType<dyn CacheConf> = ConfType::new(tag, "S3", |d| {
        Ok(Box::new(erased_serde::deserialize::<S3>(d)?))
    });
    Box::leak(Box::new(conf_type))
}

fn entry(tag: &'static str, crate_name: &'static str) -> Entry {
    let url = <dyn CacheConf as plugkit::config::Kind>::POINT.url;
    Entry::new(
        url,
        tag,
        Origin::new(crate_name, "1.0.0", "plugin", "S3"),
        conf_type(tag),
    )
}

fn cache_point() -> plugkit::Point {
    <dyn CacheConf as plugkit::config::Kind>::POINT
}

#[test]
fn a_duplicate_tag_fails_the_build_naming_both_crates() {
    let err = Registry::builder()
        .point(cache_point())
        .entry(entry("s3", "qik-s3"))
        .entry(entry("s3", "my-s3"))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 1 problem:\n- configuration type `s3` is registered twice on \
         `plugkit://plugkit-framework/config/cache`: by my-s3 1.0.0 (plugin::S3) and by qik-s3 1.0.0 \
         (plugin::S3)\n  fix: give one of them another tag (`#[config_type(tag = \"...\")]`), or \
         link only one of these crates (`cargo tree -d` shows duplicate versions)"
    );
    assert!(
        matches!(err.problems(), [Problem::Duplicate { id, id_noun: "configuration type", .. }] if id == "s3")
    );
    // A partial build sets both aside: the user's config then fails with an unknown tag,
    // never silently with the wrong type.
    let registry = Registry::builder()
        .point(cache_point())
        .entry(entry("s3", "qik-s3"))
        .entry(entry("s3", "my-s3"))
        .build_partial();
    assert!(
        registry
            .point(cache_point().url)
            .unwrap()
            .entries()
            .is_empty()
    );
    let explanation = registry.explain(cache_point().url).unwrap();
    let set_aside = explanation
        .considered()
        .iter()
        .filter(|c| matches!(c.verdict, plugkit::Verdict::Rejected { .. }))
        .count();
    assert_eq!(set_aside, 2);
}

#[test]
fn an_unknown_tag_stays_short_among_a_thousand() {
    let mut builder = Registry::builder().point(cache_point());
    for i in 0..1000 {
        let tag: &'static str = Box::leak(format!("store-{i:04}").into_boxed_str());
        let crate_name: &'static str = Box::leak(format!("crate-{}", i % 7).into_boxed_str());
        builder = builder.entry(entry(tag, crate_name));
    }
    let registry: &'static Registry = Box::leak(Box::new(builder.build().unwrap()));
    let e = Decoder::default()
        .registry(registry)
        .toml_str::<BTreeMap<String, Box<dyn CacheConf>>>("[a]\ntype = \"store-0042x\"\n")
        .unwrap_err();
    let text = e.to_string();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.len() < 600, "{} bytes: {text}", text.len());
    assert!(
        text.starts_with("line 2, column 8: in `a.type`: unknown cache type `store-0042x`; did you mean `store-0042` (from crate-0)?\n  registered cache types: `store-0042` (crate-0), "),
        "{text}"
    );
    assert!(text.contains(" and 995 more\n"), "{text}");
    // And a registered one decodes.
    let ok: BTreeMap<String, Box<dyn CacheConf>> = Decoder::default()
        .registry(registry)
        .toml_str("[a]\ntype = \"store-0999\"\nbucket = \"b\"\n")
        .unwrap();
    assert_eq!(as_s3(&*ok["a"]).bucket, "b");
}

#[test]
fn a_kind_missing_from_the_registry_says_how_to_add_it() {
    let registry: &'static Registry = Box::leak(Box::new(Registry::builder().build().unwrap()));
    let e = Decoder::default()
        .registry(registry)
        .toml_str::<BTreeMap<String, Box<dyn CacheConf>>>("[a]\ntype = \"s3\"\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2, column 8: in `a.type`: the cache configuration kind \
         (`plugkit://plugkit-framework/config/cache`) is not in the registry used to decode\n  \
         fix: build the registry with `Registry::builder().discovered()`, or link the crate that \
         declares the kind"
    );
}

#[test]
fn kinds_and_tags_are_listed_with_their_crates() {
    let caches = plugkit::registry()
        .point("plugkit://plugkit-framework/config/cache")
        .unwrap();
    let listed: Vec<(&str, &str)> = caches
        .entries()
        .iter()
        .map(|e| (e.id(), e.origin().crate_name))
        .collect();
    assert_eq!(
        listed,
        [
            ("local", "plugkit-framework"),
            ("none", "plugkit-framework"),
            ("s3", "plugkit-framework")
        ]
    );
    assert_eq!(caches.entries()[2].origin().item, "S3");
    let kinds: Vec<&str> = plugkit::config::kinds(plugkit::registry())
        .map(|p| p.point().url)
        .collect();
    assert!(kinds.contains(&"plugkit://plugkit-framework/config/cache"));
    assert!(kinds.contains(&"plugkit://plugkit-framework/config/dep"));
    assert!(kinds.contains(&plugkit::config::PLUGINS_URL));
}

// ---------------------------------------------------------------------------------------------
// Plugin sections.

#[test]
fn a_plugin_reads_its_section_and_an_absent_one_is_its_default() {
    let config = decode(QIK_TOML).unwrap();
    let pygraph = config.plugins.get::<PygraphSettings>().unwrap();
    assert!(pygraph.ignore_type_checking);
    assert!(config.plugins.is_written("pygraph"));
    // Enabled (linked) with no section: its defaults.
    assert_eq!(config.plugins.get::<UvSettings>().unwrap().python, "3.12");
    assert!(!config.plugins.is_written("uv"));
    // And the effective configuration shows both.
    let shown = toml::to_string(&config.plugins).unwrap();
    assert_eq!(
        shown,
        "[pygraph]\nignore_type_checking = true\n\n[uv]\npython = \"3.12\"\n"
    );
    // No `[plugins]` table at all.
    let bare = decode("").unwrap();
    assert!(
        !bare
            .plugins
            .get::<PygraphSettings>()
            .unwrap()
            .ignore_type_checking
    );
}

#[test]
fn a_section_rejects_unknown_keys_with_their_location() {
    let e = err("[plugins.uv]\npython = \"3.11\"\npyhton = \"3.10\"\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:3:1: in `plugins.uv.pyhton`: unknown field `pyhton`; did you mean `python`?\n  \
         expected `python`\n  fix: rename or remove the key"
    );
    let e = err("[plugins.uv]\npython = 3\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:2:10: in `plugins.uv.python`: invalid type: integer `3`, expected a string\n  \
         fix: write a value of the expected type"
    );
}

#[test]
fn a_section_for_a_plugin_that_is_not_enabled_is_an_error() {
    let e = err("[plugins.pygrahp]\nignore_type_checking = true\n");
    assert_eq!(
        e.to_string(),
        "qik.toml:1:10: in `plugins.pygrahp`: no enabled plugin has a `[plugins.pygrahp]` \
         section; did you mean `pygraph` (from plugkit-framework)?\n  plugins with a section: \
         `pygraph` (plugkit-framework), `uv` (plugkit-framework)\n  fix: correct the name, or add the plugin's crate \
         to the host's dependencies (then `cargo plugkit sync`)"
    );
    assert!(matches!(e.kind(), DecodeErrorKind::UnknownPlugin { .. }));
}

#[test]
fn asking_for_a_plugin_that_is_not_enabled_is_a_typed_error() {
    #[derive(Clone, Debug, Default, Serialize, Deserialize)]
    struct S3Section {}
    impl plugkit::config::PluginSection for S3Section {
        const NAME: &'static str = "s3";
    }
    let config = decode("").unwrap();
    let e = config.plugins.get::<S3Section>().unwrap_err();
    assert_eq!(
        e,
        SectionError::NotEnabled {
            name: "s3".into(),
            enabled: vec![
                TagChoice {
                    tag: "pygraph".into(),
                    crate_name: "plugkit-framework".into()
                },
                TagChoice {
                    tag: "uv".into(),
                    crate_name: "plugkit-framework".into()
                },
            ]
        }
    );
    assert_eq!(
        e.to_string(),
        "plugin `s3` is not enabled: no linked crate registers a `[plugins.s3]` section\n  \
         enabled plugins: `pygraph` (plugkit-framework), `uv` (plugkit-framework)\n  \
         fix: add the plugin's crate to the host's dependencies (then `cargo plugkit sync`)"
    );
    // From a registry without the plugin: reading it by type is the same typed error.
    #[derive(Debug, Deserialize)]
    struct Only {
        plugins: PluginSections,
    }
    let empty: &'static Registry = Box::leak(Box::new(Registry::builder().build().unwrap()));
    let only: Only = Decoder::default()
        .registry(empty)
        .toml_str("[plugins]\n")
        .unwrap();
    let e = only.plugins.get::<UvSettings>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "plugin `uv` is not enabled: no linked crate registers a `[plugins.uv]` section\n  \
         no linked crate registers any plugin section\n  \
         fix: add the plugin's crate to the host's dependencies (then `cargo plugkit sync`)"
    );
}

#[test]
fn reading_a_section_as_another_type_is_a_typed_error() {
    #[derive(Clone, Debug, Default, Serialize, Deserialize)]
    struct NotUv {}
    impl plugkit::config::PluginSection for NotUv {
        const NAME: &'static str = "uv";
    }
    let config = decode("").unwrap();
    let e = config.plugins.get::<NotUv>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "the `[plugins.uv]` section is a `config_kinds::UvSettings`, not a \
         `config_kinds::reading_a_section_as_another_type_is_a_typed_error::NotUv`\n  \
         fix: read it as `config_kinds::UvSettings`"
    );
}

// ---------------------------------------------------------------------------------------------
// Context formatting.

#[test]
fn context_variables_resolve_with_environment_overrides() {
    #[derive(Deserialize)]
    struct WithCtx {
        ctx: Context,
    }
    let file: WithCtx = plugkit::config::Decoder::default()
        .toml_str("[ctx.aws]\nbucket = \"artifacts\"\nretries = 3\n")
        .unwrap();
    let ctx = file
        .ctx
        .env_overrides([("AWS__BUCKET", "override"), ("PATH", "/bin")]);
    assert_eq!(
        ctx.format("s3://{ctx.aws.bucket}?r={ctx.aws.retries}")
            .unwrap(),
        "s3://override?r=3"
    );
    // `<NS>__<VAR>`: upper case, `-` as `_`.
    let dashed = Context::default()
        .with("my-ns", "a-b", "configured")
        .env_overrides([("MY_NS__A_B", "from env"), ("MY-NS__A-B", "not this")]);
    assert_eq!(dashed.format("{ctx.my-ns.a-b}").unwrap(), "from env");
    // Only `{ctx.` opens a variable; `{{ctx.` is a literal `{ctx.`.
    assert_eq!(
        ctx.format("echo ${HOME} {a,b} {{ctx.aws.bucket} {ctx.aws.bucket}")
            .unwrap(),
        "echo ${HOME} {a,b} {ctx.aws.bucket} override"
    );
    assert_eq!(
        ctx.format("{ctx.aws.bucket} {ctx.aws.retries}").unwrap(),
        "override 3"
    );
}

#[test]
fn an_unresolved_variable_is_a_clear_error() {
    let ctx = Context::default().with("aws", "bucket", "b");
    assert_eq!(
        ctx.format("{ctx.gcp.bucket}").unwrap_err().to_string(),
        "unresolved variable `{ctx.gcp.bucket}` in \"{ctx.gcp.bucket}\"; did you mean \
         `{ctx.aws.bucket}`?\n  fix: set `bucket` in `[ctx.gcp]`, or the environment variable \
         `GCP__BUCKET`"
    );
    assert_eq!(
        ctx.format("x {ctx.zzz.qqq}").unwrap_err().to_string(),
        "unresolved variable `{ctx.zzz.qqq}` in \"x {ctx.zzz.qqq}\"\n  fix: set `qqq` in \
         `[ctx.zzz]`, or the environment variable `ZZZ__QQQ`"
    );
    for (text, offset) in [
        ("{ctx.aws", 0),
        ("a {ctx.a.b.c}", 2),
        ("{ctx.aws.}", 0),
        ("{ctx.a b.c}", 0),
    ] {
        let e = ctx.format(text).unwrap_err();
        assert_eq!(
            e,
            FormatError::Malformed {
                key: None,
                text: text.into(),
                offset
            }
        );
    }
    assert_eq!(
        ctx.format("{ctx.aws").unwrap_err().to_string(),
        "malformed variable at byte 0 of \"{ctx.aws\": expected `{ctx.<variable>}` or \
         `{ctx.<namespace>.<variable>}`\n  fix: complete it, or write `{{` for a literal `{`"
    );
    // A factory surfaces it.
    let config = decode(QIK_TOML).unwrap();
    let Err(e) = config.caches["remote"].build("remote", &Context::default()) else {
        panic!("built without the variable");
    };
    assert!(
        e.to_string()
            .starts_with("unresolved variable `{ctx.aws.bucket}`")
    );
}
