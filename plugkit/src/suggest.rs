//! "Did you mean" suggestions and short lists for error messages.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// At most five names, then how many more.
pub(crate) fn short_list(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut list = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        list.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name_only_when_close() {
        let known = [
            "plugkit://a/booleans/union",
            "plugkit://a/booleans/intersection",
        ];
        assert_eq!(
            did_you_mean("plugkit://a/booleans/unoin", known),
            Some(known[0])
        );
        assert_eq!(did_you_mean("zzz", known), None);
    }

    #[test]
    fn short_lists_stop_at_five() {
        let names: Vec<String> = (0..7).map(|i| i.to_string()).collect();
        assert_eq!(short_list(&names), "`0`, `1`, `2`, `3`, `4` and 2 more");
        assert_eq!(short_list(&names[..2]), "`0`, `1`");
    }
}
