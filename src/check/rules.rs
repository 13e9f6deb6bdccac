//! The rules across fields, all in one place: an event has a place or a movement (both ends),
//! a point has both coordinates or none, and a route (journey, leg, stage, mode, via) belongs
//! to a movement, told over rows (`journey` and `leg`) or in one (`via`), not both.

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
    /// `journey`.
    pub journey: bool,
    /// `leg`.
    pub leg: bool,
    /// `stage`.
    pub stage: bool,
    /// `mode`.
    pub mode: bool,
    /// `via`.
    pub via: bool,
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
    route(given, &mut broken);
    broken
}

/// The route's rules: only on a movement (a half movement is reported already); `journey` with
/// `leg`; `via` alone.
fn route(given: Given, broken: &mut Vec<(Col, Problem)>) {
    let route = [
        (Col::Journey, given.journey),
        (Col::Leg, given.leg),
        (Col::Stage, given.stage),
        (Col::Mode, given.mode),
        (Col::Via, given.via),
    ];
    if !given.origin && !given.destination {
        for (col, _) in route.iter().filter(|(_, given)| *given) {
            broken.push((
                *col,
                Problem::new(
                    Code::NotAMovement,
                    format!(
                        "`{}` describes a movement, but the row has no `origin` and `destination`",
                        col.name()
                    ),
                )
                .hint(format!(
                    "fill in origin and destination, or leave `{}` empty",
                    col.name()
                )),
            ));
        }
        return;
    }
    if given.journey != given.leg {
        let (col, missing) = if given.journey {
            (Col::Leg, "leg")
        } else {
            (Col::Journey, "journey")
        };
        broken.push((
            col,
            Problem::new(
                Code::HalfLeg,
                format!("a leg of a journey needs both `journey` and `leg`; `{missing}` is empty"),
            )
            .hint("write the journey's id in `journey` and the leg's number (1, 2, ...) in `leg`, or neither"),
        ));
    }
    if given.via && (given.journey || given.leg) {
        broken.push((
            Col::Via,
            Problem::new(
                Code::ViaInJourney,
                "`via` makes the row a journey of its own, but `journey` and `leg` make it one leg of another",
            )
            .hint("tell a journey in one row (`via` lists its stops) or one row per leg (`journey` and `leg`), not both"),
        ));
    }
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

    #[test]
    fn a_route_belongs_to_a_movement_told_one_way() {
        let movement = Given {
            origin: true,
            destination: true,
            ..Given::default()
        };
        let leg = Given {
            journey: true,
            leg: true,
            stage: true,
            mode: true,
            ..movement
        };
        assert!(codes(leg).is_empty());
        let via = Given {
            via: true,
            stage: true,
            ..movement
        };
        assert!(codes(via).is_empty());
        let place = Given {
            place: true,
            stage: true,
            via: true,
            ..Given::default()
        };
        assert_eq!(
            codes(place),
            [
                (Col::Stage, Code::NotAMovement),
                (Col::Via, Code::NotAMovement)
            ]
        );
        let half = Given {
            journey: true,
            ..movement
        };
        assert_eq!(codes(half), [(Col::Leg, Code::HalfLeg)]);
        let both = Given {
            via: true,
            leg: true,
            ..movement
        };
        assert_eq!(
            codes(both),
            [
                (Col::Journey, Code::HalfLeg),
                (Col::Via, Code::ViaInJourney)
            ]
        );
        let half_movement = Given {
            origin: true,
            stage: true,
            ..Given::default()
        };
        assert_eq!(
            codes(half_movement),
            [(Col::Destination, Code::HalfMovement)],
            "a half movement is reported once, not again for its stage"
        );
    }
}
