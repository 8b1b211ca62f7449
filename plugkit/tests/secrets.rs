//! `secrets.toml`: what it accepts, every error with its exact message (where, what, the fix),
//! and that no message, `Debug` output or trace ever shows a value. The trace tests re-run
//! this test binary as a child process (selecting the `child` test) to read its stderr.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::path::PathBuf;
use std::process::Command;

use plugkit::instances::{
    Missing, Namespace, Secret, SecretDescription, SecretValue, Secrets, SecretsError,
    toml_template,
};

const VALUE: &str = "hunter2-do-not-print";

/// The first line of the error that `secrets` gives when a secret is missing: it names the
/// file, and says whether it exists.
fn missing_header(secrets: &Secrets) -> String {
    let missing = Missing {
        namespace: "suts",
        uid: "u",
        secret: SecretDescription::new("unset", "key", ""),
    };
    let err = secrets.check(vec![missing]).unwrap_err();
    err.to_string().lines().next().unwrap().to_owned()
}

/// Whether `secrets` holds no value: its `Debug` shows every value as `<redacted>`.
fn holds_none(secrets: &Secrets) -> bool {
    !format!("{secrets:?}").contains("<redacted>")
}

fn parse_err(text: &str) -> SecretsError {
    Secrets::parse(text, "config/secrets.toml").unwrap_err()
}

const KEY: SecretDescription = SecretDescription::new("demo", "api_key", "");

#[test]
fn scopes_of_strings_are_read_in_every_toml_spelling() {
    let secrets = Secrets::parse(
        "# comment\n[demo]\napi_key = 'literal'\n\n[\"other scope\"]\n\"odd key\" = \"\"\"multi\nline\"\"\"\n\
         [inline]\nx = \"1\"\n",
        "secrets.toml",
    )
    .unwrap();
    assert_eq!(secrets.get(&KEY).unwrap().expose(), "literal");
    let odd = SecretDescription::new("other scope", "odd key", "");
    assert_eq!(secrets.get(&odd).unwrap().expose(), "multi\nline");
    let set = |scope, key| {
        secrets
            .get(&SecretDescription::new(scope, key, ""))
            .is_some()
    };
    assert!(set("inline", "x"));
    assert!(!set("demo", "x"));
    assert!(!set("nope", "api_key"));
    assert_eq!(
        missing_header(&secrets),
        "missing secrets in `secrets.toml`:"
    );

    let dotted = Secrets::parse("demo.api_key = \"v\"\n", "s.toml").unwrap();
    assert_eq!(dotted.get(&KEY).unwrap().expose(), "v");
    let inline = Secrets::parse("demo = { api_key = \"w\" }\n", "s.toml").unwrap();
    assert_eq!(inline.get(&KEY).unwrap().expose(), "w");
    assert!(holds_none(&Secrets::parse("", "s.toml").unwrap()));
    assert!(holds_none(&Secrets::parse("[empty]\n", "s.toml").unwrap()));
}

#[test]
fn invalid_toml_is_located_and_the_value_is_not_quoted() {
    let err = parse_err(&format!("[demo]\napi_key = {VALUE}\n"));
    assert_eq!(
        err.to_string(),
        "config/secrets.toml:2:11: invalid TOML: string values must be quoted, expected literal string\n  \
         fix: a secrets file holds `[scope]` tables of `key = \"value\"` lines"
    );
    let err = parse_err("[demo\napi_key = \"x\"\n");
    assert!(
        err.to_string()
            .starts_with("config/secrets.toml:1:6: invalid TOML: "),
        "{err}"
    );
    let err = parse_err(&format!(
        "[demo]\napi_key = \"{VALUE}\"\napi_key = \"{VALUE}\"\n"
    ));
    let text = err.to_string();
    assert!(
        text.starts_with("config/secrets.toml:3:1: invalid TOML: duplicate key"),
        "{text}"
    );
    assert!(!text.contains(VALUE), "{text}");
}

#[test]
fn a_secret_outside_any_scope_is_located() {
    let err = parse_err(&format!("# top\napi_key = \"{VALUE}\"\n"));
    assert_eq!(
        err.to_string(),
        "config/secrets.toml:2:1: `api_key` is a string outside any `[scope]` table\n  \
         fix: put each secret under the table of its scope, as in `[demo]` followed by \
         `api_key = \"...\"`"
    );
    let err = parse_err("[[demo]]\napi_key = \"x\"\n");
    assert_eq!(
        err.to_string(),
        "config/secrets.toml:1:3: `demo` is an array outside any `[scope]` table\n  \
         fix: put each secret under the table of its scope, as in `[demo]` followed by \
         `demo = \"...\"`"
    );
}

#[test]
fn a_value_that_is_not_a_string_is_located_and_not_shown() {
    let err = parse_err("[demo]\n  api_key = 12345\n");
    assert_eq!(
        err.to_string(),
        "config/secrets.toml:2:13: `demo.api_key` is an integer, but secrets are strings\n  \
         fix: quote the value: `api_key = \"...\"`"
    );
    assert!(!err.to_string().contains("12345"));
    let err = parse_err("[demo]\nflag = true\n");
    assert!(
        err.to_string().contains("`demo.flag` is a boolean, but"),
        "{err}"
    );
    let err = parse_err("[demo.nested]\nkey = \"x\"\n");
    assert_eq!(
        err.to_string(),
        "config/secrets.toml:1:7: `demo.nested` is a table, but secrets are strings\n  \
         fix: scopes do not nest: put the keys of `nested` in their scope's table, or give them \
         a scope of their own"
    );
    let err = parse_err("[demo]\nkeys = [\"a\"]\n");
    assert!(
        err.to_string().contains("`demo.keys` is an array, but"),
        "{err}"
    );
}

