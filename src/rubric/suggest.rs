//! "Did you mean" suggestions for misspelt names.

/// The known name closest to `typed`, when it is close enough to be a likely typo.
pub fn closest<'a>(typed: &str, known: &[&'a str]) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&typed, k), *k))
        .filter(|(d, k)| *d <= (k.len().max(typed.len()) / 3).max(1) || k.starts_with(typed.as_str()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_close_names_only() {
        let known = ["weight", "text", "scale", "critical"];
        assert_eq!(closest("wieght", &known), Some("weight"));
        assert_eq!(closest("Scael", &known), Some("scale"));
        assert_eq!(closest("colour", &known), None);
    }
}
