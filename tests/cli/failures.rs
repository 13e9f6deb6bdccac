//! Failure injection: the output folder is read-only, one output cannot be replaced, or the
//! process is killed mid-export. Each time earlier outputs are untouched, and what a killed
//! run left is removed by the next run. (A disk filling mid-write and a failure at each step
//! of the commit are unit tests in `src/io/output.rs`; a kill at each step of the commit is
//! in `commit.rs`; an output path that is a folder is in `export.rs`.)

use super::{export_into, files, root};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use tonle::io::{LOCK_FILE, STAGING};

/// The staged outputs in `dir`, by name (without reading them: they may be growing).
fn staged_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir.join(STAGING).join("new"))
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Every name in `dir` that is tonle's own, the lock file included.
fn tonle_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tonle"))
        .collect();
    names.sort();
    names
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// Makes a folder read-only for as long as it lives. Root ignores permission bits, so as
/// root the folder is made immutable (`chattr +i`) instead.
struct ReadOnly<'a>(&'a Path);

impl<'a> ReadOnly<'a> {
    fn new(dir: &'a Path) -> Self {
        if is_root() {
            let status = Command::new("chattr").arg("+i").arg(dir).status();
            assert!(
                status.is_ok_and(|s| s.success()),
                "as root a folder is made read-only with chattr +i, which failed here"
            );
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        }
        ReadOnly(dir)
    }
}

impl Drop for ReadOnly<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = Command::new("chattr").arg("-i").arg(self.0).status();
        let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_read_only_output_folder_is_an_error_and_leaves_earlier_outputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = files(dir.path());
    {
        let _read_only = ReadOnly::new(dir.path());
        // A different selection, so that a partial success would show in the bytes.
        let run = export_into(dir.path(), &["--from", "2022"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        let folder = dir.path().display().to_string();
        assert!(
            run.stderr.starts_with("tonle: error: cannot "),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!(
                "cannot write into {folder}; earlier outputs are untouched: cannot create the \
                 staging folder .tonle-staging in it"
            )),
            "names the folder and what failed: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("not permitted") || run.stderr.contains("denied"),
            "says why: {}",
            run.stderr
        );
    }
    assert_eq!(
        files(dir.path()),
        before,
        "earlier outputs untouched, nothing added"
    );
}

/// Writes `copies` copies of the built-in dataset's rows, each with its own ids.
fn big_input(path: &Path, copies: usize) {
    let text = std::fs::read_to_string(root().join("events/cambodia-2016-2022.csv")).expect("read");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let mut writer = csv::Writer::from_path(path).expect("create");
    writer.write_record(&header).expect("write");
    for copy in 0..copies {
        for row in &rows {
            let mut fields: Vec<String> = row.iter().map(str::to_owned).collect();
            fields[0] = format!("{}-c{copy}", fields[0]);
            writer.write_record(&fields).expect("write");
        }
    }
    writer.flush().expect("flush");
}

#[test]
fn a_killed_export_leaves_earlier_outputs_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let run = export_into(&out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = files(&out);

    // Big enough that writing takes a while: about 120k events.
    let input = dir.path().join("big.csv");
    big_input(&input, 2000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tonle"))
        .args(["export", "--out"])
        .arg(&out)
        .arg("--events")
        .arg(&input)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it as soon as it has started writing (an output is staged).
    let started = Instant::now();
    while staged_files(&out).is_empty() {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the export ended before it could be killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no output started"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");

    assert_eq!(files(&out), before, "earlier outputs untouched");
    assert_eq!(
        tonle_names(&out),
        [STAGING, LOCK_FILE],
        "the killed run left its staging folder"
    );

    // The next run into the folder removes what the killed one left, even when it fails.
    let run = export_into(&out, &["--events", "tests/fixtures/bad/bad-places.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(tonle_names(&out), [LOCK_FILE]);
    assert_eq!(files(&out), before);
}

/// Makes a file immutable (`chattr +i`, root only) for as long as it lives: it can then be
/// neither replaced nor renamed, as a file open in Excel on Windows cannot.
struct Immutable<'a>(&'a Path);

impl<'a> Immutable<'a> {
    fn new(file: &'a Path) -> Self {
        let status = Command::new("chattr").arg("+i").arg(file).status();
        assert!(status.is_ok_and(|s| s.success()), "chattr +i failed here");
        Immutable(file)
    }
}

impl Drop for Immutable<'_> {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(self.0).status();
    }
}

/// The fifth output cannot be moved: the four already moved are put back.
#[test]
fn a_rename_that_fails_midway_puts_back_the_outputs_already_moved() {
    if !is_root() {
        // The same rollback, at every step, is the unit test in src/io/output.rs.
        eprintln!("skipped: chattr +i needs root");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = files(dir.path());
    let timeline = dir.path().join("timeline.json");
    let run = {
        let _immutable = Immutable::new(&timeline);
        export_into(dir.path(), &["--from", "2022"])
    };
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(files(dir.path()), before, "every output as it was");
    let folder = dir.path().display().to_string();
    let expected = format!(
        "tonle: error: cannot move outputs into {folder}: cannot move {} aside: Operation not \
         permitted (os error 1); the outputs already moved were put back: earlier outputs are \
         untouched\n",
        timeline.display()
    );
    assert_eq!(run.stderr, expected);
    assert_eq!(tonle_names(dir.path()), [LOCK_FILE], "no debris");
}
