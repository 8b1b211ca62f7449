//! `run-sut`: one prompt to one SUT.

use std::io::Write;

use modelgauge_like::Suts;
use plugkit::instances::Namespace;

use crate::error::CliError;

pub(crate) fn run(sut: &str, prompt: &str, out: &mut impl Write) -> Result<(), CliError> {
    let secrets = super::load_secrets()?;
    let made = Suts::instances().make_instance(sut, &secrets)?;
    let response = made.respond(prompt).map_err(|source| CliError::Sut {
        sut: sut.to_owned(),
        source,
    })?;
    writeln!(out, "sut: {sut}\nprompt: {prompt}\nresponse: {response}")?;
    Ok(())
}
