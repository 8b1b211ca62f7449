//! Instance factories: namespaces, `#[instance]`, injected secrets, the missing-secrets check,
//! listings, and every error with its exact message. Registries are built by hand where a test
//! needs a problem; the program-wide registry holds only well-formed registrations.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::sync::atomic::{AtomicUsize, Ordering};

use plugkit::instances::{
    Arg, Factory, Injector, InstanceError, Instances, Missing, Namespace, Secret,
    SecretDescription, SecretString, SecretUse, SecretValue, Secrets, Uid,
};
use plugkit::{BoxError, Entry, Origin, Problem, Registry, Requirement};

// ---- a host: a namespace of greeters ------------------------------------------------------

/// What the namespace makes.
pub trait Greeter: Send + Sync {
    /// A greeting for `name`.
    fn greet(&self, name: &str) -> String;
}

/// The namespace.
#[derive(Namespace)]
#[namespace(name = "greeters", instance = dyn Greeter)]
pub struct Greeters;

/// A namespace with one uid whose constructor counts its calls, for the laziness test alone.
#[derive(Namespace)]
#[namespace(name = "lazy", instance = dyn Greeter)]
pub struct Lazy;

/// Uids that share their first sixteen bytes.
#[derive(Namespace)]
#[namespace(name = "long", instance = dyn Greeter)]
pub struct Long;

#[plugkit::instance(Long, uid = "a-very-long-uid-number-1", args(title = "one"))]
#[plugkit::instance(Long, uid = "a-very-long-uid-number-2", args(title = "two"))]
#[plugkit::instance(Long, uid = "a-very-long-uid-number-10", args(title = "ten"))]
fn long(uid: Uid, title: &'static str) -> Formal {
    Formal { uid, title }
}

/// A namespace nothing registers in.
#[derive(Namespace)]
#[namespace(name = "nobody", instance = dyn Greeter, domain = "https://plugins.example.org/ns")]
pub struct Nobody;

// ---- a plugin: greeters, one behind an API key ----------------------------------------------

/// A required secret.
pub struct GreetingKey;
impl Secret for GreetingKey {
    const DESCRIPTION: SecretDescription = SecretDescription::new(
        "greetings",
        "api_key",
        "Ask the greetings team\nor read the wiki",
    );
}

/// An optional secret.
pub struct Signature;
impl Secret for Signature {
    const DESCRIPTION: SecretDescription =
        SecretDescription::new("greetings", "signature", "Optional: how to sign greetings");
}

static CONSTRUCTED: AtomicUsize = AtomicUsize::new(0);

#[plugkit::instance(Lazy, uid = "counted")]
fn counted(uid: Uid, _key: SecretValue<GreetingKey>) -> Formal {
    CONSTRUCTED.fetch_add(1, Ordering::SeqCst);
    Formal {
        uid,
        title: "Counted",
    }
}

struct Formal {
    uid: Uid,
    title: &'static str,
}
impl Greeter for Formal {
    fn greet(&self, name: &str) -> String {
        format!("[{}] Good day, {} {name}", self.uid, self.title)
    }
}

#[plugkit::instance(Greeters, uid = "formal_dr", args(title = "Dr."))]
#[plugkit::instance(Greeters, uid = "formal_ms", args(title = "Ms."))]
fn formal(uid: Uid, title: &'static str) -> Formal {
    Formal { uid, title }
}

struct Remote {
    key_length: usize,
    signature: Option<SecretValue<Signature>>,
    repeat: usize,
}
impl Greeter for Remote {
    fn greet(&self, name: &str) -> String {
        let sign = match &self.signature {
            Some(s) => format!(" -- {}", s.expose()),
            None => String::new(),
        };
        format!(
            "{} (key of {} characters){sign}",
            format!("hi {name}! ").repeat(self.repeat).trim_end(),
            self.key_length
        )
    }
}

#[plugkit::instance(Greeters, uid = "remote", args(repeat = 1 + 1))]
fn remote(
    key: SecretValue<GreetingKey>,
    repeat: usize,
    signature: Option<SecretValue<Signature>>,
) -> Result<Remote, String> {
    if key.expose() == "revoked" {
        return Err("the greetings service revoked this key\n  fix: ask for a new one".into());
    }
    Ok(Remote {
        key_length: key.expose().len(),
        signature,
        repeat,
    })
}

