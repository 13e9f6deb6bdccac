//! A movement's route: the journey it is a leg of, its stage and mode, and the stops a `via`
//! list puts between its ends; [`Event::legs`] turns a movement into the legs the maps draw.
//!
//! A journey is told in one of two ways. Spread over rows: each row is one leg, with the
//! journey's id in `journey` and its place in the chain in `leg` (1, 2, ...); `crate::journeys`
//! checks across rows that the legs connect. Or in one row: `via` lists the stops between
//! `origin` and `destination`, and the row is a journey of its own whose id is the row's id, its
//! legs numbered from 1 in `via`'s order.

use super::Event;
use crate::gazetteer::PlaceIdx;
use crate::schema::Col;
use std::borrow::Cow;

/// Declares a closed list of values with their names in files, parsed case-insensitively with
/// spaces and hyphens read as underscores (`On foot` is `on_foot`).
macro_rules! closed_list {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $text:literal,)* }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[doc = $vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in the order documented.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The name used in files and outputs.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// Reads a value as people write it: any case, spaces or hyphens for underscores.
            pub fn parse(text: &str) -> Option<$name> {
                let folded: String = text
                    .trim()
                    .chars()
                    .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
                    .collect();
                $name::ALL.iter().copied().find(|v| v.as_str() == folded)
            }

            /// The names, comma-separated, for messages and the README.
            pub fn names() -> String {
                $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

closed_list! {
    /// What a leg of a journey is for. The first three are the stages of the Human
    /// Trafficking Case Data Standard (HTCDS); `release` (leaving the place of exploitation:
    /// escape, rescue, release) and `return` (the way home, repatriation or deportation) are
    /// added because the reporting on Cambodia's compounds follows people out as much as in,
    /// and HTCDS would have to call both `transit`.
    Stage {
        /// Being recruited and moved from home (a false job offer, a first journey).
        Recruitment = "recruitment",
        /// On the way, between recruitment and the place of exploitation.
        Transit = "transit",
        /// Moved to, or between, places of exploitation (sold on to another compound).
        Exploitation = "exploitation",
        /// Leaving exploitation: escape, rescue or release.
        Release = "release",
        /// Going home: repatriation, deportation, a return journey.
        Return = "return",
    }
}

closed_list! {
    /// How a leg was travelled.
    Mode {
        /// By car, bus, truck or motorbike.
        Road = "road",
        /// By boat, across a river, a lake or the sea.
        Boat = "boat",
        /// By plane.
        Air = "air",
        /// Walking, e.g. across a border away from a checkpoint.
        OnFoot = "on_foot",
    }
}

/// What a row says about its movement's route, beyond its two ends. The journey's id is text
/// (`Col::Journey`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Route {
    /// Its place in its journey (1, 2, ...), with `journey`.
    pub leg: Option<u32>,
    /// What the movement was for.
    pub stage: Option<Stage>,
    /// How it was travelled.
    pub mode: Option<Mode>,
    /// The stops between origin and destination, in order (`via`); empty for most rows, and
    /// then no allocation.
    pub via: Vec<PlaceIdx>,
}

/// One leg of a movement: a stretch from one place to the next, as the maps draw it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Leg<'e> {
    /// The event it belongs to.
    pub event: &'e Event,
    /// Where the leg starts.
    pub from: PlaceIdx,
    /// Where it ends.
    pub to: PlaceIdx,
    /// Its number in its journey: `leg` for a row of a journey, its place in the row's `via`
    /// chain for a row with `via`, none for a plain movement.
    pub number: Option<u32>,
    /// Whether it is one of several legs a `via` row makes.
    pub split: bool,
}

impl<'e> Leg<'e> {
    /// The journey it is a leg of: the `journey` column, or for a `via` row the row's own id.
    pub fn journey(&self) -> Option<&'e str> {
        self.event.journey()
    }

    /// The feature id: the event's id, with `#n` for the legs of a `via` row (`kh-2022-018#2`).
    pub fn feature_id(&self) -> Cow<'e, str> {
        match (self.split, self.number) {
            (true, Some(n)) => Cow::Owned(format!("{}#{n}", self.event.id())),
            _ => Cow::Borrowed(self.event.id()),
        }
    }
}

impl Event {
    /// The journey the event's movement belongs to: the `journey` column, or for a row with
    /// `via` (a journey in one row) the row's id; `None` for a plain movement or no movement.
    pub fn journey(&self) -> Option<&str> {
        let written = self.text(Col::Journey);
        if !written.is_empty() {
            Some(written)
        } else if !self.route.via.is_empty() {
            Some(self.id())
        } else {
            None
        }
    }

    /// The legs of the event's movement, in travel order: one for a plain movement or a row of
    /// a journey, one more than its stops for a row with `via`; none when it is no movement.
    pub fn legs(&self) -> impl Iterator<Item = Leg<'_>> + '_ {
        let ends = self.movement();
        let via = &self.route.via;
        let count = if ends.is_some() { via.len() + 1 } else { 0 };
        let split = !via.is_empty();
        (0..count).filter_map(move |k| {
            let (origin, destination) = ends?;
            let stop = |i: usize| match i {
                0 => Some(origin),
                i if i > via.len() => Some(destination),
                i => via.get(i - 1).copied(),
            };
            let number = if split {
                u32::try_from(k + 1).ok()
            } else {
                self.route.leg
            };
            Some(Leg {
                event: self,
                from: stop(k)?,
                to: stop(k + 1)?,
                number,
                split,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_in_any_case_and_with_spaces() {
        assert_eq!(Mode::parse("On foot"), Some(Mode::OnFoot));
        assert_eq!(Mode::parse("on-foot"), Some(Mode::OnFoot));
        assert_eq!(Mode::parse(" BOAT "), Some(Mode::Boat));
        assert_eq!(Mode::parse("train"), None);
        assert_eq!(Stage::parse("Exploitation"), Some(Stage::Exploitation));
        assert_eq!(Stage::parse("rescue"), None);
        assert_eq!(
            Stage::names(),
            "recruitment, transit, exploitation, release, return"
        );
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(*stage));
        }
    }
}
