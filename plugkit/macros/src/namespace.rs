//! `#[derive(Namespace)]`: a unit struct becomes a namespace of named instances.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{DeriveInput, LitStr, Type};

use crate::krate::{self, Krate};
use crate::pluggable::check_url_part;
use crate::signature;

const OPTIONS: &str = "`name`, `instance`, `domain` or `crate`";

/// `#[namespace(name = "suts", instance = dyn Sut, domain = "...", crate = path)]`.
#[derive(Default)]
struct Args {
    krate: Krate,
    name: Option<LitStr>,
    instance: Option<Type>,
    domain: Option<LitStr>,
}

impl Args {
    fn parse(input: &DeriveInput) -> syn::Result<Self> {
        let mut args = Args::default();
        let mut seen = false;
        for attr in input
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("namespace"))
        {
            seen = true;
            attr.parse_nested_meta(|meta| {
                if krate::is_crate(&meta.path) {
                    return args.krate.parse(&meta);
                }
                let key = signature::path_text(&meta.path);
                let dup = || meta.error(format!("`{key}` is given twice"));
                match key.as_str() {
                    "name" => {
                        let lit: LitStr = meta.value()?.parse()?;
                        check_url_part(&lit, "name", false)?;
                        if lit.value().contains('/') {
                            return Err(syn::Error::new(
                                lit.span(),
                                "a namespace's `name` is one URL segment: no `/`",
                            ));
                        }
                        if args.name.replace(lit).is_some() {
                            return Err(dup());
                        }
                    }
                    "domain" => {
                        let lit: LitStr = meta.value()?.parse()?;
                        check_url_part(&lit, "domain", true)?;
                        if args.domain.replace(lit).is_some() {
                            return Err(dup());
                        }
                    }
                    "instance" => {
                        let ty: Type = meta.value()?.parse()?;
                        if args.instance.replace(ty).is_some() {
                            return Err(dup());
                        }
                    }
                    _ => {
                        return Err(meta.error(format!(
                            "unknown option `{key}` of #[namespace]: expected {OPTIONS}"
                        )));
                    }
                }
                Ok(())
            })?;
        }
        if !seen {
            return Err(syn::Error::new(
                Span::call_site(),
                "#[derive(Namespace)] needs `#[namespace(name = \"...\", instance = Type)]`: \
                 the namespace's name and what each uid makes a `Box` of (`dyn MyTrait`)",
            ));
        }
        Ok(args)
    }
}

pub(crate) fn expand(input: DeriveInput) -> syn::Result<TokenStream> {
    let args = Args::parse(&input)?;
    let ident = &input.ident;
    match &input.data {
        syn::Data::Struct(s) if matches!(s.fields, syn::Fields::Unit) => {}
        _ => {
            return Err(syn::Error::new(
                ident.span(),
                "#[derive(Namespace)] goes on a unit struct (`pub struct Suts;`): the namespace is \
                 a name, its uids live in the registry",
            ));
        }
    }
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            input.generics.span(),
            "a namespace cannot be generic: it is one extension point",
        ));
    }
    let Some(name) = args.name else {
        return Err(syn::Error::new(
            ident.span(),
            "#[namespace] needs `name = \"...\"`: the namespace's name (`suts`), the last segment \
             of its URL",
        ));
    };
    let Some(instance) = args.instance else {
        return Err(syn::Error::new(
            ident.span(),
            "#[namespace] needs `instance = Type`: what each uid makes a `Box` of (`dyn MyTrait`)",
        ));
    };
    let name_str = name.value();
    let url = match &args.domain {
        Some(d) if d.value().contains("://") => {
            let url = format!("{}/{}", d.value().trim_end_matches('/'), name_str);
            quote!(#url)
        }
        Some(d) => {
            let url = format!("plugkit://{}/{}", d.value().trim_end_matches('/'), name_str);
            quote!(#url)
        }
        None => {
            let tail = format!("/{name_str}");
            quote!(::core::concat!("plugkit://", ::core::env!("CARGO_PKG_NAME"), #tail))
        }
    };
    let ident_str = ident.to_string();
    let instance_str = signature::tidy(&quote!(#instance).to_string());
    let p = args.krate.private();
    let origin = krate::origin(&args.krate, &quote!(#ident_str));
    Ok(quote! {
        impl #p::Namespace for #ident {
            type Instance = #instance;
            const NAME: &'static str = #name;
            const POINT: #p::Point = #p::namespace_point::<#instance>(#url, #instance_str, #origin);

            fn instances() -> &'static #p::Instances<'static, Self> {
                static INSTANCES: ::std::sync::OnceLock<#p::Instances<'static, #ident>> =
                    ::std::sync::OnceLock::new();
                INSTANCES.get_or_init(#p::instances::<#ident>)
            }
        }

        const _: () = {
            #[#p::linkme::distributed_slice(#p::PLUGKIT_POINTS)]
            #[linkme(crate = #p::linkme)]
            static __PLUGKIT_POINT: #p::Point = <#ident as #p::Namespace>::POINT;
        };
    })
}
