//! `linked_plugins!()`: the plugin crates that a host's build script found among its
//! dependencies, linked.

/// Links every plugin crate among the package's dependencies and evaluates to the list of them,
/// a `&'static [ExpectedPlugin]` to hand to [`init_expecting`](crate::init_expecting): the
/// `cargo add` way to get plugins, with no registration crate.
///
/// It includes the file that `plugkit_build::link_plugins()` wrote from the package's build
/// script; without that build script it fails to compile and says how to add it.
///
/// ```ignore
/// // build.rs, with `plugkit-build` in [build-dependencies]:
/// fn main() { plugkit_build::link_plugins(); }
///
/// // src/main.rs:
/// fn main() -> Result<(), plugkit::BuildError> {
///     let registry = plugkit::init_expecting(plugkit::linked_plugins!())?;
///     Ok(())
/// }
/// ```
///
/// # Errors
///
/// A problem the build script met (a manifest it cannot read, say) is a compile error here,
/// with its fix. A plugin crate that is linked but registered nothing is reported by
/// [`init_expecting`](crate::init_expecting) as [`Problem::MissingPlugin`](crate::Problem),
/// naming the features its registrations need when its manifest declares them.
///
/// The program may reach plugkit through a host's re-export (`my_host::plugkit::linked_plugins!()`):
/// the included file names no path of its own.
#[macro_export]
macro_rules! linked_plugins {
    () => {{
        const PLUGINS: &[$crate::ExpectedPlugin] =
            &$crate::__private::linked_plugins(::core::include!(::core::env!(
                "PLUGKIT_LINKED_PLUGINS",
                "plugkit::linked_plugins!() reads what the build script wrote: add `plugkit-build` \
                 to [build-dependencies] and `fn main() { plugkit_build::link_plugins() }` to \
                 build.rs"
            )));
        PLUGINS
    }};
}
