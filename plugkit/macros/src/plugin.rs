//! `#[plugin]`: a function implements a pluggable.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Expr, ItemFn, LitStr, Path, Token};

use crate::krate::{self, Krate};
use crate::manifest::{self, Way};
use crate::signature;

const OPTIONS: &str = "`name`, `pluggable_name`, `tryfirst`, `trylast`, `priority`, `before`, `after`, \
                       `requires`, `recheck_each_call` or `crate`";

/// One requirement as written: a crate or capability name, or a check to call.
enum Require {
    Present(LitStr),
    Check(Expr),
}

#[derive(Default)]
pub(crate) struct Args {
    krate: Krate,
    pluggable: Option<Path>,
    pluggable_name: Option<LitStr>,
    name: Option<LitStr>,
    tryfirst: Option<Span>,
    trylast: Option<Span>,
    priority: Option<Expr>,
    before: Option<Vec<LitStr>>,
    after: Option<Vec<LitStr>>,
    requires: Option<Vec<Require>>,
    recheck_each_call: Option<Span>,
}

fn string_list(input: ParseStream<'_>) -> syn::Result<Vec<LitStr>> {
    let content;
    syn::bracketed!(content in input);
    let items = content.parse_terminated(|p: ParseStream<'_>| p.parse::<LitStr>(), Token![,])?;
    Ok(items.into_iter().collect())
}

fn require_list(input: ParseStream<'_>) -> syn::Result<Vec<Require>> {
    let content;
    syn::bracketed!(content in input);
    let items = content.parse_terminated(
        |p: ParseStream<'_>| {
            if p.peek(LitStr) {
                return Ok(Require::Present(p.parse()?));
            }
            let expr: Expr = p.parse()?;
            match expr {
                Expr::Path(_) | Expr::Closure(_) => Ok(Require::Check(expr)),
                other => Err(syn::Error::new(
                    other.span(),
                    "a requirement is a crate or capability name (\"geo\") or a function to call \
                     (`is_rhino_running`, which must be `fn() -> bool`)",
                )),
            }
        },
        Token![,],
    )?;
    Ok(items.into_iter().collect())
}

impl Args {
    pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Self> {
        let mut args = Args::default();
        let parse = |input: ParseStream<'_>| -> syn::Result<()> {
            if input.is_empty() {
                return Err(input.error(
                    "#[plugin] needs the path of the pluggable it implements: \
                     `#[plugin(my_host::module::function)]`",
                ));
            }
            // The pluggable's path comes first, unless it is an option.
            let fork = input.fork();
            let first: Path = fork.parse()?;
            let is_option = first.get_ident().is_some_and(|i| {
                let i = i.to_string();
                OPTIONS.contains(&format!("`{i}`"))
                    && (fork.is_empty() || fork.peek(Token![,]) || fork.peek(Token![=]))
            });
            if !is_option {
                args.pluggable = Some(input.parse()?);
                if input.is_empty() {
                    return Ok(());
                }
                input.parse::<Token![,]>()?;
            }
            let options = syn::meta::parser(|meta| args.option(meta));
            options.parse2(input.parse()?)
        };
        parse.parse2(tokens)?;
        Ok(args)
    }

    fn option(&mut self, meta: syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
        if krate::is_crate(&meta.path) {
            return self.krate.parse(&meta);
        }
        let key = signature::path_text(&meta.path);
        let span = meta.path.span();
        let dup = || syn::Error::new(span, format!("`{key}` is given twice"));
        match key.as_str() {
            "name" => set(&mut self.name, meta.value()?.parse()?, dup),
            "pluggable_name" => set(&mut self.pluggable_name, meta.value()?.parse()?, dup),
            "tryfirst" => set(&mut self.tryfirst, span, dup),
            "trylast" => set(&mut self.trylast, span, dup),
            "recheck_each_call" => set(&mut self.recheck_each_call, span, dup),
            "priority" => set(&mut self.priority, meta.value()?.parse()?, dup),
            "before" => set(&mut self.before, string_list(meta.value()?)?, dup),
            "after" => set(&mut self.after, string_list(meta.value()?)?, dup),
            "requires" => set(&mut self.requires, require_list(meta.value()?)?, dup),
            _ => Err(syn::Error::new(
                span,
                format!("unknown option `{key}` of #[plugin]: expected {OPTIONS}"),
            )),
        }
    }
}

fn set<T>(slot: &mut Option<T>, value: T, dup: impl FnOnce() -> syn::Error) -> syn::Result<()> {
    match slot.replace(value) {
        Some(_) => Err(dup()),
        None => Ok(()),
    }
}

