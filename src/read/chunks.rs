//! Reading a text table on several threads from raw chunks ([`crate::input::chunked`]):
//! this thread cuts the bytes into chunks and takes each chunk's result in order; workers
//! parse the chunks and do the rest of the work that needs nothing but the row. Whatever
//! must see the rows in order (the row count and its limit, a value under no column name said
//! once, the id index, the findings' order) is done here, in the order read. A chunk that
//! cannot be parsed alone sends the table back to reading on this thread, from that chunk.

use super::ordered::Ordered;
use crate::input::chunked::{Chunk, Cut};
use crate::input::Table;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Mutex;

/// Chunks out at once per worker: enough to keep every worker busy while this thread takes
/// results, few enough that memory does not grow with the input.
const AHEAD: usize = 2;

/// Workers at most, whatever `--threads` says: one thread hands out the work and takes the
/// results, and more than this many cannot be kept busy by it (and a thread each for
/// `--threads 65535` would exhaust the system).
pub(super) const MAX_WORKERS: usize = 64;

/// What to do after a chunk's result is taken.
pub(super) enum Flow {
    /// Go on.
    Go,
    /// The table stopped (its row limit).
    Stop,
    /// Read this chunk and the rest on this thread (nothing of its result was taken).
    Serial,
}

/// Runs `work` on every chunk of `table` on up to `workers` threads (each with state from
/// `init`; at most [`MAX_WORKERS`]), handing each chunk's result to `take` in order. Nothing
/// is read when the table cannot be read in chunks (not text) or no thread would start.
/// Afterwards the table reads on with [`Table::next`] from where the chunks stopped: nothing,
/// when they reached the end.
pub(super) fn run<S, T: Send>(
    table: &mut Table,
    workers: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &Chunk) -> Option<T> + Sync,
    mut take: impl FnMut(&mut Table, T) -> Flow,
) {
    let Some(first) = table.cut() else {
        return;
    };
    let (to_workers, jobs) = channel::<(u64, Chunk)>();
    let (to_here, results) = channel::<(u64, Option<T>)>();
    let (jobs, stop) = (Mutex::new(jobs), AtomicBool::new(false));
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..workers.min(MAX_WORKERS) {
            let (jobs, stop, to_here) = (&jobs, &stop, to_here.clone());
            let (init, work) = (&init, &work);
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                let mut state = init();
                while let Some((seq, chunk)) = next_job(jobs, stop) {
                    if to_here.send((seq, work(&mut state, &chunk))).is_err() {
                        return;
                    }
                }
            });
            started += usize::from(worker.is_ok());
        }
        drop(to_here);
        // The chunks out, from the one whose result is taken next; their results.
        let mut out = VecDeque::new();
        let mut order = Ordered::new(results);
        let mut next = Some(first);
        let mut stuck = started == 0;
        loop {
            // Keep every worker fed.
            while !stuck && next.is_some() && out.len() < started.max(1) * AHEAD {
                match next.take() {
                    Some(Cut::Chunk(chunk)) => {
                        let seq = order.taken() + out.len() as u64;
                        stuck = to_workers.send((seq, chunk.clone())).is_err();
                        out.push_back(chunk);
                        next = table.cut().or(Some(Cut::Stuck));
                    }
                    Some(Cut::Stuck) => stuck = true,
                    Some(Cut::End) | None => {}
                }
            }
            if out.is_empty() {
                // Whatever was not cut (or cut and not sent) is read on this thread.
                let unsent: Vec<Chunk> = match next {
                    Some(Cut::Chunk(chunk)) => vec![chunk],
                    _ => Vec::new(),
                };
                table.resume(&unsent);
                break;
            }
            // `None`: the chunk must be read on this thread, or every worker stopped.
            match order.wait().flatten().map(|t| take(table, t)) {
                Some(Flow::Go) => {
                    out.pop_front();
                }
                Some(Flow::Stop) => break,
                Some(Flow::Serial) | None => {
                    table.resume(out.make_contiguous());
                    break;
                }
            }
        }
        stop.store(true, Ordering::Relaxed);
        drop(to_workers); // the workers stop once they see the queue closed
    });
}

/// The next chunk to work on; `None` once the queue is closed or the rest is not wanted.
fn next_job(jobs: &Mutex<Receiver<(u64, Chunk)>>, stop: &AtomicBool) -> Option<(u64, Chunk)> {
    let job = jobs.lock().ok()?.recv().ok()?;
    (!stop.load(Ordering::Relaxed)).then_some(job)
}
