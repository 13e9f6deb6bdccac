//! Output order in bounded memory: events sorted by (map start, id), the input position
//! breaking any tie, whatever their number.
//!
//! A [`Sorter`] holds events until their estimated size passes its limit (`--sort-memory`),
//! then sorts them and spills them as one sorted run to a temporary file
//! (`crate::io::spill`); at the end the runs are merged ([`Sorted`]). An input that fits in the
//! limit is never written to disk. Runs are consecutive stretches of the input, so a tie
//! between runs goes to the earlier run: the order is the one a sort of everything in memory
//! gives, byte for byte. At most [`FAN_IN`] runs are open at once: when there are more, they
//! are first merged into one.

use crate::events::Event;
use crate::io::spill::{SharedValues, SpillReader, SpillWriter};
use chrono::NaiveDate;
use std::io;
use std::path::PathBuf;

/// The default of `--sort-memory`: what the events held between spills may take. 16 MB
/// keeps a sorted export of every output of a million rows under 128 MB (the id index and the
/// summary take most of the rest); more memory saves little, as the runs are merged in one
/// pass either way.
pub const DEFAULT_MEMORY: usize = 16 << 20;

/// Runs merged at once: each open run holds a read buffer and one event.
const FAN_IN: usize = 64;

/// Where spill files go: a folder made on the first spill, so that an input that fits in
/// memory touches no disk.
pub type Scratch<'a> = Box<dyn FnMut() -> io::Result<PathBuf> + Send + 'a>;

/// Collects events, spilling sorted runs when they outgrow the limit.
pub struct Sorter<'a> {
    limit: usize,
    scratch: Scratch<'a>,
    dir: Option<PathBuf>,
    held: Vec<Event>,
    bytes: usize,
    runs: Vec<SpillReader>,
    shared: SharedValues,
}

impl<'a> Sorter<'a> {
    /// A sorter that holds at most about `limit` bytes of events and spills into the folder
    /// `scratch` gives.
    pub fn new(limit: usize, scratch: Scratch<'a>) -> Sorter<'a> {
        Sorter {
            limit,
            scratch,
            dir: None,
            held: Vec::new(),
            bytes: 0,
            runs: Vec::new(),
            shared: SharedValues::default(),
        }
    }

    /// Adds an event; spills when the events held outgrow the limit.
    pub fn push(&mut self, event: Event) -> io::Result<()> {
        self.bytes += footprint(&event);
        self.held.push(event);
        if self.bytes > self.limit {
            self.spill()?;
        }
        Ok(())
    }

    /// How many runs were spilled (0: everything stayed in memory).
    pub fn spills(&self) -> usize {
        self.runs.len()
    }

    /// The folder spill files go to, made on the first call.
    fn dir(&mut self) -> io::Result<PathBuf> {
        if self.dir.is_none() {
            self.dir = Some((self.scratch)()?);
        }
        Ok(self.dir.clone().unwrap_or_default())
    }

    /// Writes the events held, sorted, as one run.
    fn spill(&mut self) -> io::Result<()> {
        let order = order(&self.held);
        let dir = self.dir()?;
        let _in = self.shared.enter();
        let mut run = SpillWriter::new(&dir)?;
        for i in order {
            run.push(&self.held[i])?;
        }
        self.runs.push(run.finish()?);
        self.held.clear();
        self.bytes = 0;
        if self.runs.len() >= FAN_IN {
            self.compact()?;
        }
        Ok(())
    }

    /// Merges every run so far into one.
    fn compact(&mut self) -> io::Result<()> {
        let runs = std::mem::take(&mut self.runs);
        let merge = Merge::new(runs, self.shared.clone())?;
        let dir = self.dir()?;
        let _in = self.shared.enter();
        let mut run = SpillWriter::new(&dir)?;
        for event in merge {
            run.push(&event?)?;
        }
        self.runs.push(run.finish()?);
        Ok(())
    }

    /// Every event pushed, in output order.
    pub fn finish(mut self) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            sort(&mut self.held);
            return Ok(Sorted::Memory(self.held.into_iter()));
        }
        if !self.held.is_empty() {
            self.spill()?;
        }
        Ok(Sorted::Merge(Merge::new(self.runs, self.shared)?))
    }
}

/// About what an event takes in memory: itself and the text it points to.
fn footprint(event: &Event) -> usize {
    std::mem::size_of::<Event>()
        + event.text.capacity()
        + event.date.text().len()
        + event.route.via.capacity() * std::mem::size_of::<crate::gazetteer::PlaceIdx>()
        + event.extras.text_len()
}

/// The positions of `events` in output order; the key is computed once per event.
fn order(events: &[Event]) -> Vec<usize> {
    let mut keyed: Vec<(NaiveDate, u32)> = events
        .iter()
        .zip(0u32..)
        .map(|(e, i)| (e.date.map_start(), i))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| events[a.1 as usize].id().cmp(events[b.1 as usize].id()))
            .then(a.1.cmp(&b.1))
    });
    keyed.into_iter().map(|(_, i)| i as usize).collect()
}

