//! Qik parity: Qik's real schema (kebab-case keys, `ctx` as a list of variables, plugins named
//! by their path) ported onto plugkit's configuration kinds, and Qik's own qik.toml files and
//! the TOML of its docs (in `tests/qik/`, with Qik's outcome for each in `OUTCOMES.tsv`)
//! loaded with the same outcome as in Qik.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::collections::BTreeMap;
use std::fmt;

use plugkit::config::{
    Context, DecodeError, DecodeErrorKind, Decoder, FormatError, PluginSections,
};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// Qik's schema (qik/conf.py and its plugins), as a Rust host and its plugins would declare it.

#[plugkit::config_kind(name = "cache", debug)]
trait QikCache {}

#[plugkit::config_kind(name = "dep", debug)]
trait QikDep {}

#[plugkit::config_kind(name = "venv", debug)]
trait QikVenv {}

/// `str | list[str]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct S3Cache {
    bucket: String,
    #[serde(default)]
    prefix: String,
    aws_access_key_id: Option<String>,
    aws_secret_access_key: Option<String>,
    aws_session_token: Option<String>,
    region_name: Option<String>,
    endpoint_url: Option<String>,
}

#[plugkit::config_type(tag = "s3")]
impl QikCache for S3Cache {}

macro_rules! dep {
    ($tag:literal, $name:ident { $($field:tt)* }) => {
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case", deny_unknown_fields)]
        struct $name { $($field)* }
        #[plugkit::config_type(tag = $tag)]
        impl QikDep for $name {}
    };
}

