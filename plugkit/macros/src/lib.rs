//! The attribute macros of [plugkit](https://docs.rs/plugkit): [`pluggable`] and [`plugin`].
//! Use them through the `plugkit` crate, which re-exports them and holds what they expand to.

mod pluggable;
mod plugin;
mod signature;

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
///
/// The point's URL is `<domain>/<category>/<name>`.
///
/// # What it declares
///
/// - the function, which selects and calls a plugin. Written with a body, it returns the
///   declared type; written without (`fn f(..) -> T;`), it returns
///   `Result<T, plugkit::NoPlugin>`; with `selector = collect_all` it returns
///   `plugkit::fns::Collected<'static, T>`.
/// - a type of the same name (it shares the function's name: a type and a function live in
///   different namespaces) with `URL`, `POINT` (the point's descriptor) and `handle()` (a
///   [`FirstMatch`] or [`CollectAll`]); it implements `plugkit::fns::Pluggable`, whose
///   `Signature` is the `fn` pointer type plugins must have.
///
/// Functions cannot be generic, `async`, `const`, `unsafe`, take `self` or use `impl Trait`:
/// plugins are stored as `fn` pointers.
///
/// [`FirstMatch`]: https://docs.rs/plugkit/latest/plugkit/fns/struct.FirstMatch.html
/// [`CollectAll`]: https://docs.rs/plugkit/latest/plugkit/fns/struct.CollectAll.html
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
/// | `name = "..."` | the entry's id; by default the function's path (`my_crate::module::function`) |
/// | `tryfirst` / `trylast` | before / after every other entry; not both |
/// | `priority = N` | an `i32`; higher comes first within the tier |
/// | `before = ["id or crate"]`, `after = [..]` | order relative to other entries |
/// | `requires = ["crate-or-capability", check_fn]` | names that must be present, and `fn() -> bool` checks |
/// | `recheck_each_call` | run the checks on every call, not once |
#[proc_macro_attribute]
pub fn plugin(args: TokenStream, item: TokenStream) -> TokenStream {
    let expanded = plugin::Args::parse(args.into())
        .and_then(|args| Ok((args, syn::parse::<syn::ItemFn>(item)?)))
        .and_then(|(args, item)| plugin::expand(args, item));
    expanded
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
