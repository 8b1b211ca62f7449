//! Declarative plugin files: instances of registered configuration kinds, declared in TOML.

use std::path::Path;

use serde::Serialize;

use plugkit::BoxError;
use plugkit::instances::{Arg, Constructor, Factory, Injector, Namespace};
use plugkit::{Entry, Origin};

/// A namespace whose uids can be declared in a plugin folder's `*.toml` files: each declared
/// uid is a configuration of the kind [`Conf`](Declarable::Conf) (a
/// [`#[config_kind]`](plugkit::config_kind) trait, so its `type = "..."` is one of the types
/// that linked crates registered), and [`construct`](Declarable::construct) makes the instance
/// from it. Decoding a declaration runs no code but the registered types' deserializers.
///
/// ```
/// use plugkit::BoxError;
/// use plugkit::instances::{Injector, Namespace, Secrets};
/// use plugkit_remote::plugin_dir::{Declarable, declare};
///
/// pub trait Greeter: Send + Sync { fn greet(&self) -> String; }
/// #[derive(Namespace)]
/// #[namespace(name = "doc_declare_greeters", instance = dyn Greeter)]
/// pub struct Greeters;
///
/// /// A greeter as a declarative file configures it.
/// #[plugkit::config_kind(name = "doc-declare-greeter")]
/// pub trait GreeterConf: Send + Sync {
///     fn build(&self) -> Box<dyn Greeter>;
/// }
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Hello { name: String }
/// impl Greeter for Hello { fn greet(&self) -> String { format!("hello, {}", self.name) } }
/// #[plugkit::config_type(tag = "hello")]
/// impl GreeterConf for Hello { fn build(&self) -> Box<dyn Greeter> { Box::new(self.clone()) } }
///
/// impl Declarable for Greeters {
///     type Conf = dyn GreeterConf;
///     fn construct(conf: &dyn GreeterConf, _: &Injector<'_>) -> Result<Box<dyn Greeter>, BoxError> {
///         Ok(conf.build())
///     }
/// }
///
/// // What a host does with each `[greeters.<uid>]` table of a declarative file:
/// let conf: Box<dyn GreeterConf> = plugkit::config::Decoder::default().toml_str("type = \"hello\"\nname = \"Ada\"\n")?;
/// let entry = declare::<Greeters>(std::path::Path::new("plugins/ada.toml"), "ada", conf)?;
/// let registry = plugkit::Registry::builder().point(Greeters::POINT).entry(entry).build()?;
/// let greeters = Greeters::in_registry(&registry);
/// assert_eq!(greeters.list()[0].to_string(), "hello(name = \"Ada\")");
/// assert_eq!(greeters.make_instance("ada", &Secrets::default())?.greet(), "hello, Ada");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Declarable: Namespace {
    /// The configuration kind of a declared uid, usually `dyn SomeConf`.
    type Conf: ?Sized + Send + Sync + 'static;

    /// Makes the instance a declaration configures; runs when the host makes the uid.
    ///
    /// ```no_run
    /// # use plugkit_remote::plugin_dir::Declarable;
    /// # fn f<N: Declarable>(registry: &plugkit::Registry, secrets: &plugkit::instances::Secrets) -> Result<(), plugkit::instances::InstanceError> {
    /// // Making a declared uid calls `N::construct` with its configuration.
    /// let instance = N::in_registry(registry).make_instance("declared_uid", secrets)?;
    /// # let _ = instance; Ok(()) }
    /// ```
    fn construct(
        conf: &Self::Conf,
        injector: &Injector<'_>,
    ) -> Result<Box<Self::Instance>, BoxError>;
}

/// The registry entry of uid `uid` of `N`, declared in `file` with the configuration `conf`.
/// Its type, for listings, is the configuration's `type` tag, and its arguments are the other
/// keys. Its origin names the file: crate name the file's name, version `declared`, module
/// path the file's path. Its strings and factory are leaked once (entries are `Copy` with
/// `'static` data), which is bounded by the declarations read.
///
/// # Errors
///
/// When the configuration cannot be shown as arguments (it does not serialize to a table).
///
/// ```no_run
/// # use plugkit_remote::plugin_dir::{Declarable, declare};
/// # fn f<N: Declarable>(conf: Box<N::Conf>) -> Result<(), Box<dyn std::error::Error>> where Box<N::Conf>: serde::Serialize {
/// let entry = declare::<N>(std::path::Path::new("plugins/mine.toml"), "mine", conf)?;
/// # let _ = entry; Ok(()) }
/// ```
pub fn declare<N: Declarable>(
    file: &Path,
    uid: &str,
    conf: Box<N::Conf>,
) -> Result<Entry, serde_json::Error>
where
    Box<N::Conf>: Serialize,
{
    let shown = serde_json::to_value(&conf)?;
    let mut type_name = "declared".to_owned();
    let mut args = Vec::new();
    if let serde_json::Value::Object(fields) = shown {
        for (key, value) in fields {
            match (key.as_str(), value) {
                ("type", serde_json::Value::String(tag)) => type_name = tag,
                (_, value) => args.push(Arg::new(leak(&key), leak(&value.to_string()))),
            }
        }
    }
    let args: &'static [Arg] = Box::leak(args.into_boxed_slice());
    let uid = leak(uid);
    let file_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let origin = Origin::new(
        leak(&file_name),
        "declared",
        leak(&file.display().to_string()),
        uid,
    );
    let conf: &'static N::Conf = Box::leak(conf);
    let construct = move |injector: &Injector<'_>| N::construct(conf, injector);
    let construct: &'static Constructor<N::Instance> = Box::leak(Box::new(construct));
    let factory: &'static Factory<N::Instance> = Box::leak(Box::new(
        Factory::new(leak(&type_name), construct).with_args(args),
    ));
    Ok(Entry::new(N::URL, uid, origin, factory))
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}
