#[derive(Debug)]
pub struct ParseError;

/// A bodiless pluggable returning `Result<T, E>` returns it as it is, so `E` must convert
/// from `NoPlugin`; `ParseError` does not.
#[plugkit::pluggable(category = "ui")]
pub fn parse(text: &str) -> Result<u32, ParseError>;

fn main() {}
