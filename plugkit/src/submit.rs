//! Registering a point or an entry built by hand, as the attribute macros do for theirs: what
//! `plugin_commands!` and `plugin_command!` expand to. Not public API.

/// Registers a [`Point`](crate::Point) built by hand (a constant expression).
#[doc(hidden)]
#[macro_export]
macro_rules! submit_point {
    ($point:expr) => {
        const _: () = {
            #[$crate::__private::linkme::distributed_slice($crate::__private::PLUGKIT_POINTS)]
            #[linkme(crate = $crate::__private::linkme)]
            static __PLUGKIT_POINT: $crate::Point = $point;
        };
    };
}

/// Registers an [`Entry`](crate::Entry) built by hand (a constant expression).
#[doc(hidden)]
#[macro_export]
macro_rules! submit_entry {
    ($entry:expr) => {
        const _: () = {
            #[$crate::__private::linkme::distributed_slice($crate::__private::PLUGKIT_ENTRIES)]
            #[linkme(crate = $crate::__private::linkme)]
            static __PLUGKIT_ENTRY: $crate::Entry = $entry;
        };
    };
}
