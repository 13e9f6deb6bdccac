//! The output set commits as one: an export ended at each step of its commit (through the
//! test hook `TONLE_TEST_ABORT_AT_COMMIT_STEP`, which ends the process as a kill would) leaves
//! a folder that the next export, whatever it then does, turns into wholly the old set or
//! wholly the new one, with nothing of tonle's but the lock file left.

use super::{export_into, files, root};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use tonle::io::{ABORT_AT_STEP_VAR, ABORT_EXIT_CODE, JOURNAL, LOCK_FILE};

type Set = BTreeMap<String, Vec<u8>>;

/// The set already in the folder, and the one the interrupted export writes.
const OLD: &[&str] = &[];
const NEW: &[&str] = &["--from", "2022"];
/// An input that fails validation: the run after a kill writes nothing of its own.
const BAD: &[&str] = &["--events", "tests/fixtures/bad/bad-places.csv"];

/// Runs `tonle export --out DIR EXTRA...` with the hook set to end it before commit step
/// `step`; gives the exit code and standard error.
fn export_ending_at(dir: &Path, extra: &[&str], step: usize) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tonle"))
        .args(["export", "--out"])
        .arg(dir)
        .args(extra)
        .env(ABORT_AT_STEP_VAR, step.to_string())
        .current_dir(root())
        .output()
        .expect("the tonle binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

/// What `extra` writes into an empty folder.
fn reference(extra: &[&str]) -> Set {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), extra);
    assert_eq!(run.code, 0, "{}", run.stderr);
    files(dir.path())
}

/// Names in `dir` that are tonle's own, apart from the lock file: staging, journal,
/// temporary files.
fn debris(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tonle") && n != LOCK_FILE)
        .collect()
}

/// Which whole set `dir` holds, or a panic naming what is wrong.
fn whole(dir: &Path, old: &Set, new: &[&Set], context: &str) -> &'static str {
    assert_eq!(debris(dir), Vec::<String>::new(), "{context}: debris left");
    let found = files(dir);
    if &found == old {
        "old"
    } else if new.contains(&&found) {
        "new"
    } else {
        panic!(
            "{context}: a mix of the old and the new set: {:?}",
            found.keys()
        )
    }
}

/// Exports the old set into `dir`, then the new one ended before commit `step`. Gives `None`
/// when the export completed, else whether the journal marks the folder as mid-commit (a mix
/// of the sets is allowed only then).
fn interrupted(dir: &Path, step: usize, old: &Set, new: &Set) -> Option<bool> {
    let run = export_into(dir, OLD);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (code, stderr) = export_ending_at(dir, NEW, step);
    if code == 0 {
        assert_eq!(&files(dir), new, "a completed export");
        return None;
    }
    assert_eq!(code, ABORT_EXIT_CODE, "step {step}: {stderr}");
    assert!(stderr.contains("ending the process before"), "{stderr}");
    let found = files(dir);
    let journal = dir.join(JOURNAL).exists();
    if &found != old && &found != new {
        assert!(
            journal,
            "step {step}: a folder left mid-commit is marked so"
        );
    }
    Some(journal)
}

/// What the run after a kill says when it completed the killed run's commit in `dir`.
fn completed(dir: &Path) -> String {
    format!(
        "note: {}: completed the commit of an export that was interrupted\n",
        dir.display()
    )
}

#[test]
fn a_kill_at_any_commit_step_leaves_the_old_or_the_new_set_after_the_next_run() {
    let (old, new) = (reference(OLD), reference(NEW));
    assert_ne!(old, new);
    // The new set after `--only csv` with the old selection: its csv is the old one, and so is
    // the account of what it withheld (a public export always writes redactions.csv).
    let mut new_old_csv = new.clone();
    for file in ["events.csv", "redactions.csv"] {
        new_old_csv.insert(file.into(), old[file].clone());
    }
    let base = tempfile::tempdir().expect("temp dir");
    let mut outcomes = Vec::new();
    for step in 1.. {
        assert!(step < 200, "the commit never completed");
        let dir = base.path().join(format!("step-{step}"));
        let Some(journal) = interrupted(&dir, step, &old, &new) else {
            break;
        };
        // The next run, whatever it does, first puts the folder right.
        let (next, code): (Vec<&str>, i32) = match step % 3 {
            0 => (BAD.to_vec(), 1),
            1 => ([&["--only", "csv"], BAD].concat(), 1),
            _ => ([&["--only", "csv"], OLD].concat(), 0),
        };
        let run = export_into(&dir, &next);
        assert_eq!(run.code, code, "step {step}, then {next:?}: {}", run.stderr);
        assert_eq!(
            run.stderr.starts_with(&completed(&dir)),
            journal,
            "a note exactly when the folder was mid-commit: {}",
            run.stderr
        );
        let context = format!("step {step}, then {next:?}");
        outcomes.push(whole(&dir, &old, &[&new, &new_old_csv], &context));
    }
    // Rolled back before the commit point, completed after it: never the other way round.
    let old_steps = outcomes.iter().take_while(|o| **o == "old").count();
    assert!(old_steps >= 1, "{outcomes:?}");
    assert!(
        outcomes.len() - old_steps >= 16,
        "two renames per output: {outcomes:?}"
    );
    assert!(
        outcomes[old_steps..].iter().all(|o| *o == "new"),
        "{outcomes:?}"
    );
}

/// The run that puts a killed commit right is killed too, at each of its own steps: the run
/// after it still finds a whole set.
#[test]
fn a_kill_while_completing_a_killed_commit_is_put_right_by_the_run_after() {
    let (old, new) = (reference(OLD), reference(NEW));
    let base = tempfile::tempdir().expect("temp dir");
    // The first step that leaves a mix of the two sets.
    let first_mixed = (1..200)
        .find(|step| {
            let dir = base.path().join(format!("probe-{step}"));
            assert!(interrupted(&dir, *step, &old, &new).is_some(), "killed");
            let found = files(&dir);
            found != old && found != new
        })
        .expect("a mixed step");
    let mut killed = 0;
    for step in 1.. {
        assert!(step < 200, "the recovery never completed");
        let dir = base.path().join(format!("recovery-{step}"));
        assert_eq!(interrupted(&dir, first_mixed, &old, &new), Some(true));
        let (code, stderr) = export_ending_at(&dir, BAD, step);
        if code == 1 {
            assert!(stderr.starts_with(&completed(&dir)), "{stderr}");
            whole(
                &dir,
                &old,
                &[&new],
                &format!("recovery ran whole at {step}"),
            );
            break;
        }
        assert_eq!(code, ABORT_EXIT_CODE, "{stderr}");
        killed += 1;
        let run = export_into(&dir, BAD);
        assert_eq!(run.code, 1, "{}", run.stderr);
        whole(&dir, &old, &[&new], &format!("recovery killed at {step}"));
    }
    assert!(
        killed >= 3,
        "the recovery has steps to kill it at: {killed}"
    );
}
