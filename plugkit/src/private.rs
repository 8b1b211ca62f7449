//! Not public API: what the attribute macros' generated code names, and what `plugkit-remote`
//! shares with plugkit. Nothing here is covered by semver.
//!
//! Generated code names only `<crate>::__private::<flat name>` (the `crate = path` option of
//! every macro, `::plugkit` by default), never a public path: a type or trait by the flat name
//! it is re-exported under here, and every construction through a shim below with positional
//! arguments. The public API behind the shims may change; their names and signatures do not.

#[cfg(feature = "config")]
pub use dyn_clone;
#[cfg(feature = "config")]
pub use erased_serde;
use std::any::Any;
use std::future::Future;
use std::pin::Pin;

pub use linkme;
pub use serde;

pub use sections::{PLUGKIT_CAPABILITIES, PLUGKIT_ENTRIES, PLUGKIT_POINTS};

/// Declares the sections once for the targets linkme collects on (`$os`), and empty elsewhere,
/// so that the list of targets is written once.
macro_rules! sections_on {
    ($($os:literal),* $(,)?) => {
        /// What linked crates registered, one linker section per kind: each registration is a
        /// `#[used]` static that the linker gathers into its section; no code runs to collect
        /// them. The targets are linkme's.
        #[cfg(any($(target_os = $os),*))]
        mod sections {
            use crate::{Capability, Entry, Point};

            /// Every [`Point`] that linked crates registered (`#[pluggable]`,
            /// `#[derive(Namespace)]`, `#[config_kind]`, `plugin_commands!`).
            #[linkme::distributed_slice]
            pub static PLUGKIT_POINTS: [Point];

            /// Every [`Entry`] that linked crates registered (`#[plugin]`, `#[instance]`,
            /// `#[config_type]`, `#[plugin_section]`, `plugin_command!`).
            #[linkme::distributed_slice]
            pub static PLUGKIT_ENTRIES: [Entry];

            /// Every [`Capability`] that linked crates declared
            /// ([`capability!`](crate::capability)).
            #[linkme::distributed_slice]
            pub static PLUGKIT_CAPABILITIES: [Capability];
        }

        /// Where linkme cannot collect (WebAssembly among others), the sections are empty, so
        /// that plugkit itself still compiles there (checked by hand, not in CI).
        #[cfg(not(any($(target_os = $os),*)))]
        mod sections {
            use crate::{Capability, Entry, Point};

            /// No point is collected on this target.
            pub static PLUGKIT_POINTS: &[Point] = &[];
            /// No entry is collected on this target.
            pub static PLUGKIT_ENTRIES: &[Entry] = &[];
            /// No capability is collected on this target.
            pub static PLUGKIT_CAPABILITIES: &[Capability] = &[];
        }
    };
}

sections_on!(
    "none", "linux", "macos", "ios", "tvos", "android", "fuchsia", "illumos", "freebsd", "openbsd",
    "psp", "windows", "uefi",
);

/// For `plugkit-remote`: the message of a caught panic's payload, as plugkit words it.
pub use crate::panic::panic_message;

/// For `plugkit-remote`: whether two crate names are the same crate (`-` and `_` alike).
pub use crate::origin::same_crate;

/// For `plugkit-remote`: writes one `PLUGKIT_DEBUG` line, when debug output is on.
pub use crate::debug::emit as debug_emit;

// Types and traits that generated code names.
pub use crate::entry::{Order, Tier};
pub use crate::fns::NoPlugin;
pub use crate::fns::{CollectAll, Collected, FirstMatch, Pluggable};
pub use crate::{Entry, Origin, Point, Requirement};

#[cfg(feature = "config")]
pub use config::*;
#[cfg(feature = "instances")]
pub use instances::*;

/// For the benchmark of the registry's build on the real path: walks everything the linked
/// crates registered and builds the registry, exactly as [`init_expecting`](crate::init_expecting)
/// does once per process, but every time it is called and without installing the result.
pub fn build_linked_registry(expected: &[crate::ExpectedPlugin]) -> crate::Registry {
    crate::Registry::linked(expected)
}

