//! What the exported events add up to, per province: built one event at a time.

use crate::events::{Event, EventType};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use crate::schema::COUNT_SLOTS;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What the exported events add up to in one province.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Aggregate {
    /// Events placed in the province.
    pub events: u64,
    /// Of which, per type.
    pub by_type: BTreeMap<EventType, u64>,
    /// Sums of the known counts, in the order of the schema's count columns.
    pub sums: [u64; COUNT_SLOTS],
    /// The earliest start.
    pub first_start: Option<NaiveDate>,
    /// The latest end.
    pub last_end: Option<NaiveDate>,
    /// Movements whose origin is in the province.
    pub movements_out: u64,
    /// Movements whose destination is in the province.
    pub movements_in: u64,
    /// Ids of the events placed in the province or moving from or to it.
    pub event_ids: Vec<String>,
}

/// Every province's aggregate, keyed by the province's index.
pub type Aggregates = BTreeMap<PlaceIdx, Aggregate>;

/// Adds events up per province, one at a time.
pub struct Aggregator<'g> {
    gazetteer: &'g Gazetteer,
    out: Aggregates,
}

impl<'g> Aggregator<'g> {
    /// Every province at zero.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        let out = gazetteer
            .provinces()
            .map(|(idx, _)| (idx, Aggregate::default()))
            .collect();
        Aggregator { gazetteer, out }
    }

    /// Adds one event: to its place's province, and to the provinces its movement leaves and
    /// reaches.
    pub fn add(&mut self, event: &Event) {
        let province = |p: PlaceIdx| self.gazetteer.place(p).province;
        let mut touched = Vec::new();
        let home = event.place.and_then(province);
        touched.extend(home);
        let ends = event
            .movement()
            .map(|(origin, destination)| (province(origin), province(destination)));
        if let Some(agg) = home.and_then(|p| self.out.get_mut(&p)) {
            add_event(agg, event);
        }
        if let Some((from, to)) = ends {
            if let Some(p) = from {
                touched.push(p);
                if let Some(agg) = self.out.get_mut(&p) {
                    agg.movements_out += 1;
                }
            }
            if let Some(p) = to {
                touched.push(p);
                if let Some(agg) = self.out.get_mut(&p) {
                    agg.movements_in += 1;
                }
            }
        }
        touched.sort();
        touched.dedup();
        for p in touched {
            if let Some(agg) = self.out.get_mut(&p) {
                agg.event_ids.push(event.id().to_owned());
            }
        }
    }

    /// The aggregates.
    pub fn finish(self) -> Aggregates {
        self.out
    }
}

/// Counts an event placed in the province.
fn add_event(agg: &mut Aggregate, event: &Event) {
    agg.events += 1;
    *agg.by_type.entry(event.kind).or_default() += 1;
    for (sum, value) in agg.sums.iter_mut().zip(event.counts.values()) {
        *sum += value.unwrap_or(0);
    }
    if let Some(start) = event.date.start_day() {
        agg.first_start = Some(agg.first_start.map_or(start, |f| f.min(start)));
    }
    if let Some(end) = event.date.end_day() {
        agg.last_end = Some(agg.last_end.map_or(end, |l| l.max(end)));
    }
}
