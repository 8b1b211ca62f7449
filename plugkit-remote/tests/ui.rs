//! What `#[plugkit_remote::remote]` refuses, with its messages.

#[test]
fn remote_refuses_what_cannot_cross_a_process_boundary() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
