//! `#[pluggable]`: a host function becomes an extension point.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Attribute, Block, LitStr, Signature, Token, Visibility};

use crate::krate::{self, Krate};
use crate::signature;

/// The function as written: a body is the default implementation; `;` means none.
pub(crate) struct PluggableFn {
    attrs: Vec<Attribute>,
    vis: Visibility,
    sig: Signature,
    body: Option<Block>,
}

impl Parse for PluggableFn {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let sig = input.parse()?;
        let body = if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            None
        } else {
            Some(input.parse()?)
        };
        Ok(PluggableFn {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Selector {
    FirstMatch,
    CollectAll,
}

/// `domain = "...", category = "...", selector = first_match | collect_all, crate = path`.
#[derive(Default)]
pub(crate) struct Args {
    krate: Krate,
    domain: Option<LitStr>,
    category: Option<LitStr>,
    selector: Option<(Selector, Span)>,
    /// `local`: an `async fn` whose plugins' futures need not be `Send`.
    local: Option<Span>,
    /// `sequential`: an async `collect_all` that awaits its plugins one after the other.
    sequential: Option<Span>,
}

impl Args {
    pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Self> {
        let mut args = Args::default();
        let parser = syn::meta::parser(|meta| {
            if krate::is_crate(&meta.path) {
                return args.krate.parse(&meta);
            }
            let key = meta
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            let dup = || meta.error(format!("`{key}` is given twice"));
            match key.as_str() {
                "domain" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    check_url_part(&lit, "domain", true)?;
                    if args.domain.replace(lit).is_some() {
                        return Err(dup());
                    }
                }
                "category" => {
                    let lit: LitStr = meta.value()?.parse()?;
                    check_url_part(&lit, "category", false)?;
                    if args.category.replace(lit).is_some() {
                        return Err(dup());
                    }
                }
                "selector" => {
                    let value = meta.value()?;
                    let ident: syn::Ident = value.parse().map_err(|e| {
                        syn::Error::new(
                            e.span(),
                            "expected `selector = first_match` or `selector = collect_all`",
                        )
                    })?;
                    let selector = match ident.to_string().as_str() {
                        "first_match" => Selector::FirstMatch,
                        "collect_all" => Selector::CollectAll,
                        other => {
                            return Err(syn::Error::new(
                                ident.span(),
                                format!(
                                    "unknown selector `{other}`: expected `first_match` or `collect_all`"
                                ),
                            ));
                        }
                    };
                    if args.selector.replace((selector, ident.span())).is_some() {
                        return Err(dup());
                    }
                }
                "local" => {
                    if args.local.replace(meta.path.span()).is_some() {
                        return Err(dup());
                    }
                }
                "sequential" => {
                    if args.sequential.replace(meta.path.span()).is_some() {
                        return Err(dup());
                    }
                }
                _ => {
                    return Err(meta.error(format!(
                        "unknown option `{}` of #[pluggable]: expected `domain`, `category`, `selector`, `local`, `sequential` or `crate`",
                        signature::path_text(&meta.path)
                    )));
                }
            }
            Ok(())
        });
        syn::parse::Parser::parse2(parser, tokens)?;
        Ok(args)
    }
}

/// URL parts may hold only characters that need no escaping.
pub(crate) fn check_url_part(lit: &LitStr, what: &str, is_domain: bool) -> syn::Result<()> {
    let value = lit.value();
    let rest = match (is_domain, value.split_once("://")) {
        (true, Some((scheme, rest))) => {
            let scheme_ok = scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
            if !scheme_ok {
                return Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "`{what}` has an invalid URL scheme `{scheme}`: a scheme starts with a \
                         letter and holds letters, digits, `+`, `-` and `.`, as in `https://`"
                    ),
                ));
            }
            rest.to_owned()
        }
        _ => value.clone(),
    };
    let ok = !rest.is_empty()
        && rest.trim_end_matches('/').split('/').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        });
    if ok {
        Ok(())
    } else {
        Err(syn::Error::new(
            lit.span(),
            format!(
                "`{what}` must be non-empty `/`-separated segments of letters, digits, `-`, `.`, `_` \
                 and `~`, so that the point's URL is valid; got {value:?}"
            ),
        ))
    }
}

