//! One export per folder at a time: a second export into a busy folder exits 2 naming the
//! lock file, or waits with `--wait`; two exports started together never break each other
//! (before the lock, one of two failed with "No such file or directory" 40 times in 40).

use super::{export_into, files, root};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tonle::io::LOCK_FILE;

/// Starts `tonle export --out DIR EXTRA...` in the project root, its stdin piped (and held
/// open until written to and dropped) and its stderr captured.
fn start(dir: &Path, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_tonle"))
        .args(["export", "--out"])
        .arg(dir)
        .args(extra)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

/// Waits for `child`; gives its exit code and stderr.
fn finish(child: Child) -> (i32, String) {
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

/// Whether another process holds the folder's lock (if none does, this takes it for an
/// instant).
fn locked(dir: &Path) -> bool {
    let Ok(file) = std::fs::File::open(dir.join(LOCK_FILE)) else {
        return false;
    };
    matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock))
}

/// What `extra` writes into an empty folder.
fn reference(extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), extra);
    assert_eq!(run.code, 0, "{}", run.stderr);
    files(dir.path())
}

#[test]
fn a_second_export_into_a_busy_folder_exits_2_or_waits_with_wait() {
    const SMALL: &str = "tests/fixtures/good/small.csv";
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let run = export_into(&out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = files(&out);

    // The first export holds the folder while it reads a standard input that stays open.
    // (`--wait`, so that the instant `locked` holds the lock while probing cannot refuse it.)
    let mut first = start(&out, &["--wait", "--events", "-", "--only", "events"]);
    let started = Instant::now();
    while !locked(&out) {
        assert!(
            first.try_wait().expect("poll").is_none(),
            "the first export ended"
        );
        assert!(started.elapsed() < Duration::from_secs(60), "never locked");
        std::thread::sleep(Duration::from_millis(5));
    }

    let second = finish(start(&out, &[]));
    let lock = out.join(LOCK_FILE);
    assert_eq!(
        second,
        (
            2,
            format!(
                "tonle: error: cannot prepare {}: {} is in use by another export, which holds the \
                 lock file {}; let it finish and run again, or add --wait to wait for it\n",
                out.display(),
                out.display(),
                lock.display()
            )
        )
    );
    assert_eq!(files(&out), before, "the refused export wrote nothing");

    // With --wait, a third export waits for the first and writes after it.
    let third = start(&out, &["--wait", "--from", "2022"]);
    std::thread::sleep(Duration::from_millis(300));
    let mut stdin = first.stdin.take().expect("stdin");
    stdin
        .write_all(&std::fs::read(root().join(SMALL)).expect("read"))
        .expect("feed the first export");
    drop(stdin);
    let first = finish(first);
    assert_eq!(first.0, 0, "{}", first.1);
    let third = finish(third);
    assert_eq!(third.0, 0, "{}", third.1);
    assert_eq!(
        files(&out),
        reference(&["--from", "2022"]),
        "the waiting export ran after the first, whose events.geojson it replaced"
    );
}

/// Two exports started together, a few times over: each either writes a whole set or exits 2
/// saying the folder is in use; with `--wait` both write.
#[test]
fn exports_started_together_never_break_each_other() {
    let expected = reference(&[]);
    let dir = tempfile::tempdir().expect("temp dir");
    for round in 0..5 {
        let out = dir.path().join(format!("round-{round}"));
        let both = [start(&out, &[]), start(&out, &[])].map(finish);
        for (code, stderr) in &both {
            let refused = *code == 2 && stderr.contains("is in use by another export");
            assert!(
                *code == 0 || refused,
                "round {round}: exit {code}: {stderr}"
            );
        }
        assert!(both.iter().any(|(code, _)| *code == 0), "round {round}");
        assert_eq!(files(&out), expected, "round {round}");

        let both = [start(&out, &["--wait"]), start(&out, &["--wait"])].map(finish);
        for (code, stderr) in &both {
            assert_eq!(*code, 0, "round {round}, --wait: {stderr}");
        }
        assert_eq!(files(&out), expected, "round {round}, --wait");
    }
}
