//! The outputs of one export: written to staging files, then committed all together.

use super::commit::{self, plain_name, present, Layout, Recovery, Steps};
use super::lock::{FolderLock, WhenBusy};
use super::Counting;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::time::Duration;

/// How often the outputs' bytes so far are handed to the disk while they are written.
const SYNC_EVERY: Duration = Duration::from_millis(500);

/// A written output: where it will be, how many items it holds, how big it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The final path.
    pub path: PathBuf,
    /// Items in it (features, slides, rows), and what they are called.
    pub items: (usize, &'static str),
    /// Its size.
    pub bytes: u64,
}

/// The outputs of one run, committed together, with the output folder locked from
/// [`OutputSet::open`] until the set is dropped: take it before reading any input, so that a
/// concurrent export is refused (or waited for) up front and what a killed run left is put
/// right even when this run then fails on its input.
pub struct OutputSet {
    layout: Layout,
    /// Names staged and complete, in the order they were written.
    names: Vec<String>,
    written: Vec<Written>,
    steps: Steps,
    recovered: Option<Recovery>,
    /// Declared last, so it is released after `drop` has removed the staging folder.
    _lock: FolderLock,
}

/// Previous versions' temporary files (`.tonle-*.tmp`), which a run killed mid-write left.
const LEGACY_TEMP: (&str, &str) = (".tonle-", ".tmp");

impl OutputSet {
    /// Opens the output folder, failing with a [`super::Busy`] error when another export is
    /// writing into it: [`OutputSet::open`] with [`WhenBusy::Fail`].
    pub fn new(dir: &Path) -> io::Result<OutputSet> {
        OutputSet::open(dir, WhenBusy::Fail)
    }

    /// Creates the output folder if needed, locks it (failing or waiting, as `when_busy` says,
    /// while another export holds it), completes or rolls back a commit that a killed run
    /// left, and removes the rest of what such a run left. Under the lock every such thing is
    /// debris: its owner is gone.
    pub fn open(dir: &Path, when_busy: WhenBusy) -> io::Result<OutputSet> {
        fs::create_dir_all(dir)?;
        let lock = FolderLock::acquire(dir, when_busy)?;
        let layout = Layout::new(dir);
        let mut steps = Steps::from_env();
        let recovered = commit::recover(&layout, &mut steps)?;
        remove_legacy_temporary_files(dir)?;
        Ok(OutputSet {
            layout,
            names: Vec::new(),
            written: Vec::new(),
            steps,
            recovered,
            _lock: lock,
        })
    }

    /// What opening the folder did about a commit an interrupted run left, if there was one:
    /// worth telling the user, as the outputs may have changed.
    pub fn recovered(&self) -> Option<Recovery> {
        self.recovered
    }

    /// Writes one output through `write`, which returns how many items it wrote.
    pub fn write(
        &mut self,
        name: &str,
        what: &'static str,
        write: impl FnOnce(&mut dyn Write) -> io::Result<usize>,
    ) -> io::Result<()> {
        self.write_together(&[(name, what)], |outs| {
            let out = outs
                .first_mut()
                .ok_or_else(|| io::Error::other("no writer for the one output"))?;
            Ok(vec![write(&mut **out)?])
        })
    }

