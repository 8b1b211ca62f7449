//! What the two attributes share: reading a function's signature.

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{FnArg, Lifetime, Pat, ReturnType, Signature, Type};

/// A plain function's parameters: the types, and a name for each to forward arguments with.
pub(crate) struct Params {
    pub(crate) types: Vec<Type>,
    pub(crate) names: Vec<Ident>,
}

/// Rejects what a `fn` pointer cannot express, naming the attribute in the message. An `async fn`
/// passes: the caller builds its pointer type with [`async_fn_pointer`].
pub(crate) fn check(sig: &Signature, attribute: &str) -> syn::Result<Params> {
    let what = |thing: &str| format!("#[{attribute}] functions cannot be {thing}");
    if let Some(t) = &sig.constness {
        return Err(syn::Error::new(t.span(), what("`const`")));
    }
    match &sig.safety {
        syn::Safety::Default => {}
        syn::Safety::Unsafe(t) => return Err(syn::Error::new(t.span(), what("`unsafe`"))),
        syn::Safety::Safe(t) => return Err(syn::Error::new(t.span(), what("`safe`"))),
    }
    if let Some(abi) = &sig.abi {
        return Err(syn::Error::new(abi.span(), what("`extern`")));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            sig.generics.span(),
            format!(
                "#[{attribute}] functions cannot be generic: a plugin is stored as one `fn` pointer type"
            ),
        ));
    }
    if let Some(v) = &sig.variadic {
        return Err(syn::Error::new(v.span(), what("variadic")));
    }
    let mut params = Params {
        types: Vec::new(),
        names: Vec::new(),
    };
    for (i, arg) in sig.inputs.iter().enumerate() {
        match arg {
            FnArg::Receiver(r) => {
                return Err(syn::Error::new(
                    r.span(),
                    format!("#[{attribute}] functions cannot take `self`: use a free function"),
                ));
            }
            FnArg::Typed(t) => {
                if contains_impl_trait(&t.ty) {
                    return Err(syn::Error::new(
                        t.ty.span(),
                        format!(
                            "#[{attribute}] functions cannot take `impl Trait`: use `&dyn Trait` or a concrete type"
                        ),
                    ));
                }
                params.types.push((*t.ty).clone());
                params.names.push(match &*t.pat {
                    Pat::Ident(p) if p.subpat.is_none() && p.by_ref.is_none() => p.ident.clone(),
                    _ => format_ident!("__plugkit_arg{}", i),
                });
            }
        }
    }
    if let ReturnType::Type(_, ty) = &sig.output
        && contains_impl_trait(ty)
    {
        return Err(syn::Error::new(
            ty.span(),
            format!(
                "#[{attribute}] functions cannot return `impl Trait`: return a concrete type or a \
                 `Box<dyn Trait>`"
            ),
        ));
    }
    Ok(params)
}

fn contains_impl_trait(ty: &Type) -> bool {
    ty.to_token_stream()
        .into_iter()
        .any(|t| matches!(t, proc_macro2::TokenTree::Ident(i) if i == "impl"))
        || matches!(ty, Type::ImplTrait(_))
}