struct Never;
impl Greeter for Never {
    fn greet(&self, _name: &str) -> String {
        unreachable!()
    }
}

#[plugkit::instance(Greeters, uid = "broken")]
fn broken() -> Never {
    panic!("the greeter's config is corrupt")
}

#[plugkit::instance(Greeters, uid = "failing")]
fn failing() -> Result<Never, std::io::Error> {
    Err(std::io::Error::new(
        std::io::ErrorKind::NotFound,
        "greetings.txt is missing",
    ))
}

// ---- the tests ---------------------------------------------------------------------------

fn key_secrets(value: &str) -> Secrets {
    Secrets::default().with("greetings", "api_key", value)
}

#[test]
fn make_instance_passes_the_registered_arguments_and_injects_the_uid() {
    let dr = Greeters::instances()
        .make_instance("formal_dr", &Secrets::default())
        .unwrap();
    assert_eq!(dr.greet("Who"), "[formal_dr] Good day, Dr. Who");
    let ms = Greeters::instances()
        .make_instance("formal_ms", &Secrets::default())
        .unwrap();
    assert_eq!(ms.greet("Marple"), "[formal_ms] Good day, Ms. Marple");
}

#[test]
fn secrets_are_injected_and_optional_ones_may_be_absent() {
    let plain = Greeters::instances()
        .make_instance("remote", &key_secrets("k-123"))
        .unwrap();
    assert_eq!(plain.greet("ada"), "hi ada! hi ada! (key of 5 characters)");
    let signed = key_secrets("k-123").with("greetings", "signature", "the team");
    let signed = Greeters::instances()
        .make_instance("remote", &signed)
        .unwrap();
    assert_eq!(
        signed.greet("ada"),
        "hi ada! hi ada! (key of 5 characters) -- the team"
    );
}

#[test]
fn nothing_is_constructed_until_make_instance_and_not_when_secrets_are_missing() {
    assert_eq!(Lazy::instances().list().len(), 1);
    assert_eq!(
        Lazy::instances().get("counted").unwrap().type_name(),
        "Formal"
    );
    let missing = Lazy::instances()
        .missing_dependencies("counted", &Secrets::default())
        .unwrap();
    assert_eq!(missing.len(), 1);
    let err = Lazy::instances()
        .make_instance("counted", &Secrets::default())
        .err()
        .unwrap();
    assert!(matches!(err, InstanceError::MissingSecrets(_)));
    assert_eq!(CONSTRUCTED.load(Ordering::SeqCst), 0);

    let made = Lazy::instances()
        .make_instance("counted", &key_secrets("k"))
        .unwrap();
    assert_eq!(CONSTRUCTED.load(Ordering::SeqCst), 1);
    assert_eq!(made.greet("you"), "[counted] Good day, Counted you");
}

#[test]
fn a_listing_shows_type_origin_arguments_and_secrets() {
    let remote = Greeters::instances().get("remote").unwrap();
    assert_eq!(remote.uid(), "remote");

    assert_eq!(remote.type_name(), "Remote");
    assert_eq!(remote.origin().crate_name, "plugkit-framework");
    assert_eq!(remote.origin().module_path, "instances");
    assert_eq!(remote.origin().item, "remote");
    assert_eq!(remote.args(), [Arg::new("repeat", "1 + 1")]);
    assert_eq!(
        remote.secrets(),
        [
            SecretUse::required(GreetingKey::DESCRIPTION),
            SecretUse::optional(Signature::DESCRIPTION)
        ]
    );
    assert_eq!(remote.to_string(), "Remote(repeat = 1 + 1)");
    assert_eq!(
        remote
            .secrets()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["greetings.api_key", "greetings.signature (optional)"]
    );
    assert_eq!(
        Greeters::instances()
            .missing_dependencies("remote", &Secrets::default())
            .unwrap(),
        [Missing {
            namespace: "greeters",
            uid: "remote",
            secret: GreetingKey::DESCRIPTION
        }]
    );
    assert!(
        Greeters::instances()
            .missing_dependencies("remote", &key_secrets("x"))
            .unwrap()
            .is_empty()
    );

    let dr = Greeters::instances().get("formal_dr").unwrap();
    assert_eq!(dr.to_string(), "Formal(title = \"Dr.\")");
    assert!(dr.secrets().is_empty());
    assert_eq!(
        Greeters::instances().secrets(),
        [GreetingKey::DESCRIPTION, Signature::DESCRIPTION]
    );
    assert_eq!(Greeters::instances().list().len(), 5);
}

