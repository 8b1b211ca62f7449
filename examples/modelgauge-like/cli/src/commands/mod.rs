//! One module per command.

pub(crate) mod entries;
pub(crate) mod list;
pub(crate) mod run_sut;
pub(crate) mod run_test;
pub(crate) mod secrets;

use plugkit::instances::{Secrets, SecretsError};

/// The secrets of `config/secrets.toml`; none when the file does not exist.
pub(crate) fn load_secrets() -> Result<Secrets, SecretsError> {
    Secrets::load_if_exists(modelgauge_like::SECRETS_PATH)
}
