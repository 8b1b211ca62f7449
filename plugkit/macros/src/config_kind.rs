//! `#[config_kind]`: a host's trait becomes a configuration kind.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{ItemTrait, LitStr, parse_quote};

const OPTIONS: &str = "`name`, `default` or `url`";

/// The hidden trait method that returns a value's tag; `#[config_type]` implements it.
pub(crate) const TAG_METHOD: &str = "__plugkit_config_tag";

#[derive(Default)]
pub(crate) struct Args {
    name: Option<LitStr>,
    default: Option<LitStr>,
    url: Option<LitStr>,
}

impl Args {
    pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Self> {
        let mut args = Args::default();
        let parser = syn::meta::parser(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let span = meta.path.span();
            let slot = match key.as_str() {
                "name" => &mut args.name,
                "default" => &mut args.default,
                "url" => &mut args.url,
                _ => {
                    return Err(syn::Error::new(
                        span,
                        format!("unknown option `{key}` of #[config_kind]: expected {OPTIONS}"),
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
            if slot.replace(value).is_some() {
                return Err(syn::Error::new(span, format!("`{key}` is given twice")));
            }
            Ok(())
        });
        parser.parse2(tokens)?;
        Ok(args)
    }
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

    if item.colon_token.is_none() {
        item.colon_token = Some(Default::default());
    }
    item.supertraits.push(parse_quote!(::plugkit::config::Conf));
    let tag_method = syn::Ident::new(TAG_METHOD, Span::call_site());
    item.items.push(parse_quote! {
        /// The `type` tag of this value; implemented by `#[plugkit::config_type]`.
        #[doc(hidden)]
        fn #tag_method(&self) -> &'static str;
    });

    Ok(quote! {
        #item

        impl ::plugkit::config::Kind for dyn #ident {
            const POINT: ::plugkit::Point = ::plugkit::Point::config_kind::<
                ::plugkit::config::ConfType<dyn #ident>,
            >(#url, #default, #signature, ::plugkit::origin!(#ident_str));
            const NAME: &'static str = #name;

            fn tag_of(conf: &Self) -> &'static str {
                conf.#tag_method()
            }

            fn tag_cache() -> &'static ::plugkit::config::TagCache<Self> {
                static CACHE: ::plugkit::config::TagCache<dyn #ident> =
                    ::plugkit::config::TagCache::new();
                &CACHE
            }
        }

        impl dyn #ident {
            /// The configuration as a `T`, if it is one.
            #[allow(dead_code)]
            pub fn downcast_ref<T: ::core::any::Any>(&self) -> ::core::option::Option<&T> {
                ::plugkit::config::Conf::as_any(self).downcast_ref::<T>()
            }
        }

        impl ::plugkit::__private::serde::Serialize for dyn #ident {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: ::plugkit::__private::serde::Serializer,
            {
                ::plugkit::config::serialize::<dyn #ident, S>(self, serializer)
            }
        }

        impl<'de> ::plugkit::__private::serde::Deserialize<'de> for ::std::boxed::Box<dyn #ident> {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::plugkit::__private::serde::Deserializer<'de>,
            {
                ::plugkit::config::deserialize::<dyn #ident, D>(deserializer)
            }
        }

        impl ::core::clone::Clone for ::std::boxed::Box<dyn #ident> {
            fn clone(&self) -> Self {
                ::plugkit::__private::dyn_clone::clone_box(&**self)
            }
        }

        ::plugkit::__private::inventory::submit! {
            <dyn #ident as ::plugkit::config::Kind>::POINT
        }
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
