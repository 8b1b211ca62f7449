//! `#[config_kind]`: a host's trait becomes a configuration kind.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{ItemTrait, LitStr, parse_quote};

use crate::krate::{self, Krate};
use crate::pluggable::check_url_part;
use crate::signature;

const OPTIONS: &str = "`name`, `default`, `url`, `clone`, `debug` or `crate`";

/// The hidden trait method that returns a value's tag; `#[config_type]` implements it.
pub(crate) const TAG_METHOD: &str = "__plugkit_config_tag";

#[derive(Default)]
pub(crate) struct Args {
    krate: Krate,
    name: Option<LitStr>,
    default: Option<LitStr>,
    url: Option<LitStr>,
    clone: Option<Span>,
    debug: Option<Span>,
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
                .map(ToString::to_string)
                .unwrap_or_default();
            let span = meta.path.span();
            let dup = || syn::Error::new(span, format!("`{key}` is given twice"));
            let flag = match key.as_str() {
                "clone" => Some(&mut args.clone),
                "debug" => Some(&mut args.debug),
                _ => None,
            };
            if let Some(flag) = flag {
                if !meta.input.is_empty() && !meta.input.peek(syn::Token![,]) {
                    return Err(meta.error(format!(
                        "`{key}` takes no value: write `#[config_kind({key})]`"
                    )));
                }
                return match flag.replace(span) {
                    Some(_) => Err(dup()),
                    None => Ok(()),
                };
            }
            let slot = match key.as_str() {
                "name" => &mut args.name,
                "default" => &mut args.default,
                "url" => &mut args.url,
                _ => {
                    return Err(syn::Error::new(
                        span,
                        format!(
                            "unknown option `{}` of #[config_kind]: expected {OPTIONS}",
                            signature::path_text(&meta.path)
                        ),
                    ));
                }
            };
            let value: LitStr = meta.value()?.parse()?;
            if value.value().is_empty() {
                return Err(syn::Error::new(
                    value.span(),
                    format!("`{key}` cannot be empty"),
                ));
            }
            match key.as_str() {
                "name" => check_name(&value)?,
                "url" => check_url(&value)?,
                _ => {}
            }
            if slot.replace(value).is_some() {
                return Err(dup());
            }
            Ok(())
        });
        parser.parse2(tokens)?;
        Ok(args)
    }
}

/// A kind's name ends its URL and is written in messages: one URL segment.
fn check_name(lit: &LitStr) -> syn::Result<()> {
    let name = lit.value();
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
    {
        return Ok(());
    }
    Err(syn::Error::new(
        lit.span(),
        format!(
            "a configuration kind's `name` is one URL segment of letters, digits, `-`, `.`, `_` \
             and `~` (it ends the kind's URL, and messages name the kind by it); got {name:?}"
        ),
    ))
}

/// A kind's URL is written whole, with its scheme: `https://example.org/config/cache`.
fn check_url(lit: &LitStr) -> syn::Result<()> {
    if !lit.value().contains("://") {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`url` is a whole URL with a scheme, such as \"plugkit://my-host/config/cache\"; \
                 got {:?}",
                lit.value()
            ),
        ));
    }
    check_url_part(lit, "url", true)
}

/// `CacheConf` → `cache`: the trait's name without a `Conf`/`Config` suffix, in kebab case.
fn default_name(ident: &str) -> String {
    let stem = ident
        .strip_suffix("Config")
        .or_else(|| ident.strip_suffix("Conf"))
        .filter(|s| !s.is_empty())
        .unwrap_or(ident);
    let mut name = String::new();
    for (i, c) in stem.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            name.push('-');
        }
        name.extend(c.to_lowercase());
    }
    name
}

