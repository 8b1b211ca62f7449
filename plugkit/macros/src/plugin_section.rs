//! `#[plugin_section]`: a plugin's typed `[plugins.<name>]` section.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{DeriveInput, LitStr};

use crate::krate::{self, Krate};

pub(crate) struct Args {
    krate: Krate,
    name: LitStr,
}

impl Args {
    pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Self> {
        let mut name: Option<LitStr> = None;
        let mut krate = Krate::default();
        let parser = syn::meta::parser(|meta| {
            if krate::is_crate(&meta.path) {
                return krate.parse(&meta);
            }
            let span = meta.path.span();
            if !meta.path.is_ident("name") {
                let key = meta.path.to_token_stream().to_string().replace(' ', "");
                return Err(syn::Error::new(
                    span,
                    format!(
                        "unknown option `{key}` of #[plugin_section]: expected `name` or `crate`"
                    ),
                ));
            }
            let value: LitStr = meta.value()?.parse()?;
            if value.value().is_empty() {
                return Err(syn::Error::new(value.span(), "the name cannot be empty"));
            }
            if name.replace(value).is_some() {
                return Err(syn::Error::new(span, "`name` is given twice"));
            }
            Ok(())
        });
        parser.parse2(tokens)?;
        match name {
            Some(name) => Ok(Args { krate, name }),
            None => Err(syn::Error::new(
                Span::call_site(),
                "#[plugin_section] needs the plugin's name, the `<name>` of `[plugins.<name>]`: \
                 `#[plugin_section(name = \"sqlite\")]`",
            )),
        }
    }
}

pub(crate) fn expand(args: Args, item: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(item.clone())?;
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            input.generics.span(),
            "#[plugin_section] cannot be generic: a section decodes into one concrete type",
        ));
    }
    let ident = &input.ident;
    let ident_str = ident.to_string();
    let name = &args.name;
    let p = args.krate.private();
    let decode = quote_spanned! {ident.span()=>
        |deserializer| ::core::result::Result::Ok(::std::boxed::Box::new(
            #p::erased_serde::deserialize::<#ident>(deserializer)?,
        ))
    };
    let default = quote_spanned! {ident.span()=>
        || ::std::boxed::Box::new(<#ident as ::core::default::Default>::default())
    };
    let origin = krate::origin(&args.krate, &quote!(#ident_str));
    Ok(quote! {
        #item

        impl #p::PluginSection for #ident {
            const NAME: &'static str = #name;
        }

        const _: () = {
            static __PLUGKIT_SECTION: #p::SectionType =
                #p::section_type(#name, #ident_str, #decode, #default);
            #[#p::linkme::distributed_slice(#p::PLUGKIT_ENTRIES)]
            #[linkme(crate = #p::linkme)]
            static __PLUGKIT_ENTRY: #p::Entry =
                #p::entry(#p::PLUGINS_URL, #name, #origin, &__PLUGKIT_SECTION);
        };
    })
}
