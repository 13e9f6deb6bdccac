//! What outputs need from all the events before the first is written: the time range, the
//! sources, the count at which symbols stop growing, the types present, the per-province
//! aggregates, and the activity and flow sums that several outputs draw (summed once here).
//! Built one event at a time ([`SummaryBuilder`]), so that a first pass over a file can compute
//! it without holding the events.

use super::activity::ActivitySums;
use super::flows::{FlowLevel, FlowSums, Flows};
use super::geojson::drawn_point;
use super::period::Period;
use super::provinces::{Aggregates, Aggregator, ProvinceIds};
use super::tally::Overflow;
use crate::events::{Event, EventType};
use crate::gazetteer::Gazetteer;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Every event to be written, summed up.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// How many events.
    pub events: usize,
    /// The earliest day any event is placed from (its map start).
    pub first_start: Option<NaiveDate>,
    /// The latest map start.
    pub last_start: Option<NaiveDate>,
    /// The last day any event covers (its end, or its map start when the end is open).
    pub last_day: Option<NaiveDate>,
    /// The distinct outlets, sorted.
    pub sources: BTreeSet<String>,
    /// The types of the events drawn as points (those with a place and a point: not the
    /// national facts).
    pub point_types: BTreeSet<EventType>,
    /// The types of the events drawn as lines (movements).
    pub line_types: BTreeSet<EventType>,
    /// The types of all events.
    pub types: BTreeSet<EventType>,
    /// The countries (ISO 3166-1 alpha-2) of the events' places and movement ends.
    pub countries: BTreeSet<String>,
    /// The count of people at which point symbols reach their largest size (0: no counts).
    pub point_scale: u64,
    /// The same for lines.
    pub line_scale: u64,
    /// Per province.
    pub provinces: Aggregates,
    /// Per province and period, for the activity layer and the styles that shade it; `None`
    /// when no output of the run draws activity or flows (see [`SummaryBuilder::summing`]).
    pub activity: Option<ActivitySums>,
    /// The flows, for every output that draws them; `None` as `activity`.
    pub flows: Option<FlowSums>,
    /// Each province's event ids in output order: set as the sorted events go to the outputs
    /// (`export::write::sorted`), before any output is finished.
    pub province_ids: OnceLock<ProvinceIds>,
    /// The first sum that grew too large to hold, if one did: no output that needs the
    /// summary can be written then.
    pub overflow: Option<Overflow>,
}

/// Builds a [`Summary`] one event at a time.
pub struct SummaryBuilder<'g> {
    gazetteer: &'g Gazetteer,
    summary: Summary,
    /// How many points have each count of people: a few hundred distinct counts, not one
    /// entry an event.
    point_counts: Counted,
    /// The same for lines.
    line_counts: Counted,
    provinces: Aggregator<'g>,
    /// The flows, when summed.
    flows: Option<Flows<'g>>,
}