#[test]
fn long_uids_that_share_a_prefix_are_told_apart() {
    for (uid, title) in [
        ("a-very-long-uid-number-1", "one"),
        ("a-very-long-uid-number-2", "two"),
        ("a-very-long-uid-number-10", "ten"),
    ] {
        let made = Long::instances()
            .make_instance(uid, &Secrets::default())
            .unwrap();
        assert_eq!(made.greet("x"), format!("[{uid}] Good day, {title} x"));
    }
    let err = Long::instances()
        .make_instance("a-very-long-uid-number-3", &Secrets::default())
        .err()
        .unwrap();
    assert!(matches!(err, InstanceError::UnknownUid(_)));
}

#[test]
fn a_namespace_is_a_point_of_kind_namespace() {
    assert_eq!(Greeters::URL, "plugkit://plugkit-framework/greeters");
    assert_eq!(Nobody::URL, "https://plugins.example.org/ns/nobody");
    assert_eq!(Greeters::NAME, "greeters");
    let point = plugkit::registry().point(Greeters::URL).unwrap();
    assert_eq!(point.point().style.noun, "namespace");
    assert_eq!(point.point().selector, None);
    assert_eq!(point.point().signature, "dyn Greeter");
    assert_eq!(point.entries().len(), 5);
    let explained = plugkit::registry()
        .explain(Greeters::URL)
        .unwrap()
        .to_string();
    assert!(
        explained.starts_with("plugkit://plugkit-framework/greeters (namespace)\n"),
        "{explained}"
    );
    assert!(
        explained.ends_with("  available: broken, failing, formal_dr, formal_ms, remote"),
        "{explained}"
    );
}

#[test]
fn an_unknown_uid_lists_the_known_ones_and_suggests_the_closest() {
    let Err(InstanceError::UnknownUid(err)) =
        Greeters::instances().make_instance("formal_mr", &Secrets::default())
    else {
        panic!("expected an unknown uid");
    };
    assert_eq!(
        err.to_string(),
        "no uid `formal_mr` in namespace `greeters`; did you mean `formal_dr`?\n  \
         known uids: `broken`, `failing`, `formal_dr`, `formal_ms`, `remote`\n  \
         fix: use one of the known uids, or link the plugin crate that registers `formal_mr`"
    );

    let far = Greeters::instances()
        .missing_dependencies("zzz", &Secrets::default())
        .unwrap_err();
    assert_eq!(
        far.to_string(),
        "no uid `zzz` in namespace `greeters`\n  \
         known uids: `broken`, `failing`, `formal_dr`, `formal_ms`, `remote`\n  \
         fix: use one of the known uids, or link the plugin crate that registers `zzz`"
    );

    let empty = Nobody::instances()
        .make_instance("anything", &Secrets::default())
        .err()
        .unwrap();
    assert_eq!(
        empty.to_string(),
        "no uid `anything` in namespace `nobody`, which is empty\n  \
         fix: link a plugin crate that registers instances in `nobody`"
    );
}

#[test]
fn a_missing_secret_prints_the_toml_to_add_and_constructs_nothing() {
    let secrets = Secrets::parse("[other]\nkey = \"v\"\n", "config/secrets.toml").unwrap();
    let err = Greeters::instances()
        .make_instance("remote", &secrets)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "missing secrets in `config/secrets.toml`:\n  \
         - `greetings.api_key`, needed by `remote` (greeters)\n  \
         fix: add these lines to `config/secrets.toml`, with the real values:\n\
         \n\
         [greetings]\n\
         # Ask the greetings team\n\
         # or read the wiki\n\
         api_key = \"<value>\""
    );

    let absent = Secrets::load_if_exists("no/such/dir/secrets.toml").unwrap();
    let err = Greeters::instances()
        .make_instance("remote", &absent)
        .err()
        .unwrap();
    assert!(
        err.to_string().starts_with(
            "missing secrets (`no/such/dir/secrets.toml` does not exist):\n  \
             - `greetings.api_key`, needed by `remote` (greeters)\n  \
             fix: create `no/such/dir/secrets.toml` with these lines, with the real values:\n\n[greetings]\n"
        ),
        "{err}"
    );
}

