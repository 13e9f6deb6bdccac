//! "Did you mean": the closest known word to a likely typo, for column names, event types,
//! place kinds and flag values alike.

/// The closest candidate to `word`, if one is close enough (Jaro-Winkler 0.8 or more) to be a
/// likely typo; ties go to the first candidate in alphabetical order.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_word() {
        let known = ["origin", "destination", "date"];
        assert_eq!(did_you_mean("destinaton", known), Some("destination"));
        assert_eq!(did_you_mean("zzz", known), None);
    }
}
