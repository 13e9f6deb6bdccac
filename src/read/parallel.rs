//! Checking an input's rows on several threads. A text file is read in chunks
//! ([`from_chunks`]): each worker parses its chunks and checks and joins their rows. What
//! cannot be cut into chunks (a workbook; text from where a chunk could not be parsed alone)
//! is read on this thread and handed out in batches; each worker checks and joins a batch.
//! Either way each worker has a place cache of its own ([`Work::row`]), and the outcomes come
//! back here to be settled in the rows' order ([`settle`]), so events and findings come out
//! exactly as one thread would give them, whatever the number of threads.

use super::chunks::{self, Flow, MAX_WORKERS};
use super::ordered::Ordered;
use super::row::{settle, Outcome, Work};
use super::{fixing, Ids};
use crate::diagnostics::{Diagnostic, Report};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::input::chunked::{self, Chunk};
use crate::input::{Detached, Judged, ReadError, Row as _, Table, TableRow};
use crate::join::Cached;
use std::sync::mpsc::{channel, Receiver};
use std::sync::Mutex;

/// Rows handed to a worker at a time.
const BATCH: usize = 128;

/// Batches out at once per worker: enough to keep every worker busy while this thread reads,
/// few enough that memory does not grow with the input.
const AHEAD: usize = 2;

/// A batch of rows, with what the table itself reported while reading them (a ragged row, a
/// value under no column name), each before the row it came before.
#[derive(Default)]
struct Batch {
    rows: Vec<Detached>,
    /// (the number of the batch's rows read before it, the finding).
    said: Vec<(usize, Diagnostic)>,
}

/// A batch's outcomes, with the table's findings in place.
struct Done {
    outcomes: Vec<Outcome>,
    said: Vec<(usize, Diagnostic)>,
}

/// What the threads share: the read-only parts of the loader.
pub(super) struct Shared<'a> {
    pub gazetteer: &'a Gazetteer,
    pub work: Work<'a>,
}

/// Where the settled rows go: the loader's ordered state, the report and the caller.
pub(super) struct Sink<'a, F> {
    pub ids: &'a mut Ids,
    pub fixing: &'a mut Option<Vec<fixing::Written>>,
    pub report: &'a mut dyn Report,
    pub on_event: F,
}

impl<F: FnMut(Event)> Sink<'_, F> {
    /// Settles a row's outcome ([`settle`]), in the rows' order.
    fn settle(&mut self, outcome: Outcome) {
        settle(
            outcome,
            self.ids,
            self.fixing,
            self.report,
            &mut self.on_event,
        );
    }
}

/// Reads every row of `table` on this thread and checks them on `workers` others (at most
/// [`MAX_WORKERS`]). A read error stops the reading; the rows before it are still settled,
/// then it is returned. `Ok(false)`, with nothing read, when the system would start no thread:
/// the caller reads on one.
pub(super) fn rows<F: FnMut(Event)>(
    table: &mut Table,
    shared: &Shared,
    workers: usize,
    sink: &mut Sink<F>,
) -> Result<bool, ReadError> {
    from_chunks(table, shared, workers, sink);
    if table.is_done() {
        return Ok(true);
    }
    let (header, input, date_system) = (table.header(), table.input(), table.date_system());
    // The header and the input's name are the table's; the workers borrow copies of them, as
    // the table itself is read on this thread.
    let (header, input) = (header.clone(), input.clone());
    let (to_workers, batches) = channel::<(u64, Batch)>();
    let batches = Mutex::new(batches);
    let (to_here, done) = channel::<(u64, Done)>();
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..workers.min(MAX_WORKERS) {
            let (batches, to_here) = (&batches, to_here.clone());
            let (header, input) = (&header, &input);
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                let resolver = Cached::new(shared.gazetteer);
                while let Some((seq, batch)) = take(batches) {
                    let outcomes = batch
                        .rows
                        .iter()
                        .map(|row| {
                            let row = TableRow {
                                header,
                                row,
                                input,
                                date_system,
                            };
                            shared.work.row(&resolver, &row)
                        })
                        .collect();
                    let done = Done {
                        outcomes,
                        said: batch.said,
                    };
                    if to_here.send((seq, done)).is_err() {
                        break;
                    }
                }
            });
            // A thread the system will not start (a limit on threads) is one worker fewer.
            started += usize::from(worker.is_ok());
        }
        drop(to_here);
        if started == 0 {
            return Ok(false);
        }
        let mut order = InOrder {
            sent: 0,
            done: Ordered::new(done),
        };
        let read = read_batches(table, |batch| {
            order.sent += 1;
            // A worker that stopped leaves its batch unsent: settled as far as it can be.
            to_workers.send((order.sent - 1, batch)).is_ok()
                && order.settle_ready(workers * AHEAD, sink)
        });
        drop(to_workers); // the workers stop once the batches are taken
        order.settle_rest(sink);
        read.map(|()| true)
    })
}

