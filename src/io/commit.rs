//! The commit of an output set, all or nothing, and the recovery of a commit that a killed
//! run left half done.
//!
//! The output folder holds, besides the outputs and the lock file:
//! - `.tonle-staging/new/NAME`: the new outputs, written and synced before the commit starts;
//! - `.tonle-staging/old/NAME`: previous outputs moved aside during the commit;
//! - `.tonle-journal`: the names of the outputs being committed. It is written in the staging
//!   folder, synced, and renamed into the output folder once every new output is complete:
//!   that rename is the commit point. It is removed only after every output is in place.
//!
//! Each output then moves by single renames through three states, and which state it is in
//! can be read from which of the three paths exist: not started (the new file staged, the
//! previous one, if any, in place), moved aside (staged and old, nothing in place) and done
//! (the new file in place). A run killed at any moment therefore leaves a folder that the next
//! run (holding the lock, so nothing else is writing) can put right: with a journal it rolls
//! the commit forward, or back if that fails, then removes the journal and the staging folder;
//! without one, the staging folder is what a run left before its commit point, and is removed.
//!
//! No rename here replaces an existing file: each destination was just vacated or never
//! existed. So the protocol does not depend on rename-over semantics, which differ on Windows,
//! where a file another program holds open (Excel holds its CSV so) cannot be renamed at all:
//! that is a failed rename, rolled back like any other.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The staging folder, in the output folder.
pub const STAGING: &str = ".tonle-staging";
/// The journal that marks a folder mid-commit, in the output folder.
pub const JOURNAL: &str = ".tonle-journal";
/// The test hook: a number N makes the process end at once, running no cleanup as a kill
/// would, just before the Nth step of a commit (or of the recovery of one) changes the folder.
pub const ABORT_AT_STEP_VAR: &str = "TONLE_TEST_ABORT_AT_COMMIT_STEP";
/// The exit status of a process ended by [`ABORT_AT_STEP_VAR`] (128 + SIGABRT, as `abort`
/// gives, without the core dump).
pub const ABORT_EXIT_CODE: i32 = 134;

const JOURNAL_HEADER: &str = "tonle commit journal 1";

/// Where each part of the protocol lives in one output folder.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    dir: PathBuf,
}

impl Layout {
    pub(crate) fn new(dir: &Path) -> Layout {
        Layout {
            dir: dir.to_owned(),
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn target(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub(crate) fn staging(&self) -> PathBuf {
        self.dir.join(STAGING)
    }

    pub(crate) fn new_dir(&self) -> PathBuf {
        self.staging().join("new")
    }

    pub(crate) fn old_dir(&self) -> PathBuf {
        self.staging().join("old")
    }

    pub(crate) fn staged(&self, name: &str) -> PathBuf {
        self.new_dir().join(name)
    }

    fn old(&self, name: &str) -> PathBuf {
        self.old_dir().join(name)
    }

    pub(crate) fn journal(&self) -> PathBuf {
        self.dir.join(JOURNAL)
    }

    fn journal_draft(&self) -> PathBuf {
        self.staging().join("journal")
    }
}

/// Counts the steps that change the folder, for the test hook (and, in unit tests, to make
/// step N fail as a rename can).
#[derive(Debug, Default)]
pub(crate) struct Steps {
    done: usize,
    abort_at: Option<usize>,
    #[cfg(test)]
    pub(crate) fail_at: Option<usize>,
}

impl Steps {
    /// Reads [`ABORT_AT_STEP_VAR`]; an unset or unreadable value means no hook.
    pub(crate) fn from_env() -> Steps {
        Steps {
            abort_at: std::env::var(ABORT_AT_STEP_VAR)
                .ok()
                .and_then(|v| v.trim().parse().ok()),
            ..Steps::default()
        }
    }

    // Outside unit tests no step fails; the callers treat each step as one that can.
    #[cfg_attr(not(test), allow(clippy::unnecessary_wraps))]
    fn step(&mut self, what: impl FnOnce() -> String) -> io::Result<()> {
        self.done += 1;
        if self.abort_at == Some(self.done) {
            eprintln!(
                "tonle: {ABORT_AT_STEP_VAR}={}: ending the process before: {}",
                self.done,
                what()
            );
            std::process::exit(ABORT_EXIT_CODE);
        }
        #[cfg(test)]
        if self.fail_at == Some(self.done) {
            return Err(io::Error::other(format!("injected failure: {}", what())));
        }
        Ok(())
    }
}

/// What the start of a run found of a commit that an earlier run left unfinished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovery {
    /// The earlier run was killed after its commit point: its outputs were moved into place.
    Completed,
    /// The earlier run's outputs could not all be moved into place: the previous ones were
    /// put back.
    RolledBack,
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Recovery::Completed => "completed the commit of an export that was interrupted",
            Recovery::RolledBack => {
                "rolled back the commit of an export that was interrupted (its outputs could \
                 not be moved into place)"
            }
        })
    }
}