#[test]
fn malformed_input_is_an_error_never_a_panic_and_never_echoes_a_value() {
    let inputs = [
        format!("[demo]\napi_key = \"{VALUE}"),
        format!("[demo]\napi_key = '''{VALUE}"),
        format!("[demo]\n{VALUE}"),
        format!("[{VALUE}"),
        format!("[demo]\napi_key = [\"{VALUE}\", 1]"),
        format!("[demo]\napi_key = {{ inner = \"{VALUE}\" }}"),
        format!("demo = \"{VALUE}\""),
        format!("[demo]\napi_key = \"{VALUE}\"\n[demo]\n"),
        format!("\u{feff}[demo]\né = \"{VALUE}\"\n[[x]]"),
        "[a.b.c.d.e.f]\nk = 1".to_owned(),
        "=".repeat(10_000),
        "[".repeat(10_000),
        "\0\u{1}\u{7f}".to_owned(),
    ];
    for text in &inputs {
        if let Err(err) = Secrets::parse(text, "s.toml") {
            let message = err.to_string();
            assert!(message.starts_with("s.toml:"), "{message}");
            assert!(!message.contains(VALUE), "{message}");
            assert!(!format!("{err:?}").contains(VALUE));
        }
    }
}

fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plugkit-secrets-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("secrets.toml")
}

#[test]
fn files_are_read_and_a_missing_file_is_empty_only_when_asked() {
    let path = temp_path("read");
    std::fs::write(&path, "[demo]\napi_key = \"from-file\"\n").unwrap();
    let secrets = Secrets::load(&path).unwrap();
    assert_eq!(secrets.get(&KEY).unwrap().expose(), "from-file");
    assert_eq!(
        missing_header(&secrets),
        format!("missing secrets in `{}`:", path.display())
    );
    assert_eq!(
        Secrets::load_if_exists(&path)
            .unwrap()
            .get(&KEY)
            .unwrap()
            .expose(),
        "from-file"
    );

    let missing = path.with_file_name("absent.toml");
    let absent = Secrets::load_if_exists(&missing).unwrap();
    assert!(holds_none(&absent));
    assert_eq!(
        missing_header(&absent),
        format!("missing secrets (`{}` does not exist):", missing.display())
    );
    let err = Secrets::load(&missing).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "cannot read the secrets file `{}`: ",
            missing.display()
        )),
        "{err}"
    );
    assert!(err.to_string().ends_with(
        "\n  fix: make it a readable TOML file, or remove it if the program needs no secrets"
    ));

    // A folder where the file should be is an error for both, not "no secrets".
    let folder = path.with_file_name("folder.toml");
    std::fs::create_dir_all(&folder).unwrap();
    assert!(matches!(
        Secrets::load_if_exists(&folder),
        Err(SecretsError::Read { .. })
    ));

    std::fs::write(&path, "[demo]\napi_key = 1\n").unwrap();
    let err = Secrets::load_if_exists(&path).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "{}:2:11: `demo.api_key` is an integer",
            path.display()
        )),
        "{err}"
    );
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
}

#[test]
fn templates_sort_scopes_and_keys() {
    assert_eq!(
        toml_template([
            SecretDescription::new("b", "z", "last"),
            SecretDescription::new("b", "a", ""),
            SecretDescription::new("a", "key", "first"),
        ]),
        "[a]\n# first\nkey = \"<value>\"\n\n[b]\na = \"<value>\"\n# last\nz = \"<value>\"\n"
    );
}

// ---- the trace -------------------------------------------------------------------------------

/// What the namespace makes.
pub trait Vault: Send + Sync {
    /// How long the key is.
    fn key_length(&self) -> usize;
}

/// A namespace for the trace test.
#[derive(Namespace)]
#[namespace(name = "vaults", instance = dyn Vault)]
pub struct Vaults;

/// The vault's key.
pub struct VaultKey;
impl Secret for VaultKey {
    const DESCRIPTION: SecretDescription = SecretDescription::new("vault", "key", "");
}

struct Opened(usize);
impl Vault for Opened {
    fn key_length(&self) -> usize {
        self.0
    }
}

#[plugkit::instance(Vaults, uid = "vault")]
fn open(key: SecretValue<VaultKey>) -> Opened {
    Opened(key.expose().len())
}

/// Runs in the child: makes a vault with a secret, then fails to make one without.
#[test]
#[allow(clippy::print_stdout)] // the parent reads the child's stdout
fn child() {
    if std::env::var("SECRETS_CHILD").is_err() {
        return;
    }
    let secrets = Secrets::default().with("vault", "key", VALUE);
    let vault = Vaults::instances()
        .make_instance("vault", &secrets)
        .unwrap();
    println!("{}", vault.key_length());
    let err = Vaults::instances()
        .make_instance("vault", &Secrets::default())
        .err()
        .unwrap();
    println!("{err}");
}

#[test]
fn the_trace_names_secrets_and_never_shows_a_value() {
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env("SECRETS_CHILD", "1")
        .env("PLUGKIT_DEBUG", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stdout.contains(&format!("{}\n", VALUE.len())), "{stdout}");
    assert!(
        !stdout.contains(VALUE) && !stderr.contains(VALUE),
        "{stderr}"
    );
    let made = format!(
        "[plugkit] make_instance `vault` (vaults): Opened() from plugkit-framework {} (secrets::open)\n\
         [plugkit]   inject vault.key into `vault` (vaults): set\n\
         [plugkit]   made `vault`\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(stderr.contains(&made), "{stderr}");
}