pub(crate) fn expand(args: Args, item: PluggableFn) -> syn::Result<TokenStream> {
    let PluggableFn {
        attrs,
        vis,
        sig,
        body,
    } = item;
    let params = signature::check(&sig, "pluggable")?;
    let selector = args.selector.map_or(Selector::FirstMatch, |(s, _)| s);
    let is_async = sig.asyncness.is_some();
    if let (Some(span), false) = (args.local, is_async) {
        return Err(syn::Error::new(
            span,
            "`local` is for an `async fn` pluggable, whose plugins' futures then need not be \
             `Send`; this function is not `async`",
        ));
    }
    if let Some(span) = args.sequential
        && !(is_async && selector == Selector::CollectAll)
    {
        return Err(syn::Error::new(
            span,
            "`sequential` is for an `async fn` pluggable with `selector = collect_all`, whose \
             plugins' futures then run one after the other instead of concurrently",
        ));
    }
    if selector == Selector::CollectAll
        && let Some(body) = &body
    {
        return Err(syn::Error::new(
            body.span(),
            "a `collect_all` pluggable has no default body: every available plugin's result is \
             collected; declare it as `fn name(..) -> T;`",
        ));
    }

    let name = &sig.ident;
    let name_str = name.to_string();
    let output = &sig.output;
    let ret = match output {
        syn::ReturnType::Default => quote!(()),
        syn::ReturnType::Type(_, ty) => quote!(#ty),
    };
    let shape = signature::fn_pointer(&params, output);
    let async_types = signature::async_types(&params, output);
    let p = args.krate.private();
    let boxed = |lifetime: &syn::Lifetime| {
        let output = &async_types.output;
        match args.local {
            Some(_) => quote!(#p::LocalBoxFuture<#lifetime, #output>),
            None => quote!(#p::BoxFuture<#lifetime, #output>),
        }
    };
    let fn_ptr = match is_async {
        true => signature::async_fn_pointer(
            &async_types,
            &boxed(&signature::future_lifetime(async_types.borrows)),
        ),
        false => shape.clone(),
    };
    let display = match is_async {
        true => format!("async {}", signature::display(&params, output)),
        false => signature::display(&params, output),
    };
    let origin = krate::origin(&args.krate, &quote!(#name_str));

    let url_tail = match &args.category {
        Some(c) => format!("{}/{}", c.value().trim_matches('/'), name_str),
        None => name_str.clone(),
    };
    let url = match &args.domain {
        Some(d) if d.value().contains("://") => {
            let url = format!("{}/{}", d.value().trim_end_matches('/'), url_tail);
            quote!(#url)
        }
        Some(d) => {
            let url = format!("plugkit://{}/{}", d.value().trim_end_matches('/'), url_tail);
            quote!(#url)
        }
        None => {
            let tail = format!("/{url_tail}");
            quote!(::core::concat!("plugkit://", ::core::env!("CARGO_PKG_NAME"), #tail))
        }
    };

    let names = &params.names;
    let inputs = sig.inputs.iter().zip(names).map(|(arg, n)| match arg {
        syn::FnArg::Typed(t) => {
            let ty = &t.ty;
            quote!(#n: #ty)
        }
        syn::FnArg::Receiver(_) => quote!(),
    });
    let original_inputs = &sig.inputs;
    let fn_token = &sig.fn_token;
    let asyncness = &sig.asyncness;
    let await_ = is_async.then(|| quote!(.await));
    let (handle, make_handle) = match selector {
        Selector::FirstMatch => (quote!(FirstMatch), quote!(first_match)),
        Selector::CollectAll => (quote!(CollectAll), quote!(collect_all)),
    };
    let point = match selector {
        Selector::FirstMatch => {
            let has_default = body.is_some();
            quote!(#p::first_match_point::<#fn_ptr>(#name::URL, #has_default, #display, #origin))
        }
        Selector::CollectAll => {
            quote!(#p::collect_all_point::<#fn_ptr>(#name::URL, #display, #origin))
        }
    };

    let wrapper = match (selector, body) {
        // Selected when called, not when first polled: the future is the plugin's own, or the
        // default body's, with no state machine of its own around it.
        (Selector::FirstMatch, Some(body)) if is_async => quote! {
            #(#attrs)*
            #vis #fn_token #name(#(#inputs),*) -> impl ::core::future::Future<Output = #ret> {
                #[allow(clippy::all, unused_mut)]
                async fn __plugkit_default(#original_inputs) -> #ret #body
                match #p::select(#name::handle()) {
                    ::core::option::Option::Some(__plugkit_plugin) => #p::Either::Left(__plugkit_plugin(#(#names),*)),
                    ::core::option::Option::None => #p::Either::Right(__plugkit_default(#(#names),*)),
                }
            }
        },
        (Selector::FirstMatch, Some(body)) => quote! {
            #(#attrs)*
            #vis #asyncness #fn_token #name(#(#inputs),*) -> #ret {
                #[allow(clippy::all, unused_mut)]
                #asyncness fn __plugkit_default(#original_inputs) -> #ret #body
                match #p::select(#name::handle()) {
                    ::core::option::Option::Some(__plugkit_plugin) => __plugkit_plugin(#(#names),*) #await_,
                    ::core::option::Option::None => __plugkit_default(#(#names),*) #await_,
                }
            }
        },
        (Selector::FirstMatch, None) => match result_error_type(output) {
            // A `Result<T, E>` stays one: `E` converts from `NoPlugin`.
            Some(error) => {
                let no_plugin = quote_spanned! {error.span()=>
                    #p::no_plugin::<_, #error>(#name::handle())
                };
                quote! {
                    #(#attrs)*
                    ///
                    /// Fails with `plugkit::fns::NoPlugin`, converted into the error type, when no
                    /// plugin is available: the pluggable has no default body.
                    #vis #asyncness #fn_token #name(#(#inputs),*) -> #ret {
                        match #p::select(#name::handle()) {
                            ::core::option::Option::Some(__plugkit_plugin) => __plugkit_plugin(#(#names),*) #await_,
                            ::core::option::Option::None => ::core::result::Result::Err(#no_plugin),
                        }
                    }
                }
            }
            None => quote! {
                #(#attrs)*
                ///
                /// Fails with `plugkit::fns::NoPlugin` when no plugin is available: the pluggable
                /// has no default body.
                #vis #asyncness #fn_token #name(#(#inputs),*) -> ::core::result::Result<#ret, #p::NoPlugin> {
                    match #p::select(#name::handle()) {
                        ::core::option::Option::Some(__plugkit_plugin) => ::core::result::Result::Ok(__plugkit_plugin(#(#names),*) #await_),
                        ::core::option::Option::None => ::core::result::Result::Err(#p::no_plugin(#name::handle())),
                    }
                }
            },
        },
        (Selector::CollectAll, _) if is_async => {
            let (collect, doc) = match args.sequential {
                Some(_) => (
                    quote!(collect_sequential),
                    "Awaits every available plugin's future, one after the other, in order, and \
                     returns each one's result; a plugin that panics is reported in its outcome \
                     and the others still run.",
                ),
                None => (
                    quote!(collect_concurrent),
                    "Runs every available plugin's future concurrently (polled together on this \
                     task) and returns each one's result, in order; a plugin that panics is \
                     reported in its outcome and the others still complete.",
                ),
            };
            quote! {
                #(#attrs)*
                ///
                #[doc = #doc]
                #vis async #fn_token #name(#(#inputs),*) -> #p::Collected<'static, #ret> {
                    #p::#collect(#name::handle(), |__plugkit_plugin| __plugkit_plugin(#(::core::clone::Clone::clone(&#names)),*)).await
                }
            }
        }
        (Selector::CollectAll, _) => quote! {
            #(#attrs)*
            ///
            /// Runs every available plugin, in order, and returns each one's result; a plugin
            /// that panics is reported in its outcome and the others still run.
            #vis #fn_token #name(#(#inputs),*) -> #p::Collected<'static, #ret> {
                #p::collect(#name::handle(), |__plugkit_plugin| __plugkit_plugin(#(::core::clone::Clone::clone(&#names)),*))
            }
        },
    };

    let async_impl = is_async.then(|| {
        let lifetime = syn::Lifetime::new(signature::BORROW, Span::call_site());
        let boxed = boxed(&lifetime);
        quote! {
            impl #p::AsyncPluggable for #name {
                type Shape = #shape;
                type Boxed<#lifetime> = #boxed;
            }
        }
    });
    let doc = format!(
        "The extension point of [`{name_str}()`](fn@{name_str}): its `URL`, its `POINT` descriptor \
         and its `handle()`; `<{name_str} as plugkit::fns::Pluggable>::Signature` is the `fn` \
         pointer type plugins have.\n\n\
         Implement it in a plugin crate with `#[plugkit::plugin(path::to::{name_str})]`."
    );
    Ok(quote! {
        #wrapper

        // A struct with named fields lives in the type namespace only, so it shares the
        // function's name; unlike a module, it works in a function body too.
        #[doc = #doc]
        #[allow(non_camel_case_types)]
        #vis struct #name {
            _declared_by_pluggable: (),
        }

        impl #name {
            /// The point's URL, its identity.
            pub const URL: &'static str = #url;

            /// The point's descriptor.
            pub const POINT: #p::Point = #point;

            /// The point's handle: selection, and what went wrong.
            pub fn handle() -> &'static #p::#handle<#fn_ptr> {
                static HANDLE: #p::#handle<#fn_ptr> = #p::#make_handle(&#name::POINT);
                &HANDLE
            }
        }

        impl #p::Pluggable for #name {
            type Signature = #fn_ptr;
        }

        #async_impl

        const _: () = {
            #[#p::linkme::distributed_slice(#p::PLUGKIT_POINTS)]
            #[linkme(crate = #p::linkme)]
            static __PLUGKIT_POINT: #p::Point = #name::POINT;
        };
    })
}

/// `E` when the declared return type is `Result<T, E>` (a path ending in `Result` with two
/// type arguments): a pluggable without a body then returns it as it is.
fn result_error_type(output: &syn::ReturnType) -> Option<&syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Path(path) = &**ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    let types: Vec<&syn::Type> = generics
        .args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect();
    match types.as_slice() {
        [_, error] => Some(error),
        _ => None,
    }
}