/// Puts right whatever an earlier, killed run left. Call only under the folder's lock.
pub(crate) fn recover(layout: &Layout, steps: &mut Steps) -> io::Result<Option<Recovery>> {
    let recovery = if present(&layout.journal())? {
        let names = read_journal(layout)?;
        match roll_forward(layout, &names, steps) {
            Ok(()) => Some(Recovery::Completed),
            Err(forward) => {
                roll_back(layout, &names, steps).map_err(|back| stuck(layout, &forward, &back))?;
                Some(Recovery::RolledBack)
            }
        }
    } else if present(&layout.staging())? {
        None // a run killed before its commit point: its staging folder is all it left
    } else {
        return Ok(None);
    };
    finish(layout, steps).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot remove what an interrupted export left: {e}"),
        )
    })?;
    Ok(recovery)
}

/// Moves the staged outputs `names` into place, all or none. When one cannot be moved, those
/// already moved are put back and the error says so. Call only under the folder's lock.
pub(crate) fn commit(layout: &Layout, names: &[String], steps: &mut Steps) -> io::Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    write_journal(layout, names, steps)?;
    if let Err(forward) = roll_forward(layout, names, steps) {
        roll_back(layout, names, steps).map_err(|back| stuck(layout, &forward, &back))?;
        // The previous outputs are back. Only a journal left behind would still matter.
        if let Err(e) = finish(layout, steps) {
            if present(&layout.journal()).unwrap_or(true) {
                return Err(stuck(layout, &forward, &e));
            }
        }
        return Err(io::Error::new(
            forward.kind(),
            format!(
                "{forward}; the outputs already moved were put back: earlier outputs are \
                 untouched"
            ),
        ));
    }
    // Every output is in place: the commit is done whatever happens next, and any debris a
    // failure here leaves is removed by the next run.
    let _ = finish(layout, steps);
    Ok(())
}

/// The error when neither direction could be completed: the journal stays, so the folder is
/// never taken for complete, and the next run tries again.
fn stuck(layout: &Layout, forward: &io::Error, back: &io::Error) -> io::Error {
    io::Error::new(
        back.kind(),
        format!(
            "{forward}; putting back the outputs already moved failed too ({back}): {} is left \
             mid-commit ({} says so), and the next export into it completes or rolls back the \
             commit",
            layout.dir().display(),
            layout.journal().display()
        ),
    )
}

fn write_journal(layout: &Layout, names: &[String], steps: &mut Steps) -> io::Result<()> {
    record(layout, names, steps).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot record the commit in {}: {e}; earlier outputs are untouched",
                layout.journal().display()
            ),
        )
    })
}

/// Writes the journal beside the staged outputs, then renames it into the output folder: the
/// commit point.
fn record(layout: &Layout, names: &[String], steps: &mut Steps) -> io::Result<()> {
    let draft = layout.journal_draft();
    // The staged files were synced one by one; their names must be durable too.
    sync_dir(&layout.new_dir());
    sync_dir(&layout.staging());
    steps.step(|| format!("write {}", draft.display()))?;
    let mut file = fs::File::create(&draft)?;
    writeln!(file, "{JOURNAL_HEADER}")?;
    for name in names {
        writeln!(file, "{name}")?;
    }
    file.sync_all()?;
    drop(file);
    steps.step(|| format!("rename the journal to {}", layout.journal().display()))?;
    fs::rename(&draft, layout.journal())?;
    sync_dir(layout.dir());
    Ok(())
}

