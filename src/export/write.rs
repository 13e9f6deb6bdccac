//! The two ways an export is written, both walking the plan's outputs: sorted (every event in
//! memory, sorted, then fed to every output, each on its own thread) and streamed (`--order
//! input`: each event fed to every output as it is read, on a thread beside the reading one).

use super::{Context, Output, Plan, Sink, SummaryBuilder};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::io::OutputSet;
use std::io::{self, Write};
use std::sync::OnceLock;

/// Events handed from the reading thread to the writing one at a time.
const BATCH: usize = 1024;

/// (file, what its items are called) for each planned output, as [`OutputSet`] takes them.
fn names(plan: &Plan) -> Vec<(&'static str, &'static str)> {
    plan.outputs
        .iter()
        .map(|o| (o.file(), o.items().many))
        .collect()
}

/// Writes every planned output into the set (not yet committed) from `events`, sorted by
/// (start, id). Each output gets its own thread and walks the events itself; the summary is
/// computed once, by the first output that needs it, while the others are already writing.
pub fn sorted(
    plan: &Plan,
    events: &[Event],
    gazetteer: &Gazetteer,
    outputs: &mut OutputSet,
) -> io::Result<()> {
    let summary = OnceLock::new();
    let summary = &summary;
    outputs.write_together(&names(plan), |outs| {
        std::thread::scope(|scope| {
            let threads: Vec<_> = plan
                .outputs
                .iter()
                .zip(outs.iter_mut())
                .map(|(&output, out)| {
                    scope.spawn(move || {
                        let summary = output
                            .needs_summary()
                            .then(|| summary.get_or_init(|| SummaryBuilder::of(events, gazetteer)));
                        let ctx = Context {
                            gazetteer,
                            plan,
                            summary,
                        };
                        write_all(output, ctx, &mut **out, events)
                    })
                })
                .collect();
            threads
                .into_iter()
                .map(|t| {
                    t.join().unwrap_or_else(|_| {
                        Err(io::Error::other("an output's writer stopped unexpectedly"))
                    })
                })
                .collect()
        })
    })
}

/// Writes one output from every event.
fn write_all(
    output: &dyn Output,
    ctx: Context,
    out: &mut dyn Write,
    events: &[Event],
) -> io::Result<usize> {
    let mut sink = output.start(ctx, out)?;
    for event in events {
        sink.event(event)?;
    }
    sink.finish()
}

/// Writes every planned output as the events are read: `read` runs on a thread of its own and
/// hands each event to the function it is given; this thread writes each batch to every output
/// while the next is read. Nothing is held but a few batches, so memory does not grow with the
/// input. Gives back what `read` returned (`None` if writing failed before it ran) and how many
/// events were written, or the write failure; after a failure the rest is still read (so every
/// finding is reported) but not written.
pub fn streamed<R: Send>(
    plan: &Plan,
    gazetteer: &Gazetteer,
    outputs: &mut OutputSet,
    read: impl FnOnce(&mut dyn FnMut(Event)) -> R + Send,
) -> (Option<R>, io::Result<usize>) {
    let mut result = None;
    let mut written = 0;
    let ctx = Context {
        gazetteer,
        plan,
        summary: None,
    };
    let wrote = outputs.write_together(&names(plan), |outs| {
        let mut sinks = plan
            .outputs
            .iter()
            .zip(outs.iter_mut())
            .map(|(output, out)| output.start(ctx, &mut **out))
            .collect::<io::Result<Vec<Box<dyn Sink + '_>>>>()?;
        let mut failed = None;
        result = Some(read_in_batches(read, |batch| {
            written += batch.len();
            let fed = batch
                .iter()
                .try_for_each(|event| sinks.iter_mut().try_for_each(|sink| sink.event(event)));
            fed.map_err(|e| failed = Some(e)).is_ok()
        }));
        if let Some(e) = failed {
            return Err(e);
        }
        sinks.into_iter().map(Sink::finish).collect()
    });
    (result, wrote.map(|()| written))
}

/// Runs `read` on a second thread, as the machine has a core to spare: this thread takes one
/// batch while the other reads, checks and resolves the next. Batches keep the handover cheap,
/// the bounded channel keeps memory flat, and order is kept. `on_batch` returns `false` to stop
/// taking batches (the rest is still read).
fn read_in_batches<R: Send>(
    read: impl FnOnce(&mut dyn FnMut(Event)) -> R + Send,
    mut on_batch: impl FnMut(Vec<Event>) -> bool,
) -> R {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Event>>(4);
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let mut open = true;
            let result = read(&mut |event| {
                if open {
                    batch.push(event);
                    if batch.len() == BATCH {
                        // Sending fails only once the writer has stopped taking batches.
                        open = tx.send(std::mem::take(&mut batch)).is_ok();
                    }
                }
            });
            if open && !batch.is_empty() {
                let _ = tx.send(batch);
            }
            result
        });
        for batch in rx {
            if !on_batch(batch) {
                break; // drops the receiver: the reader stops sending
            }
        }
        match reader.join() {
            Ok(result) => result,
            // The reader panicked: let the panic go on here, as it would without the thread.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{timeline::Group, OUTPUTS};

    /// The outputs in a folder by name (the lock file the output set leaves is not one).
    fn files(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry"))
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .filter(|(name, _)| name != crate::io::LOCK_FILE)
            .map(|(name, path)| (name, std::fs::read(path).expect("read")))
            .collect()
    }

    /// On sorted input, streaming writes the same bytes as the sorted path, output for output.
    #[test]
    fn streamed_bytes_equal_the_sorted_paths() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let mut events = crate::export::tests::builtin_events();
        crate::export::sort(&mut events);
        let names: Vec<String> = OUTPUTS
            .iter()
            .filter(|o| !o.needs_summary())
            .map(|o| o.name().to_owned())
            .collect();
        assert!(names.len() >= 5, "{names:?}");
        let plan = Plan::new(&names, Group::Province, None);
        assert!(plan.check_streamable().is_ok());

        let (a, b) = (
            tempfile::tempdir().expect("dir"),
            tempfile::tempdir().expect("dir"),
        );
        let mut outputs = OutputSet::new(a.path()).expect("set");
        sorted(&plan, &events, &gazetteer, &mut outputs).expect("sorted");
        outputs.commit().expect("commit");
        let mut outputs = OutputSet::new(b.path()).expect("set");
        let (read, written) = streamed(&plan, &gazetteer, &mut outputs, |emit| {
            for e in events.clone() {
                emit(e);
            }
        });
        assert!(read.is_some());
        assert_eq!(written.expect("streamed"), events.len());
        outputs.commit().expect("commit");
        let (a, b) = (files(a.path()), files(b.path()));
        assert_eq!(a.len(), names.len());
        assert_eq!(a, b);
    }
}
