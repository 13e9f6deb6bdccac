//! Journeys told over several rows, checked across them: the legs of each journey are
//! numbered 1, 2, ... without a gap or a repeat, each leg starts where the one before ended,
//! and the dates do not go backwards (a warning: a source may date legs loosely).
//!
//! [`Journeys`] collects what it needs of each leg row as the rows are read (a few dozen bytes
//! a leg, nothing for other rows) and reports at the end, before any output is committed: a
//! broken journey is an error like a bad cell, so nothing is written. A row with `via` is a
//! journey in one row; its legs connect by construction, and only its id is kept, so that no
//! journey of several rows takes the same id.

use crate::diagnostics::{Code, Diagnostic, Location, Report, Severity};
use crate::events::Event;
use crate::gazetteer::{Gazetteer, PlaceIdx};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One row of a journey, as the check needs it.
#[derive(Debug, Clone)]
struct LegRow {
    leg: u32,
    from: PlaceIdx,
    to: PlaceIdx,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    date: String,
    at: Location,
}

/// The journeys read so far.
#[derive(Debug, Default)]
pub struct Journeys {
    legs: BTreeMap<String, Vec<LegRow>>,
    /// The ids of rows with `via`, each a journey of its own, with where they are.
    one_row: BTreeMap<String, Location>,
}

impl Journeys {
    /// Nothing read yet.
    pub fn new() -> Self {
        Journeys::default()
    }

    /// Notes an event's leg, if it is a leg of a journey.
    pub fn add(&mut self, event: &Event) {
        let Some((from, to)) = event.movement() else {
            return;
        };
        let at = Location {
            input: event.input.clone(),
            line: event.line,
            column: None,
        };
        if !event.route.via.is_empty() {
            self.one_row.insert(event.id().to_owned(), at);
            return;
        }
        let (Some(journey), Some(leg)) = (event.journey(), event.route.leg) else {
            return;
        };
        self.legs
            .entry(journey.to_owned())
            .or_default()
            .push(LegRow {
                leg,
                from,
                to,
                start: event.date.start_day(),
                end: event.date.end_day(),
                date: event.date.text().to_owned(),
                at,
            });
    }

    /// Checks every journey and reports what is wrong, journey by journey (by id), leg by leg.
    pub fn finish(self, gazetteer: &Gazetteer, report: &mut dyn Report) {
        for (journey, mut legs) in self.legs {
            legs.sort_by_key(|l| l.leg);
            if let Some(via_row) = self.one_row.get(&journey) {
                report.report(clash(&journey, &legs[0], via_row));
            }
            numbering(&journey, &legs, report);
            for pair in legs.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                if u64::from(b.leg) != u64::from(a.leg) + 1 {
                    continue; // a gap or a repeat, reported above
                }
                if a.to != b.from {
                    report.report(broken(&journey, a, b, gazetteer));
                }
                if let (Some(a_start), Some(b_end)) = (a.start, b.end) {
                    if b_end < a_start {
                        report.report(backwards(&journey, a, b));
                    }
                }
            }
        }
    }
}

/// Where a row is, for a message at `here`: `line 3` in the same input, else `file:3`.
fn row(at: &Location, here: &Location) -> String {
    if at.input == here.input {
        format!("line {}", at.line)
    } else {
        Location {
            column: None,
            ..at.clone()
        }
        .to_string()
    }
}

fn finding(at: &Location, field: &'static str, code: Code, message: String) -> Diagnostic {
    Diagnostic::new(at.clone(), code, message).with_field(field)
}

