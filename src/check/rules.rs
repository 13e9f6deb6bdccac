//! The rules across fields, all in one place: an event has a place or a movement (both ends),
//! and a point has both coordinates or none.

use super::Problem;
use crate::diagnostics::Code;
use crate::schema::Col;

/// Which of the fields the rules look at have something in them.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools)] // one flag per cell, and no states between them
pub struct Given {
    /// `place`.
    pub place: bool,
    /// `origin`.
    pub origin: bool,
    /// `destination`.
    pub destination: bool,
    /// `lat`.
    pub lat: bool,
    /// `lon`.
    pub lon: bool,
}

/// Every rule the given fields break, with the column at fault.
pub fn cross_field(given: Given) -> Vec<(Col, Problem)> {
    let mut broken = Vec::new();
    if given.origin != given.destination {
        let (col, missing) = if given.origin {
            (Col::Destination, "destination")
        } else {
            (Col::Origin, "origin")
        };
        broken.push((
            col,
            Problem::new(
                Code::HalfMovement,
                format!("a movement needs both an origin and a destination; `{missing}` is empty"),
            )
            .hint("fill in both, or move the place to the `place` column"),
        ));
    } else if !given.place && !given.origin {
        broken.push((
            Col::Place,
            Problem::new(
                Code::NoPlace,
                "the event has no place: `place` is empty and there is no origin and destination",
            )
            .hint("name a place (a gazetteer name, alias or id; `Cambodia` for national facts), or an origin and a destination"),
        ));
    }
    if given.lat != given.lon {
        let col = if given.lat { Col::Lon } else { Col::Lat };
        broken.push((
            col,
            Problem::new(Code::HalfPoint, "give both `lat` and `lon`, or neither")
                .hint("the point overrides the gazetteer's; leave both empty to use it"),
        ));
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(given: Given) -> Vec<(Col, Code)> {
        cross_field(given)
            .into_iter()
            .map(|(c, p)| (c, p.code))
            .collect()
    }

    #[test]
    fn a_place_or_both_ends_and_both_coordinates_or_none() {
        let place = Given {
            place: true,
            ..Given::default()
        };
        assert!(codes(place).is_empty());
        let movement = Given {
            origin: true,
            destination: true,
            ..Given::default()
        };
        assert!(codes(movement).is_empty());
        assert_eq!(codes(Given::default()), [(Col::Place, Code::NoPlace)]);
        let half = Given {
            place: true,
            origin: true,
            lon: true,
            ..Given::default()
        };
        assert_eq!(
            codes(half),
            [
                (Col::Destination, Code::HalfMovement),
                (Col::Lat, Code::HalfPoint)
            ]
        );
    }
}
