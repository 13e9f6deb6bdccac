//! Journey ids: the key a journey's legs share, typed by people like an event id.

use super::Problem;
use crate::diagnostics::Code;

/// Checks a journey id (trimmed, non-empty): no white space, and no `#`, which would read as
/// the leg suffix of a `via` row's features (`kh-2022-018#2`).
pub fn journey(id: &str) -> Result<(), Problem> {
    if id.chars().any(|c| c.is_whitespace() || c == '#') {
        return Err(Problem::new(
            Code::BadJourney,
            format!("journey `{id}` contains white space or `#`"),
        )
        .hint("use letters, digits and hyphens, e.g. xu-2022"));
    }
    super::id::look_alike(id, "journey")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journey_id_is_one_word_without_a_hash() {
        assert!(journey("xu-2022").is_ok());
        assert_eq!(
            journey("xu 2022").map_err(|p| p.message),
            Err("journey `xu 2022` contains white space or `#`".to_owned())
        );
        assert!(journey("kh-1#2").is_err());
    }
}
