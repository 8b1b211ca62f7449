//! The macros of [plugkit](https://docs.rs/plugkit-framework). Use them through the `plugkit` crate,
//! which re-exports them and holds what they expand to.
//!
//! | macro | style | what it does |
//! | --- | --- | --- |
//! | [`#[pluggable]`](macro@pluggable) | pluggable functions | declares a host function as an extension point whose body (if any) is the default |
//! | [`#[plugin]`](macro@plugin) | pluggable functions | registers a function as a plugin of a pluggable, signature checked by the compiler |
//! | [`#[derive(Namespace)]`](derive@Namespace) | instance factories | declares a namespace of named instances on a unit struct |
//! | [`#[instance]`](macro@instance) | instance factories | registers a constructor under a uid of a namespace |
//! | [`#[config_kind]`](macro@config_kind) | configuration kinds | declares a host trait as a configuration kind, `Box<dyn Trait>` decoded by its `type` tag |
//! | [`#[config_type]`](macro@config_type) | configuration kinds | registers a `type` tag of a kind on `impl Kind for Struct` |
//! | [`#[plugin_section]`](macro@plugin_section) | configuration kinds | registers a plugin's typed `[plugins.<name>]` section |
//!
//! Every macro takes `crate = path`: where the generated code finds plugkit, `::plugkit` by
//! default. A host that re-exports plugkit (`pub use plugkit;`) lets its plugin crates depend on
//! it alone: they write `#[my_host::plugkit::plugin(.., crate = my_host::plugkit)]` (serde's
//! `#[serde(crate = "...")]`; the path may also be written as a string).

mod config_kind;
mod config_type;
mod instance;
mod krate;
mod manifest;
mod namespace;
mod pluggable;
mod plugin;
mod plugin_section;
mod signature;

#[cfg(test)]
mod paths_test;

use proc_macro::TokenStream;