#[test]
fn missing_secrets_of_several_objects_make_one_error() {
    let secrets = Secrets::default();
    let mut missing = Greeters::instances()
        .missing_dependencies("remote", &secrets)
        .unwrap();
    missing.extend(
        Greeters::instances()
            .missing_dependencies("formal_dr", &secrets)
            .unwrap(),
    );
    missing.push(Missing {
        namespace: "tests",
        uid: "paid_test",
        secret: SecretDescription::new("billing", "token", "From the billing portal"),
    });
    let err = secrets.check(missing).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing secrets:\n  \
         - `billing.token`, needed by `paid_test` (tests)\n  \
         - `greetings.api_key`, needed by `remote` (greeters)\n  \
         fix: add these lines to your secrets file, with the real values:\n\n\
         [billing]\n# From the billing portal\ntoken = \"<value>\"\n\n\
         [greetings]\n# Ask the greetings team\n# or read the wiki\napi_key = \"<value>\""
    );
}

#[test]
fn a_failing_constructor_returns_its_error_with_the_uid() {
    let Err(InstanceError::Construct(err)) =
        Greeters::instances().make_instance("remote", &key_secrets("revoked"))
    else {
        panic!("expected a construction error");
    };
    assert_eq!(
        err.to_string(),
        format!(
            "constructing `remote` (greeters) failed: the greetings service revoked this key\n  \
             fix: ask for a new one\n  registered by plugkit-framework {} (instances::remote)",
            env!("CARGO_PKG_VERSION")
        )
    );

    let err = Greeters::instances()
        .make_instance("failing", &Secrets::default())
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .starts_with("constructing `failing` (greeters) failed: greetings.txt is missing\n"),
        "{err}"
    );
    // The constructor's error is the source, for callers that walk the chain.
    let source = std::error::Error::source(&err).unwrap();
    assert_eq!(source.to_string(), "greetings.txt is missing");
}

#[test]
fn a_panicking_constructor_is_caught_and_reported_with_the_uid() {
    let err = Greeters::instances()
        .make_instance("broken", &Secrets::default())
        .err()
        .unwrap();
    assert!(
        err.to_string().starts_with(
            "constructing `broken` (greeters) failed: the constructor panicked: the greeter's config is corrupt\n"
        ),
        "{err}"
    );
}

// ---- registries built by hand: duplicates, wrong payloads, requirements ----------------------

fn hello(_: &Injector<'_>) -> Result<Box<dyn Greeter>, BoxError> {
    Ok(Box::new(Formal {
        uid: Uid::inject_for_tests(),
        title: "",
    }))
}

trait ForTests {
    fn inject_for_tests() -> Uid;
}
impl ForTests for Uid {
    fn inject_for_tests() -> Uid {
        let secrets = Secrets::default();
        <Uid as plugkit::instances::Inject>::inject(&Injector::new("greeters", "hello", &secrets))
            .unwrap()
    }
}

static HELLO: Factory<dyn Greeter> = Factory::new("Formal", &hello);
static NOT_A_GREETER: Factory<str> = Factory::new("str", &|_| Ok("x".into()));

fn origin(krate: &'static str) -> Origin {
    Origin::new(krate, "1.0.0", "greetings", "hello")
}

