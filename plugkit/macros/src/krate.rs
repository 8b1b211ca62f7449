//! `crate = path`: where generated code finds plugkit, for a host that re-exports it.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::meta::ParseNestedMeta;
use syn::{LitStr, Path};

/// The path of the plugkit crate as the user's crate sees it: `::plugkit` unless
/// `crate = my_host::plugkit` (or `crate = "my_host::plugkit"`, serde's spelling) says otherwise.
#[derive(Default)]
pub(crate) struct Krate(Option<Path>);

impl Krate {
    /// Reads the value of `crate = ..`; an error when it is given twice.
    pub(crate) fn parse(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let value = meta.value()?;
        let path: Path = if value.peek(LitStr) {
            let lit: LitStr = value.parse()?;
            lit.parse().map_err(|_| {
                syn::Error::new(
                    lit.span(),
                    "`crate` is the path plugkit is reached by, such as `crate = my_host::plugkit`",
                )
            })?
        } else {
            value.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "`crate` is the path plugkit is reached by, such as `crate = my_host::plugkit`",
                )
            })?
        };
        if self.0.replace(path).is_some() {
            return Err(meta.error("`crate` is given twice"));
        }
        Ok(())
    }

    /// `<krate>::__private`, the only module generated code names.
    pub(crate) fn private(&self) -> TokenStream {
        match &self.0 {
            Some(path) => {
                let path = path.to_token_stream();
                quote!(#path::__private)
            }
            None => quote!(::plugkit::__private),
        }
    }
}

/// Whether an option's key is `crate` (a keyword, so not an identifier).
pub(crate) fn is_crate(path: &Path) -> bool {
    path.leading_colon.is_none()
        && path.segments.len() == 1
        && path.segments[0].ident == "crate"
        && path.segments[0].arguments.is_none()
}

/// The `Origin` of `item` in the crate being compiled, written where the macro is called.
pub(crate) fn origin(krate: &Krate, item: &TokenStream) -> TokenStream {
    let p = krate.private();
    quote! {
        #p::origin(
            ::core::env!("CARGO_PKG_NAME"),
            ::core::env!("CARGO_PKG_VERSION"),
            ::core::module_path!(),
            #item,
            ::core::file!(),
            ::core::line!(),
            ::core::column!(),
        )
    }
}

/// `tokens` with every span set to `span`, so that an error in them points there.
pub(crate) fn respan(tokens: TokenStream, span: proc_macro2::Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let proc_macro2::TokenTree::Group(group) = &tree {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                tree = proc_macro2::TokenTree::Group(inner);
            } else {
                tree.set_span(span);
            }
            tree
        })
        .collect()
}