/// A row of a chunk, judged and (a data row) checked on a worker.
// Nearly every item is a data row: boxing it would cost an allocation per row.
#[allow(clippy::large_enum_variant)]
enum Item {
    Ragged(u64, Diagnostic),
    Data(u64, Vec<usize>, Outcome),
}

/// Reads what of `table` can be read in chunks ([`chunks::run`]): each worker parses its
/// chunks, judges each row's shape and checks and joins the data rows; here each row is
/// taken by the table and settled, in order. The table then reads on from where the chunks
/// stopped (nothing, when they reached the end).
fn from_chunks<F: FnMut(Event)>(
    table: &mut Table,
    shared: &Shared,
    workers: usize,
    sink: &mut Sink<F>,
) {
    let shape = table.shape();
    let (input, date_system) = (table.input().clone(), table.date_system());
    let work = |resolver: &mut Cached, chunk: &Chunk| {
        let mut items = Vec::new();
        let whole = chunked::parse(chunk, |row| {
            let line = row.line();
            match shape.judge(row) {
                Judged::Blank => {}
                Judged::Ragged(d) => items.push(Item::Ragged(line, d)),
                Judged::Data(unnamed) => {
                    let row = TableRow {
                        header: shape.header(),
                        row,
                        input: &input,
                        date_system,
                    };
                    items.push(Item::Data(line, unnamed, shared.work.row(&*resolver, &row)));
                }
            }
        });
        whole.then_some(items)
    };
    let take = |table: &mut Table, items: Vec<Item>| {
        for item in items {
            let (line, judged, outcome) = match item {
                Item::Ragged(line, d) => (line, Judged::Ragged(d), None),
                Item::Data(line, unnamed, outcome) => (line, Judged::Data(unnamed), Some(outcome)),
            };
            if table.take(line, judged, sink.report) {
                if let Some(outcome) = outcome {
                    sink.settle(outcome);
                }
            }
            if table.is_done() {
                return Flow::Stop;
            }
        }
        Flow::Go
    };
    let init = || Cached::new(shared.gazetteer);
    chunks::run(table, workers, init, work, take);
}

/// Takes the next batch; `None` when there are no more (or the lock was poisoned by a worker
/// that panicked, which stops the others too).
fn take(batches: &Mutex<Receiver<(u64, Batch)>>) -> Option<(u64, Batch)> {
    batches.lock().ok()?.recv().ok()
}

/// Reads the table in batches, handing each to `send`, until the end, a read error, or
/// `send` says to stop.
fn read_batches(table: &mut Table, mut send: impl FnMut(Batch) -> bool) -> Result<(), ReadError> {
    loop {
        let mut batch = Batch {
            rows: Vec::with_capacity(BATCH),
            said: Vec::new(),
        };
        let mut said = Vec::new();
        let mut end = false;
        while batch.rows.len() < BATCH {
            let row = table.next_detached(&mut said);
            let before = batch.rows.len();
            batch.said.extend(said.drain(..).map(|d| (before, d)));
            match row {
                Ok(Some(row)) => batch.rows.push(row),
                Ok(None) => {
                    end = true;
                    break;
                }
                Err(e) => {
                    send(batch);
                    return Err(e);
                }
            }
        }
        if !send(batch) || end {
            return Ok(());
        }
    }
}

/// The outcomes come back in any order; they are settled in the order read.
struct InOrder {
    /// Batches sent to the workers.
    sent: u64,
    done: Ordered<Done>,
}

impl InOrder {
    /// Settles what has come back, waiting while more than `ahead` batches are out. `false`
    /// when the workers have stopped.
    fn settle_ready<F: FnMut(Event)>(&mut self, ahead: usize, sink: &mut Sink<F>) -> bool {
        while let Some(batch) = self.done.ready() {
            settle_batch(batch, sink);
        }
        while self.sent - self.done.taken() > ahead as u64 {
            let Some(batch) = self.done.wait() else {
                return false;
            };
            settle_batch(batch, sink);
        }
        true
    }

    /// Settles every batch still out.
    fn settle_rest<F: FnMut(Event)>(&mut self, sink: &mut Sink<F>) {
        while self.done.taken() < self.sent {
            let Some(batch) = self.done.wait() else {
                return;
            };
            settle_batch(batch, sink);
        }
    }
}

/// Settles a batch's outcomes, each after the table's findings that came before its row.
fn settle_batch<F: FnMut(Event)>(batch: Done, sink: &mut Sink<F>) {
    let mut said = batch.said.into_iter().peekable();
    for (k, outcome) in batch.outcomes.into_iter().enumerate() {
        while let Some((_, d)) = said.next_if(|(before, _)| *before <= k) {
            sink.report.report(d);
        }
        sink.settle(outcome);
    }
    for (_, d) in said {
        sink.report.report(d);
    }
}
