//! `#[instance]`: a constructor function registers a uid in a namespace.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Expr, FnArg, Ident, ItemFn, LitStr, Pat, Path, ReturnType, Token, Type};

use crate::krate::{self, Krate};
use crate::signature;

const OPTIONS: &str = "`uid`, `args` or `crate`";

/// `#[instance(path::to::Namespace, uid = "...", args(name = expr, ..), crate = path)]`.
pub(crate) struct Args {
    krate: Krate,
    namespace: Path,
    uid: Option<LitStr>,
    args: Vec<(Ident, Expr)>,
    args_span: Option<Span>,
}

impl Args {
    pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Self> {
        let parse = |input: ParseStream<'_>| -> syn::Result<Args> {
            if input.is_empty() {
                return Err(input.error(
                    "#[instance] needs the namespace and a uid: \
                     `#[instance(my_host::Suts, uid = \"my_sut\")]`",
                ));
            }
            let namespace: Path = input.parse()?;
            if namespace.is_ident("uid") || namespace.is_ident("args") {
                return Err(syn::Error::new(
                    namespace.span(),
                    "#[instance] needs the namespace first: \
                     `#[instance(my_host::Suts, uid = \"my_sut\")]`",
                ));
            }
            let mut args = Args {
                krate: Krate::default(),
                namespace,
                uid: None,
                args: Vec::new(),
                args_span: None,
            };
            if input.is_empty() {
                return Ok(args);
            }
            input.parse::<Token![,]>()?;
            let options = syn::meta::parser(|meta| {
                if krate::is_crate(&meta.path) {
                    return args.krate.parse(&meta);
                }
                let key = signature::path_text(&meta.path);
                let span = meta.path.span();
                let dup = || syn::Error::new(span, format!("`{key}` is given twice"));
                match key.as_str() {
                    "uid" => {
                        let lit: LitStr = meta.value()?.parse()?;
                        check_uid(&lit)?;
                        match args.uid.replace(lit) {
                            Some(_) => Err(dup()),
                            None => Ok(()),
                        }
                    }
                    "args" => {
                        if args.args_span.replace(span).is_some() {
                            return Err(dup());
                        }
                        meta.parse_nested_meta(|arg| {
                            let Some(name) = arg.path.get_ident().cloned() else {
                                return Err(arg.error(
                                    "an argument is `parameter = value`, with the name of a \
                                     parameter of the constructor",
                                ));
                            };
                            if args.args.iter().any(|(n, _)| *n == name) {
                                return Err(syn::Error::new(
                                    name.span(),
                                    format!("argument `{name}` is given twice"),
                                ));
                            }
                            let value: Expr = arg.value()?.parse()?;
                            args.args.push((name, value));
                            Ok(())
                        })
                    }
                    _ => Err(syn::Error::new(
                        span,
                        format!("unknown option `{key}` of #[instance]: expected {OPTIONS}"),
                    )),
                }
            });
            options.parse2(input.parse()?)?;
            Ok(args)
        };
        parse.parse2(tokens)
    }
}

/// A uid is what users type on a command line: non-empty, no whitespace or control characters.
fn check_uid(lit: &LitStr) -> syn::Result<()> {
    let uid = lit.value();
    if uid.is_empty() || uid.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "a uid is a non-empty name without spaces (users type it on command lines); got {uid:?}"
            ),
        ));
    }
    Ok(())
}

/// One parameter of the constructor: given in `args(..)`, or injected.
struct Param {
    ty: Type,
    arg: Option<(Ident, Expr)>,
}

