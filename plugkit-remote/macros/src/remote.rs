//! `#[remote(Namespace)]` on a host trait: the proxy and the dispatch of a namespace whose
//! instances implement it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{
    FnArg, GenericArgument, ItemTrait, Pat, PathArguments, ReturnType, TraitItem, Type, TypePath,
};

/// One method of the trait, as it crosses the boundary.
struct Method {
    sig: syn::Signature,
    /// Each parameter: its name, its type, and the owned type it is decoded as.
    params: Vec<(syn::Ident, Type, Type)>,
    /// `Some((ok, err))` for a method returning `Result<ok, err>`.
    result: Option<(Type, Type)>,
    /// What the method returns (`()` when nothing).
    output: Type,
    /// `async fn`: the proxy awaits the call, the plugin runs the method to its end.
    asynchronous: bool,
}

pub(crate) fn expand(args: TokenStream, item: ItemTrait) -> syn::Result<TokenStream> {
    let namespace: syn::Path = syn::parse2(args).map_err(|e| {
        syn::Error::new(
            e.span(),
            "#[remote] needs the namespace whose instances implement this trait: \
             `#[plugkit_remote::remote(MyNamespace)]`",
        )
    })?;
    if !item.generics.params.is_empty() || item.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            item.generics.span(),
            "a #[remote] trait cannot be generic: its instances are `Box<dyn Trait>`",
        ));
    }
    let mut methods = Vec::new();
    for trait_item in &item.items {
        match trait_item {
            TraitItem::Fn(f) => methods.push(method(&f.sig)?),
            other => {
                return Err(syn::Error::new(
                    other.span(),
                    "a #[remote] trait holds only methods: other items cannot cross the process \
                     boundary",
                ));
            }
        }
    }
    // `dyn Trait` with `async fn`s needs them boxed: the proxy's impl takes the trait's own
    // `#[async_trait]` attribute, as written (with `?Send`, if so).
    let boxing = item.attrs.iter().find(|a| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "async_trait")
    });
    if let (Some(first), None) = (methods.iter().find(|m| m.asynchronous), boxing) {
        return Err(syn::Error::new(
            first.sig.asyncness.span(),
            "a #[remote] trait with `async` methods is an `#[async_trait]` trait, so that \
             `dyn Trait` exists: add `#[async_trait::async_trait]` below `#[remote(..)]`",
        ));
    }
    let trait_name = &item.ident;
    let proxy = format_ident!("__PlugkitRemote{}", trait_name);
    let proxy_methods = methods.iter().map(proxy_method);
    let arms = methods.iter().map(dispatch_arm);
    Ok(quote! {
        #item

        #[doc(hidden)]
        pub struct #proxy(::plugkit_remote::RemoteObject);

        #boxing
        impl #trait_name for #proxy {
            #(#proxy_methods)*
        }

        impl ::plugkit_remote::RemoteNamespace for #namespace {
            fn proxy(object: ::plugkit_remote::RemoteObject) -> ::std::boxed::Box<dyn #trait_name> {
                ::std::boxed::Box::new(#proxy(object))
            }

            fn dispatch(
                instance: &dyn #trait_name,
                method: &str,
                args: ::plugkit_remote::__private::serde_json::Value,
            ) -> ::std::result::Result<
                ::plugkit_remote::__private::serde_json::Value,
                ::plugkit_remote::DispatchError,
            > {
                #[allow(unused_mut, unused_variables)]
                let mut args = ::plugkit_remote::__private::ArgsIn::new(method, args)?;
                match method {
                    #(#arms)*
                    _ => ::std::result::Result::Err(::plugkit_remote::DispatchError::UnknownMethod {
                        method: method.to_owned(),
                    }),
                }
            }
        }
    })
}

fn method(sig: &syn::Signature) -> syn::Result<Method> {
    let refuse = |span: proc_macro2::Span, what: &str| {
        Err(syn::Error::new(
            span,
            format!("a #[remote] method cannot be {what}: its call crosses a process boundary"),
        ))
    };
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return refuse(sig.generics.span(), "generic");
    }
    let mut inputs = sig.inputs.iter();
    match inputs.next() {
        Some(FnArg::Receiver(r)) if matches!(r.kind, syn::ReceiverKind::Reference(_, _, None)) => {}
        _ => {
            return Err(syn::Error::new(
                sig.span(),
                "a #[remote] method takes `&self`: the instance lives in the plugin process",
            ));
        }
    }
    let mut params = Vec::new();
    for (i, arg) in inputs.enumerate() {
        let FnArg::Typed(t) = arg else {
            return refuse(arg.span(), "a second receiver");
        };
        let name = match &*t.pat {
            Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => p.ident.clone(),
            _ => format_ident!("arg{}", i),
        };
        let owned = owned(&t.ty)?;
        params.push((name, (*t.ty).clone(), owned));
    }
    let output: Type = match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };
    Ok(Method {
        sig: sig.clone(),
        params,
        result: result_parts(&output),
        output,
        asynchronous: sig.asyncness.is_some(),
    })
}