pub(crate) fn expand(args: Args, item: ItemFn) -> syn::Result<TokenStream> {
    let params = signature::check(&item.sig, "plugin")?;
    let p = args.krate.private();
    let Some(mut pluggable) = args.pluggable else {
        return Err(syn::Error::new(
            Span::call_site(),
            "#[plugin] needs the path of the pluggable it implements first: \
             `#[plugin(my_host::module::function, ..)]`",
        ));
    };
    if let Some(name) = &args.pluggable_name {
        let ident = syn::Ident::new(&name.value(), name.span());
        pluggable.segments.push(ident.into());
    }
    if let (Some(first), Some(last)) = (args.tryfirst, args.trylast) {
        let mut err = syn::Error::new(
            last,
            "`tryfirst` and `trylast` cannot both be set: an entry is either tried first or kept as a fallback",
        );
        err.combine(syn::Error::new(first, "`tryfirst` is set here"));
        return Err(err);
    }
    let requires = args.requires.unwrap_or_default();
    if let Some(span) = args.recheck_each_call
        && !requires.iter().any(|r| matches!(r, Require::Check(_)))
    {
        return Err(syn::Error::new(
            span,
            "`recheck_each_call` re-runs the checks in `requires`, and there are none: \
             add one (`requires = [my_check]`) or remove `recheck_each_call`",
        ));
    }

    let fn_name = &item.sig.ident;
    let fn_name_str = fn_name.to_string();
    let id = match &args.name {
        Some(name) => quote!(#name),
        None => quote!(::core::concat!(::core::module_path!(), "::", #fn_name_str)),
    };
    let mut modifiers: Vec<(&str, Option<TokenStream>)> = Vec::new();
    if args.tryfirst.is_some() {
        modifiers.push(("entry_tryfirst", None));
    }
    if args.trylast.is_some() {
        modifiers.push(("entry_trylast", None));
    }
    if let Some(priority) = &args.priority {
        modifiers.push((
            "entry_priority",
            Some(quote_spanned!(priority.span()=> #priority)),
        ));
    }
    if let Some(before) = &args.before {
        modifiers.push(("entry_before", Some(quote!(&[#(#before),*]))));
    }
    if let Some(after) = &args.after {
        modifiers.push(("entry_after", Some(quote!(&[#(#after),*]))));
    }
    if args.recheck_each_call.is_some() {
        modifiers.push(("entry_recheck_each_call", None));
    }
    if args.name.is_none() {
        modifiers.push(("entry_id_is_default", None));
    }
    // Read only when a name may be a dependency.
    let manifest = requires
        .iter()
        .any(|r| matches!(r, Require::Present(_)))
        .then(read_manifest)
        .flatten();
    let mut settled = false;
    let requirements: Vec<TokenStream> = requires
        .iter()
        .map(|r| match r {
            Require::Present(name) => {
                let ways = manifest
                    .as_deref()
                    .map(|text| manifest::ways(text, &name.value()))
                    .unwrap_or_default();
                match dependency(&p, name, &ways, bench_or_integration_test()) {
                    Some(tokens) => {
                        settled = true;
                        tokens
                    }
                    None => quote!(#p::requirement_present(#name)),
                }
            }
            Require::Check(check) => {
                let name = quote!(#check).to_string().replace(' ', "");
                let shim = krate::respan(quote!(#p::requirement_check), check.span());
                quote_spanned!(check.span()=> #shim(#name, #check))
            }
        })
        .collect();
    let n = requirements.len();
    if n > 0 {
        modifiers.push(("entry_requires", Some(quote!(&__PLUGKIT_REQUIRES))));
    }

    // The signature check: the function's own `fn` pointer type must be the pluggable's
    // signature, or the error names the pluggable. The payload then has the point's type.
    let at = item.sig.ident.span();
    let shape = signature::fn_pointer(&params, &item.sig.output);
    let (own, value, boxing) = match item.sig.asyncness {
        None => (shape.clone(), quote!(#fn_name), None),
        // An `async fn` is stored as a function that boxes its future as the pluggable does
        // (`Send` unless it is `local`): `<P as AsyncPluggable>::Boxed<'_>`.
        Some(_) => {
            let types = signature::async_types(&params, &item.sig.output);
            let lifetime = signature::future_lifetime(types.borrows);
            let boxed = quote!(<#pluggable as #p::AsyncPluggable>::Boxed<#lifetime>);
            let own = signature::async_fn_pointer(&types, &boxed);
            let generics = types.borrows.then(|| quote!(<#lifetime>));
            let names = &params.names;
            let param_types = &types.params;
            let boxed_call = krate::respan(quote!(#p::boxed), at);
            let wrapper = quote! {
                fn __plugkit_boxed #generics(#(#names: #param_types),*) -> #boxed {
                    #boxed_call::<#boxed, _>(#fn_name(#(#names),*))
                }
            };
            (own, quote!(__plugkit_boxed), Some(wrapper))
        }
    };
    let check_fn = match item.sig.asyncness {
        None => quote!(#p::plugin_of::<),
        Some(_) => quote!(#p::async_plugin_of::<),
    };
    let plugin_of = krate::respan(check_fn, at);
    let rest = krate::respan(quote!(, #shape>();), at);
    let check = quote!(#plugin_of #pluggable #rest);
    // The expansion depends on the manifest: naming it makes the compiler rebuild on a change.
    let track = settled.then(|| {
        quote! {
            const _: &[u8] = ::core::include_bytes!(::core::concat!(::core::env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
        }
    });
    let origin = krate::origin(&args.krate, &quote!(#fn_name_str));
    let mut entry = quote!(#p::entry(#pluggable::URL, #id, #origin, &__PLUGKIT_FN));
    for (modifier, arg) in modifiers {
        let modifier = syn::Ident::new(modifier, Span::call_site());
        entry = match arg {
            Some(arg) => quote!(#p::#modifier(#entry, #arg)),
            None => quote!(#p::#modifier(#entry)),
        };
    }
    Ok(quote! {
        #item

        const _: () = {
            #track
            const _: () = #check
            #boxing
            static __PLUGKIT_FN: #own = #value;
            static __PLUGKIT_REQUIRES: [#p::Requirement; #n] = [#(#requirements),*];
            #[#p::linkme::distributed_slice(#p::PLUGKIT_ENTRIES)]
            #[linkme(crate = #p::linkme)]
            static __PLUGKIT_ENTRY: #p::Entry = #entry;
        };
    })
}

/// The plugin crate's `Cargo.toml`, if it can be read.
fn read_manifest() -> Option<String> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    std::fs::read_to_string(std::path::Path::new(&dir).join("Cargo.toml")).ok()
}

/// Whether the code being compiled is an integration test or a benchmark, which get the
/// `[dev-dependencies]` without `cfg(test)` always being set (Cargo sets `CARGO_TARGET_TMPDIR`
/// for exactly these).
fn bench_or_integration_test() -> bool {
    std::env::var_os("CARGO_TARGET_TMPDIR").is_some()
}

/// The requirement `name` as a dependency compiled in under the `cfg` of `ways`, or `None` when
/// it is not one (left to the run-time check). Dev-dependencies count under `cfg(test)`, and
/// always in integration tests and benchmarks (`dev_always`).
fn dependency(
    p: &TokenStream,
    name: &LitStr,
    ways: &[Way],
    dev_always: bool,
) -> Option<TokenStream> {
    let mut conditions = Vec::new();
    let mut features: Vec<&str> = Vec::new();
    for way in ways {
        let mut all = Vec::new();
        if let Some(target) = &way.target {
            // A `cfg` the compiler cannot parse leaves this way to the run-time check.
            let Ok(target) = target.parse::<TokenStream>() else {
                continue;
            };
            all.push(target);
        }
        if let Some(enabling) = &way.features {
            features.extend(enabling.iter().map(String::as_str));
            all.push(quote!(any(#(feature = #enabling),*)));
        }
        if way.dev && !dev_always {
            all.push(quote!(test));
        }
        conditions.push(quote!(all(#(#all),*)));
    }
    if conditions.is_empty() {
        return None;
    }
    features.sort_unstable();
    features.dedup();
    Some(quote! {
        #p::requirement_dependency(
            #name,
            ::core::env!("CARGO_PKG_NAME"),
            ::core::cfg!(any(#(#conditions),*)),
            &[#(#features),*],
        )
    })
}

#[cfg(test)]
mod tests {
    use super::dependency;
    use crate::manifest::ways;

    const MANIFEST: &str = r#"
        [dependencies]
        trimesh = "1"
        gpu = { version = "1", optional = true }
        [target.'cfg(windows)'.dependencies]
        winapi = "0.3"
        [dev-dependencies]
        proptest = "1"
        [features]
        mesh = ["dep:gpu"]
        full = ["mesh", "gpu/cuda"]
    "#;

    fn expand(name: &str, dev_always: bool) -> Option<String> {
        let lit = syn::LitStr::new(name, proc_macro2::Span::call_site());
        let p = quote::quote!(::plugkit::__private);
        dependency(&p, &lit, &ways(MANIFEST, name), dev_always).map(|t| t.to_string())
    }

    #[test]
    fn a_plain_dependency_is_met_in_every_build() {
        assert_eq!(
            expand("trimesh", false).unwrap(),
            ":: plugkit :: __private :: requirement_dependency (\"trimesh\" , :: core :: env ! (\"CARGO_PKG_NAME\") , \
             :: core :: cfg ! (any (all ())) , & [] ,)"
        );
    }

    #[test]
    fn an_optional_dependency_is_met_under_its_features_and_names_them() {
        assert_eq!(
            expand("gpu", false).unwrap(),
            ":: plugkit :: __private :: requirement_dependency (\"gpu\" , :: core :: env ! (\"CARGO_PKG_NAME\") , \
             :: core :: cfg ! (any (all (any (feature = \"full\" , feature = \"mesh\")))) , \
             & [\"full\" , \"mesh\"] ,)"
        );
    }

    #[test]
    fn a_target_dependency_is_met_on_its_target() {
        assert!(
            expand("winapi", false)
                .unwrap()
                .contains(":: core :: cfg ! (any (all (windows)))")
        );
    }

    #[test]
    fn a_dev_dependency_is_met_in_tests() {
        assert!(
            expand("proptest", false)
                .unwrap()
                .contains(":: core :: cfg ! (any (all (test)))")
        );
        assert!(
            expand("proptest", true)
                .unwrap()
                .contains(":: core :: cfg ! (any (all ()))")
        );
    }

    #[test]
    fn a_name_that_is_no_dependency_is_left_to_run_time() {
        assert_eq!(expand("rhino", false), None);
    }
}