impl<'g> SummaryBuilder<'g> {
    /// Nothing added yet; flows summed at the default level and activity by the default
    /// period.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Self::summing(gazetteer, Some((FlowLevel::default(), Period::default())))
    }

    /// Nothing added yet; with `sums`, flows summed at its level, activity and flows by its
    /// period (the plan's, when an output draws them: [`super::Plan::sums_displacement`];
    /// the outputs share these sums only when they match), else neither summed.
    pub fn summing(gazetteer: &'g Gazetteer, sums: Option<(FlowLevel, Period)>) -> Self {
        let summary = Summary {
            activity: sums.map(|(_, period)| ActivitySums {
                period,
                ..ActivitySums::default()
            }),
            ..Summary::default()
        };
        SummaryBuilder {
            gazetteer,
            summary,
            point_counts: Counted::new(),
            line_counts: Counted::new(),
            provinces: Aggregator::new(gazetteer),
            flows: sums.map(|(level, period)| Flows::new(gazetteer, level, period)),
        }
    }

    /// Adds one event.
    pub fn add(&mut self, event: &Event) {
        let s = &mut self.summary;
        s.events += 1;
        let start = event.date.map_start();
        s.first_start = Some(s.first_start.map_or(start, |f| f.min(start)));
        s.last_start = s.last_start.max(Some(start));
        s.last_day = s.last_day.max(Some(event.date.end_day().unwrap_or(start)));
        for outlet in event.outlets() {
            if !s.sources.contains(outlet) {
                s.sources.insert(outlet.to_owned());
            }
        }
        s.types.insert(event.kind);
        for place in [event.place, event.origin, event.destination]
            .into_iter()
            .flatten()
        {
            let country = &self.gazetteer.place(place).country;
            if !s.countries.contains(country) {
                s.countries.insert(country.clone());
            }
        }
        // As events.geojson draws it: its own point, or its place's (none for Cambodia as a
        // whole), so that the map's legend lists only what it can draw.
        let drawn = event.point.is_some()
            || event
                .place
                .is_some_and(|p| drawn_point(self.gazetteer.place(p)).is_some());
        if event.place.is_some() && drawn {
            s.point_types.insert(event.kind);
            add_count(&mut self.point_counts, event.counts.involved());
        }
        if event.movement().is_some() {
            s.line_types.insert(event.kind);
            add_count(&mut self.line_counts, event.counts.involved());
        }
        let (activity, flows) = (&mut s.activity, &mut self.flows);
        let summed = self
            .provinces
            .add(event)
            .and_then(|()| match activity {
                Some(a) => a.cells.add(event, self.gazetteer, a.period),
                None => Ok(()),
            })
            .and_then(|()| flows.as_mut().map_or(Ok(()), |f| f.add(event)));
        if let Err(overflow) = summed {
            s.overflow.get_or_insert(overflow);
        }
    }

    /// The summary.
    pub fn finish(mut self) -> Summary {
        self.summary.point_scale = scale_top(&self.point_counts);
        self.summary.line_scale = scale_top(&self.line_counts);
        self.summary.provinces = self.provinces.finish();
        self.summary.flows = self.flows.map(Flows::into_sums);
        self.summary
    }

    /// The summary of a slice of events.
    pub fn of(events: &[Event], gazetteer: &'g Gazetteer) -> Summary {
        let mut builder = SummaryBuilder::new(gazetteer);
        for e in events {
            builder.add(e);
        }
        builder.finish()
    }
}

/// Counts of people, each with how many events have it.
type Counted = BTreeMap<u64, usize>;

fn add_count(counted: &mut Counted, count: Option<u64>) {
    if let Some(n) = count {
        *counted.entry(n).or_default() += 1;
    }
}

/// The count at which symbols reach their largest size: the 90th percentile of the known
/// counts, so that one national total (hundreds of thousands) does not shrink every raid of a
/// few hundred people to the smallest size. Larger counts get the largest size. 0 when no
/// event has a count.
fn scale_top(counted: &Counted) -> u64 {
    let total: usize = counted.values().sum();
    // The position the 90th percentile has in the counts sorted.
    let at = (total * 9).div_ceil(10).saturating_sub(1);
    let mut seen = 0;
    for (&count, &events) in counted {
        seen += events;
        if seen > at {
            return count;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(counts: &[u64]) -> Counted {
        let mut out = Counted::new();
        for &n in counts {
            add_count(&mut out, Some(n));
        }
        out
    }

    #[test]
    fn the_scale_is_the_90th_percentile() {
        assert_eq!(scale_top(&counted(&[])), 0);
        assert_eq!(scale_top(&counted(&[5])), 5);
        let counts: Vec<u64> = (1..=100).rev().collect();
        assert_eq!(scale_top(&counted(&counts)), 90);
        // Repeated counts: the 9th of 10 sorted values.
        assert_eq!(scale_top(&counted(&[7, 7, 7, 7, 7, 7, 7, 7, 9, 9])), 9);
        assert_eq!(scale_top(&counted(&[7, 7, 7, 7, 7, 7, 7, 7, 7, 9])), 7);
    }

    #[test]
    fn the_summary_of_the_builtin_dataset() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let events = super::super::tests::builtin_events();
        let s = SummaryBuilder::of(&events, &gazetteer);
        assert_eq!(s.events, 66);
        assert_eq!(
            s.first_start.map(|d| d.to_string()).as_deref(),
            Some("2016-01-01")
        );
        assert!(s.last_day >= s.last_start && s.last_start >= s.first_start);
        assert_eq!(s.provinces.len(), 25);
        let placed: u64 = s.provinces.values().map(|a| a.tally.events).sum();
        assert!(placed <= 66 && placed > 0);
    }
}
