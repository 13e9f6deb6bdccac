//! The one place an aggregate adds an event up: how many events, how many people, how many
//! events gave no count, and the first and last event. Every layer that sums events (the
//! provinces, the flows, the activity by period) keeps a [`Tally`] per cell, so that a total
//! means the same thing in every file.
//!
//! - `people` sums each event's largest known count ([`crate::events::Counts::involved`]): the
//!   arrested, rescued, deported, victims or people of one event are mostly the same people,
//!   so they are not added together. An event without any count adds nothing to `people` and
//!   one to `people_unknown`, so that a reader can tell "0 people" from "not counted".
//! - First and last are by the order of the outputs: map start, then id.
//! - Only confirmed and reported counts are summed in `people`; the counts of alleged and
//!   disputed events go to `people_alleged`, so that a claim is never added to a count.
//! - `sensitive` counts the restricted and confidential rows added: a public export suppresses
//!   a cell that has one and fewer events than `--min-count` ([`Tally::suppressed`]).
//! - Events tagged `context` or `summary` (reserved tags: background to the story, or a total
//!   of other rows) are left out of every total.
//! - Sums are checked: a total past what a `u64` holds is an [`Overflow`] naming the rows, never
//!   a wrapped number.

use super::redact::Publish;
use crate::diagnostics::Location;
use crate::events::{Event, Sensitivity};
use chrono::NaiveDate;

/// The tags that keep an event out of every total.
pub const RESERVED_TAGS: [&str; 2] = ["context", "summary"];

/// A cell's value as a public aggregate shows it: null when the cell is suppressed.
pub fn shown<T>(suppressed: bool, value: T) -> Option<T> {
    (!suppressed).then_some(value)
}

/// What a set of events adds up to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Events counted.
    pub events: u64,
    /// The sum of each event's largest known count.
    pub people: u64,
    /// Events that gave no count.
    pub people_unknown: u64,
    /// The sum of the largest known count of each alleged or disputed event.
    pub people_alleged: u64,
    /// Restricted and confidential rows counted.
    pub sensitive: u64,
    first: Option<(NaiveDate, String)>,
    last: Option<(NaiveDate, String)>,
    /// The first row added, for a message about a sum that overflows.
    first_row: Option<Location>,
}

/// A sum too large to hold: the rows it was adding, and what it was the sum of.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: the counts from {first} to {at} add up to more than {max}; check the counts of those rows", max = u64::MAX)]
pub struct Overflow {
    /// What was being summed, e.g. `people in Pursat, 2022-Q4`.
    pub what: String,
    /// The first row added to the sum.
    pub first: Location,
    /// The row whose count took it past the limit.
    pub at: Location,
}

impl Overflow {
    /// Says what was being summed (the tally itself does not know).
    #[must_use]
    pub fn of(mut self, what: impl Into<String>) -> Self {
        self.what = what.into();
        self
    }
}

/// Where an event's row is, for messages.
fn row_of(event: &Event) -> Location {
    Location {
        input: event.input.clone(),
        line: event.line,
        column: None,
    }
}

impl Tally {
    /// Whether an event counts in totals at all: not when it carries a reserved tag.
    pub fn counts(event: &Event) -> bool {
        !event
            .tags()
            .split(';')
            .any(|t| RESERVED_TAGS.iter().any(|r| t.eq_ignore_ascii_case(r)))
    }

    /// Adds an event (nothing, for one that does not count in totals).
    pub fn add(&mut self, event: &Event) -> Result<(), Overflow> {
        if !Tally::counts(event) {
            return Ok(());
        }
        let first_row = self.first_row.get_or_insert_with(|| row_of(event)).clone();
        let overflow = |what: &str| Overflow {
            what: what.to_owned(),
            first: first_row.clone(),
            at: row_of(event),
        };
        let events = self
            .events
            .checked_add(1)
            .ok_or_else(|| overflow("events"))?;
        let (mut people, mut unknown, mut alleged) =
            (self.people, self.people_unknown, self.people_alleged);
        match (event.counts.involved(), event.status().is_counted()) {
            (Some(n), true) => {
                people = people.checked_add(n).ok_or_else(|| overflow("people"))?;
            }
            (Some(n), false) => {
                alleged = alleged
                    .checked_add(n)
                    .ok_or_else(|| overflow("people alleged"))?;
            }
            (None, true) => {
                unknown = unknown
                    .checked_add(1)
                    .ok_or_else(|| overflow("people_unknown"))?;
            }
            (None, false) => {}
        }
        (
            self.events,
            self.people,
            self.people_unknown,
            self.people_alleged,
        ) = (events, people, unknown, alleged);
        if event.sensitivity() != Sensitivity::Public {
            self.sensitive += 1;
        }
        let key = (event.date.map_start(), event.id());
        if self.first.as_ref().is_none_or(|(d, id)| key < (*d, id)) {
            self.first = Some((key.0, key.1.to_owned()));
        }
        if self.last.as_ref().is_none_or(|(d, id)| key > (*d, id)) {
            self.last = Some((key.0, key.1.to_owned()));
        }
        Ok(())
    }