#[test]
fn a_duplicate_uid_is_an_error_when_the_registry_is_built_naming_both_crates() {
    let builder = || {
        Registry::builder()
            .point(Greeters::POINT)
            .entry(Entry::new(
                Greeters::URL,
                "hello",
                origin("greet-a"),
                &HELLO,
            ))
            .entry(Entry::new(
                Greeters::URL,
                "hello",
                origin("greet-b"),
                &HELLO,
            ))
            .entry(Entry::new(Greeters::URL, "bye", origin("greet-a"), &HELLO))
    };
    let err = builder().build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plugin registry has 1 problem:\n\
         - uid `hello` is registered twice on `plugkit://plugkit-framework/greeters`: by greet-a \
         1.0.0 (greetings::hello) and by greet-b 1.0.0 (greetings::hello)\n  \
         fix: give one of them another uid (`#[instance(.., uid = \"...\")]`), or link only one \
         of these crates (`cargo tree -d` shows duplicate versions)"
    );
    assert!(
        matches!(err.problems(), [Problem::Duplicate { id, id_noun: "uid", .. }] if id == "hello")
    );

    // A partial build sets both aside, keeps the rest, and says why `hello` cannot be made.
    let registry = builder().build_partial();
    let greeters = Greeters::in_registry(&registry);
    assert_eq!(
        greeters.list().iter().map(|r| r.uid()).collect::<Vec<_>>(),
        ["bye"]
    );
    let err = greeters
        .make_instance("hello", &Secrets::default())
        .err()
        .unwrap();
    assert!(
        err.to_string().starts_with(
            "`hello` (greeters) cannot be used: it was set aside when the plugin registry was built\n  \
             uid `hello` is registered twice on `plugkit://plugkit-framework/greeters`: by greet-a"
        ),
        "{err}"
    );
    assert_eq!(
        greeters
            .make_instance("bye", &Secrets::default())
            .unwrap()
            .greet("x"),
        "[hello] Good day,  x"
    );
}

#[test]
fn an_entry_whose_payload_is_not_the_namespaces_factory_is_rejected() {
    let err = Registry::builder()
        .point(Greeters::POINT)
        .entry(Entry::new(
            Greeters::URL,
            "words",
            origin("greet-a"),
            &NOT_A_GREETER,
        ))
        .build()
        .unwrap_err();
    assert!(
        matches!(err.problems(), [Problem::WrongPayload { expected, .. }] if expected == "dyn Greeter"),
        "{err}"
    );
}

#[test]
fn an_entry_whose_requirement_is_unmet_is_unavailable() {
    static NEEDS: [Requirement; 1] = [Requirement::present("greetings-gpu")];
    let registry = Registry::builder()
        .point(Greeters::POINT)
        .entry(Entry::new(Greeters::URL, "hello", origin("greet-a"), &HELLO).requires(&NEEDS))
        .build()
        .unwrap();
    let greeters: Instances<'_, Greeters> = Greeters::in_registry(&registry);
    let err = greeters
        .make_instance("hello", &Secrets::default())
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "`hello` (greeters, from greet-a 1.0.0 (greetings::hello)) is not available: requires \
         `greetings-gpu`, which is neither a linked plugin crate nor a declared capability\n  \
         fix: link or enable what it requires"
    );
    assert!(
        greeters
            .missing_dependencies("hello", &Secrets::default())
            .is_err()
    );
}

#[test]
fn a_registry_without_the_namespace_has_no_uids() {
    let registry = Registry::builder().build().unwrap();
    let greeters = Greeters::in_registry(&registry);
    assert!(greeters.list().is_empty());
    assert!(matches!(
        greeters.get("formal_dr"),
        Err(InstanceError::UnknownUid(e)) if e.to_string().contains("`greeters`, which is empty")
    ));
}

// ---- secret values never show ----------------------------------------------------------------

#[test]
fn secret_values_never_appear_in_debug_output() {
    const VALUE: &str = "s3cr3t-value";
    let secrets = Secrets::parse(
        &format!("[greetings]\napi_key = \"{VALUE}\"\nsignature = \"{VALUE}\"\n"),
        "secrets.toml",
    )
    .unwrap();
    let injector = Injector::new("greeters", "remote", &secrets);
    let value = SecretValue::<GreetingKey>::from(SecretString::from(VALUE));
    let listed = Greeters::instances().get("remote").unwrap();
    let shown = [
        format!("{secrets:?}"),
        format!("{secrets:#?}"),
        format!("{injector:?}"),
        format!("{value:?}"),
        format!("{:?}", Some(value.clone())),
        format!("{:?}", SecretString::from(VALUE)),
        format!("{listed:?}"),
        format!("{:?}", Greeters::instances()),
    ];
    for text in &shown {
        assert!(!text.contains(VALUE), "a secret value shows in {text}");
    }
    assert_eq!(
        shown[0],
        "Secrets { source: Some(\"secrets.toml\"), values: {\"greetings\": {\"api_key\": <redacted>, \"signature\": <redacted>}} }"
    );
    assert_eq!(shown[3], "SecretValue(greetings.api_key: <redacted>)");
    let made = Greeters::instances().make_instance("remote", &secrets);
    assert!(made.is_ok());
}

