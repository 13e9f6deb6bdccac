//! Failure injection: the output folder is read-only, or the process is killed mid-export.
//! Either way earlier outputs are untouched, and a temporary file left by a killed run is
//! removed by the next run. (A disk filling mid-write is the unit test in `src/io.rs`; an
//! output path that is a folder is in `export.rs`.)

use super::{export_into, files, root};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The temporary files in `dir`, by name (without reading them: they may be growing).
fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(".tonle-") && Path::new(n).extension().is_some_and(|e| e == "tmp")
        })
        .collect()
}

/// Makes a folder read-only for as long as it lives. Root ignores permission bits, so as
/// root the folder is made immutable (`chattr +i`) instead.
struct ReadOnly<'a>(&'a Path);

impl<'a> ReadOnly<'a> {
    fn new(dir: &'a Path) -> Self {
        let root_user = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.trim_ascii() == b"0");
        if root_user {
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
                "cannot write into {folder}; earlier outputs are untouched: cannot create a file in it"
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
    // Kill it as soon as it has started writing (a temporary file exists).
    let started = Instant::now();
    while temporary_files(&out).is_empty() {
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

    let after = files(&out);
    for (name, bytes) in &before {
        assert_eq!(after.get(name), Some(bytes), "{name} is untouched");
    }
    assert!(
        !temporary_files(&out).is_empty(),
        "the killed run left its temporary file"
    );

    // The next run into the folder removes what the killed one left.
    let run = export_into(&out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(temporary_files(&out), Vec::<String>::new());
    assert_eq!(files(&out), before);
}
