//! The compile errors of `#[pluggable]` and `#[plugin]`, as users see them.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
