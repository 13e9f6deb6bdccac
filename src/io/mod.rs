//! Where bytes come from and go to: `-` as standard input, and an output folder that one
//! export at a time writes into, and whose outputs change all together or not at all.
//!
//! [`OutputSet`] locks the folder (`lock.rs`), puts right what a killed run left there, stages
//! every output in `.tonle-staging/`, and commits the set through a journal (`commit.rs`, whose
//! doc explains the protocol and why it holds on Linux, macOS and Windows). The README says
//! what a failed, killed or concurrent run leaves.

mod commit;
mod lock;
mod output;
pub mod progress;
pub mod spill;

pub use commit::{Recovery, ABORT_AT_STEP_VAR, ABORT_EXIT_CODE, JOURNAL, STAGING};
pub use lock::{Busy, WhenBusy, LOCK_FILE};
pub use output::{OutputSet, Written};

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

/// Opens a path for reading; `-` is standard input.
pub fn open(path: &Path) -> io::Result<Box<dyn Read>> {
    if path == Path::new("-") {
        Ok(Box::new(io::stdin().lock()))
    } else {
        Ok(Box::new(fs::File::open(path)?))
    }
}

/// A writer that counts the bytes that pass through it.
pub struct Counting<W> {
    inner: W,
    /// Bytes written so far.
    pub bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
