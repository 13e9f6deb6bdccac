//! Exporters, one module per output format, all reading the same validated, joined events.

pub mod csv;
pub mod geojson;
pub mod props;
pub mod provinces;
pub mod qgis;
pub mod text;
pub mod timeline;

use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::io::OutputSet;
use std::io::{self, Write};

/// An output `tonle export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// `events.geojson`: a point per event.
    Events,
    /// `movements.geojson`: a line per origin-to-destination event.
    Movements,
    /// `provinces.geojson`: per-province aggregates.
    Provinces,
    /// `places.geojson`: the gazetteer's places in Cambodia.
    Places,
    /// `timeline.json`: TimelineJS3.
    Timelinejs,
    /// `timeline-vis.json`: vis-timeline.
    Vis,
    /// `events.csv`: a flat table for spreadsheets and kepler.gl.
    Csv,
    /// `tonle.qgs`: a QGIS project over the GeoJSON layers, ready for the Temporal Controller.
    Qgis,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: [Format; 8] = [
        Format::Events,
        Format::Movements,
        Format::Provinces,
        Format::Places,
        Format::Timelinejs,
        Format::Vis,
        Format::Csv,
        Format::Qgis,
    ];

    /// The file it writes.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Events => "events.geojson",
            Format::Movements => "movements.geojson",
            Format::Provinces => "provinces.geojson",
            Format::Places => "places.geojson",
            Format::Timelinejs => "timeline.json",
            Format::Vis => "timeline-vis.json",
            Format::Csv => "events.csv",
            Format::Qgis => "tonle.qgs",
        }
    }

    /// What its items are called in the summary.
    pub fn items(self) -> &'static str {
        match self {
            Format::Events | Format::Movements | Format::Provinces | Format::Places => "features",
            Format::Timelinejs => "events",
            Format::Vis => "items",
            Format::Csv => "rows",
            Format::Qgis => "layers",
        }
    }
}

/// Everything an export run needs besides the events.
pub struct Plan<'a> {
    /// The formats to write.
    pub formats: Vec<Format>,
    /// How timelines group events.
    pub group: timeline::Group,
    /// A user's boundaries for the provinces layer.
    pub boundaries: Option<&'a provinces::Boundaries>,
}

/// Writes every planned output into the set (not yet committed). `events` are sorted by
/// (start, id). The outputs are independent, so they are written on as many threads as there
/// are cores (two here), each output to its own temporary file.
pub fn write_all(
    plan: &Plan,
    events: &[Event],
    gazetteer: &Gazetteer,
    outputs: &mut OutputSet,
) -> io::Result<()> {
    use std::sync::{Mutex, PoisonError};
    let names: Vec<(&str, &'static str)> = plan
        .formats
        .iter()
        .map(|f| (f.file_name(), f.items()))
        .collect();
    // Both the provinces layer and the QGIS project (its classes) need the aggregates: whichever
    // thread comes first computes them, once.
    let aggregates = std::sync::OnceLock::new();
    let aggregates = || aggregates.get_or_init(|| provinces::aggregate(events, gazetteer));
    outputs.write_together(&names, |outs| {
        let jobs = Mutex::new(
            plan.formats
                .iter()
                .copied()
                .zip(outs.iter_mut())
                .enumerate(),
        );
        let results: Mutex<Vec<Option<io::Result<usize>>>> =
            Mutex::new((0..plan.formats.len()).map(|_| None).collect());
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(plan.formats.len());
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| loop {
                    // A poisoned lock means another writer panicked; its job is lost either way.
                    let next = jobs.lock().unwrap_or_else(PoisonError::into_inner).next();
                    let Some((i, (format, out))) = next else {
                        break;
                    };
                    let written =
                        write_one(plan, format, &mut **out, events, gazetteer, &aggregates);
                    results.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(written);
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(io::Error::other("an output was not written"))))
            .collect()
    })
}

/// Writes one output.
fn write_one<'a>(
    plan: &Plan,
    format: Format,
    out: &mut dyn Write,
    events: &[Event],
    gazetteer: &Gazetteer,
    aggregates: &dyn Fn() -> &'a provinces::Aggregates,
) -> io::Result<usize> {
    match format {
        Format::Events => geojson::write_events(out, events, gazetteer),
        Format::Movements => geojson::write_movements(out, events, gazetteer),
        Format::Provinces => match plan.boundaries {
            Some(b) => provinces::write_polygons(out, aggregates(), gazetteer, b),
            None => provinces::write_points(out, aggregates(), gazetteer),
        },
        Format::Places => geojson::write_cambodia_places(out, gazetteer),
        Format::Timelinejs => timeline::write_timelinejs(out, events, gazetteer, plan.group),
        Format::Vis => timeline::write_vis(out, events, gazetteer, plan.group),
        Format::Csv => csv::write(out, events, gazetteer),
        Format::Qgis => qgis::write(out, events, plan, aggregates),
    }
}

/// Sorts events into output order: by the day maps place them from, then id (ids are unique;
/// the input position breaks any tie all the same, so the order is total and deterministic).
///
/// An index is sorted rather than the events themselves, and the permutation applied in place
/// afterwards: each event (a few hundred bytes) moves once instead of at every step of the sort.
pub fn sort(events: &mut [Event]) {
    let key = |i: usize| (events[i].date.map_start(), events[i].id(), i);
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)));
    // Position `i` must receive the event now at `order[i]`: follow each cycle once.
    let mut placed = vec![false; events.len()];
    for start in 0..events.len() {
        if placed[start] {
            continue;
        }
        let mut at = start;
        loop {
            placed[at] = true;
            let next = order[at];
            if next == start {
                break;
            }
            events.swap(at, next);
            at = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Loader, BUILTIN};

    fn builtin_events() -> Vec<Event> {
        let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
        let mut events = Vec::new();
        let mut diagnostics = Vec::new();
        for (name, text) in BUILTIN {
            Loader::new(&gazetteer)
                .read_from(text.as_bytes(), name, &mut diagnostics, |e| events.push(e))
                .expect("in memory");
        }
        assert!(diagnostics.is_empty());
        events
    }

    proptest::proptest! {
        /// Whatever order the events come in, the permutation sort gives what a plain sort by
        /// (start, id) gives.
        #[test]
        fn sorting_an_index_matches_a_plain_sort(seed in proptest::collection::vec(0usize..1000, 59)) {
            let mut events = builtin_events();
            // Shuffle by the seed: swap each position with one the seed picks.
            let n = events.len();
            for (i, s) in seed.iter().enumerate() {
                events.swap(i % n, s % n);
            }
            let mut expected: Vec<String> = events.iter().map(|e| e.id().to_owned()).collect();
            let by_key: std::collections::HashMap<String, _> =
                events.iter().map(|e| (e.id().to_owned(), e.date.map_start())).collect();
            expected.sort_by(|a, b| (by_key[a], a).cmp(&(by_key[b], b)));
            sort(&mut events);
            let got: Vec<String> = events.iter().map(|e| e.id().to_owned()).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
