//! The two ways an export is written, both feeding the plan's outputs one stream of events:
//! sorted (the events of a [`Sorted`](super::sort::Sorted) merge, with the summary computed
//! while they were read) and streamed (`--order input`: each event as it is read). Either way
//! the events go in batches to every output, each formatting on its own thread, while the
//! next batch is read or merged; nothing is held but a few batches.

use super::provinces::ProvinceIds;
use super::{Context, Plan, Summary};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::io::OutputSet;
use std::io;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;

/// Events handed to the outputs at a time.
const BATCH: usize = 1024;

/// Batches queued for each output: the slowest output holds back the others by this much.
const QUEUE: usize = 4;

/// (file, what its items are called) for each planned output, as [`OutputSet`] takes them.
fn names(plan: &Plan) -> Vec<(&'static str, &'static str)> {
    plan.outputs
        .iter()
        .map(|o| (o.file(), o.items().many))
        .collect()
}

/// Writes every planned output into the set (not yet committed) from `events`, in output
/// order, with `summary` of them all for the outputs that need it. A failure to read the
/// events (a spill file) stops the writing.
pub fn sorted(
    plan: &Plan,
    events: impl Iterator<Item = io::Result<Event>>,
    summary: Option<&Summary>,
    gazetteer: &Gazetteer,
    outputs: &mut OutputSet,
    threads: usize,
) -> io::Result<()> {
    let ctx = Context {
        gazetteer,
        plan,
        summary,
    };
    let mut failed = None;
    // The provinces' event ids are listed in output order, which is this order: gathered here
    // once for the provinces layer and the GeoPackage's copy of it.
    let gather = summary.filter(|_| plan.draws(&super::provinces::Provinces));
    let mut ids = ProvinceIds::default();
    outputs.write_together(&names(plan), |outs| {
        let ((), written) = fan_out(ctx, outs, threads, |emit| {
            for event in events {
                match event {
                    Ok(event) => {
                        if gather.is_some() {
                            ids.add(gazetteer, &event);
                        }
                        if !emit(event) {
                            break;
                        }
                    }
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            if let Some(summary) = gather {
                // Set once: a summary goes to one export.
                let _ = summary.province_ids.set(std::mem::take(&mut ids));
            }
        });
        match failed {
            Some(e) => Err(e),
            None => written,
        }
    })
}

/// Writes every planned output as the events are read: `read` hands each event to the
/// function it is given. Nothing is held but a few batches, so memory does not grow with the
/// input. Gives back what `read` returned and how many events were written, or the write
/// failure; after a failure the rest is still read (so every finding is reported) but not
/// written.
pub fn streamed<R>(
    plan: &Plan,
    gazetteer: &Gazetteer,
    outputs: &mut OutputSet,
    threads: usize,
    read: impl FnOnce(&mut dyn FnMut(Event)) -> R,
) -> (Option<R>, io::Result<usize>) {
    let ctx = Context {
        gazetteer,
        plan,
        summary: None,
    };
    let mut result = None;
    let mut count = 0;
    let wrote = outputs.write_together(&names(plan), |outs| {
        let (r, written) = fan_out(ctx, outs, threads, |emit| {
            read(&mut |event| {
                count += 1;
                emit(event);
            })
        });
        result = Some(r);
        written
    });
    (result, wrote.map(|()| count))
}

/// Starts every planned output, each on a thread of its own when `threads` is above 1, and runs
/// `produce` on this one: each event it emits goes, in batches, to every output in the order
/// emitted. `emit` returns `false` once an output has failed (the rest would not be written).
/// Gives what `produce` returned and each output's item count, or the first output's failure.
fn fan_out<R>(
    ctx: Context,
    outs: &mut [&mut (dyn io::Write + Send)],
    threads: usize,
    produce: impl FnOnce(&mut dyn FnMut(Event) -> bool) -> R,
) -> (R, io::Result<Vec<usize>>) {
    if threads <= 1 {
        return one_thread(ctx, outs, produce);
    }
    std::thread::scope(|scope| {
        let mut queues = Vec::with_capacity(outs.len());
        let threads: Vec<_> = ctx
            .plan
            .outputs
            .iter()
            .zip(outs.iter_mut())
            .map(|(&output, out)| {
                let (tx, rx) = sync_channel::<Arc<Vec<Event>>>(QUEUE);
                queues.push(Some(tx));
                scope.spawn(move || -> io::Result<usize> {
                    let mut sink = output.start(ctx, &mut **out)?;
                    for batch in rx {
                        batch.iter().try_for_each(|e| sink.event(e))?;
                    }
                    sink.finish()
                })
            })
            .collect();
        let mut batch = Vec::with_capacity(BATCH);
        let mut open = true;
        let result = produce(&mut |event| {
            if open {
                batch.push(event);
                if batch.len() == BATCH {
                    open = send(
                        &mut queues,
                        std::mem::replace(&mut batch, Vec::with_capacity(BATCH)),
                    );
                }
            }
            open
        });
        if open && !batch.is_empty() {
            send(&mut queues, batch);
        }
        drop(queues); // each output sees the end of its events
        let written = threads
            .into_iter()
            .map(|t| {
                t.join().unwrap_or_else(|_| {
                    Err(io::Error::other("an output's writer stopped unexpectedly"))
                })
            })
            .collect();
        (result, written)
    })
}

/// [`fan_out`] on this thread alone: each event goes to every output in turn.
fn one_thread<R>(
    ctx: Context,
    outs: &mut [&mut (dyn io::Write + Send)],
    produce: impl FnOnce(&mut dyn FnMut(Event) -> bool) -> R,
) -> (R, io::Result<Vec<usize>>) {
    let sinks = ctx
        .plan
        .outputs
        .iter()
        .zip(outs.iter_mut())
        .map(|(output, out)| output.start(ctx, &mut **out))
        .collect::<io::Result<Vec<_>>>();
    let mut sinks = match sinks {
        Ok(sinks) => sinks,
        Err(e) => return (produce(&mut |_| false), Err(e)),
    };
    let mut failed = None;
    let result = produce(&mut |event| {
        if failed.is_none() {
            let fed = sinks.iter_mut().try_for_each(|sink| sink.event(&event));
            failed = fed.err();
        }
        failed.is_none()
    });
    if let Some(e) = failed {
        return (result, Err(e));
    }
    (result, sinks.into_iter().map(super::Sink::finish).collect())
}

/// Runs `consume` on a thread of its own when `threads` is above 1, fed in order and in
/// batches the events `produce` emits on this thread (reading on one core, sorting on
/// another); with 1, on this thread as they come. Gives what `produce` returned.
pub fn behind<P>(
    threads: usize,
    mut consume: impl FnMut(Event) + Send,
    produce: impl FnOnce(&mut dyn FnMut(Event)) -> P,
) -> P {
    if threads <= 1 {
        return produce(&mut consume);
    }
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Vec<Event>>(QUEUE);
        let consumer = scope.spawn(move || rx.into_iter().flatten().for_each(consume));
        let mut batch = Vec::with_capacity(BATCH);
        let result = produce(&mut |event| {
            batch.push(event);
            if batch.len() == BATCH {
                // Sending fails only if the consumer panicked: its join below says so.
                let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
            }
        });
        let _ = tx.send(batch);
        drop(tx);
        if let Err(panic) = consumer.join() {
            std::panic::resume_unwind(panic);
        }
        result
    })
}

/// Hands a batch to every output still taking them; `false` once one has stopped (failed).
fn send(queues: &mut [Option<SyncSender<Arc<Vec<Event>>>>], batch: Vec<Event>) -> bool {
    let batch = Arc::new(batch);
    for queue in queues.iter_mut() {
        if queue
            .as_ref()
            .is_some_and(|q| q.send(batch.clone()).is_err())
        {
            *queue = None;
        }
    }
    queues.iter().all(Option::is_some)
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
        sorted(
            &plan,
            events.iter().cloned().map(Ok),
            None,
            &gazetteer,
            &mut outputs,
            4,
        )
        .expect("sorted");
        outputs.commit().expect("commit");
        let mut outputs = OutputSet::new(b.path()).expect("set");
        let (read, written) = streamed(&plan, &gazetteer, &mut outputs, 1, |emit| {
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