dep!("glob", GlobDep { pattern: String });
dep!("const", ConstDep { val: String });
dep!(
    "val",
    ValDep {
        key: String,
        file: String
    }
);
dep!("command", CmdDep { name: String, #[serde(default)] strict: bool, isolated: Option<bool> });
dep!("pydist", PydistDep { name: String });
dep!("load", LoadDep { path: String, #[serde(default)] default: Vec<String> });
dep!("pygraph", PygraphDep { pyimport: String });

/// A dep: a table with `type`, or a string (a glob).
#[derive(Debug)]
struct Dep(#[allow(dead_code)] Box<dyn QikDep>);

impl<'de> Deserialize<'de> for Dep {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        plugkit::config::deserialize_or_shorthand::<dyn QikDep, D>(d, |pattern| {
            Box::new(GlobDep {
                pattern: pattern.into(),
            })
        })
        .map(Dep)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct SpaceVenv {
    name: String,
    #[serde(default)]
    reqs: OneOrMany,
    lock: Option<String>,
}

#[plugkit::config_type(tag = "space")]
impl QikVenv for SpaceVenv {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct ActiveVenv {
    #[serde(default)]
    reqs: OneOrMany,
    lock: Option<String>,
}

#[plugkit::config_type(tag = "active")]
impl QikVenv for ActiveVenv {}

/// `str | SpaceLocator`: a space named by a table `{type = "space", name = "..."}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum StrOrSpace {
    Str(String),
    Space(SpaceLocator),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "space", deny_unknown_fields)]
enum SpaceLocator {
    #[serde(rename = "space")]
    Space { name: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct UvVenv {
    reqs: OneOrMany,
    lock: Option<String>,
    python: Option<String>,
    constraint: Option<StrOrSpace>,
}

#[plugkit::config_type(tag = "uv")]
impl QikVenv for UvVenv {}

/// `Venv | str | list[str]`: a table with `type`, or requirement files for the uv venv.
#[derive(Debug)]
struct Venv(Box<dyn QikVenv>);

impl<'de> Deserialize<'de> for Venv {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        plugkit::config::deserialize_or_value::<dyn QikVenv, D>(d, |value| {
            Ok(Box::new(UvVenv {
                reqs: erased_serde::deserialize(value)?,
                lock: None,
                python: None,
                constraint: None,
            }))
        })
        .map(Venv)
    }
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum CacheWhen {
    Success,
    Failed,
    Finished,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)]
struct Cmd {
    #[serde(default)]
    exec: String,
    #[serde(default)]
    deps: Vec<Dep>,
    #[serde(default)]
    artifacts: Vec<String>,
    cache: Option<String>,
    cache_when: Option<CacheWhen>,
    #[serde(default)]
    factory: String,
    #[serde(default)]
    hidden: bool,
    space: Option<String>,
}

/// `Cmd | str`: a table, or the command line alone.
#[derive(Debug)]
struct CmdOrExec(#[allow(dead_code)] Cmd);

impl<'de> Deserialize<'de> for CmdOrExec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CmdOrExec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a command line or a command table")
            }
            fn visit_str<E: de::Error>(self, exec: &str) -> Result<CmdOrExec, E> {
                Ok(CmdOrExec(Cmd {
                    exec: exec.into(),
                    ..Cmd::default()
                }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CmdOrExec, A::Error> {
                Cmd::deserialize(de::value::MapAccessDeserializer::new(map)).map(CmdOrExec)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleLocator {
    name: String,
    path: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum StrOrModule {
    Str(String),
    Module(ModuleLocator),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Fence {
    All(bool),
    Spaces(Vec<StrOrSpace>),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)]
struct Space {
    root: Option<String>,
    #[serde(default)]
    modules: Vec<StrOrModule>,
    fence: Option<Fence>,
    venv: Option<Venv>,
    dotenv: Option<OneOrMany>,
}

/// `Space | str | list[str]`: a table, or the space's venv alone (a string or a list).
#[derive(Debug)]
struct SpaceOrVenv(#[allow(dead_code)] Space);

impl<'de> Deserialize<'de> for SpaceOrVenv {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SpaceOrVenv;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a space table, or its venv's requirement files")
            }
            fn visit_str<E: de::Error>(self, reqs: &str) -> Result<SpaceOrVenv, E> {
                self.reqs(OneOrMany::One(reqs.into()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<SpaceOrVenv, A::Error> {
                self.reqs(Deserialize::deserialize(
                    de::value::SeqAccessDeserializer::new(seq),
                )?)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SpaceOrVenv, A::Error> {
                Space::deserialize(de::value::MapAccessDeserializer::new(map)).map(SpaceOrVenv)
            }
        }
        impl V {
            fn reqs<E>(self, reqs: OneOrMany) -> Result<SpaceOrVenv, E> {
                let venv = UvVenv {
                    reqs,
                    lock: None,
                    python: None,
                    constraint: None,
                };
                Ok(SpaceOrVenv(Space {
                    root: None,
                    modules: Vec::new(),
                    fence: None,
                    venv: Some(Venv(Box::new(venv))),
                    dotenv: None,
                }))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)]
struct BaseConf {
    #[serde(default)]
    deps: Vec<Dep>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)]
struct Defaults {
    cache: Option<String>,
    cache_when: Option<CacheWhen>,
    python_path: Option<String>,
    venv: Option<Venv>,
    dotenv: Option<OneOrMany>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)]
struct Pydist {
    #[serde(default)]
    versions: BTreeMap<String, String>,
    #[serde(default)]
    ignore_missing: bool,
    #[serde(default)]
    ignore_missing_modules: bool,
    #[serde(default)]
    modules: BTreeMap<String, String>,
}

/// Qik's `ctx`: a list of variables only.
fn ctx_list<'de, D: Deserializer<'de>>(d: D) -> Result<Context, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Context;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of variables")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Context, A::Error> {
            Context::deserialize(de::value::SeqAccessDeserializer::new(seq))
        }
    }
    d.deserialize_seq(V)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[allow(dead_code)]
struct Project {
    #[serde(default)]
    plugins: PluginSections,
    #[serde(default, deserialize_with = "ctx_list")]
    ctx: Context,
    #[serde(default)]
    caches: BTreeMap<String, Box<dyn QikCache>>,
    #[serde(default)]
    venvs: BTreeMap<String, Box<dyn QikVenv>>,
    #[serde(default)]
    spaces: BTreeMap<String, SpaceOrVenv>,
    #[serde(default)]
    commands: BTreeMap<String, CmdOrExec>,
    #[serde(default)]
    base: BaseConf,
    #[serde(default)]
    defaults: Defaults,
    #[serde(default)]
    pydist: Pydist,
}

/// The plugins' sections: in Qik, a table names its plugin with `pyimport`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
#[plugkit::plugin_section(name = "pygraph")]
struct PygraphSettings {
    pyimport: Option<String>,
    ignore_type_checking: bool,
    ignore_pydists: bool,
    cache: Option<String>,
    build_cache: Option<String>,
    lock_cache: Option<String>,
    check_cache: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
#[plugkit::plugin_section(name = "uv")]
struct UvSettings {
    pyimport: Option<String>,
    cache: Option<String>,
    python: Option<String>,
    index_url: Option<String>,
    extra_index_url: Option<String>,
    constraint: Option<StrOrSpace>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
#[plugkit::plugin_section(name = "s3")]
struct S3Settings {
    pyimport: Option<String>,
}

fn load(text: &str) -> Result<Project, DecodeError> {
    Decoder::default().file("qik.toml").toml_str(text)
}

// ---------------------------------------------------------------------------------------------
// Qik's own files and docs.

/// Where plugkit differs from Qik on purpose: Qik enables a plugin's types only when
/// `[plugins]` names it; with plugkit a linked plugin is enabled. These doc blocks use a
/// plugin's type without naming the plugin, so Qik rejects them and plugkit reads them.
const ENABLED_BY_LINKING: &[&str] = &[
    "docs__cookbook_cicd__0.toml",
    "docs__cookbook_commands__0.toml",
    "docs__cookbook_commands__8.toml",
    "docs__cookbook_commands__9.toml",
    "docs__guide__9.toml",
    "docs__plugin_s3__1.toml",
    "docs__plugin_s3__2.toml",
    "docs__plugin_uv__3.toml",
    "docs__plugin_uv__5.toml",
    "docs__plugin_uv__7.toml",
    "docs__spaces__4.toml",
];

#[test]
fn qiks_own_files_and_docs_load_with_qiks_outcome() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/qik");
    let outcomes = std::fs::read_to_string(dir.join("OUTCOMES.tsv")).unwrap();
    let (mut same, mut differ) = (0, Vec::new());
    for line in outcomes
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let mut fields = line.split('\t');
        let (name, qik) = (fields.next().unwrap(), fields.next().unwrap());
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let ours = load(&text);
        let qik_ok = qik == "ok";
        if ours.is_ok() == qik_ok {
            same += 1;
            // Every error is located.
            if let Err(e) = &ours {
                assert!(e.location().is_some(), "{name}: {e}");
            }
        } else if ENABLED_BY_LINKING.contains(&name) && ours.is_ok() {
            // The stated difference.
        } else {
            differ.push(format!(
                "{name}: Qik {qik}; plugkit {:?}",
                ours.err().map(|e| e.to_string())
            ));
        }
    }
    assert_eq!(differ, Vec::<String>::new());
    assert_eq!(same, 114 - ENABLED_BY_LINKING.len());
}

// ---------------------------------------------------------------------------------------------
// The Qik features plugkit ports.

#[test]
fn a_one_part_ctx_variable_resolves_from_its_declaration_and_the_environment() {
    let project = load(
        "ctx = [\"my_var\", {name = \"level\", type = \"int\", default = 3}, \
         {name = \"endpoint\", required = false}]\n",
    )
    .unwrap();
    let ctx = project
        .ctx
        .clone()
        .env_overrides([("MY_VAR", "hello world")]);
    assert_eq!(
        ctx.format("echo \"var={ctx.my_var}\" {ctx.level} [{ctx.endpoint}]")
            .unwrap(),
        "echo \"var=hello world\" 3 []"
    );
    // Declared, no default, not in the environment.
    let e = project.ctx.format("{ctx.my_var}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "unresolved variable `{ctx.my_var}` in \"{ctx.my_var}\": it is declared, with no \
         default, and the environment does not set it\n  fix: set the environment variable \
         `MY_VAR`, or give the variable a default"
    );
    // Not declared.
    let e = project.ctx.format("{ctx.other}").unwrap_err();
    assert_eq!(
        e.to_string(),
        "unresolved variable `{ctx.other}` in \"{ctx.other}\": no project variable of this name \
         is declared\n  fix: declare it (`ctx = [\"other\"]`), then set the environment variable \
         `OTHER` or give it a default"
    );
    assert!(matches!(
        e,
        FormatError::UnresolvedVar {
            declared: false,
            ..
        }
    ));
    // A declaration Qik does not know is rejected at the key.
    let e = load("ctx = [{name = \"x\", kind = \"int\"}]\n").unwrap_err();
    assert_eq!(e.path(), Some("ctx[0].kind"));
}

#[test]
fn a_plugin_section_accepts_qiks_string_form() {
    let project = load("[plugins]\npygraph = \"qik.pygraph\"\n\n[plugins.uv]\npyimport = \"qik.uv\"\npython = \"3.12\"\n").unwrap();
    assert_eq!(
        project.plugins.get::<PygraphSettings>().unwrap(),
        &PygraphSettings::default()
    );
    assert!(!project.plugins.is_written("pygraph"));
    assert_eq!(
        project
            .plugins
            .get::<UvSettings>()
            .unwrap()
            .python
            .as_deref(),
        Some("3.12")
    );
    assert!(project.plugins.is_written("uv"));
    // Another type of value is still an error, located.
    let e = load("[plugins]\npygraph = 3\n").unwrap_err();
    assert_eq!(e.path(), Some("plugins.pygraph"));
    assert_eq!(e.location().map(|l| (l.line, l.column)), Some((2, 11)));
}

#[test]
fn a_plugin_string_must_name_the_plugin() {
    for text in ["\"\"", "\"totally.unrelated\"", "\"qik.pygraph.other\""] {
        let e = Decoder::default()
            .file("qik.toml")
            .toml_str::<Project>(&format!("[plugins]\npygraph = {text}\n"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "qik.toml:2:11: in `plugins.pygraph`: {text} is not a path of the `pygraph` \
                 plugin: its last part must be `pygraph`\n  fix: write the plugin's path, such \
                 as `pygraph = \"qik.pygraph\"`, or a `[plugins.pygraph]` table"
            )
        );
    }
    // The plugin's name alone, any package before it, `-` for `_`: all name it.
    for text in ["pygraph", "qik.pygraph", "my.own.pygraph"] {
        let project = load(&format!("[plugins]\npygraph = \"{text}\"\n")).unwrap();
        assert!(!project.plugins.is_written("pygraph"));
    }
}

#[test]
fn the_value_shorthand_takes_strings_lists_and_reports_inside_them() {
    let project = load(
        "[spaces.a]\nvenv = [\"requirements.in\", \"dev.in\"]\n\n[spaces.b]\nvenv = \"r.in\"\n\n\
         [spaces.c.venv]\ntype = \"uv\"\nreqs = \"x.in\"\npython = \"3.11\"\n",
    )
    .unwrap();
    let reqs = |name: &str| {
        project.spaces[name]
            .0
            .venv
            .as_ref()
            .unwrap()
            .0
            .downcast_ref::<UvVenv>()
            .unwrap()
            .reqs
            .clone()
    };
    assert_eq!(
        reqs("a"),
        OneOrMany::Many(vec!["requirements.in".into(), "dev.in".into()])
    );
    assert_eq!(reqs("b"), OneOrMany::One("r.in".into()));
    assert_eq!(reqs("c"), OneOrMany::One("x.in".into()));
    // A number is handed to the kind too, which rejects it where it is.
    let e = load("[spaces.a]\nvenv = 3\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "qik.toml:2:8: in `spaces.a.venv`: data did not match any variant of untagged enum \
         OneOrMany"
    );
    assert_eq!(e.location().map(|l| (l.line, l.column)), Some((2, 8)));
}

#[test]
fn errors_keep_their_location_through_a_hosts_own_visitor() {
    // `spaces.a` goes through the host's visitor (`SpaceOrVenv`), which hands the table to
    // serde and then to the tagged decoding.
    let e = load("[spaces.a]\nvenv = { type = \"uv\", reqs = \"r.in\", pythn = \"3.12\" }\n")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "qik.toml:2:38: in `spaces.a.venv.pythn`: unknown field `pythn`; did you mean `python`?\n  \
         expected one of `reqs`, `lock`, `python` or `constraint`\n  fix: rename or remove the key"
    );
    assert!(matches!(e.kind(), DecodeErrorKind::UnknownField { .. }));
    // A wrong value inside, too.
    let e = load("[spaces.a]\nvenv = { type = \"uv\", reqs = 3 }\n").unwrap_err();
    assert_eq!(e.path(), Some("spaces.a.venv.reqs"));
    assert_eq!(e.location().map(|l| (l.line, l.column)), Some((2, 30)));
}