pub(crate) fn expand(args: Args, mut item: ItemTrait) -> syn::Result<TokenStream> {
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            item.generics.span(),
            "a configuration kind cannot be generic: its values are stored as `Box<dyn Trait>` \
             of one trait object type",
        ));
    }
    if let Some(t) = &item.unsafety {
        return Err(syn::Error::new(
            t.span(),
            "a configuration kind cannot be an `unsafe trait`: plugins implement it through \
             #[config_type]",
        ));
    }
    let ident = item.ident.clone();
    let ident_str = ident.to_string();
    let name = args
        .name
        .map(|n| n.value())
        .unwrap_or_else(|| default_name(&ident_str));
    let url = match &args.url {
        Some(url) => quote!(#url),
        None => {
            quote!(::core::concat!("plugkit://", ::core::env!("CARGO_PKG_NAME"), "/config/", #name))
        }
    };
    let default = match &args.default {
        Some(tag) => quote!(::core::option::Option::Some(#tag)),
        None => quote!(::core::option::Option::None),
    };
    let signature = format!("dyn {ident_str}");
    let p = args.krate.private();
    let origin = krate::origin(&args.krate, &quote!(#ident_str));

    if item.colon_token.is_none() {
        item.colon_token = Some(Default::default());
    }
    item.supertraits.push(parse_quote!(#p::ConfValue));
    if args.clone.is_some() {
        item.supertraits.push(parse_quote!(#p::CloneConf));
    }
    if args.debug.is_some() {
        item.supertraits.push(parse_quote!(::core::fmt::Debug));
    }
    let tag_method = syn::Ident::new(TAG_METHOD, Span::call_site());
    item.items.push(parse_quote! {
        /// The `type` tag of this value; implemented by `#[plugkit::config_type]`.
        #[doc(hidden)]
        fn #tag_method(&self) -> &'static str;
    });
    let clone = args.clone.map(|_| {
        quote! {
            impl ::core::clone::Clone for ::std::boxed::Box<dyn #ident> {
                fn clone(&self) -> Self {
                    #p::clone_box(&**self)
                }
            }
        }
    });

    Ok(quote! {
        #item

        impl #p::Kind for dyn #ident {
            const POINT: #p::Point = #p::config_kind_point::<dyn #ident>(#url, #default, #signature, #origin);
            const NAME: &'static str = #name;

            fn tag_of(conf: &Self) -> &'static str {
                conf.#tag_method()
            }

            fn tag_cache() -> &'static #p::TagCache<Self> {
                static CACHE: #p::TagCache<dyn #ident> = #p::tag_cache::<dyn #ident>();
                &CACHE
            }
        }

        impl dyn #ident {
            /// The configuration as a `T`, if it is one.
            #[allow(dead_code)]
            pub fn downcast_ref<T: ::core::any::Any>(&self) -> ::core::option::Option<&T> {
                #p::as_any(self).downcast_ref::<T>()
            }
        }

        impl #p::serde::Serialize for dyn #ident {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: #p::serde::Serializer,
            {
                #p::serialize_kind::<dyn #ident, S>(self, serializer)
            }
        }

        impl<'de> #p::serde::Deserialize<'de> for ::std::boxed::Box<dyn #ident> {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: #p::serde::Deserializer<'de>,
            {
                #p::deserialize_kind::<dyn #ident, D>(deserializer)
            }
        }

        #clone

        const _: () = {
            #[#p::linkme::distributed_slice(#p::PLUGKIT_POINTS)]
            #[linkme(crate = #p::linkme)]
            static __PLUGKIT_POINT: #p::Point = <dyn #ident as #p::Kind>::POINT;
        };
    })
}

#[cfg(test)]
mod tests {
    use super::default_name;

    #[test]
    fn kind_names_come_from_the_trait() {
        assert_eq!(default_name("CacheConf"), "cache");
        assert_eq!(default_name("VenvConfig"), "venv");
        assert_eq!(default_name("RemoteCacheConf"), "remote-cache");
        assert_eq!(default_name("Dep"), "dep");
        assert_eq!(default_name("Conf"), "conf");
    }
}
