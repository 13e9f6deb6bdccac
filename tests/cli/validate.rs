//! `tonle validate`: the built-in dataset is clean; every bad fixture gets its exact message.

use super::{root, tonle};

#[test]
fn the_builtin_dataset_is_clean() {
    let run = tonle(&["validate"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.ends_with(" errors in 1 file\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.starts_with("66 events, 0 errors"),
        "{}",
        run.stdout
    );
}

/// One snapshot per file in tests/fixtures/bad: exit code and every line printed.
#[test]
fn every_bad_fixture_has_its_exact_diagnostics() {
    let dir = root().join("tests/fixtures/bad");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        })
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    for name in names {
        let path = format!("tests/fixtures/bad/{name}");
        let run = tonle(&["validate", &path]);
        // A header alone is a valid, empty sheet; an unknown column is carried (with a
        // warning when it looks like a typo of a known one).
        let expected = i32::from(name != "header-only.csv" && name != "unknown-column.csv");
        assert_eq!(run.code, expected, "{name}: {}", run.stdout);
        insta::assert_snapshot!(name.trim_end_matches(".csv").to_owned(), run.transcript());
    }
}

#[test]
fn json_format_has_one_object_per_finding() {
    let run = tonle(&[
        "validate",
        "--format",
        "json",
        "tests/fixtures/bad/unknown-type.csv",
    ]);
    assert_eq!(run.code, 1);
    let findings: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0]["file"], "tests/fixtures/bad/unknown-type.csv");
    assert_eq!(findings[0]["line"], 2);
    assert_eq!(findings[0]["column"], 3);
    assert_eq!(findings[0]["field"], "type");
    assert_eq!(findings[0]["code"], "unknown-type");
    assert!(findings[0]["hint"]
        .as_str()
        .expect("hint")
        .starts_with("did you mean `raid`"));
    assert_eq!(findings[0]["severity"], "error");
    // `crackdown` is a synonym of raid: read, and said in a note.
    assert_eq!(findings[1]["line"], 3);
    assert_eq!(findings[1]["severity"], "note");
    assert_eq!(findings[1]["code"], "read-as");
    assert_eq!(
        findings[1]["message"],
        "read \"crackdown\" as raid (synonym: \"crackdown\")"
    );
    assert_eq!(run.stderr, "1 event, 1 error, 1 note in 1 file\n");
}

#[test]
fn good_fixtures_validate_including_bom_crlf_and_quoted_newlines() {
    let run = tonle(&[
        "validate",
        "tests/fixtures/good/small.csv",
        "tests/fixtures/good/bom-crlf-quoted.csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "6 events, 0 errors in 2 files\n");
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tonle"))
        .args(["validate", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(b"id,date,type,title,place,source\nkh-1,2022-08,raid,R,Pursatt,KT\n")
            .expect("write");
    }
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("-:2:5: error: no place in the gazetteer is called `Pursatt`\n  hint: did you mean `Pursat (pursat, province)`"), "{stdout}");
}

#[test]
fn an_unreadable_file_is_a_hard_error() {
    let run = tonle(&["validate", "no-such-file.csv"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "tonle: error: cannot open no-such-file.csv: No such file or directory (os error 2)\n",
        "the cause once, not twice"
    );
}

#[test]
fn duplicate_ids_are_caught_across_files() {
    let run = tonle(&[
        "validate",
        "tests/fixtures/good/small.csv",
        "tests/fixtures/good/small.csv",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.matches("duplicate").count(),
        0,
        "messages say `already used`"
    );
    assert_eq!(
        run.stdout
            .matches("is already used at tests/fixtures/good/small.csv:")
            .count(),
        5,
        "{}",
        run.stdout
    );
}

#[test]
fn encoding_reads_spreadsheet_exports_on_purpose() {
    let run = tonle(&[
        "validate",
        "--encoding",
        "utf-16",
        "tests/fixtures/bad/utf-16.csv",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "1 event, 0 errors in 1 file\n")
    );
    let run = tonle(&[
        "validate",
        "--encoding",
        "windows-1252",
        "tests/fixtures/bad/windows-1252.csv",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "2 events, 0 errors in 1 file\n")
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let run = tonle(&[
        "export",
        "--encoding",
        "latin1",
        "--events",
        "tests/fixtures/bad/windows-1252.csv",
        "--out",
        &out,
        "--only",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(dir.path().join("events.csv")).expect("UTF-8 output");
    assert!(csv.contains(",Café raid,"), "{csv}");
    let run = tonle(&[
        "validate",
        "--encoding",
        "klingon",
        "tests/fixtures/bad/windows-1252.csv",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "--encoding klingon: unknown encoding; use a WHATWG label such as utf-8, windows-1252"
        ),
        "{}",
        run.stderr
    );
}

/// Huge inputs are generated here rather than committed.
#[test]
fn limits_stop_huge_fields_rows_and_headers_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big-field.csv");
    let mut text = String::from("id,date,type,title,place,source\nkh-1,2022-08,raid,");
    text.push_str(&"x".repeat(10 << 20));
    text.push_str(",Sihanoukville,Khmer Times\n");
    std::fs::write(&big, text).expect("write");
    let run = tonle(&["validate", &big.display().to_string()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains(":2: error: a row starting here is longer than 4259840 bytes; reading stopped\n  hint: a field is rarely this long"), "{}", run.stdout);
    let run = tonle(&[
        "validate",
        "--max-field-bytes",
        "20000000",
        &big.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);

    let wide = dir.path().join("wide.csv");
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    std::fs::write(&wide, header.join(",") + "\n").expect("write");
    let run = tonle(&["validate", &wide.display().to_string()]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.lines().filter(|l| l.contains("error:")).count(),
        1,
        "one error, not 100000"
    );
    assert!(
        run.stdout
            .contains(":1: error: the header has 100000 columns; tonle reads at most 1000"),
        "{}",
        run.stdout
    );

    let run = tonle(&[
        "validate",
        "--max-rows",
        "2",
        "tests/fixtures/good/small.csv",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with("tests/fixtures/good/small.csv:4: error: the file has more than 2 rows; reading stopped\n  hint: raise the limit with --max-rows N"), "{}", run.stdout);
}

/// One snapshot per gazetteer override folder in tests/fixtures/gazetteers (with the events
/// file beside it, if any): a broken row, and names that would make events ambiguous, are
/// refused when the gazetteer loads, before any event is read.
#[test]
fn every_bad_gazetteer_folder_has_its_exact_diagnostics() {
    let dir = root().join("tests/fixtures/gazetteers");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert_eq!(names, ["ambiguous", "broken"]);
    for name in names {
        let folder = format!("tests/fixtures/gazetteers/{name}");
        let events = format!("{folder}/events.csv");
        let mut args = vec!["validate", "--gazetteer", folder.as_str()];
        if root().join(&events).exists() {
            args.push(&events);
        }
        let run = tonle(&args);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        insta::assert_snapshot!(format!("gazetteer-{name}"), run.transcript());
    }
}

/// A read that fails after the file was opened is not "cannot open".
#[test]
fn a_read_failure_is_not_an_open_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().display().to_string();
    let run = tonle(&["validate", &folder]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!("tonle: error: cannot read {folder}: Is a directory (os error 21)\n")
    );
}