pub(crate) fn expand(args: Args, item: ItemFn) -> syn::Result<TokenStream> {
    let sig = &item.sig;
    let what = |thing: &str| format!("#[instance] constructors cannot be {thing}");
    if let Some(t) = &sig.asyncness {
        return Err(syn::Error::new(t.span(), what("`async`")));
    }
    if !matches!(sig.safety, syn::Safety::Default) {
        return Err(syn::Error::new(sig.fn_token.span(), what("`unsafe`")));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            sig.generics.span(),
            what("generic: each uid calls one concrete function"),
        ));
    }
    let Some(uid) = &args.uid else {
        return Err(syn::Error::new(
            Span::call_site(),
            "#[instance] needs `uid = \"...\"`: the name users make the instance by",
        ));
    };

    let mut given = args.args.clone();
    let mut params = Vec::new();
    let mut names = Vec::new();
    for input in &sig.inputs {
        let typed = match input {
            FnArg::Receiver(r) => {
                return Err(syn::Error::new(
                    r.span(),
                    "#[instance] constructors cannot take `self`: use a free function",
                ));
            }
            FnArg::Typed(t) => t,
        };
        let name = match &*typed.pat {
            Pat::Ident(p) => Some(p.ident.clone()),
            _ => None,
        };
        if let Some(n) = &name {
            names.push(n.to_string());
        }
        let arg = name
            .as_ref()
            .and_then(|n| given.iter().position(|(g, _)| g == n))
            .map(|i| given.remove(i));
        params.push(Param {
            ty: (*typed.ty).clone(),
            arg,
        });
    }
    if let Some((name, _)) = given.first() {
        let known = if names.is_empty() {
            "it has none".to_owned()
        } else {
            format!("its parameters are `{}`", names.join("`, `"))
        };
        return Err(syn::Error::new(
            name.span(),
            format!("the constructor has no parameter `{name}`: {known}"),
        ));
    }

    let (made, fallible) = match &sig.output {
        ReturnType::Default => {
            return Err(syn::Error::new(
                sig.ident.span(),
                "an #[instance] constructor returns what it makes (`-> MySut`), or a `Result` of it",
            ));
        }
        ReturnType::Type(_, ty) => match result_ok_type(ty) {
            Some(ok) => (ok.clone(), true),
            None => ((**ty).clone(), false),
        },
    };
    let type_name = signature::tidy(&quote!(#made).to_string());

    let namespace = &args.namespace;
    let fn_name = &sig.ident;
    let fn_name_str = fn_name.to_string();
    let p = args.krate.private();
    let ns = quote!(<#namespace as #p::Namespace>);

    let mut lets = Vec::new();
    let mut call_args = Vec::new();
    let mut needs = Vec::new();
    let mut listed = Vec::new();
    for (i, param) in params.iter().enumerate() {
        let var = format_ident!("__plugkit_arg{}", i);
        let ty = &param.ty;
        match &param.arg {
            Some((name, value)) => {
                lets.push(quote_spanned!(value.span()=> let #var: #ty = #value;));
                let name_str = name.to_string();
                let value_str = signature::tidy(&quote!(#value).to_string());
                listed.push(quote!(#p::arg(#name_str, #value_str)));
            }
            None => {
                lets.push(quote_spanned! {ty.span()=>
                    let #var: #ty = <#ty as #p::Inject>::inject(__plugkit_injector)?;
                });
                needs.push(quote_spanned!(ty.span()=> <#ty as #p::Inject>::SECRET));
            }
        }
        call_args.push(var);
    }
    let call = if fallible {
        quote!(#fn_name(#(#call_args),*).map_err(::core::convert::Into::<#p::BoxError>::into)?)
    } else {
        quote!(#fn_name(#(#call_args),*))
    };
    let n_needs = needs.len();
    let n_listed = listed.len();
    let boxed = quote_spanned! {made.span()=>
        let __plugkit_boxed: ::std::boxed::Box<#ns::Instance> = ::std::boxed::Box::new(__plugkit_made);
    };

    let origin = krate::origin(&args.krate, &quote!(#fn_name_str));
    Ok(quote! {
        #item

        const _: () = {
            #[allow(clippy::unnecessary_wraps, clippy::redundant_closure_call)]
            fn __plugkit_construct(
                __plugkit_injector: &#p::Injector<'_>,
            ) -> ::core::result::Result<::std::boxed::Box<#ns::Instance>, #p::BoxError> {
                let _ = __plugkit_injector;
                #(#lets)*
                let __plugkit_made = #call;
                #boxed
                ::core::result::Result::Ok(__plugkit_boxed)
            }
            const __PLUGKIT_NEEDS: [::core::option::Option<#p::SecretUse>; #n_needs] = [#(#needs),*];
            static __PLUGKIT_SECRETS: [#p::SecretUse; #p::secret_count(&__PLUGKIT_NEEDS)] =
                #p::secret_list(&__PLUGKIT_NEEDS);
            static __PLUGKIT_ARGS: [#p::Arg; #n_listed] = [#(#listed),*];
            // A `fn` pointer behind the `dyn Fn`, not the function item: every instance of the
            // namespace then shares one vtable and its three call shims, instead of each
            // instance compiling its own (issue 15: compile time and size per 1,000).
            static __PLUGKIT_CONSTRUCT: fn(
                &#p::Injector<'_>,
            ) -> ::core::result::Result<::std::boxed::Box<#ns::Instance>, #p::BoxError> =
                __plugkit_construct;
            static __PLUGKIT_FACTORY: #p::Factory<#ns::Instance> = #p::factory(
                #type_name,
                &__PLUGKIT_CONSTRUCT,
                &__PLUGKIT_ARGS,
                &__PLUGKIT_SECRETS,
            );
            #[#p::linkme::distributed_slice(#p::PLUGKIT_ENTRIES)]
            #[linkme(crate = #p::linkme)]
            static __PLUGKIT_ENTRY: #p::Entry =
                #p::entry(#ns::URL, #uid, #origin, &__PLUGKIT_FACTORY);
        };
    })
}

/// `T` when `ty` is a `Result<T, ..>` (any path ending in `Result` with a first type argument).
fn result_ok_type(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(generics) = &last.arguments else {
        return None;
    };
    generics.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}
