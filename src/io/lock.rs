//! One export per output folder at a time: an advisory lock on `.tonle.lock` in the folder.
//!
//! The lock is the operating system's (`flock` on Linux and macOS, `LockFileEx` on Windows,
//! through `std::fs::File::lock`), taken on a file that is never written, renamed or removed.
//! The system releases it when the process ends however it ends (exit, panic, SIGKILL, a
//! crash), so a killed export never leaves a folder locked: only the empty file stays behind.
//! The file is never removed on purpose: removing a lock file while another process waits on
//! it would let a third process lock a new file of the same name, and two exports would run.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// The name of the lock file in the output folder.
pub const LOCK_FILE: &str = ".tonle.lock";

/// What to do when another export holds the folder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WhenBusy {
    /// Fail at once with [`Busy`]: a script learns straight away that it raced another run.
    #[default]
    Fail,
    /// Wait until the other export ends, then go on.
    Wait,
}

/// Another export is writing into the folder: the error inside the [`io::Error`] (kind
/// [`io::ErrorKind::WouldBlock`]) that [`super::OutputSet::open`] returns then.
#[derive(Debug, thiserror::Error)]
#[error(
    "{} is in use by another export, which holds the lock file {}; let it finish and run \
     again, or add --wait to wait for it",
    dir.display(),
    lock.display()
)]
pub struct Busy {
    /// The output folder.
    pub dir: PathBuf,
    /// Its lock file.
    pub lock: PathBuf,
}

/// A held lock on an output folder, released when dropped (or when the process dies).
#[derive(Debug)]
pub(crate) struct FolderLock {
    _file: File,
}

impl FolderLock {
    /// Locks `dir`, which must exist.
    pub(crate) fn acquire(dir: &Path, when_busy: WhenBusy) -> io::Result<FolderLock> {
        let path = dir.join(LOCK_FILE);
        let cannot = |e: io::Error, what: &str| {
            io::Error::new(e.kind(), format!("cannot {what} {}: {e}", path.display()))
        };
        // Opened for writing because Windows locks need a handle with read or write access;
        // nothing is ever written, and an existing file is not truncated.
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| cannot(e, "open the lock file"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if when_busy == WhenBusy::Wait => {
                file.lock().map_err(|e| cannot(e, "lock"))?;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    Busy {
                        dir: dir.to_owned(),
                        lock: path,
                    },
                ));
            }
            Err(TryLockError::Error(e)) => return Err(cannot(e, "lock")),
        }
        Ok(FolderLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_folder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = FolderLock::acquire(dir.path(), WhenBusy::Fail).expect("first");
        let busy = FolderLock::acquire(dir.path(), WhenBusy::Fail).expect_err("busy");
        assert_eq!(busy.kind(), io::ErrorKind::WouldBlock);
        let message = busy.to_string();
        assert!(message.contains("in use by another export"), "{message}");
        assert!(
            message.contains(&dir.path().join(LOCK_FILE).display().to_string()),
            "names the lock file: {message}"
        );
        assert!(
            busy.into_inner()
                .is_some_and(|e| e.downcast::<Busy>().is_ok()),
            "typed"
        );
        drop(first);
        FolderLock::acquire(dir.path(), WhenBusy::Fail).expect("free again");
    }

    #[test]
    fn a_waiting_lock_is_taken_once_the_holder_lets_go() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = FolderLock::acquire(dir.path(), WhenBusy::Fail).expect("first");
        let (tx, rx) = std::sync::mpsc::channel();
        let path = dir.path().to_owned();
        let waiter = std::thread::spawn(move || {
            let lock = FolderLock::acquire(&path, WhenBusy::Wait);
            tx.send(()).expect("send");
            lock.map(drop)
        });
        // The waiter cannot get the lock while `first` lives.
        let early = rx.recv_timeout(std::time::Duration::from_millis(200));
        assert!(early.is_err(), "the waiter took a held lock");
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(30))
            .expect("the waiter got the lock");
        waiter.join().expect("join").expect("locked");
    }
}
