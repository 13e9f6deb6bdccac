//! What the exported events add up to, per province: built one event at a time.

use crate::events::{Event, EventType};
use crate::export::tally::{Overflow, Tally};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use crate::schema::COUNT_SLOTS;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What the exported events add up to in one province.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Aggregate {
    /// Events placed in the province: how many, the people, the first and last.
    pub tally: Tally,
    /// Of which, per type.
    pub by_type: BTreeMap<EventType, u64>,
    /// Sums of the known counts, in the order of the schema's count columns.
    pub sums: [u64; COUNT_SLOTS],
    /// The earliest start.
    pub first_start: Option<NaiveDate>,
    /// The latest end.
    pub last_end: Option<NaiveDate>,
    /// Legs of movements that start in the province.
    pub movements_out: u64,
    /// Legs of movements that end in the province.
    pub movements_in: u64,
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

    /// Adds one event: to its place's province, and to the provinces each leg of its movement
    /// leaves and reaches. A national fact (Cambodia, a country) lies in no province.
    pub fn add(&mut self, event: &Event) -> Result<(), Overflow> {
        let province = |p: PlaceIdx| self.gazetteer.place(p).province;
        if let Some(p) = event.place.and_then(province) {
            if let Some(agg) = self.out.get_mut(&p) {
                let name = &self.gazetteer.place(p).name;
                add_event(agg, event).map_err(|o| {
                    let what = format!("{} in {name}", o.what);
                    o.of(what)
                })?;
            }
        }
        for leg in event.legs() {
            if let Some(agg) = province(leg.from).and_then(|p| self.out.get_mut(&p)) {
                agg.movements_out += 1;
            }
            if let Some(agg) = province(leg.to).and_then(|p| self.out.get_mut(&p)) {
                agg.movements_in += 1;
            }
        }
        Ok(())
    }

    /// The aggregates.
    pub fn finish(self) -> Aggregates {
        self.out
    }
}

/// The provinces an event belongs to, each once, in order: its place's, and those each leg of
/// its movement leaves and reaches.
pub fn provinces_of(gazetteer: &Gazetteer, event: &Event) -> Vec<PlaceIdx> {
    let province = |p: PlaceIdx| gazetteer.place(p).province;
    let mut touched: Vec<PlaceIdx> = event.place.and_then(province).into_iter().collect();
    for leg in event.legs() {
        touched.extend(province(leg.from));
        touched.extend(province(leg.to));
    }
    touched.sort();
    touched.dedup();
    touched
}

/// Counts an event placed in the province (one that counts in totals: see [`Tally`]).
fn add_event(agg: &mut Aggregate, event: &Event) -> Result<(), Overflow> {
    if !Tally::counts(event) {
        return Ok(());
    }
    let mut sums = agg.sums;
    // Alleged and disputed counts are summed apart (the tally's `people_alleged`).
    if event.status().is_counted() {
        for (sum, (col, value)) in sums.iter_mut().zip(event.counts.iter()) {
            *sum = agg
                .tally
                .checked(*sum, value.unwrap_or(0), event)
                .map_err(|o| o.of(format!("`{}`", col.name())))?;
        }
    }
    agg.tally.add(event)?;
    agg.sums = sums;
    *agg.by_type.entry(event.kind).or_default() += 1;
    if let Some(start) = event.date.start_day() {
        agg.first_start = Some(agg.first_start.map_or(start, |f| f.min(start)));
    }
    if let Some(end) = event.date.end_day() {
        agg.last_end = Some(agg.last_end.map_or(end, |l| l.max(end)));
    }
    Ok(())
}
