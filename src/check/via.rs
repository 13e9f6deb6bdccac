//! `via`: the stops of a journey in one row, `;`-separated place names. They are kept as a
//! canonical list here and resolved, each at the `via` cell, by `crate::join`.

use super::Problem;
use crate::diagnostics::Code;
use crate::gazetteer::{Gazetteer, PlaceIdx};

/// Whether the stops, origin and destination included, ever name one place twice in a row (a
/// leg from a place to itself): the first such stop, as a problem naming it.
pub fn repeated_stop(
    gazetteer: &Gazetteer,
    origin: PlaceIdx,
    via: &[PlaceIdx],
    destination: PlaceIdx,
) -> Option<Problem> {
    let stops: Vec<PlaceIdx> = std::iter::once(origin)
        .chain(via.iter().copied())
        .chain(std::iter::once(destination))
        .collect();
    let at = stops.windows(2).position(|w| w[0] == w[1])?;
    let name = &gazetteer.place(stops[at]).name;
    let (before, after) = match (at, at + 2 == stops.len()) {
        (0, _) => ("`origin`".to_owned(), "the first stop of `via`".to_owned()),
        (_, true) => (
            "the last stop of `via`".to_owned(),
            "`destination`".to_owned(),
        ),
        (i, false) => (format!("stop {i} of `via`"), format!("stop {}", i + 1)),
    };
    Some(
        Problem::new(
            Code::RepeatedStop,
            format!("{before} and {after} are both {name}: a leg would go from {name} to itself"),
        )
        .hint("list only the stops between origin and destination, each once in a row"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stop_named_twice_in_a_row_is_found() {
        let g = Gazetteer::builtin().expect("gazetteer");
        let id = |s: &str| g.by_id(s).expect(s);
        let (china, vietnam, bavet) = (id("china"), id("vietnam"), id("bavet"));
        assert!(repeated_stop(&g, china, &[vietnam], bavet).is_none());
        let p = repeated_stop(&g, china, &[vietnam, vietnam], bavet).expect("repeated");
        assert_eq!(
            p.message,
            "stop 1 of `via` and stop 2 are both Vietnam: a leg would go from Vietnam to itself"
        );
        let p = repeated_stop(&g, china, &[china], bavet).expect("repeated");
        assert!(p
            .message
            .starts_with("`origin` and the first stop of `via` are both China"));
        let p = repeated_stop(&g, china, &[bavet], bavet).expect("repeated");
        assert!(p
            .message
            .starts_with("the last stop of `via` and `destination` are both Bavet"));
    }
}
