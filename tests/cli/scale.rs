//! Export at any size: sorted in bounded memory (spilled runs merged) and on any number of
//! threads, the outputs are the same bytes; a progress bar only on a terminal.

use super::{files, root};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The built-in dataset `n` times over, each copy's ids made its own and the copies in turns
/// of file order, so that sorting has work to do across many runs and batches.
fn copies(n: usize) -> String {
    let csv = include_str!("../../events/cambodia-2016-2022.csv");
    let mut lines = csv.lines();
    let mut out = format!("{}\n", lines.next().expect("header"));
    let rows: Vec<&str> = lines.collect();
    for k in 0..n {
        let turned = rows
            .iter()
            .cycle()
            .skip(k * 7 % rows.len())
            .take(rows.len());
        for row in turned {
            let (id, rest) = row.split_once(',').expect("an id");
            writeln!(out, "{id}-c{k},{rest}").expect("a string takes it");
        }
    }
    out
}

/// Runs `tonle ARGS` in the project root, with `stdin` as standard input and `env` set.
fn run(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> (i32, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tonle"));
    command
        .args(args)
        .current_dir(root())
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the tonle binary runs");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or_default())
        .expect("stdin written");
    drop(input);
    let output = child.wait_with_output().expect("it ends");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn export(input: &str, out: &Path, extra: &[&str], stdin: Option<&[u8]>) {
    let out = out.display().to_string();
    let mut args = vec!["export", input, "--out", &out];
    args.extend_from_slice(extra);
    let (code, stderr) = run(&args, stdin, &[]);
    assert_eq!(code, 0, "{args:?}: {stderr}");
}

#[test]
fn outputs_are_the_same_bytes_whatever_the_threads_and_the_sort_memory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("events.csv");
    std::fs::write(&input, copies(40)).expect("input written");
    let input = input.display().to_string();
    // 2360 events, some 1.5 MB in memory: the default limit holds them all.
    let reference = dir.path().join("in-memory");
    export(&input, &reference, &["--threads", "1"], None);
    let expected = files(&reference);
    assert!(expected.len() >= 15, "{:?}", expected.keys());
    let cases: [&[&str]; 3] = [
        &["--threads", "4"],
        &["--threads", "3", "--sort-memory", "64K"],
        // Every event a run of its own: runs merged in several rounds.
        &["--threads", "1", "--sort-memory", "1"],
    ];
    for (i, extra) in cases.iter().enumerate() {
        let out = dir.path().join(format!("case-{i}"));
        export(&input, &out, extra, None);
        let got = files(&out);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &expected {
            assert!(got[name] == *bytes, "{name} differs with {extra:?}");
        }
        let left: Vec<_> = std::fs::read_dir(&out)
            .expect("out")
            .map(|e| e.expect("entry").file_name())
            .filter(|n| n.to_string_lossy().starts_with(".tonle-staging"))
            .collect();
        assert!(left.is_empty(), "the spill files' folder stays: {left:?}");
    }
}

#[test]
fn standard_input_is_sorted_in_bounded_memory_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = copies(5);
    let input = dir.path().join("events.csv");
    std::fs::write(&input, &text).expect("input written");
    let (a, b) = (dir.path().join("file"), dir.path().join("stdin"));
    let only = ["--only", "events,csv,provinces", "--sort-memory", "16K"];
    export(&input.display().to_string(), &a, &only, None);
    export("-", &b, &only, Some(text.as_bytes()));
    assert_eq!(files(&a), files(&b));
}

#[test]
fn a_sort_memory_that_is_no_size_is_refused() {
    let (code, stderr) = run(&["export", "--sort-memory", "lots"], None, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`lots` is no size; give bytes or a number with K, M or G, e.g. 64M"),
        "{stderr}"
    );
}

/// Standard error to a pipe (a log, CI) gets no bar, however large the input.
#[test]
fn no_progress_bar_when_standard_error_is_no_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let input = "events/cambodia-2016-2022.csv";
    let env = [(tonle::io::progress::THRESHOLD_VAR, "1")];
    let (code, stderr) = run(&["export", input, "--out", &out], None, &env);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("reading"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no terminal codes: {stderr}");
    assert!(
        stderr.starts_with(&format!("{out}/events.geojson: ")),
        "{stderr}"
    );
}

/// On a terminal (`script` gives the run one), a large input gets the bar.
#[test]
fn a_progress_bar_on_a_terminal() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to give the run a terminal");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let command = format!(
        "{} export events/cambodia-2016-2022.csv --out {}",
        env!("CARGO_BIN_EXE_tonle"),
        dir.path().display()
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(root())
        .env(tonle::io::progress::THRESHOLD_VAR, "1")
        .output()
        .expect("script runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("reading"), "{text}");
}

