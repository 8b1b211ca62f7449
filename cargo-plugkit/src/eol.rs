//! A file's line endings and final newline, which a rewrite keeps: generated text is written
//! with `\n`, and a checkout with `\r\n` (git's `core.autocrlf`) or without a final newline
//! gets its own style back, so that `sync --check` is clean on it.

/// How a file ends its lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Style {
    /// Every line ends with `\r\n`.
    pub(crate) crlf: bool,
    /// The last line ends with a newline (or the file is empty).
    pub(crate) final_newline: bool,
}

impl Style {
    /// `\n` and a final newline: what generated text uses.
    #[cfg(test)]
    pub(crate) const LF: Style = Style {
        crlf: false,
        final_newline: true,
    };

    /// The style of `text`: `\r\n` only when every line break is one (a file mixing both is
    /// left as the generator writes it).
    pub(crate) fn of(text: &str) -> Style {
        let breaks = text.matches('\n').count();
        let crlf = breaks > 0 && text.matches("\r\n").count() == breaks;
        Style {
            crlf,
            final_newline: text.is_empty() || text.ends_with('\n'),
        }
    }

    /// `text` (with `\n` line breaks, or already in this style) in this style.
    pub(crate) fn apply(self, text: String) -> String {
        let mut out = if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text
        };
        if !self.final_newline {
            while out.ends_with('\n') {
                out.pop();
                if out.ends_with('\r') {
                    out.pop();
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_and_applies_each_style() {
        assert_eq!(
            Style::of("a\r\nb\r\n"),
            Style {
                crlf: true,
                final_newline: true
            }
        );
        assert_eq!(
            Style::of("a\r\nb"),
            Style {
                crlf: true,
                final_newline: false
            }
        );
        assert_eq!(
            Style::of("a\nb\r\n"),
            Style {
                crlf: false,
                final_newline: true
            }
        );
        assert_eq!(
            Style::of(""),
            Style {
                crlf: false,
                final_newline: true
            }
        );
        assert_eq!(Style::of("a\r\nb").apply("x\ny\n".into()), "x\r\ny");
        assert_eq!(Style::of("a\r\n").apply("x\r\ny\n".into()), "x\r\ny\r\n");
        assert_eq!(Style::LF.apply("x\ny\n".into()), "x\ny\n");
        assert_eq!(Style::of("a").apply("x\n\n".into()), "x");
    }
}