    /// Writes several outputs at once through `write`, which gets a writer per output (in the
    /// order of `outputs`) and returns how many items each holds: what a streaming export
    /// needs, reading each event once and writing it to every output.
    pub fn write_together(
        &mut self,
        outputs: &[(&str, &'static str)],
        write: impl FnOnce(&mut [&mut (dyn Write + Send)]) -> io::Result<Vec<usize>>,
    ) -> io::Result<()> {
        for (name, _) in outputs {
            self.check_name(name)?;
        }
        self.make_staging()?;
        let mut files = Vec::with_capacity(outputs.len());
        for (name, _) in outputs {
            let path = self.layout.staged(name);
            match fs::File::create_new(&path) {
                Ok(file) => files.push(file),
                Err(e) => {
                    self.discard(outputs);
                    let message = format!("cannot create {}: {e}", path.display());
                    return Err(io::Error::new(e.kind(), message));
                }
            }
        }
        let staged = write_files(&files, outputs.len(), write);
        drop(files);
        match staged {
            Ok(counts) => {
                for ((name, what), (items, bytes)) in outputs.iter().zip(counts) {
                    self.names.push((*name).to_owned());
                    self.written.push(Written {
                        path: self.layout.target(name),
                        items: (items, what),
                        bytes,
                    });
                }
                Ok(())
            }
            Err(e) => {
                self.discard(outputs);
                Err(e)
            }
        }
    }

    /// Moves every written output into place, all or none: when one cannot be moved, those
    /// already moved are put back and the error says earlier outputs are untouched.
    pub fn commit(mut self) -> io::Result<Vec<Written>> {
        commit::commit(&self.layout, &self.names, &mut self.steps)?;
        Ok(std::mem::take(&mut self.written))
    }

    fn check_name(&self, name: &str) -> io::Result<()> {
        let target = self.layout.target(name);
        if !plain_name(name) || self.names.iter().any(|n| n == name) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{name}: not a file name an output can have, or written twice"),
            ));
        }
        if target.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} is a folder; remove it or choose another --out",
                    target.display()
                ),
            ));
        }
        Ok(())
    }

    /// A folder for the run's temporary files (the spill files of a sort): the staging folder,
    /// beside the outputs, on the disk the user chose for them. Whatever is left in it goes
    /// with it.
    pub fn scratch(&self) -> io::Result<PathBuf> {
        self.make_staging()?;
        Ok(self.layout.staging())
    }

    /// Creates the staging folder on the first write. `open` removed any earlier one, and
    /// `create_dir` refuses to reuse anything (a link included) that appeared since.
    fn make_staging(&self) -> io::Result<()> {
        if present(&self.layout.new_dir())? {
            return Ok(());
        }
        let made = fs::create_dir(self.layout.staging())
            .and_then(|()| fs::create_dir(self.layout.new_dir()))
            .and_then(|()| fs::create_dir(self.layout.old_dir()));
        made.map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot create the staging folder {} in it: {e}",
                    super::STAGING
                ),
            )
        })
    }

    /// Removes the staging files of outputs whose writing failed, so that the set stays as it
    /// was before the call.
    fn discard(&self, outputs: &[(&str, &'static str)]) {
        for (name, _) in outputs {
            // Best effort: whatever stays is removed with the staging folder.
            let _ = fs::remove_file(self.layout.staged(name));
        }
    }

    #[cfg(test)]
    pub(crate) fn fail_at_step(&mut self, step: usize) {
        self.steps.fail_at = Some(step);
    }
}

/// Writes the staging files through `write`, then flushes and syncs them; gives each one's
/// items and bytes.
fn write_files(
    files: &[fs::File],
    expected: usize,
    write: impl FnOnce(&mut [&mut (dyn Write + Send)]) -> io::Result<Vec<usize>>,
) -> io::Result<Vec<(usize, u64)>> {
    let mut outs: Vec<Counting<BufWriter<&fs::File>>> = files
        .iter()
        .map(|file| Counting {
            inner: BufWriter::with_capacity(1 << 16, file),
            bytes: 0,
        })
        .collect();
    let mut dyns: Vec<&mut (dyn Write + Send)> = outs
        .iter_mut()
        .map(|o| o as &mut (dyn Write + Send))
        .collect();
    let items = synced_as_written(files, || write(&mut dyns))?;
    drop(dyns);
    if items.len() != expected {
        return Err(io::Error::other(format!(
            "{} item counts for {expected} outputs",
            items.len()
        )));
    }
    let mut sizes = Vec::with_capacity(outs.len());
    for mut out in outs {
        out.flush()?;
        sizes.push(out.bytes);
    }
    for file in files {
        file.sync_all()?;
    }
    Ok(items.into_iter().zip(sizes).collect())
}

/// Runs `write` while another thread syncs `files` every [`SYNC_EVERY`]: the system would
/// otherwise hold a large output in memory until the sync before its rename, which then waits
/// for all of it (2.2 s of a 6.3 s run for the 898 MB `events.geojson` of 1M rows, on a loaded
/// machine); synced as it goes, the disk works while the outputs are formatted and the last
/// sync has only the tail. A failed sync here is left for that last one to report.
fn synced_as_written<T>(files: &[fs::File], write: impl FnOnce() -> T) -> T {
    std::thread::scope(|scope| {
        let (done, wait) = channel::<()>();
        // Without the thread (the system will start no more), only the last sync is made.
        let _ = std::thread::Builder::new().spawn_scoped(scope, move || {
            while let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(SYNC_EVERY) {
                for file in files {
                    let _ = file.sync_data();
                }
            }
        });
        let written = write();
        drop(done);
        written
    })
}

impl Drop for OutputSet {
    /// An uncommitted (or committed) set leaves no staging folder behind, unless a commit
    /// could be neither completed nor rolled back: then the journal and the staging folder
    /// stay, for the next run to put right.
    fn drop(&mut self) {
        if present(&self.layout.journal()).unwrap_or(true) {
            return;
        }
        // Best effort: what stays is removed by the next run, under the lock.
        let _ = fs::remove_dir_all(self.layout.staging());
    }
}

/// Removes `.tonle-*.tmp` files, which tonle before the staging folder wrote: under the lock,
/// no live export owns one.
fn remove_legacy_temporary_files(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(LEGACY_TEMP.0)
            && name.ends_with(LEGACY_TEMP.1)
            && entry.file_type()?.is_file()
        {
            // A leftover that cannot be removed is harmless: it is never renamed into place.
            let _ = fs::remove_file(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{JOURNAL, LOCK_FILE, STAGING};
    use super::*;
    use std::collections::BTreeMap;

    /// Every name in `dir`, tonle's own included.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The files in `dir` with their text, the lock file left out.
    fn contents(dir: &Path) -> BTreeMap<String, String> {
        names(dir)
            .into_iter()
            .filter(|n| n != LOCK_FILE && dir.join(n).is_file())
            .map(|n| {
                let text = fs::read_to_string(dir.join(&n)).expect("read");
                (n, text)
            })
            .collect()
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn write_text(set: &mut OutputSet, name: &str, text: &str) {
        set.write(name, "items", |out| {
            out.write_all(text.as_bytes()).map(|()| 1)
        })
        .expect("write");
    }

    /// A writer that fails part-way, as a full disk does: the set is dropped uncommitted, the
    /// earlier output is untouched and nothing but the lock file is left.
    #[test]
    fn a_write_that_fails_midway_leaves_earlier_outputs_and_no_staging() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("a.json"), "earlier a").expect("write");
        let mut outputs = OutputSet::new(dir.path()).expect("set");
        write_text(&mut outputs, "b.json", "new b");
        let failed = outputs.write("a.json", "items", |out| {
            out.write_all(&vec![b'x'; 100_000])?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        });
        assert_eq!(
            failed.expect_err("fails").kind(),
            io::ErrorKind::StorageFull
        );
        drop(outputs);
        assert_eq!(names(dir.path()), [LOCK_FILE, "a.json"]);
        assert_eq!(contents(dir.path()), map(&[("a.json", "earlier a")]));
    }

    #[test]
    fn commit_renames_every_output_into_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut outputs = OutputSet::new(dir.path()).expect("set");
        for name in ["a.json", "b.json"] {
            write_text(&mut outputs, name, name);
        }
        assert_eq!(
            names(dir.path()),
            [STAGING, LOCK_FILE],
            "only staged so far"
        );
        let written = outputs.commit().expect("commit");
        assert_eq!(written.iter().map(|w| w.bytes).collect::<Vec<_>>(), [6, 6]);
        assert_eq!(names(dir.path()), [LOCK_FILE, "a.json", "b.json"]);
    }

    /// A rename (or any other step of the commit) that fails: the set is wholly the old one
    /// and the error says so, or, once every output is in place, wholly the new one. Either
    /// way nothing but the lock file is left once the set is dropped.
    #[test]
    fn a_commit_that_fails_at_any_step_leaves_the_old_or_the_new_set() {
        let old = map(&[("a.json", "old a"), ("b.json", "old b"), ("keep.txt", "k")]);
        let new = map(&[
            ("a.json", "new a"),
            ("b.json", "new b"),
            ("c.json", "new c"),
            ("keep.txt", "k"),
        ]);
        let mut outcomes = Vec::new();
        for step in 1..40 {
            let dir = tempfile::tempdir().expect("temp dir");
            for (name, text) in &old {
                fs::write(dir.path().join(name), text).expect("write");
            }
            let mut outputs = OutputSet::new(dir.path()).expect("set");
            for name in ["a.json", "c.json", "b.json"] {
                write_text(&mut outputs, name, &new[name]);
            }
            outputs.fail_at_step(step);
            let result = outputs.commit();
            if let Err(e) = &result {
                assert_eq!(contents(dir.path()), old, "step {step}: {e}");
                let message = e.to_string();
                assert!(message.contains("injected failure"), "{message}");
                assert!(
                    message.ends_with("earlier outputs are untouched"),
                    "{message}"
                );
            }
            // A failure once every output is in place may leave the journal or staging
            // folder: the commit is done, and the next run removes them.
            drop(OutputSet::new(dir.path()).expect("the next run"));
            let found = contents(dir.path());
            assert_eq!(
                &found,
                if result.is_ok() { &new } else { &old },
                "step {step}"
            );
            assert_eq!(
                names(dir.path()).len(),
                found.len() + 1,
                "step {step}: debris"
            );
            outcomes.push(result.is_ok());
        }
        let failed = outcomes.iter().take_while(|ok| !**ok).count();
        assert!(failed >= 7, "journal, 2 + 2 + 1 renames: {outcomes:?}");
        assert!(outcomes[failed..].iter().all(|ok| *ok), "{outcomes:?}");
    }

    /// A folder a run was killed in after its commit point: `a` not started, `b` moved aside,
    /// `c` done. The next open completes the commit and leaves no debris.
    #[test]
    fn opening_a_folder_left_mid_commit_completes_the_commit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let layout = Layout::new(dir.path());
        fs::create_dir_all(layout.new_dir()).expect("mkdir");
        fs::create_dir_all(layout.old_dir()).expect("mkdir");
        for (path, text) in [
            (layout.target("a.json"), "old a"),
            (layout.staged("a.json"), "new a"),
            (layout.old_dir().join("b.json"), "old b"),
            (layout.staged("b.json"), "new b"),
            (layout.old_dir().join("c.json"), "old c"),
            (layout.target("c.json"), "new c"),
            (
                layout.journal(),
                "tonle commit journal 1\na.json\nb.json\nc.json\n",
            ),
        ] {
            fs::write(path, text).expect("write");
        }
        let outputs = OutputSet::new(dir.path()).expect("recovered");
        assert_eq!(outputs.recovered(), Some(Recovery::Completed));
        let expected = map(&[
            ("a.json", "new a"),
            ("b.json", "new b"),
            ("c.json", "new c"),
        ]);
        assert_eq!(contents(dir.path()), expected);
        assert_eq!(names(dir.path()).len(), 4, "the lock file, no debris");
    }

    #[test]
    fn a_staging_folder_without_a_journal_is_removed_and_outputs_stay() {
        let dir = tempfile::tempdir().expect("temp dir");
        let layout = Layout::new(dir.path());
        fs::create_dir_all(layout.new_dir()).expect("mkdir");
        fs::write(layout.staged("a.json"), "half of a new a").expect("write");
        fs::write(layout.target("a.json"), "old a").expect("write");
        let outputs = OutputSet::new(dir.path()).expect("open");
        assert_eq!(outputs.recovered(), None);
        assert_eq!(names(dir.path()), [LOCK_FILE, "a.json"]);
        assert_eq!(contents(dir.path()), map(&[("a.json", "old a")]));
    }

    #[test]
    fn a_journal_tonle_did_not_write_is_refused_and_nothing_is_touched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let layout = Layout::new(dir.path());
        fs::create_dir_all(layout.new_dir()).expect("mkdir");
        fs::write(layout.staged("a.json"), "new a").expect("write");
        fs::write(layout.journal(), "tonle commit journal 1\n../escape\n").expect("write");
        let error = OutputSet::new(dir.path()).err().expect("refused");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(
            error
                .to_string()
                .contains("is not a journal this tonle wrote"),
            "{error}"
        );
        assert_eq!(names(dir.path()), [JOURNAL, STAGING, LOCK_FILE]);
        assert!(layout.staged("a.json").exists());
    }
}