/// `copies(20)` (1180 rows: rows are checked in batches of 512) with a problem of each kind
/// spread over it: a bad date, an unknown place, a ragged row, a value under no column name,
/// and an id used again two batches after its first use.
fn troubled() -> String {
    let text = copies(20);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[0].push(',');
    for line in lines.iter_mut().skip(1) {
        line.push(',');
    }
    lines[3] = lines[3].replacen(",20", ",2O", 1);
    let bavet = (600..lines.len())
        .find(|&k| lines[k].contains(",Bavet,"))
        .expect("a row at Bavet");
    lines[bavet] = lines[bavet].replacen(",Bavet,", ",Bavvet,", 1);
    lines[701].push_str(",x");
    lines[900].push_str("an unnamed value");
    // A quote in mid-field opens nothing: cutting the text by the count of quotes guesses
    // wrong from here on, and must find out.
    lines[1000] = lines[1000].replacen(',', ",5'10\" ", 1);
    lines[1050] = lines[1050].replacen(',', ",\"a date\nacross lines\"", 1);
    let (first_id, _) = lines[10].split_once(',').expect("an id");
    let (_, rest) = lines[1100].split_once(',').expect("an id");
    lines[1100] = format!("{first_id},{rest}");
    lines.join("\n") + "\n"
}

#[test]
fn findings_and_fixes_are_the_same_in_the_same_order_whatever_the_threads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("events.csv");
    std::fs::write(&input, troubled()).expect("input written");
    let input = input.display().to_string();
    let clean = dir.path().join("clean.csv");
    std::fs::write(&clean, copies(20)).expect("input written");
    let clean = clean.display().to_string();
    let transcript = |args: &[&str], threads: &str| {
        let mut args = args.to_vec();
        // "3x1000": three threads, the text cut into chunks of about 1000 bytes.
        let (threads, chunk) = threads.split_once('x').unwrap_or((threads, ""));
        args.extend(["--threads", threads]);
        if !chunk.is_empty() {
            args.extend(["--chunk-bytes", chunk]);
        }
        let run = super::tonle_in(dir.path(), &args);
        run.transcript()
    };
    let runs: [&[&str]; 2] = [
        &["validate", &input],
        &["validate", "--format", "json", &input, &clean],
    ];
    for args in runs {
        let one = transcript(args, "1");
        assert!(one.len() > 600, "{args:?} says little: {one}");
        for threads in ["2", "3", "8", "2x1", "3x1000", "8x4000"] {
            assert_eq!(
                transcript(args, threads),
                one,
                "{args:?} on {threads} threads"
            );
        }
    }
    // `tonle fix` keeps each row's cells as written, in order, on any number of threads.
    let analyst = super::root().join("tests/fixtures/sheets/analyst.csv");
    let analyst = analyst.display().to_string();
    let fixed = |threads: &str| {
        let out = format!("fixed-{threads}.csv");
        let said = transcript(&["fix", &analyst, "-o", &out], threads);
        let bytes = std::fs::read(dir.path().join(&out)).expect("fixed");
        let changes = std::fs::read(dir.path().join(format!("fixed-{threads}.changes.csv")));
        let said = said.replace(&format!("fixed-{threads}."), "fixed.");
        (said, bytes, changes.expect("the changes"))
    };
    let one = fixed("1");
    assert!(one.0.contains("cells changed"), "{}", one.0);
    for threads in ["2", "3", "3x500"] {
        assert!(fixed(threads) == one, "fix on {threads} threads differs");
    }
    let one = transcript(&["validate", &input], "1");
    for (said, what) in [
        ("2O", "the bad date"),
        ("Bavvet", "the unknown place"),
        ("already used at", "the id used again"),
        ("has 28 fields", "the ragged row"),
        ("has no name in the header row", "the unnamed value"),
        ("5'10", "the date with a quote in it"),
    ] {
        assert!(one.contains(said), "{what} is not reported: {one}");
    }
}

#[test]
fn any_number_of_threads_is_taken_without_starting_that_many() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("events.csv");
    std::fs::write(&input, troubled()).expect("input written");
    let input = input.display().to_string();
    let run =
        |threads: &str| super::tonle_in(dir.path(), &["validate", &input, "--threads", threads]);
    let one = run("1");
    assert_eq!(one.code, 1, "{}", one.transcript());
    assert_eq!(run("65535").transcript(), one.transcript());
}