/// Sorts events into output order: by the day maps place them from, then id (ids are unique;
/// the input position breaks any tie all the same, so the order is total and deterministic).
///
/// An index is sorted rather than the events themselves, and the permutation applied in place
/// afterwards: each event (a few hundred bytes) moves once instead of at every step of the sort.
pub fn sort(events: &mut [Event]) {
    let order = order(events);
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

/// The events of a [`Sorter`], in output order.
pub enum Sorted {
    /// They all fit in memory.
    Memory(std::vec::IntoIter<Event>),
    /// They were spilled: merged from the runs.
    Merge(Merge),
}

impl Iterator for Sorted {
    type Item = io::Result<Event>;

    fn next(&mut self) -> Option<io::Result<Event>> {
        match self {
            Sorted::Memory(events) => events.next().map(Ok),
            Sorted::Merge(merge) => merge.next(),
        }
    }
}

/// Sorted runs merged into one order: the smallest of the runs' first events, again and again.
/// With few runs (at most [`FAN_IN`]) a scan of their heads costs less than a heap.
pub struct Merge {
    runs: Vec<SpillReader>,
    /// Each run's next event with its map start, `None` once the run is read.
    heads: Vec<Option<(NaiveDate, Event)>>,
    shared: SharedValues,
}

impl Merge {
    fn new(mut runs: Vec<SpillReader>, shared: SharedValues) -> io::Result<Merge> {
        let _in = shared.enter();
        let heads = runs
            .iter_mut()
            .map(|r| Ok(r.read::<Event>()?.map(|e| (e.date.map_start(), e))))
            .collect::<io::Result<_>>()?;
        Ok(Merge {
            runs,
            heads,
            shared,
        })
    }
}

impl Iterator for Merge {
    type Item = io::Result<Event>;

    fn next(&mut self) -> Option<io::Result<Event>> {
        let (best, _) = self
            .heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.as_ref().map(|(start, e)| (i, (*start, e.id()))))
            // `min_by` keeps the first of equal keys: the earlier run.
            .min_by(|a, b| a.1.cmp(&b.1))?;
        let _in = self.shared.enter();
        let next = match self.runs[best].read::<Event>() {
            Ok(next) => next.map(|e| (e.date.map_start(), e)),
            Err(e) => return Some(Err(e)),
        };
        let (_, event) = std::mem::replace(&mut self.heads[best], next)?;
        Some(Ok(event))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::builtin_events;

    /// The sort key: the day maps place the event from, then its id.
    fn key(event: &Event) -> (NaiveDate, &str) {
        (event.date.map_start(), event.id())
    }

    /// Read once for every case of the property tests.
    static BUILTIN: std::sync::LazyLock<Vec<Event>> = std::sync::LazyLock::new(builtin_events);

    /// A seed's shuffle of the built-in events.
    fn shuffled(seed: &[usize]) -> Vec<Event> {
        let mut events = BUILTIN.clone();
        let n = events.len();
        for (i, s) in seed.iter().enumerate() {
            events.swap(i % n, s % n);
        }
        events
    }

    fn ids(events: &[Event]) -> Vec<String> {
        events.iter().map(|e| e.id().to_owned()).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever order the events come in, the permutation sort gives what a plain sort by
        /// (start, id) gives.
        #[test]
        fn sorting_an_index_matches_a_plain_sort(seed in proptest::collection::vec(0usize..1000, 59)) {
            let mut events = shuffled(&seed);
            let mut expected = events.clone();
            expected.sort_by(|a, b| key(a).cmp(&key(b)));
            sort(&mut events);
            proptest::prop_assert_eq!(ids(&events), ids(&expected));
        }

        /// Whatever the memory limit (spilling every event, or a few at a time, or never), the
        /// sorter gives the same events in the same order as the in-memory sort, every field
        /// round-tripped through the spill files.
        #[test]
        fn spilled_runs_merge_into_the_in_memory_order(
            seed in proptest::collection::vec(0usize..1000, 59),
            limit in 0usize..20_000,
        ) {
            let events = shuffled(&seed);
            let mut expected = events.clone();
            sort(&mut expected);
            let dir = tempfile::tempdir().expect("dir");
            let path = dir.path().to_owned();
            let mut sorter = Sorter::new(limit, Box::new(move || Ok(path.clone())));
            for e in events {
                sorter.push(e).expect("push");
            }
            let got: Vec<Event> = sorter.finish().expect("finish").collect::<io::Result<_>>().expect("merge");
            proptest::prop_assert_eq!(got, expected);
        }
    }

    /// More runs than are merged at once: they are merged in two steps, same order.
    #[test]
    fn more_runs_than_the_fan_in_are_compacted() {
        let mut events = Vec::new();
        for _ in 0..3 {
            events.extend(builtin_events());
        }
        let mut expected = events.clone();
        sort(&mut expected);
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().to_owned();
        let mut sorter = Sorter::new(0, Box::new(move || Ok(path.clone())));
        for e in events {
            sorter.push(e).expect("push");
        }
        assert!(sorter.spills() < FAN_IN);
        let got: Vec<Event> = sorter
            .finish()
            .expect("finish")
            .collect::<io::Result<_>>()
            .expect("merge");
        assert_eq!(got, expected);
    }
}