fn read_journal(layout: &Layout) -> io::Result<Vec<String>> {
    let path = layout.journal();
    let text = fs::read_to_string(&path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))?;
    let mut lines = text.lines();
    let header = lines.next();
    let names: Vec<String> = lines.map(str::to_owned).collect();
    if header != Some(JOURNAL_HEADER) || !names.iter().all(|n| plain_name(n)) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} is not a journal this tonle wrote (it should begin with `{JOURNAL_HEADER}` \
                 and name one output per line), so the interrupted commit it marks cannot be \
                 completed; check the outputs, then remove it and {}",
                path.display(),
                layout.staging().display()
            ),
        ));
    }
    Ok(names)
}

/// A name an output can have: one plain file name, not one of tonle's own.
pub(crate) fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.starts_with(".tonle")
        && !name.contains(['/', '\\', '\n', '\r', '\0'])
}

/// Moves each staged output into place, skipping those already there.
fn roll_forward(layout: &Layout, names: &[String], steps: &mut Steps) -> io::Result<()> {
    for name in names {
        let (target, staged, old) = (layout.target(name), layout.staged(name), layout.old(name));
        if !present(&staged)? {
            continue; // done
        }
        if present(&target)? {
            if present(&old)? {
                return Err(io::Error::other(format!(
                    "{} was moved aside already, yet there is a file in its place",
                    target.display()
                )));
            }
            steps.step(|| format!("move {} aside", target.display()))?;
            rename(&target, &old, || {
                format!("cannot move {} aside", target.display())
            })?;
        }
        steps.step(|| format!("move the new {name} into place"))?;
        rename(&staged, &target, || {
            format!(
                "cannot move the new {name} into place as {}",
                target.display()
            )
        })?;
    }
    sync_dir(layout.dir());
    sync_dir(&layout.old_dir());
    Ok(())
}

/// Puts back what [`roll_forward`] moved, newest first.
fn roll_back(layout: &Layout, names: &[String], steps: &mut Steps) -> io::Result<()> {
    for name in names.iter().rev() {
        let (target, staged, old) = (layout.target(name), layout.staged(name), layout.old(name));
        if !present(&staged)? && present(&target)? {
            steps.step(|| format!("move the new {name} out of place"))?;
            rename(&target, &staged, || {
                format!("cannot move the new {} out of place", target.display())
            })?;
        }
        if present(&old)? {
            if present(&target)? {
                return Err(io::Error::other(format!(
                    "{} has a file in its place and another moved aside",
                    target.display()
                )));
            }
            steps.step(|| format!("put the previous {name} back"))?;
            rename(&old, &target, || {
                format!("cannot put the previous {} back", target.display())
            })?;
        }
    }
    sync_dir(layout.dir());
    sync_dir(&layout.new_dir());
    Ok(())
}

/// Removes the journal (the folder is then complete), then the staging folder.
fn finish(layout: &Layout, steps: &mut Steps) -> io::Result<()> {
    if present(&layout.journal())? {
        steps.step(|| format!("remove {}", layout.journal().display()))?;
        fs::remove_file(layout.journal())?;
        sync_dir(layout.dir());
    }
    if present(&layout.staging())? {
        steps.step(|| format!("remove {}", layout.staging().display()))?;
        fs::remove_dir_all(layout.staging())?;
    }
    Ok(())
}

fn rename(from: &Path, to: &Path, what: impl FnOnce() -> String) -> io::Result<()> {
    fs::rename(from, to).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", what())))
}

/// Whether anything (a file, a folder, a link) is at `path`.
pub(crate) fn present(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("cannot look at {}: {e}", path.display()),
        )),
    }
}

/// Makes the names in a folder durable (renames, creations) against a power cut, so that the
/// order of the steps above holds on disk too. Best effort, as SQLite does it: some file
/// systems refuse to sync a folder (and macOS's `F_FULLFSYNC`, which std uses, may refuse a
/// folder), and a kill, unlike a power cut, needs no sync at all. Unix only: std cannot open
/// a folder as a file on Windows, where NTFS journals these changes in order itself.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) {
    let _ = fs::File::open(dir).and_then(|d| d.sync_all());
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) {}
