//! Where a key is in a TOML text, for messages that name the line of a mistake.

/// The line (1-based) of the dotted `key` in the TOML `text`: of the key itself, else of the
/// deepest table above it that the text has.
pub(crate) fn line_of(text: &str, key: &str) -> Option<usize> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let mut table: &dyn toml_edit::TableLike = doc.as_table();
    let mut span = None;
    for part in key.split('.') {
        let Some((k, item)) = table.get_key_value(part) else {
            break;
        };
        span = k.span().or(span);
        match item.as_table_like() {
            Some(inner) => table = inner,
            None => break,
        }
    }
    let start = span?.start;
    Some(text.get(..start)?.matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_a_key_or_of_its_table() {
        let text = "[package]\nname = \"x\"\n\n[package.metadata.plugkit]\nhost = \"h\"\n\
                    features = [\"a\"]\n[workspace.metadata.plugkit.hosts.h]\nexclude.x = 1\n";
        assert_eq!(line_of(text, "package.metadata.plugkit.features"), Some(6));
        assert_eq!(line_of(text, "package.metadata.plugkit.host"), Some(5));
        assert_eq!(line_of(text, "package.metadata.plugkit.missing"), Some(4));
        assert_eq!(
            line_of(text, "workspace.metadata.plugkit.hosts.h.exclude.x"),
            Some(8)
        );
        assert_eq!(line_of(text, "nothing"), None);
        assert_eq!(line_of("not [ toml", "package"), None);
    }
}
