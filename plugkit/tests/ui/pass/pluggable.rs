// `#[pluggable]` in each of its forms, and what each returns.
use plugkit::fns::NoPlugin;

#[derive(Debug, PartialEq)]
pub enum ParseError {
    Empty,
    NoParser(String),
}

impl From<NoPlugin> for ParseError {
    fn from(no_plugin: NoPlugin) -> Self {
        ParseError::NoParser(no_plugin.to_string())
    }
}

pub mod host {
    #[plugkit::pluggable(category = "ui")]
    pub fn double(x: u32) -> u32 {
        x * 2
    }

    #[plugkit::pluggable(category = "ui")]
    pub fn triple(x: u32) -> u32;

    #[plugkit::pluggable(domain = "https://ui.example", category = "ui/text")]
    pub fn parse(text: &str) -> Result<u32, super::ParseError>;

    #[plugkit::pluggable(category = "ui")]
    pub fn unparsed(text: &str) -> Result<u32, super::ParseError>;

    #[plugkit::pluggable(category = "ui")]
    pub fn read(text: &str) -> std::io::Result<u32>;

    #[plugkit::pluggable(category = "ui", selector = collect_all)]
    pub fn names() -> &'static str;
}

#[plugkit::plugin(host::triple)]
fn triple(x: u32) -> u32 {
    x * 3
}

#[plugkit::plugin(host::parse)]
fn parse(text: &str) -> Result<u32, ParseError> {
    text.parse().map_err(|_| ParseError::Empty)
}

#[plugkit::plugin(host::names)]
fn first() -> &'static str {
    "first"
}

#[plugkit::plugin(host::names)]
fn second() -> &'static str {
    "second"
}

fn main() {
    assert_eq!(host::double(2), 4);
    assert_eq!(host::triple(2), Ok(6));
    // A `Result<T, E>` whose `E` converts from `NoPlugin` is returned as it is.
    let parsed: Result<u32, ParseError> = host::parse("7");
    assert_eq!(parsed, Ok(7));
    assert_eq!(host::parse(""), Err(ParseError::Empty));
    assert_eq!(host::parse::URL, "https://ui.example/ui/text/parse");
    let Err(ParseError::NoParser(message)) = host::unparsed("1") else { panic!("no plugin parses") };
    assert!(message.starts_with("no plugin is available for `plugkit://plugkit-framework-tests/ui/unparsed`"));
    // A `Result` alias with one argument is a value like any other.
    let read: Result<std::io::Result<u32>, NoPlugin> = host::read("1");
    assert!(read.unwrap_err().to_string().starts_with("no plugin is available for `plugkit://plugkit-framework-tests/ui/read`"));
    let mut names = host::names().into_values();
    names.sort();
    assert_eq!(names, ["first", "second"]);
}
