//! TOML paths (`caches.remote.bucket`, `commands.build.deps[0]`), built on the stack while
//! decoding and formatted only when an error needs one.

use std::fmt;

/// Where a value sits in the document: a chain of keys and indexes back to the root.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Path::Root => Ok(()),
            Path::Key(parent, key) => {
                if !matches!(parent, Path::Root) {
                    write!(f, "{parent}.")?;
                }
                write_key(f, key)
            }
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
pub(crate) fn write_key(f: &mut impl fmt::Write, key: &str) -> fmt::Result {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare {
        f.write_str(key)
    } else {
        f.write_char('"')?;
        for c in key.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                c if c.is_control() => write!(f, "\\u{:04X}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn paths_read_like_toml() {
        let caches = Path::Key(&Path::Root, "caches");
        let remote = Path::Key(&caches, "remote");
        assert_eq!(
            Path::Key(&remote, "bucket").to_string(),
            "caches.remote.bucket"
        );
        let deps = Path::Key(&remote, "deps");
        assert_eq!(Path::Index(&deps, 0).to_string(), "caches.remote.deps[0]");
        assert_eq!(Path::Key(&Path::Root, "a.b").to_string(), "\"a.b\"");
        assert_eq!(Path::Key(&Path::Root, "").to_string(), "\"\"");
        assert_eq!(Path::Root.to_string(), "");
    }
}