/// `linked_plugins!()`: the plugins a build script found, as (package, version, linking package,
/// features left off).
pub const fn linked_plugins<const N: usize>(
    found: [(
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    ); N],
) -> [crate::ExpectedPlugin; N] {
    let mut out = [crate::ExpectedPlugin::new("", ""); N];
    let mut i = 0;
    while i < N {
        let (package, version, registration, features_off) = found[i];
        out[i] = crate::ExpectedPlugin::new(package, version)
            .registration(registration)
            .linked_by_build_script()
            .features_off(features_off);
        i += 1;
    }
    out
}

/// Where an item was written: the values of `env!("CARGO_PKG_NAME")`,
/// `env!("CARGO_PKG_VERSION")`, `module_path!()`, the item's name, `file!()`, `line!()` and
/// `column!()` in the crate that registers it.
pub const fn origin(
    crate_name: &'static str,
    crate_version: &'static str,
    module_path: &'static str,
    item: &'static str,
    file: &'static str,
    line: u32,
    column: u32,
) -> Origin {
    Origin::new(crate_name, crate_version, module_path, item).at(file, line, column)
}

/// `#[pluggable]`: the point of a `first_match` function, with or without a default body.
pub const fn first_match_point<F: 'static>(
    url: &'static str,
    has_default: bool,
    signature: &'static str,
    origin: Origin,
) -> Point {
    crate::fns::point::<F>(
        url,
        crate::Selector::FirstMatch,
        has_default,
        signature,
        origin,
    )
}

/// `#[pluggable(selector = collect_all)]`: the point of a function without a default.
pub const fn collect_all_point<F: 'static>(
    url: &'static str,
    signature: &'static str,
    origin: Origin,
) -> Point {
    crate::fns::point::<F>(url, crate::Selector::CollectAll, false, signature, origin)
}

/// `#[pluggable]`: the handle of a `first_match` point.
pub const fn first_match<F: Copy + 'static>(point: &'static Point) -> FirstMatch<F> {
    FirstMatch::new(point)
}

/// `#[pluggable(selector = collect_all)]`: the handle of a `collect_all` point.
pub const fn collect_all<F: Copy + 'static>(point: &'static Point) -> CollectAll<F> {
    CollectAll::new(point)
}

/// `#[pluggable]`: the plugin that runs, if any.
pub fn select<F: Copy + Send + Sync + 'static>(handle: &'static FirstMatch<F>) -> Option<F> {
    handle.select()
}

/// `#[pluggable]` without a body: the error when no plugin is available, converted into the
/// declared error type (which `FromNoPlugin` requires to convert from [`NoPlugin`]).
pub fn no_plugin<F: Copy + 'static, E: FromNoPlugin>(handle: &FirstMatch<F>) -> E {
    E::from_no_plugin(handle.no_plugin())
}

/// `#[pluggable(selector = collect_all)]`: every available plugin's result.
pub fn collect<F: Copy + 'static, R>(
    handle: &'static CollectAll<F>,
    call: impl FnMut(F) -> R,
) -> Collected<'static, R> {
    handle.collect(call)
}

/// The error type of a `#[pluggable]` without a body that returns `Result<T, E>`: `E` must
/// convert from [`NoPlugin`], which the function returns when no plugin is available.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold the error of a pluggable without a default: it does not implement `From<plugkit::fns::NoPlugin>`",
    label = "the pluggable returns this error when no plugin is available",
    note = "add a variant for it (`#[error(transparent)] NoPlugin(#[from] plugkit::fns::NoPlugin)`), give the pluggable a default body, or return a type that is not a `Result` (the function then returns `Result<T, plugkit::fns::NoPlugin>`)"
)]
pub trait FromNoPlugin {
    /// The conversion.
    fn from_no_plugin(no_plugin: NoPlugin) -> Self;
}

impl<E: From<NoPlugin>> FromNoPlugin for E {
    fn from_no_plugin(no_plugin: NoPlugin) -> Self {
        E::from(no_plugin)
    }
}

