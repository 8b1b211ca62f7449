//! SUTs declared in a plugin folder's `*.toml` files: no code, only configuration.
//!
//! ```toml
//! # plugins/polite.toml
//! [suts.polite_echo]
//! type = "echo"            # a SUT type that a linked plugin crate registered
//! prefix = "Dear user: "   # that type's options
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use plugkit::BoxError;
use plugkit::instances::Injector;
use plugkit_remote::plugin_dir::{Declarable, declare};
use serde::Deserialize;

use crate::{Sut, Suts};

/// A SUT as a declarative plugin file configures it: `type = "..."` picks one of the types
/// that plugin crates register with `#[plugkit::config_type]`, and the other keys are that
/// type's options. Decoding one runs no plugin code; [`build`](SutConf::build) runs when the
/// host makes the uid.
///
/// ```
/// use modelgauge_like::{Sut, SutConf, SutError};
/// use plugkit::BoxError;
/// use plugkit::instances::Injector;
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Fixed { answer: String }
/// struct FixedSut(String);
/// impl Sut for FixedSut {
///     fn respond(&self, _: &str) -> Result<String, SutError> { Ok(self.0.clone()) }
/// }
/// #[plugkit::config_type(tag = "doc_fixed")]
/// impl SutConf for Fixed {
///     fn build(&self, _: &Injector<'_>) -> Result<Box<dyn Sut>, BoxError> {
///         Ok(Box::new(FixedSut(self.answer.clone())))
///     }
/// }
///
/// // A declarative plugin file configures a SUT of that type...
/// let dir = tempfile::tempdir()?;
/// let file = dir.path().join("fixed.toml");
/// std::fs::write(&file, "[suts.always_no]\ntype = \"doc_fixed\"\nanswer = \"No\"\n")?;
///
/// // ...and the host makes it by uid.
/// use modelgauge_like::Suts;
/// use plugkit::instances::{Namespace, Secrets};
/// let linked = Box::leak(Box::new(plugkit::Registry::builder().discovered().build()?));
/// let mut builder = plugkit::Registry::builder().point(Suts::POINT);
/// for entry in modelgauge_like::declared_suts(&file, linked)? {
///     builder = builder.entry(entry);
/// }
/// let registry = builder.build()?;
/// let sut = Suts::in_registry(&registry).make_instance("always_no", &Secrets::default())?;
/// assert_eq!(sut.respond("Is it?")?, "No");
/// # Ok::<(), plugkit::BoxError>(())
/// ```
#[plugkit::config_kind(name = "sut")]
pub trait SutConf: Send + Sync {
    /// Makes the SUT; its secrets come through `injector`.
    fn build(&self, injector: &Injector<'_>) -> Result<Box<dyn Sut>, BoxError>;
}

impl Declarable for Suts {
    type Conf = dyn SutConf;

    fn construct(conf: &dyn SutConf, injector: &Injector<'_>) -> Result<Box<dyn Sut>, BoxError> {
        conf.build(injector)
    }
}

/// A declarative plugin file: `[suts.<uid>]` tables, nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PluginFile {
    #[serde(default)]
    suts: BTreeMap<String, Box<dyn SutConf>>,
}

/// Reads a declarative plugin file and makes the registry entry of each SUT it declares.
/// Decoding goes through `plugkit::config` against `registry` (the linked plugins' types), so
/// an error names the file, line, column and key, and an unknown `type` lists the known ones.
///
/// # Errors
///
/// The file cannot be read or decoded.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let file = dir.path().join("mine.toml");
/// std::fs::write(&file, "[suts.mine]\ntype = \"nope\"\n")?;
/// let registry = Box::leak(Box::new(plugkit::Registry::builder().discovered().build()?));
/// let err = modelgauge_like::declared_suts(&file, registry).unwrap_err();
/// assert!(err.to_string().contains("mine.toml:2:8: in `suts.mine.type`: unknown sut type `nope`"), "{err}");
/// # Ok::<(), plugkit::BoxError>(())
/// ```
pub fn declared_suts(
    file: &Path,
    registry: &'static plugkit::Registry,
) -> Result<Vec<plugkit::Entry>, BoxError> {
    let decoded: PluginFile = plugkit::config::Decoder::default()
        .registry(registry)
        .read_file(file)?;
    let mut entries = Vec::with_capacity(decoded.suts.len());
    for (uid, conf) in decoded.suts {
        entries.push(declare::<Suts>(file, &uid, conf)?);
    }
    Ok(entries)
}
