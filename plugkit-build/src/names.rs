//! Cargo's rule for crate names: `-` and `_` are the same name.

/// `name` with every `-` as `_`: the form Rust code uses, and the form two names are compared in.
pub(crate) fn normalise(name: &str) -> String {
    name.replace('-', "_")
}

/// Whether `a` and `b` name the same crate.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| fold(x) == fold(y))
}

/// Whether `name` starts with `prefix`, `-` and `_` being the same.
pub(crate) fn has_prefix(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len() && same(&name[..prefix.len()], prefix)
}

fn fold(b: u8) -> u8 {
    if b == b'-' { b'_' } else { b }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_and_underscores_are_one_name() {
        assert!(same("my-host_extra", "my_host-extra"));
        assert!(!same("my-host", "my-hosts"));
        assert!(has_prefix("myhost_extra", "myhost-"));
        assert!(has_prefix("myhost-extra", "myhost_"));
        assert!(!has_prefix("myhostextra", "myhost-"));
        assert!(!has_prefix("my", "myhost-"));
        assert_eq!(normalise("a-b_c"), "a_b_c");
    }
}