/// `#[plugin]`'s signature check: `Self` is the plugin's `fn` pointer type, `P` the pluggable
/// and `S` its signature; implemented only when `Self` is `S`.
#[diagnostic::on_unimplemented(
    message = "this function is not a plugin of `{P}`: its signature is `{Self}`, and `{P}` is `{S}`",
    label = "a plugin of `{P}` has the signature `{S}`",
    note = "a plugin has exactly its pluggable's parameter and return types"
)]
pub trait PluginOf<P: ?Sized, S> {}

impl<P: ?Sized, S> PluginOf<P, S> for S {}

/// `#[plugin]`: checks (at compile time) that `F`, the plugin's `fn` pointer type, is the
/// signature of the pluggable `P`.
pub const fn plugin_of<P: Pluggable, F: PluginOf<P, P::Signature>>() {}

/// `#[pluggable] async fn` with a default: the plugin's future or the default body's.
pub use futures_util::future::Either;

/// `#[pluggable] async fn`: a plugin's future, `Send` (the default).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// `#[pluggable(local)] async fn`: a plugin's future, not `Send`.
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Implemented by the type that `#[pluggable]` declares beside an `async fn`: `Shape` is the
/// signature as a plain `fn` pointer (the check of `async fn` plugins), `Boxed<'a>` the future
/// a plugin returns ([`BoxFuture`] or [`LocalBoxFuture`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an async pluggable, and this plugin is an `async fn`",
    label = "an `async fn` plugin implements an `async fn` pluggable",
    note = "make this plugin a plain `fn`, or declare the pluggable `async fn`"
)]
pub trait AsyncPluggable: Pluggable {
    /// The signature as a plain `fn` pointer type: `fn(&str) -> T` for `async fn(&str) -> T`.
    type Shape;
    /// The future a plugin returns, borrowing its arguments for `'a`.
    type Boxed<'a>;
}

/// `#[plugin] async fn`'s signature check: `Self` is the plugin's signature as a plain `fn`
/// pointer type, `P` the pluggable and `S` its own; implemented only when `Self` is `S`.
#[diagnostic::on_unimplemented(
    message = "this async function is not a plugin of `{P}`: its signature is `async {Self}`, and `{P}` is `async {S}`",
    label = "a plugin of `{P}` has the signature `async {S}`",
    note = "a plugin has exactly its pluggable's parameter and return types"
)]
pub trait AsyncPluginOf<P: ?Sized, S> {}

impl<P: ?Sized, S> AsyncPluginOf<P, S> for S {}

/// `#[plugin] async fn`: checks (at compile time) that `F`, the plugin's signature as a plain
/// `fn` pointer type, is the async pluggable `P`'s.
pub const fn async_plugin_of<P: AsyncPluggable, F: AsyncPluginOf<P, P::Shape>>() {}

/// A plugin's future boxed as its pluggable's `Target`: [`BoxFuture`] needs a `Send` future.
pub trait IntoBoxed<Target> {
    /// The boxing.
    fn into_boxed(self) -> Target;
}

impl<'a, T, Fut: Future<Output = T> + Send + 'a> IntoBoxed<BoxFuture<'a, T>> for Fut {
    fn into_boxed(self) -> BoxFuture<'a, T> {
        Box::pin(self)
    }
}

impl<'a, T, Fut: Future<Output = T> + 'a> IntoBoxed<LocalBoxFuture<'a, T>> for Fut {
    fn into_boxed(self) -> LocalBoxFuture<'a, T> {
        Box::pin(self)
    }
}

/// `#[plugin] async fn`: the plugin's future, boxed as its pluggable stores it.
pub fn boxed<Target, Fut: IntoBoxed<Target>>(future: Fut) -> Target {
    future.into_boxed()
}

/// `#[pluggable(selector = collect_all)] async fn`: every available plugin's future, run
/// concurrently; each result in order.
pub fn collect_concurrent<F: Copy + 'static, Fut: Future + Unpin>(
    handle: &'static CollectAll<F>,
    call: impl FnMut(F) -> Fut,
) -> impl Future<Output = Collected<'static, Fut::Output>> {
    handle.collect_concurrent(call)
}

/// `#[pluggable(selector = collect_all, sequential)] async fn`: every available plugin's future,
/// awaited one after the other, in order.
pub fn collect_sequential<F: Copy + 'static, Fut: Future + Unpin>(
    handle: &'static CollectAll<F>,
    call: impl FnMut(F) -> Fut,
) -> impl Future<Output = Collected<'static, Fut::Output>> {
    handle.collect_sequential(call)
}

