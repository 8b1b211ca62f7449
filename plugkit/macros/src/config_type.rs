//! `#[config_type]`: `impl Kind for Struct` registers a `type` tag.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{ItemImpl, LitStr, parse_quote};

use crate::config_kind::TAG_METHOD;
use crate::krate::{self, Krate};

pub(crate) struct Args {
    krate: Krate,
    tag: LitStr,
}

impl Args {
    pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Self> {
        let mut tag: Option<LitStr> = None;
        let mut krate = Krate::default();
        let parser = syn::meta::parser(|meta| {
            if krate::is_crate(&meta.path) {
                return krate.parse(&meta);
            }
            let span = meta.path.span();
            if !meta.path.is_ident("tag") {
                let key = meta.path.to_token_stream().to_string().replace(' ', "");
                return Err(syn::Error::new(
                    span,
                    format!("unknown option `{key}` of #[config_type]: expected `tag` or `crate`"),
                ));
            }
            let value: LitStr = meta.value()?.parse()?;
            if value.value().is_empty() {
                return Err(syn::Error::new(value.span(), "the tag cannot be empty"));
            }
            if tag.replace(value).is_some() {
                return Err(syn::Error::new(span, "`tag` is given twice"));
            }
            Ok(())
        });
        parser.parse2(tokens)?;
        match tag {
            Some(tag) => Ok(Args { krate, tag }),
            None => Err(syn::Error::new(
                Span::call_site(),
                "#[config_type] needs the tag users write in `type = \"...\"`: \
                 `#[config_type(tag = \"s3\")]`",
            )),
        }
    }
}

pub(crate) fn expand(args: Args, mut item: ItemImpl) -> syn::Result<TokenStream> {
    let Some((trait_path, _)) = item.trait_.clone() else {
        return Err(syn::Error::new(
            item.self_ty.span(),
            "#[config_type] goes on the implementation of a configuration kind for a type: \
             `impl CacheConf for S3Conf { .. }`",
        ));
    };
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            item.generics.span(),
            "#[config_type] cannot be generic: each tag decodes into one concrete type",
        ));
    }
    let tag = &args.tag;
    let p = args.krate.private();
    let self_ty = item.self_ty.clone();
    let type_str = self_ty.to_token_stream().to_string().replace(' ', "");
    let tag_method = syn::Ident::new(TAG_METHOD, Span::call_site());
    item.items.push(parse_quote! {
        fn #tag_method(&self) -> &'static str {
            #tag
        }
    });
    // The decoder is spanned on the type so that a missing `Deserialize` points at it.
    let decode = quote_spanned! {self_ty.span()=>
        |deserializer| ::core::result::Result::Ok(::std::boxed::Box::new(
            #p::erased_serde::deserialize::<#self_ty>(deserializer)?,
        ))
    };
    let direct = quote_spanned! {self_ty.span()=>
        |deserializer| ::core::result::Result::Ok(::std::boxed::Box::new(
            <#self_ty as #p::serde::Deserialize>::deserialize(deserializer)?,
        ))
    };
    let origin = krate::origin(&args.krate, &quote!(#type_str));
    Ok(quote! {
        #item

        const _: () = {
            static __PLUGKIT_CONF_TYPE: #p::ConfType<dyn #trait_path> =
                #p::conf_type::<dyn #trait_path>(#tag, #type_str, #decode, #direct);
            #[#p::linkme::distributed_slice(#p::PLUGKIT_ENTRIES)]
            #[linkme(crate = #p::linkme)]
            static __PLUGKIT_ENTRY: #p::Entry = #p::entry(
                #p::kind_url::<dyn #trait_path>(),
                #tag,
                #origin,
                &__PLUGKIT_CONF_TYPE,
            );
        };
    })
}
