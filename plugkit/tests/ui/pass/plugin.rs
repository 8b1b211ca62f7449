// `#[plugin]` with every option.
pub mod host {
    #[plugkit::pluggable(category = "ui")]
    pub fn greet(name: &str) -> String {
        format!("hello, {name}")
    }
}

fn never() -> bool {
    false
}

#[plugkit::plugin(host::greet, tryfirst, requires = [never], recheck_each_call)]
fn greet_never(name: &str) -> String {
    format!("never, {name}")
}

#[plugkit::plugin(host, pluggable_name = "greet", name = "warm", priority = 2, before = ["cold"])]
fn greet_warmly(name: &str) -> String {
    format!("welcome, {name}")
}

#[plugkit::plugin(host::greet, name = "cold", after = ["warm"], requires = ["plugkit"])]
fn greet_coldly(name: &str) -> String {
    format!("{name}.")
}

#[plugkit::plugin(host::greet, trylast)]
fn greet_last(name: &str) -> String {
    format!("last, {name}")
}

fn main() {
    assert_eq!(host::greet("Ada"), "welcome, Ada");
    let point = plugkit::registry().point(host::greet::URL).unwrap();
    let ids: Vec<&str> = point.entries().iter().map(|e| e.id()).collect();
    let (never, last) = ("trybuild000::greet_never", "trybuild000::greet_last");
    let never = ids.iter().find(|id| id.ends_with("::greet_never")).copied().unwrap_or(never);
    let last = ids.iter().find(|id| id.ends_with("::greet_last")).copied().unwrap_or(last);
    assert_eq!(ids, [never, "warm", "cold", last]);
}