/// Gaps (a leg number missing before one given) and repeats, at the row that shows each.
fn numbering(journey: &str, legs: &[LegRow], report: &mut dyn Report) {
    let numbers: Vec<String> = legs.iter().map(|l| l.leg.to_string()).collect();
    // Counted in u64: a leg may be u32::MAX, and the one after it is still a number.
    let mut expected: u64 = 1;
    for (i, leg) in legs.iter().enumerate() {
        if i > 0 && leg.leg == legs[i - 1].leg {
            let first = &legs[i - 1];
            report.report(
                finding(
                    &leg.at,
                    "leg",
                    Code::DuplicateLeg,
                    format!(
                        "journey `{journey}` has two legs {}: {} and {}",
                        leg.leg,
                        row(&first.at, &leg.at),
                        row(&leg.at, &leg.at)
                    ),
                )
                .with_hint("each leg of a journey has its own number, 1, 2, 3 ... in travel order"),
            );
            continue;
        }
        let number = u64::from(leg.leg);
        if number > expected {
            let missing = if number == expected + 1 {
                format!("leg {expected}")
            } else {
                format!("legs {expected} to {}", number - 1)
            };
            report.report(
                finding(
                    &leg.at,
                    "leg",
                    Code::MissingLeg,
                    format!(
                        "journey `{journey}` has no {missing}: its legs are {}",
                        numbers.join(", ")
                    ),
                )
                .with_hint("number the legs 1, 2, 3 ... in travel order, with no gap; add the missing leg, or renumber"),
            );
        }
        expected = number + 1;
    }
}

/// Leg `b` does not start where leg `a` ends.
fn broken(journey: &str, a: &LegRow, b: &LegRow, gazetteer: &Gazetteer) -> Diagnostic {
    let name = |p: PlaceIdx| {
        let place = gazetteer.place(p);
        format!("{} ({})", place.name, place.id)
    };
    finding(
        &b.at,
        "origin",
        Code::BrokenJourney,
        format!(
            "journey `{journey}` does not connect: leg {} ({}) ends at {}, but leg {} ({}) starts at {}",
            a.leg,
            row(&a.at, &b.at),
            name(a.to),
            b.leg,
            row(&b.at, &b.at),
            name(b.from)
        ),
    )
    .with_hint(format!(
        "leg {}'s `origin` must be leg {}'s `destination`, the same place; add the leg between them, or correct either place",
        b.leg, a.leg
    ))
}

/// Leg `b` ends before leg `a` can have begun.
fn backwards(journey: &str, a: &LegRow, b: &LegRow) -> Diagnostic {
    finding(
        &b.at,
        "date",
        Code::JourneyBackwards,
        format!(
            "journey `{journey}` goes back in time: leg {} ({}, `{}`) ends before leg {} ({}, `{}`) begins",
            b.leg,
            row(&b.at, &b.at),
            b.date,
            a.leg,
            row(&a.at, &b.at),
            a.date
        ),
    )
    .with_hint("check both dates, and the order of the legs")
    .with_severity(Severity::Warning)
}