/// The type an argument is decoded as on the plugin side: `&str` → `String`, `&[T]` →
/// `Vec<T>`, `&T` → `T`, and any other type itself.
fn owned(ty: &Type) -> syn::Result<Type> {
    match ty {
        Type::Reference(r) if r.mutability.is_some() => Err(syn::Error::new(
            r.span(),
            "a #[remote] method cannot take `&mut`: a change would stay in the plugin process",
        )),
        Type::Reference(r) => match &*r.elem {
            Type::Path(p) if p.path.is_ident("str") => Ok(syn::parse_quote!(::std::string::String)),
            Type::Slice(s) => {
                let elem = &s.elem;
                Ok(syn::parse_quote!(::std::vec::Vec<#elem>))
            }
            elem => Ok(elem.clone()),
        },
        Type::ImplTrait(_) => Err(syn::Error::new(
            ty.span(),
            "a #[remote] method cannot take `impl Trait`: arguments are serde types",
        )),
        other => Ok(other.clone()),
    }
}

/// `Result<T, E>` (by its last path segment) → `(T, E)`.
fn result_parts(ty: &Type) -> Option<(Type, Type)> {
    let Type::Path(TypePath {
        qself: None, path, ..
    }) = ty
    else {
        return None;
    };
    let last = path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    });
    match (types.next(), types.next(), types.next()) {
        (Some(ok), Some(err), None) => Some((ok, err)),
        _ => None,
    }
}

fn proxy_method(m: &Method) -> TokenStream {
    let sig = &m.sig;
    let name = sig.ident.to_string();
    let pushes = m.params.iter().map(|(ident, _, _)| {
        let key = wire_name(ident);
        quote!(.arg(#key, &#ident))
    });
    // Parameters named `_x` in the trait are used here all the same.
    let mut sig = sig.clone();
    for (input, (ident, _, _)) in sig.inputs.iter_mut().skip(1).zip(&m.params) {
        if let FnArg::Typed(t) = input {
            *t.pat = syn::parse_quote!(#ident);
        }
    }
    let call = match m.asynchronous {
        false => quote! {
            ::plugkit_remote::__private::ArgsOut::new()
                #(#pushes)*
                .call(&self.0, #name)
        },
        true => quote! {
            ::plugkit_remote::__private::ArgsOut::new()
                #(#pushes)*
                .call_async(&self.0, #name)
                .await
        },
    };
    match &m.result {
        Some((ok, _)) => quote! {
            #sig {
                let answer: ::std::result::Result<#ok, ::plugkit_remote::RemoteError> = #call;
                answer.map_err(::std::convert::From::from)
            }
        },
        None => {
            let output = &m.output;
            quote! {
                #sig {
                    let answer: ::std::result::Result<#output, ::plugkit_remote::RemoteError> = #call;
                    ::plugkit_remote::__private::or_panic(answer)
                }
            }
        }
    }
}

fn dispatch_arm(m: &Method) -> TokenStream {
    let name = m.sig.ident.to_string();
    let ident = &m.sig.ident;
    let decode = m.params.iter().map(|(param, _, owned)| {
        let key = wire_name(param);
        let local = format_ident!("__arg_{}", param);
        quote!(let #local: #owned = args.take(#key)?;)
    });
    let pass = m.params.iter().map(|(param, ty, _)| {
        let local = format_ident!("__arg_{}", param);
        match ty {
            Type::Reference(_) => quote!(&#local),
            _ => quote!(#local),
        }
    });
    let reply = match &m.result {
        Some(_) => quote!(::plugkit_remote::__private::reply_result(answer)),
        None => quote!(::plugkit_remote::reply(answer)),
    };
    // The plugin process runs an async method to its end with a minimal executor.
    let run = match m.asynchronous {
        false => quote!(instance.#ident(#(#pass),*)),
        true => quote!(::plugkit_remote::__private::block_on(instance.#ident(#(#pass),*))),
    };
    quote! {
        #name => {
            #(#decode)*
            let answer = #run;
            #reply
        }
    }
}

/// A parameter's name on the wire: `_item` in a trait is `item`.
fn wire_name(param: &syn::Ident) -> String {
    let name = param.to_string();
    match name.trim_start_matches('_') {
        "" => name,
        trimmed => trimmed.to_owned(),
    }
}