/// The `fn` pointer type of a signature.
pub(crate) fn fn_pointer(params: &Params, output: &ReturnType) -> TokenStream {
    let types = &params.types;
    quote!(fn(#(#types),*) #output)
}

/// The lifetime an async plugin's future borrows its arguments for.
pub(crate) const BORROW: &str = "'__plugkit";

/// Names every elided lifetime (`&T`, `'_`) [`BORROW`]; counts the ones it named.
struct NameElided(usize);

impl VisitMut for NameElided {
    fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
        if r.lifetime.is_none() {
            r.lifetime = Some(Lifetime::new(BORROW, r.and_token.span()));
            self.0 += 1;
        }
        syn::visit_mut::visit_type_reference_mut(self, r);
    }

    fn visit_lifetime_mut(&mut self, l: &mut Lifetime) {
        if l.ident == "_" {
            *l = Lifetime::new(BORROW, l.span());
            self.0 += 1;
        }
    }

    // `fn(&T)` and `dyn Fn(&T)` inside a parameter have their own elision.
    fn visit_type_fn_ptr_mut(&mut self, _: &mut syn::TypeFnPtr) {}
    fn visit_parenthesized_generic_arguments_mut(
        &mut self,
        _: &mut syn::ParenthesizedGenericArguments,
    ) {
    }
}

/// An `async fn`'s parameter types with their elided lifetimes named [`BORROW`], its return type
/// likewise, and whether any parameter borrows (else its future is `'static`).
pub(crate) struct AsyncTypes {
    pub(crate) params: Vec<Type>,
    pub(crate) output: TokenStream,
    pub(crate) borrows: bool,
}

pub(crate) fn async_types(params: &Params, output: &ReturnType) -> AsyncTypes {
    let mut named = NameElided(0);
    let params: Vec<Type> = params
        .types
        .iter()
        .map(|t| {
            let mut t = t.clone();
            named.visit_type_mut(&mut t);
            t
        })
        .collect();
    let borrows = named.0 > 0;
    let output = match output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => {
            let mut ty = (**ty).clone();
            named.visit_type_mut(&mut ty);
            quote!(#ty)
        }
    };
    AsyncTypes {
        params,
        output,
        borrows,
    }
}

/// The lifetime of an async plugin's future: [`BORROW`] when it borrows an argument.
pub(crate) fn future_lifetime(borrows: bool) -> Lifetime {
    let name = if borrows { BORROW } else { "'static" };
    Lifetime::new(name, proc_macro2::Span::call_site())
}

/// The `fn` pointer type an async plugin is stored as: `for<'__plugkit> fn(&'__plugkit str) ->
/// R`, where `returns` is the future's type written with `'__plugkit`.
pub(crate) fn async_fn_pointer(types: &AsyncTypes, returns: &TokenStream) -> TokenStream {
    let params = &types.params;
    let binder = types.borrows.then(|| {
        let l = Lifetime::new(BORROW, proc_macro2::Span::call_site());
        quote!(for<#l>)
    });
    quote!(#binder fn(#(#params),*) -> #returns)
}

/// The signature as a person would write it, for listings: `fn(&[f64], u32) -> f64`.
pub(crate) fn display(params: &Params, output: &ReturnType) -> String {
    let mut text = String::from("fn(");
    for (i, ty) in params.types.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        text.push_str(&tidy(&ty.to_token_stream().to_string()));
    }
    text.push(')');
    if let ReturnType::Type(_, ty) = output {
        text.push_str(" -> ");
        text.push_str(&tidy(&ty.to_token_stream().to_string()));
    }
    text
}

/// Removes the spaces that token printing puts where Rust style has none.
pub(crate) fn tidy(tokens: &str) -> String {
    const TIGHT: [(&str, &str); 11] = [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        ("& ", "&"),
        ("( ", "("),
        ("[ ", "["),
        ("< ", "<"),
        (" <", "<"),
        (" ,", ","),
        (" )", ")"),
        (" ]", "]"),
    ];
    let mut text = tokens.to_owned();
    loop {
        let before = text.len();
        for (from, to) in TIGHT.iter().chain(&[(" >", ">")]) {
            text = text.replace(from, to);
        }
        if text.len() == before {
            return text;
        }
    }
}

/// A path as written: `a::b::c`.
pub(crate) fn path_text(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let lead = if path.leading_colon.is_some() {
        "::"
    } else {
        ""
    };
    format!("{lead}{}", segments.join("::"))
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn tidies_token_spacing() {
        assert_eq!(tidy("& [(f64 , f64)]"), "&[(f64, f64)]");
        assert_eq!(tidy("Vec < String >"), "Vec<String>");
        assert_eq!(tidy("& 'a str"), "&'a str");
        assert_eq!(tidy("geo :: Polygon < f64 >"), "geo::Polygon<f64>");
        assert_eq!(tidy("& mut Vec < u8 >"), "&mut Vec<u8>");
    }
}
