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
    /// Ids of the events placed in the province or moving from or to it.
    pub event_ids: EventIds,
}

/// The ids of a province's events, in output order (by map start, then id) whatever order
/// they were added in: one string for them all, a dozen bytes an id plus 16 for its place
/// in the order, since a province of a million-event run lists most of them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EventIds {
    text: String,
    /// Each id's map start, and where it is in `text`.
    index: Vec<(NaiveDate, usize, u32)>,
}

impl EventIds {
    fn push(&mut self, start: NaiveDate, id: &str) {
        // An id longer than 4 GB cannot get here: fields are limited far below that.
        let len = u32::try_from(id.len()).unwrap_or(u32::MAX);
        self.index.push((start, self.text.len(), len));
        self.text.push_str(id);
    }

    fn id(&self, at: usize, len: u32) -> &str {
        self.text.get(at..at + len as usize).unwrap_or("")
    }

    /// Puts the ids in output order (a stable sort: equal keys keep the order they came in).
    fn sort(&mut self) {
        let mut index = std::mem::take(&mut self.index);
        index.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.id(a.1, a.2).cmp(self.id(b.1, b.2)))
        });
        self.index = index;
    }

    /// The ids, `;`-separated, in output order.
    pub fn joined(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.index.len());
        for (i, &(_, at, len)) in self.index.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(self.id(at, len));
        }
        out
    }

    /// How many ids.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
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
        let mut touched = Vec::new();
        let home = event.place.and_then(province);
        touched.extend(home);
        if let Some(p) = home {
            if let Some(agg) = self.out.get_mut(&p) {
                let name = &self.gazetteer.place(p).name;
                add_event(agg, event).map_err(|o| {
                    let what = format!("{} in {name}", o.what);
                    o.of(what)
                })?;
            }
        }
        let legs: Vec<(Option<PlaceIdx>, Option<PlaceIdx>)> = event
            .legs()
            .map(|leg| (province(leg.from), province(leg.to)))
            .collect();
        for (from, to) in legs {
            if let Some(agg) = from.and_then(|p| self.out.get_mut(&p)) {
                agg.movements_out += 1;
            }
            if let Some(agg) = to.and_then(|p| self.out.get_mut(&p)) {
                agg.movements_in += 1;
            }
            touched.extend(from);
            touched.extend(to);
        }
        touched.sort();
        touched.dedup();
        let start = event.date.map_start();
        for p in touched {
            if let Some(agg) = self.out.get_mut(&p) {
                agg.event_ids.push(start, event.id());
            }
        }
        Ok(())
    }

    /// The aggregates.
    pub fn finish(mut self) -> Aggregates {
        for agg in self.out.values_mut() {
            agg.event_ids.sort();
        }
        self.out
    }
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