// ---- each secret looked up once, its value handed to the injection ---------------------------

/// Six declared secrets (more than `make_instance` hands over from its check), two of them with
/// names longer than sixteen bytes that share their first sixteen, and one a constructor reads
/// without declaring it.
const SIX: [SecretDescription; 6] = [
    SecretDescription::new("vault", "k0", ""),
    SecretDescription::new("vault", "k1", ""),
    SecretDescription::new("a-scope-longer-than-16", "key-longer-than-sixteen-1", ""),
    SecretDescription::new("a-scope-longer-than-16", "key-longer-than-sixteen-2", ""),
    SecretDescription::new("vault", "k4", ""),
    SecretDescription::new("vault", "k5", ""),
];
const UNDECLARED: SecretDescription = SecretDescription::new("vault", "extra", "");
static SIX_USED: [SecretUse; 6] = [
    SecretUse::required(SIX[0]),
    SecretUse::optional(SIX[1]),
    SecretUse::required(SIX[2]),
    SecretUse::required(SIX[3]),
    SecretUse::optional(SIX[4]),
    SecretUse::required(SIX[5]),
];

/// Says what it read, in the order it read it.
struct Reader(String);
impl Greeter for Reader {
    fn greet(&self, _: &str) -> String {
        self.0.clone()
    }
}

/// Reads the six in reverse order, then the undeclared one, then the first again.
fn read_six(injector: &Injector<'_>) -> Result<Box<dyn Greeter>, BoxError> {
    let order = [5, 4, 3, 2, 1, 0].map(|i| &SIX[i]);
    let read: Vec<&str> = order
        .into_iter()
        .chain([&UNDECLARED, &SIX[0]])
        .map(|s| injector.secret(s).map_or("-", SecretString::expose))
        .collect();
    Ok(Box::new(Reader(read.join(" "))))
}

static SIX_FACTORY: Factory<dyn Greeter> =
    Factory::new("Reader", &read_six).with_secrets(&SIX_USED);

#[test]
fn every_secret_reaches_the_constructor_whatever_it_reads_and_in_what_order() {
    let registry = Registry::builder()
        .point(Greeters::POINT)
        .entry(Entry::new(
            Greeters::URL,
            "six",
            origin("vaults"),
            &SIX_FACTORY,
        ))
        .build()
        .unwrap();
    let greeters = Greeters::in_registry(&registry);
    let secrets = Secrets::default()
        .with("vault", "k0", "v0")
        .with("a-scope-longer-than-16", "key-longer-than-sixteen-2", "v3")
        .with("a-scope-longer-than-16", "key-longer-than-sixteen-1", "v2")
        .with("vault", "k5", "v5")
        .with("vault", "extra", "vx");
    let made = greeters.make_instance("six", &secrets).unwrap();
    // k1 and k4 are optional and not set; `extra` is read although not declared.
    assert_eq!(made.greet(""), "v5 - v3 v2 - v0 vx v0");

    // A required secret missing, the fifth and sixth among them: nothing is built, and the
    // error lists every missing one.
    let partial = Secrets::default().with("vault", "k0", "v0");
    let Err(InstanceError::MissingSecrets(missing)) = greeters.make_instance("six", &partial)
    else {
        panic!("the missing secrets are not reported")
    };
    let message = missing.to_string();
    let names: Vec<&str> = message
        .lines()
        .filter_map(|l| l.strip_prefix("  - `"))
        .map(|l| l.split('`').next().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "a-scope-longer-than-16.key-longer-than-sixteen-1",
            "a-scope-longer-than-16.key-longer-than-sixteen-2",
            "vault.k5"
        ]
    );
}