/// `#[plugin]`, `#[instance]`, `#[config_type]`, `#[plugin_section]`: an entry of the point
/// `point`, in the normal tier with priority 0 and no requirements.
pub const fn entry(
    point: &'static str,
    id: &'static str,
    origin: Origin,
    payload: &'static (dyn Any + Send + Sync),
) -> Entry {
    Entry::new(point, id, origin, payload)
}

/// `#[plugin(tryfirst)]`.
pub const fn entry_tryfirst(entry: Entry) -> Entry {
    entry.tryfirst()
}

/// `#[plugin(trylast)]`.
pub const fn entry_trylast(entry: Entry) -> Entry {
    entry.trylast()
}

/// `#[plugin(priority = N)]`.
pub const fn entry_priority(entry: Entry, priority: i32) -> Entry {
    entry.priority(priority)
}

/// `#[plugin(before = [..])]`.
pub const fn entry_before(entry: Entry, names: &'static [&'static str]) -> Entry {
    entry.before(names)
}

/// `#[plugin(after = [..])]`.
pub const fn entry_after(entry: Entry, names: &'static [&'static str]) -> Entry {
    entry.after(names)
}

/// `#[plugin(requires = [..])]`.
pub const fn entry_requires(entry: Entry, requirements: &'static [Requirement]) -> Entry {
    entry.requires(requirements)
}

/// `#[plugin(recheck_each_call)]`.
pub const fn entry_recheck_each_call(entry: Entry) -> Entry {
    entry.recheck_each_call()
}

/// `#[plugin]` without `name`: the id is the function's path.
pub const fn entry_id_is_default(entry: Entry) -> Entry {
    entry.id_is_default()
}

/// `requires = ["name"]`: a crate or capability that must be present.
pub const fn requirement_present(name: &'static str) -> Requirement {
    Requirement::present(name)
}

/// `requires = ["name"]` where `name` is a dependency of the plugin crate `of`.
pub const fn requirement_dependency(
    name: &'static str,
    of: &'static str,
    enabled: bool,
    features: &'static [&'static str],
) -> Requirement {
    Requirement::dependency(name, of, enabled, features)
}

/// `requires = [check]`.
pub const fn requirement_check(name: &'static str, check: fn() -> bool) -> Requirement {
    Requirement::check(name, check)
}

/// What `#[derive(Namespace)]` and `#[instance]` generate code with.
#[cfg(feature = "instances")]
mod instances {
    use super::{Origin, Point};

    pub use crate::BoxError;
    pub use crate::instances::{Arg, Factory, Inject, Injector, Instances, Namespace, SecretUse};

    /// `#[derive(Namespace)]`: the point of a namespace whose uids make a `Box<T>`.
    pub const fn namespace_point<T: ?Sized + 'static>(
        url: &'static str,
        signature: &'static str,
        origin: Origin,
    ) -> Point {
        crate::instances::namespace_point::<Factory<T>>(url, signature, origin)
    }

    /// `#[derive(Namespace)]`: the namespace's view of the program-wide registry.
    pub fn instances<N: Namespace>() -> Instances<'static, N> {
        Instances::new(crate::registry())
    }

    /// `#[instance]`: a constructor's factory.
    pub const fn factory<T: ?Sized + 'static>(
        type_name: &'static str,
        construct: &'static crate::instances::Constructor<T>,
        args: &'static [Arg],
        secrets: &'static [SecretUse],
    ) -> Factory<T> {
        Factory::new(type_name, construct)
            .with_args(args)
            .with_secrets(secrets)
    }

    /// `#[instance(.., args(name = value))]`: one argument as written.
    pub const fn arg(name: &'static str, value: &'static str) -> Arg {
        Arg::new(name, value)
    }

    /// `#[instance]`: how many of the parameters' needs are secrets.
    pub const fn secret_count(needs: &[Option<SecretUse>]) -> usize {
        crate::instances::__private::secret_count(needs)
    }

    /// `#[instance]`: the secrets among the parameters' needs, in order.
    pub const fn secret_list<const N: usize>(needs: &[Option<SecretUse>]) -> [SecretUse; N] {
        crate::instances::__private::secret_list(needs)
    }

    /// Tests and benchmarks that build registries by hand: a namespace's point whose uids carry a
    /// `P`.
    pub const fn namespace_point_of<P: 'static>(
        url: &'static str,
        signature: &'static str,
        origin: Origin,
    ) -> Point {
        crate::instances::namespace_point::<P>(url, signature, origin)
    }
}