/// A journey of several rows has the id of a row with `via`.
fn clash(journey: &str, first: &LegRow, via_row: &Location) -> Diagnostic {
    finding(
        &first.at,
        "journey",
        Code::JourneyIdClash,
        format!(
            "journey `{journey}` has the id of the row at {}, whose `via` makes it a journey of its own",
            row(via_row, &first.at)
        ),
    )
    .with_hint("give the journey an id no row has")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Loader;

    /// Every finding of reading `csv` and checking its journeys, as printed.
    fn findings(csv: &str) -> Vec<String> {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let mut found: Vec<Diagnostic> = Vec::new();
        let mut journeys = Journeys::new();
        Loader::new(&gazetteer)
            .read_from(csv.as_bytes(), "j.csv", &mut found, |e| journeys.add(&e))
            .expect("in memory");
        journeys.finish(&gazetteer, &mut found);
        found.iter().map(ToString::to_string).collect()
    }

    const HEADER: &str = "id,date,type,title,origin,destination,journey,leg,via,source\n";

    #[test]
    fn a_connected_journey_and_a_via_row_are_clean() {
        let csv = format!(
            "{HEADER}a,2022-01,trafficking_route,T,China,Vietnam,xu,1,,S\n\
             b,2022-02,trafficking_route,T,Bavet,Galaxy World,xu,3,,S\n\
             c,2022-01/2022-02,trafficking_route,T,Vietnam,Bavet,xu,2,,S\n\
             d,2022,trafficking_route,T,Sihanoukville,Bangkok,,,Poipet,S\n"
        );
        assert_eq!(findings(&csv), Vec::<String>::new());
    }

    #[test]
    fn a_broken_chain_names_both_places_and_both_rows() {
        let csv = format!(
            "{HEADER}a,2022-01,trafficking_route,T,China,Vietnam,xu,1,,S\n\
             b,2022-02,trafficking_route,T,Poipet,Bangkok,xu,2,,S\n"
        );
        assert_eq!(
            findings(&csv),
            ["j.csv:3: error: journey `xu` does not connect: leg 1 (line 2) ends at Vietnam (vietnam), but leg 2 (line 3) starts at Poipet (poipet)\n  hint: leg 2's `origin` must be leg 1's `destination`, the same place; add the leg between them, or correct either place"]
        );
    }

    #[test]
    fn missing_and_repeated_leg_numbers_are_errors() {
        let csv = format!(
            "{HEADER}a,2022,trafficking_route,T,China,Vietnam,xu,2,,S\n\
             b,2022,trafficking_route,T,Vietnam,Bavet,xu,3,,S\n\
             c,2022,trafficking_route,T,Vietnam,Bavet,xu,3,,S\n\
             d,2022,trafficking_route,T,Bavet,Poipet,xu,6,,S\n"
        );
        assert_eq!(
            findings(&csv),
            [
                "j.csv:2: error: journey `xu` has no leg 1: its legs are 2, 3, 3, 6\n  hint: number the legs 1, 2, 3 ... in travel order, with no gap; add the missing leg, or renumber",
                "j.csv:4: error: journey `xu` has two legs 3: line 3 and line 4\n  hint: each leg of a journey has its own number, 1, 2, 3 ... in travel order",
                "j.csv:5: error: journey `xu` has no legs 4 to 5: its legs are 2, 3, 3, 6\n  hint: number the legs 1, 2, 3 ... in travel order, with no gap; add the missing leg, or renumber",
            ]
        );
    }

    #[test]
    fn dates_going_backwards_are_a_warning() {
        let csv = format!(
            "{HEADER}a,2022-08,trafficking_route,T,China,Vietnam,xu,1,,S\n\
             b,2022-03/2022-07,trafficking_route,T,Vietnam,Bavet,xu,2,,S\n\
             c,2022-08?,trafficking_route,T,Bavet,Poipet,xu,3,,S\n"
        );
        assert_eq!(
            findings(&csv),
            ["j.csv:3: warning: journey `xu` goes back in time: leg 2 (line 3, `2022-03/2022-07`) ends before leg 1 (line 2, `2022-08`) begins\n  hint: check both dates, and the order of the legs"]
        );
    }

    #[test]
    fn a_leg_in_another_file_is_named_with_its_file() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let mut found: Vec<Diagnostic> = Vec::new();
        let mut journeys = Journeys::new();
        let mut loader = Loader::new(&gazetteer);
        let files = [
            ("a.csv", "a,2022,relocation,T,Sihanoukville,Poipet,m,1,,S\n"),
            ("b.csv", "b,2022,relocation,T,Bavet,Bangkok,m,2,,S\n"),
        ];
        for (name, row) in files {
            let csv = format!("{HEADER}{row}");
            loader
                .read_from(csv.as_bytes(), name, &mut found, |e| journeys.add(&e))
                .expect("in memory");
        }
        journeys.finish(&gazetteer, &mut found);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["journey `m` does not connect: leg 1 (a.csv:2) ends at Poipet (poipet), but leg 2 (line 2) starts at Bavet (bavet)"]
        );
        assert_eq!(found[0].location.to_string(), "b.csv:2");
        assert_eq!(found[0].field.as_deref(), Some("origin"));
    }

    #[test]
    fn a_journey_cannot_take_a_via_rows_id() {
        let csv = format!(
            "{HEADER}d,2022,trafficking_route,T,Sihanoukville,Bangkok,,,Poipet,S\n\
             e,2022,trafficking_route,T,Bavet,Poipet,d,1,,S\n"
        );
        assert_eq!(
            findings(&csv),
            ["j.csv:3: error: journey `d` has the id of the row at line 2, whose `via` makes it a journey of its own\n  hint: give the journey an id no row has"]
        );
    }
}
