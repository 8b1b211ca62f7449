//! End-to-end tests across the workspace's crates, in `tests/`: the examples built and run as
//! their users build and run them. This library is empty; it exists so that Cargo has a
//! target to attach the tests to.
//!
//! - `tests/profiles.rs`: the order of plugins is the same in dev, release and LTO builds of
//!   `compas-like`. It builds the example three times in `target/profiles`, so the first run
//!   takes a few minutes.
//! - `tests/compile_bench.rs`: `benches/compile/compile.py` (compile time, binary size and
//!   start-up of plugkit's registrations beside hand-written tables) run at 3 registrations, so
//!   that the script keeps working; its crates build in `target/tmp/compile-bench`.