/// What `#[config_kind]`, `#[config_type]` and `#[plugin_section]` generate code with.
#[cfg(feature = "config")]
mod config {
    use std::any::Any;

    use super::{Origin, Point};

    pub use crate::config::{
        Conf, ConfType, ConfValue, Kind, PluginSection, SectionType, TagCache,
    };
    pub use dyn_clone::DynClone;

    /// `#[config_kind]`: the point of the kind `dyn K`.
    pub const fn config_kind_point<K: ?Sized + 'static>(
        url: &'static str,
        default_tag: Option<&'static str>,
        signature: &'static str,
        origin: Origin,
    ) -> Point {
        crate::config::kind_point::<ConfType<K>>(url, default_tag, signature, origin)
    }

    /// `#[config_kind]`: the kind's tag cache.
    pub const fn tag_cache<K: ?Sized + 'static>() -> TagCache<K> {
        TagCache::new()
    }

    /// `#[config_kind]`: a configuration value as [`Any`].
    pub fn as_any<C: ?Sized + ConfValue>(conf: &C) -> &dyn Any {
        conf.as_any()
    }

    /// `#[config_kind]`: `Serialize for dyn K`.
    pub fn serialize_kind<K: ?Sized + Kind, S: serde::Serializer>(
        conf: &K,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        crate::config::serialize(conf, serializer)
    }

    /// `#[config_kind]`: `Deserialize for Box<dyn K>`.
    pub fn deserialize_kind<'de, K: ?Sized + Kind, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Box<K>, D::Error> {
        crate::config::deserialize(deserializer)
    }

    /// `#[config_kind(clone)]`: the supertrait of the kind, so that every type of it clones.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not `Clone`, and its configuration kind asks for `clone`",
        label = "this type is not `Clone`",
        note = "derive `Clone` for it, or remove `clone` from the kind's `#[config_kind(..)]`"
    )]
    pub trait CloneConf: DynClone {}

    impl<T: Clone> CloneConf for T {}

    /// `#[config_kind(clone)]`: `Clone for Box<dyn K>`.
    pub fn clone_box<K: ?Sized + DynClone>(conf: &K) -> Box<K> {
        dyn_clone::clone_box(conf)
    }

    /// `#[config_type]`: a tag of the kind `dyn K`, with its two decoders.
    pub const fn conf_type<K: ?Sized + 'static>(
        tag: &'static str,
        type_name: &'static str,
        decode: crate::config::DecodeFn<K>,
        direct: crate::config::DirectFn<K>,
    ) -> ConfType<K> {
        ConfType::new(tag, type_name, decode).with_direct(direct)
    }

    /// `#[config_type]`: the URL of the kind `K`'s point.
    pub const fn kind_url<K: ?Sized + Kind>() -> &'static str {
        K::POINT.url
    }

    /// `#[plugin_section]`: a plugin's section type.
    pub const fn section_type(
        name: &'static str,
        type_name: &'static str,
        decode: crate::config::DecodeFn<dyn Conf>,
        default: fn() -> Box<dyn Conf>,
    ) -> SectionType {
        SectionType::new(name, type_name, decode, default)
    }

    /// `#[plugin_section]`: the point the sections are entries of.
    pub const PLUGINS_URL: &str = crate::config::PLUGINS_URL;

    /// Tests and benchmarks that build registries by hand: a configuration kind's point whose tags
    /// carry a `P`.
    pub const fn config_kind_point_of<P: 'static>(
        url: &'static str,
        default_tag: Option<&'static str>,
        signature: &'static str,
        origin: Origin,
    ) -> Point {
        crate::config::kind_point::<P>(url, default_tag, signature, origin)
    }
}
