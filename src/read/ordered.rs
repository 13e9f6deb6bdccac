//! Results that come back from worker threads in any order, taken in the order their work
//! was handed out: what keeps events and findings in the rows' order whatever the threads.

use std::collections::BTreeMap;
use std::sync::mpsc::Receiver;

/// The results of work numbered 0, 1, 2 ... as sent, taken in that order.
pub(super) struct Ordered<T> {
    results: Receiver<(u64, T)>,
    /// Results taken so far: the number of the next one.
    taken: u64,
    /// Results back before their turn.
    waiting: BTreeMap<u64, T>,
}

impl<T> Ordered<T> {
    /// Takes the results that come through `results`.
    pub fn new(results: Receiver<(u64, T)>) -> Self {
        Ordered {
            results,
            taken: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// Results taken so far.
    pub fn taken(&self) -> u64 {
        self.taken
    }

    /// The next result if it is back, without waiting.
    pub fn ready(&mut self) -> Option<T> {
        while let Ok((seq, result)) = self.results.try_recv() {
            self.waiting.insert(seq, result);
        }
        self.take()
    }

    /// The next result, waiting for it; `None` when every worker has stopped first.
    pub fn wait(&mut self) -> Option<T> {
        loop {
            if let Some(result) = self.take() {
                return Some(result);
            }
            let (seq, result) = self.results.recv().ok()?;
            self.waiting.insert(seq, result);
        }
    }

    fn take(&mut self) -> Option<T> {
        let result = self.waiting.remove(&self.taken)?;
        self.taken += 1;
        Some(result)
    }
}