    /// Adds `value` to `sum` for `event`, checked like the tally's own sums: for an aggregate's
    /// other sums (a province's arrests).
    pub fn checked(&self, sum: u64, value: u64, event: &Event) -> Result<u64, Overflow> {
        sum.checked_add(value).ok_or_else(|| Overflow {
            what: "a count".to_owned(),
            first: self.first_row.clone().unwrap_or_else(|| row_of(event)),
            at: row_of(event),
        })
    }

    /// Whether a public export shows this cell as null (`suppressed: true`): it counts a
    /// restricted or confidential row and fewer events than `--min-count`.
    pub fn suppressed(&self, publish: &Publish) -> bool {
        publish.suppresses(self.events, self.sensitive)
    }

    /// The id of the first event (by map start, then id).
    pub fn first_event(&self) -> Option<&str> {
        self.first.as_ref().map(|(_, id)| id.as_str())
    }

    /// The id of the last event (by map start, then id).
    pub fn last_event(&self) -> Option<&str> {
        self.last.as_ref().map(|(_, id)| id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(csv: &str) -> Vec<Event> {
        let gazetteer = crate::gazetteer::Gazetteer::builtin().expect("gazetteer");
        crate::read::test_events(&gazetteer, csv)
    }

    #[test]
    fn people_are_the_largest_count_and_unknowns_are_counted_apart() {
        let all = events(
            "id,date,type,title,place,arrested,victims,people,tags,source\n\
             b,2022-03,raid,T,Bavet,10,4,,,S\n\
             a,2022-03,raid,T,Bavet,,,,,S\n\
             c,2022-01,raid,T,Bavet,,,7,,S\n\
             d,2022-02,report,T,Bavet,,,900,Summary,S\n\
             e,2022-12,report,T,Bavet,,,5,context;bavet,S\n",
        );
        let mut tally = Tally::default();
        for e in &all {
            tally.add(e).expect("small numbers");
        }
        assert_eq!(
            (tally.events, tally.people, tally.people_unknown),
            (3, 17, 1)
        );
        assert_eq!(
            (tally.first_event(), tally.last_event()),
            (Some("c"), Some("b"))
        );
    }

    #[test]
    fn alleged_counts_are_summed_apart_and_sensitive_rows_counted() {
        let all = events(
            "id,date,type,title,place,people,status,sensitivity,source\n\
             a,2022,raid,T,Bavet,10,confirmed,,S\n\
             b,2022,raid,T,Bavet,100000,alleged,,S\n\
             c,2022,raid,T,Bavet,7,disputed,restricted,S\n\
             d,2022,raid,T,Bavet,3,,,S\n\
             e,2022,raid,T,Bavet,,alleged,,S\n",
        );
        let mut tally = Tally::default();
        for e in &all {
            tally.add(e).expect("small numbers");
        }
        assert_eq!(
            (
                tally.events,
                tally.people,
                tally.people_alleged,
                tally.people_unknown
            ),
            (5, 13, 100_007, 0)
        );
        assert_eq!(tally.sensitive, 1);
        let mut publish = Publish::default();
        assert!(!tally.suppressed(&publish), "5 events is not under 5");
        publish.min_count = 6;
        assert!(tally.suppressed(&publish));
        publish.profile = super::super::redact::Profile::Internal;
        assert!(
            !tally.suppressed(&publish),
            "an internal export suppresses nothing"
        );
    }

    #[test]
    fn a_sum_past_the_limit_names_its_rows() {
        let all = events(&format!(
            "id,date,type,title,place,people,source\n\
             a,2022,raid,T,Bavet,{},S\n\
             b,2022,raid,T,Bavet,1,S\n\
             c,2022,raid,T,Bavet,1,S\n",
            u64::MAX - 1
        ));
        let mut tally = Tally::default();
        tally.add(&all[0]).expect("fits");
        tally.add(&all[1]).expect("fits exactly");
        let e = tally
            .add(&all[2])
            .expect_err("overflows")
            .of("people in Svay Rieng");
        assert_eq!(
            e.to_string(),
            "people in Svay Rieng: the counts from t.csv:2 to t.csv:4 add up to more than 18446744073709551615; check the counts of those rows"
        );
        assert_eq!(tally.people, u64::MAX, "a failed add changes nothing");
        assert_eq!(tally.events, 2);
    }
}