/// Declares a pluggable function: an extension point whose implementation plugins provide.
///
/// ```
/// /// Joins two polygons (given as (x, y) pairs).
/// #[plugkit::pluggable(domain = "https://plugins.example.org", category = "booleans")]
/// pub fn union(a: &[(f64, f64)], b: &[(f64, f64)]) -> Vec<(f64, f64)> {
///     a.to_vec() // the default, used when no plugin is available
/// }
///
/// assert_eq!(union::URL, "https://plugins.example.org/booleans/union");
/// assert_eq!(union(&[(0.0, 0.0)], &[]), [(0.0, 0.0)]);
/// ```
///
/// # Options
///
/// | option | meaning | default |
/// | --- | --- | --- |
/// | `domain = "..."` | the URL's authority: `example.org` gives `plugkit://example.org/..`, a URL with a scheme is used as it is | the crate's name |
/// | `category = "..."` | the URL's path before the function's name (`a/b` nests) | none |
/// | `selector = first_match` | the first available plugin runs; the body is the default | yes |
/// | `selector = collect_all` | every available plugin runs; the function has no body | |
/// | `local` | an `async fn` only: its plugins' futures need not be `Send` (nor, then, is the function's) | `Send` futures |
/// | `sequential` | an `async fn` with `selector = collect_all` only: the plugins' futures run one after the other, in order, instead of concurrently | concurrent |
/// | `crate = path` | where generated code finds plugkit, for a host that re-exports it | `::plugkit` |
///
/// The point's URL is `<domain>/<category>/<name>`.
///
/// # What it declares
///
/// - the function, which selects and calls a plugin. What it returns:
///
///   | declared as | returns | with no plugin available |
///   | --- | --- | --- |
///   | `fn f(..) -> T { default }` | `T` | the body runs |
///   | `fn f(..) -> T;` | `Result<T, plugkit::fns::NoPlugin>` | `Err(NoPlugin)` |
///   | `fn f(..) -> Result<T, E>;` | `Result<T, E>`, as declared; `E` must implement `From<plugkit::fns::NoPlugin>` (a compile error says so otherwise) | `Err(E::from(no_plugin))` |
///   | `selector = collect_all`, `fn f(..) -> T;` | `plugkit::fns::Collected<'static, T>` | an empty collection |
///
///   A `Result` is recognized by its spelling: a path ending in `Result` with two type
///   arguments. A one-argument alias (`std::io::Result<T>`) is a value like any other.
/// - a type of the same name (it shares the function's name: a type and a function live in
///   different namespaces) with `URL`, `POINT` (the point's descriptor) and `handle()` (a
///   [`FirstMatch`] or [`CollectAll`]); it implements `plugkit::fns::Pluggable`, whose
///   `Signature` is the `fn` pointer type plugins must have.
///
/// Functions cannot be generic, `const`, `unsafe`, take `self` or use `impl Trait`: plugins are
/// stored as `fn` pointers.
///
/// # `async fn`
///
/// An `async fn` pluggable works the same way, awaited: its plugins are `async fn`s (a plain
/// `fn` plugin of it, or an `async fn` plugin of a plain pluggable, does not compile, and the
/// message names the pluggable). Each plugin is stored as a `fn` pointer that returns its future
/// boxed, `Pin<Box<dyn Future<Output = T> + Send + '_>>`, borrowing the arguments; what the
/// function returns is the table above with `async` before `fn`. The rules:
///
/// - plugins' futures are `Send` unless the pluggable is `local`: a plugin that holds an `Rc`
///   or another `!Send` value across an `.await` fails to compile ("future cannot be sent
///   between threads safely"), and the pluggable's own future is `Send` (spawnable) when its
///   default body's is;
/// - `collect_all` polls every available plugin's future together on the caller's task
///   (concurrently, without a runtime or a thread) and returns the results in registry order;
///   `sequential` awaits them one after the other. A plugin whose future panics is reported in
///   its outcome; the others complete;
/// - plugkit depends on no runtime: any executor (tokio, `futures::executor`) runs the futures.
///
/// ```
/// use std::task::{Context, Poll, Waker};
///
/// #[plugkit::pluggable(category = "storage")]
/// pub async fn fetch(key: &str) -> Vec<u8>;
///
/// #[plugkit::plugin(fetch)]
/// async fn fetch_from_memory(key: &str) -> Vec<u8> {
///     key.as_bytes().to_vec()
/// }
///
/// // Any executor; here, one poll with a waker that does nothing.
/// let mut future = std::pin::pin!(fetch("ab"));
/// let polled = future.as_mut().poll(&mut Context::from_waker(Waker::noop()));
/// assert_eq!(polled, Poll::Ready(Ok(b"ab".to_vec())));
/// ```
///
/// Because the function and the type share a name, an intra-doc link to the function is
/// written ``[`name`](fn@name)`` (a plain ``[`name`]`` is ambiguous, and rustdoc warns).
///
/// [`FirstMatch`]: https://docs.rs/plugkit-framework/latest/plugkit/fns/struct.FirstMatch.html
/// [`CollectAll`]: https://docs.rs/plugkit-framework/latest/plugkit/fns/struct.CollectAll.html
#[proc_macro_attribute]
pub fn pluggable(args: TokenStream, item: TokenStream) -> TokenStream {
    let expanded = pluggable::Args::parse(args.into())
        .and_then(|args| Ok((args, syn::parse::<pluggable::PluggableFn>(item)?)))
        .and_then(|(args, item)| pluggable::expand(args, item));
    expanded
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Registers a function as a plugin of a pluggable, named by path. The compiler checks that
/// the signatures match.
///
/// ```
/// # mod host {
/// #     #[plugkit::pluggable(category = "text")]
/// #     pub fn shout(text: &str) -> String { text.to_owned() }
/// # }
/// fn has_terminal() -> bool { true }
///
/// #[plugkit::plugin(host::shout, tryfirst, requires = [has_terminal])]
/// fn shout_loudly(text: &str) -> String {
///     text.to_uppercase()
/// }
///
/// assert_eq!(host::shout("hi"), "HI");
/// ```
///
/// # Options
///
/// | option | meaning |
/// | --- | --- |
/// | `path::to::pluggable` (first) | the pluggable implemented |
/// | `pluggable_name = "f"` | the pluggable is `f` in the module the path names (COMPAS's spelling, for a function named otherwise) |
/// | `name = "..."` | the entry's id; by default the function's path (`my_crate::module::function`, with `@file:line` added when two functions of the crate share it) |
/// | `tryfirst` / `trylast` | before / after every other entry; not both |
/// | `priority = N` | an `i32`; higher comes first within the tier |
/// | `before = ["id or crate"]`, `after = [..]` | order relative to other entries |
/// | `requires = ["crate-or-capability", check_fn]` | names that must be present, and `fn() -> bool` checks |
/// | `recheck_each_call` | run the checks on every call, not once |
/// | `crate = path` | where generated code finds plugkit (`::plugkit` by default), for a plugin crate that depends on a host that re-exports it |
///
/// A function whose signature is not the pluggable's fails to compile with a message that
/// names the pluggable and both signatures. An `async fn` pluggable takes `async fn` plugins,
/// with the same options; their futures must be `Send` unless the pluggable is `local` (see
/// [`pluggable`](macro@pluggable)).
///
/// A name in `requires` that is a dependency in the plugin crate's own `Cargo.toml` is settled
/// when the crate compiles, from the manifest (`-` and `_` the same; a renamed dependency by its
/// key or its `package`): met if it is in `[dependencies]`; on its target if it is in
/// `[target.'cfg(..)'.dependencies]`; with one of the features that enable it if it is
/// optional (otherwise the skip reason names them); in tests and benchmarks if it is a
/// dev-dependency. A name under a target-triple key, or that is not a dependency, or a manifest
/// that cannot be read, leaves the name to the run-time check: a linked crate or a declared
/// capability. Reading the manifest needs plugkit's `requires-manifest` feature (on by
/// default; it compiles toml into the macros). When no crate of the build turns it on (a host
/// and its plugins with `default-features = false`), every name is left to the run-time check,
/// so a dependency that registers nothing is absent unless it is declared as a capability.
#[proc_macro_attribute]
pub fn plugin(args: TokenStream, item: TokenStream) -> TokenStream {
    let expanded = plugin::Args::parse(args.into())
        .and_then(|args| Ok((args, syn::parse::<syn::ItemFn>(item)?)))
        .and_then(|(args, item)| plugin::expand(args, item));
    expanded
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares a namespace of named instances (the ModelGauge style) on a unit struct, and
/// implements `plugkit::instances::Namespace` for it.
///
/// ```
/// pub trait Sut: Send + Sync {
///     fn answer(&self, prompt: &str) -> String;
/// }
///
/// /// The systems under test.
/// #[derive(plugkit::instances::Namespace)]
/// #[namespace(name = "macro_doc_suts", instance = dyn Sut)]
/// pub struct Suts;
///
/// use plugkit::instances::Namespace;
/// assert_eq!(Suts::URL, "plugkit://plugkit-macros/macro_doc_suts");
/// assert!(Suts::instances().list().is_empty());
/// ```
///
/// # Options of `#[namespace(..)]`
///
/// | option | meaning |
/// | --- | --- |
/// | `name = "..."` (required) | the namespace's name (`suts`): messages use it, and it ends the URL |
/// | `instance = Type` (required) | what each uid makes a `Box` of, usually `dyn Trait` |
/// | `domain = "..."` | the URL's authority, as for `#[pluggable]`; the crate's name by default |
/// | `crate = path` | where generated code finds plugkit; `::plugkit` by default |
#[proc_macro_derive(Namespace, attributes(namespace))]
pub fn derive_namespace(input: TokenStream) -> TokenStream {
    syn::parse::<syn::DeriveInput>(input)
        .and_then(namespace::expand)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Registers a uid in a namespace: this function constructs its instance, with the arguments
/// given in `args(..)`; every other parameter is injected (`SecretValue<S>`,
/// `Option<SecretValue<S>>`, `Uid`). Nothing runs until the host calls `make_instance`.
///
/// ```
/// # pub trait Sut: Send + Sync { fn answer(&self, prompt: &str) -> String; }
/// # #[derive(plugkit::instances::Namespace)]
/// # #[namespace(name = "macro_doc_instance_suts", instance = dyn Sut)]
/// # pub struct Suts;
/// use plugkit::instances::{Namespace, Secrets, Uid};
///
/// struct Constant { uid: Uid, answer: String }
/// impl Sut for Constant {
///     fn answer(&self, _prompt: &str) -> String { format!("{}: {}", self.uid, self.answer) }
/// }
///
/// #[plugkit::instance(Suts, uid = "always_yes", args(answer = "Yes"))]
/// #[plugkit::instance(Suts, uid = "always_no", args(answer = "No"))]
/// fn constant(uid: Uid, answer: &str) -> Constant {
///     Constant { uid, answer: answer.to_owned() }
/// }
///
/// let sut = Suts::instances().make_instance("always_no", &Secrets::default())?;
/// assert_eq!(sut.answer("Is it?"), "always_no: No");
/// # Ok::<(), plugkit::instances::InstanceError>(())
/// ```
///
/// # Options
///
/// | option | meaning |
/// | --- | --- |
/// | `path::to::Namespace` (first) | the namespace, a type that derives `Namespace` |
/// | `uid = "..."` (required) | the name the instance is made by; unique in the namespace |
/// | `args(param = expr, ..)` | values for the named parameters, evaluated at each `make_instance`; listings show them as written |
/// | `crate = path` | where generated code finds plugkit; `::plugkit` by default |
///
/// The function returns the instance's type, or a `Result` of it whose error converts into
/// `Box<dyn Error + Send + Sync>`; a failure is reported with the uid. Stack the attribute to
/// register one constructor under several uids with different arguments.
///
/// # Injection
///
/// Every parameter that `args(..)` does not name is injected by `make_instance`, according to
/// its type:
///
/// | parameter type | what it receives |
/// | --- | --- |
/// | `SecretValue<S>` | the value of the secret `S` (a type implementing `Secret`); required: when it is not set, nothing is constructed and the error gives the TOML to add |
/// | `Option<SecretValue<S>>` | the same secret, optional: `None` when it is not set |
/// | `Uid` | the uid being made |
///
/// Any other type fails to compile, with a message saying to give the parameter a value in
/// `args(..)`. The secrets a constructor takes are known without running it: listings show
/// them, and `missing_dependencies` lists those that are not set.
///
/// ```
/// # pub trait Sut: Send + Sync { fn answer(&self, prompt: &str) -> String; }
/// # #[derive(plugkit::instances::Namespace)]
/// # #[namespace(name = "macro_doc_inject_suts", instance = dyn Sut)]
/// # pub struct Suts;
/// use plugkit::instances::{Namespace, Secret, SecretDescription, SecretValue, Secrets};
///
/// pub struct ApiKey;
/// impl Secret for ApiKey {
///     const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "api_key", "Ask us");
/// }
/// pub struct OrgId;
/// impl Secret for OrgId {
///     const DESCRIPTION: SecretDescription = SecretDescription::new("remote", "org_id", "");
/// }
///
/// struct Remote { key_len: usize, org: Option<String> }
/// impl Sut for Remote {
///     fn answer(&self, _: &str) -> String { format!("{} {:?}", self.key_len, self.org) }
/// }
///
/// #[plugkit::instance(Suts, uid = "remote")]
/// fn remote(key: SecretValue<ApiKey>, org: Option<SecretValue<OrgId>>) -> Remote {
///     Remote { key_len: key.expose().len(), org: org.map(|o| o.expose().to_owned()) }
/// }
///
/// let none = Secrets::default();
/// assert_eq!(Suts::instances().missing_dependencies("remote", &none)?[0].secret, ApiKey::DESCRIPTION);
/// assert!(Suts::instances().make_instance("remote", &none).is_err());
/// let secrets = Secrets::default().with("remote", "api_key", "12345");
/// assert_eq!(Suts::instances().make_instance("remote", &secrets)?.answer("?"), "5 None");
/// # Ok::<(), plugkit::instances::InstanceError>(())
/// ```
#[proc_macro_attribute]
pub fn instance(args: TokenStream, item: TokenStream) -> TokenStream {
    let expanded = instance::Args::parse(args.into())
        .and_then(|args| Ok((args, syn::parse::<syn::ItemFn>(item)?)))
        .and_then(|(args, item)| instance::expand(args, item));
    expanded
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares a configuration kind (the Qik style) on a host's trait: `Box<dyn Trait>` decodes
/// from a table whose `type` picks the registered type, and serializes back with its tag. The
/// trait's methods are the factory; plugins implement it with [`macro@config_type`].
///
/// ```
/// /// A cache as configured.
/// #[plugkit::config_kind(name = "macro-doc-cache", default = "memory")]
/// pub trait CacheConf {
///     /// Builds the cache named `name` (the factory).
///     fn build(&self, name: &str) -> String;
/// }
///
/// #[derive(serde::Serialize, serde::Deserialize)] // as for typetag: no `Clone` or `Debug` needed
/// struct Memory { size: u32 }
///
/// #[plugkit::config_type(tag = "memory")]
/// impl CacheConf for Memory {
///     fn build(&self, name: &str) -> String { format!("{name}: {} entries in memory", self.size) }
/// }
///
/// let conf: Box<dyn CacheConf> = plugkit::config::Decoder::default().toml_str("size = 8")?; // `type` defaults to "memory"
/// assert_eq!(conf.build("hot"), "hot: 8 entries in memory");
/// assert_eq!(serde_json::to_string(&conf)?, r#"{"type":"memory","size":8}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A kind that asks for `clone` and `debug` can be cloned and printed, and requires its types
/// to be `Clone` and `Debug` (a type that is not fails to compile, naming the option):
///
/// ```
/// #[plugkit::config_kind(name = "macro-doc-venv-kind", clone, debug)]
/// pub trait VenvConf {}
///
/// #[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
/// struct Uv { python: String }
///
/// #[plugkit::config_type(tag = "uv")]
/// impl VenvConf for Uv {}
///
/// let conf: Box<dyn VenvConf> = plugkit::config::Decoder::default().toml_str("type = \"uv\"\npython = \"3.12\"")?;
/// assert_eq!(format!("{:?}", conf.clone()), r#"Uv { python: "3.12" }"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Options
///
/// | option | meaning | default |
/// | --- | --- | --- |
/// | `name = "..."` | the kind's name in messages ("unknown cache type") and the end of its URL: one URL segment (letters, digits, `-`, `.`, `_`, `~`) | the trait's name without `Conf`/`Config`, in kebab case |
/// | `default = "tag"` | the tag used when a configuration has no `type` | none: a missing `type` is an error |
/// | `url = "..."` | the kind's point URL, whole, with its scheme (`https://example.org/config/cache`) | `plugkit://<crate>/config/<name>` |
/// | `clone` | `Clone for Box<dyn Trait>`; every type of the kind must be `Clone` | not cloneable |
/// | `debug` | `Debug for dyn Trait` (and so for `Box<dyn Trait>`); every type must be `Debug` | not printable |
/// | `crate = path` | where generated code finds plugkit | `::plugkit` |
///
/// A `name` or `url` that would not make a valid URL is a compile error.
///
/// # What it adds
///
/// `plugkit::config::ConfValue` as a supertrait (serializable, `Send + Sync`, downcastable),
/// with `Clone` (through dyn-clone) and `Debug` when asked for, a hidden method that returns the
/// tag, `plugkit::config::Kind for dyn Trait`, `Serialize for dyn Trait`, `Deserialize for
/// Box<dyn Trait>`, `Clone for Box<dyn Trait>` with `clone`, `downcast_ref` on `dyn Trait`,
/// and the kind's point. The trait cannot be generic.
#[proc_macro_attribute]
pub fn config_kind(args: TokenStream, item: TokenStream) -> TokenStream {
    config_kind::Args::parse(args.into())
        .and_then(|args| Ok((args, syn::parse::<syn::ItemTrait>(item)?)))
        .and_then(|(args, item)| config_kind::expand(args, item))
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Registers a `type` tag of a configuration kind: on `impl Kind for Struct`, where the struct
/// is `Serialize + Deserialize` (and `Clone` or `Debug` if the kind asks for them). The impl's
/// methods are the tag's factory.
///
/// ```
/// # #[plugkit::config_kind(name = "macro-doc-venv")]
/// # pub trait VenvConf { fn python(&self) -> String; }
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Uv { python: String }
///
/// #[plugkit::config_type(tag = "uv")]
/// impl VenvConf for Uv {
///     fn python(&self) -> String { self.python.clone() }
/// }
///
/// let conf: Box<dyn VenvConf> = plugkit::config::Decoder::default().toml_str("type = \"uv\"\npython = \"3.12\"")?;
/// assert_eq!(conf.python(), "3.12");
/// # Ok::<(), plugkit::config::DecodeError>(())
/// ```
///
/// `tag = "..."` (required) is what users write in `type = "..."`. Two crates registering the
/// same tag for one kind is a problem when the registry is built, naming both.
/// `crate = path` says where generated code finds plugkit (`::plugkit` by default).
#[proc_macro_attribute]
pub fn config_type(args: TokenStream, item: TokenStream) -> TokenStream {
    config_type::Args::parse(args.into())
        .and_then(|args| Ok((args, syn::parse::<syn::ItemImpl>(item)?)))
        .and_then(|(args, item)| config_type::expand(args, item))
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Registers a plugin's typed configuration section, `[plugins.<name>]`, on a struct that is
/// `Serialize + Deserialize + Default + Clone + Debug`. Unknown keys are rejected; a plugin
/// whose section is absent gets its `Default`.
///
/// ```
/// #[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
/// #[plugkit::plugin_section(name = "macro-doc-pygraph")]
/// struct PygraphSettings { ignore_type_checking: bool }
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Config { #[serde(default)] plugins: plugkit::config::PluginSections }
///
/// let config: Config = plugkit::config::Decoder::default().toml_str("[plugins.macro-doc-pygraph]\nignore_type_checking = true")?;
/// assert!(config.plugins.get::<PygraphSettings>()?.ignore_type_checking);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// `name = "..."` (required) is the `<name>` of `[plugins.<name>]`; `crate = path` says where
/// generated code finds plugkit (`::plugkit` by default).
#[proc_macro_attribute]
pub fn plugin_section(args: TokenStream, item: TokenStream) -> TokenStream {
    plugin_section::Args::parse(args.into())
        .and_then(|args| plugin_section::expand(args, item.into()))
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
