//! The build-script cost of `plugkit_build::link_plugins()` (written in its own change).

fn main() {}
