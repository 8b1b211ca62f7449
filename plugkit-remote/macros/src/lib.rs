//! The `#[remote]` attribute of `plugkit-remote`: use it as `#[plugkit_remote::remote(..)]`.

use proc_macro::TokenStream;

mod remote;

/// Makes a host trait servable by plugin processes: generates the namespace's
/// `RemoteNamespace` implementation (the proxy and the dispatch). Documented, with examples, on
/// its re-export `plugkit_remote::remote`.
#[proc_macro_attribute]
pub fn remote(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = syn::parse_macro_input!(item as syn::ItemTrait);
    match remote::expand(args.into(), item) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}
