//! Generated code names plugkit only through `<crate>::__private`, so that plugkit's public
//! paths can change behind it and a host can re-export plugkit (`crate = path`).

#![allow(clippy::panic, clippy::unwrap_used)] // tests fail by panicking

use proc_macro2::TokenStream;
use quote::quote;

/// Every `plugkit` path the expansion names, as text: `plugkit :: __private :: x`.
fn plugkit_paths(expansion: &TokenStream) -> Vec<String> {
    let text = expansion.to_string();
    let mut found = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("plugkit ::") {
        let tail = &rest[at..];
        found.push(
            tail.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" "),
        );
        rest = &rest[at + "plugkit ::".len()..];
    }
    found
}

fn expansions(krate: TokenStream) -> Vec<(&'static str, TokenStream)> {
    let with = |args: TokenStream| -> TokenStream {
        if krate.is_empty() {
            args
        } else {
            quote!(#args, crate = #krate)
        }
    };
    let pluggable = |args: TokenStream, item: TokenStream| {
        crate::pluggable::Args::parse(with(args))
            .and_then(|a| crate::pluggable::expand(a, syn::parse2(item)?))
    };
    let mut out = Vec::new();
    let cases: Vec<(&'static str, syn::Result<TokenStream>)> = vec![
        (
            "pluggable with a body",
            pluggable(
                quote!(category = "c"),
                quote!(
                    pub fn f(x: u32) -> u32 {
                        x
                    }
                ),
            ),
        ),
        (
            "pluggable without a body",
            pluggable(
                quote!(category = "c"),
                quote!(
                    pub fn f(x: u32) -> u32;
                ),
            ),
        ),
        (
            "pluggable returning a Result",
            pluggable(
                quote!(category = "c"),
                quote!(
                    pub fn f(x: u32) -> Result<u32, E>;
                ),
            ),
        ),
        (
            "collect_all pluggable",
            pluggable(
                quote!(selector = collect_all),
                quote!(
                    pub fn f(x: u32) -> u32;
                ),
            ),
        ),
        (
            "plugin",
            crate::plugin::Args::parse(with(quote!(
                host::f,
                tryfirst,
                priority = 2,
                before = ["a"],
                after = ["b"],
                requires = ["not-a-dependency", check],
                recheck_each_call
            )))
            .and_then(|a| {
                crate::plugin::expand(
                    a,
                    syn::parse_quote!(
                        fn g(x: u32) -> u32 {
                            x
                        }
                    ),
                )
            }),
        ),
        (
            "namespace",
            crate::namespace::expand(if krate.is_empty() {
                syn::parse_quote!(
                    #[namespace(name = "n", instance = dyn T)]
                    struct N;
                )
            } else {
                syn::parse_quote!(
                    #[namespace(name = "n", instance = dyn T, crate = #krate)]
                    struct N;
                )
            }),
        ),
        (
            "instance",
            crate::instance::Args::parse(with(quote!(N, uid = "u", args(a = 1)))).and_then(|a| {
                crate::instance::expand(
                    a,
                    syn::parse_quote!(
                        fn make(a: u32, s: SecretValue<K>) -> Result<M, E> {
                            todo!()
                        }
                    ),
                )
            }),
        ),
        (
            "config_kind",
            crate::config_kind::Args::parse(with(quote!(name = "k", clone, debug))).and_then(|a| {
                crate::config_kind::expand(
                    a,
                    syn::parse_quote!(
                        pub trait K {}
                    ),
                )
            }),
        ),
        (
            "config_type",
            crate::config_type::Args::parse(with(quote!(tag = "t")))
                .and_then(|a| crate::config_type::expand(a, syn::parse_quote!(impl K for S {}))),
        ),
        (
            "plugin_section",
            crate::plugin_section::Args::parse(with(quote!(name = "s"))).and_then(|a| {
                crate::plugin_section::expand(
                    a,
                    quote!(
                        #[derive(Default)]
                        struct S {}
                    ),
                )
            }),
        ),
    ];
    for (name, expansion) in cases {
        match expansion {
            Ok(tokens) => out.push((name, tokens)),
            Err(e) => panic!("{name} does not expand: {e}"),
        }
    }
    out
}

#[test]
fn generated_code_names_plugkit_only_through_its_private_module() {
    for (name, expansion) in expansions(TokenStream::new()) {
        let paths = plugkit_paths(&expansion);
        assert!(!paths.is_empty(), "{name} names no plugkit path");
        for path in paths {
            assert!(
                path.starts_with("plugkit :: __private"),
                "{name} names `{path}`: {expansion}"
            );
        }
    }
}

#[test]
fn crate_path_replaces_plugkit_everywhere() {
    for (name, expansion) in expansions(quote!(my_host::plugkit)) {
        let text = expansion.to_string();
        assert!(
            text.contains("my_host :: plugkit :: __private ::"),
            "{name}: {text}"
        );
        let rest = text.replace("my_host :: plugkit :: __private ::", "");
        assert!(
            !rest.contains("plugkit ::"),
            "{name} names plugkit other than through `my_host::plugkit`: {text}"
        );
    }
}
