//! `tonle fix` and the readings behind it, on the sheet an analyst really keeps: the 38-row
//! fixture `tests/fixtures/sheets/analyst.csv` (columns Date, Category, Location, Province, Lat,
//! Long, From, To, Summary, Victims, Arrested, Nationalities, Source, Link, Notes; dates like
//! `15/09/2022`, `Sept 2022`, `Q3 2022`, `c. 2020`; counts like `30+`, `~100`, `unknown`;
//! nationalities as words; places across the border).

use super::{root, tonle, tonle_in};
use chrono::Datelike as _;
use std::path::Path;

const ANALYST: &str = "tests/fixtures/sheets/analyst.csv";

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("the file was written")
}

/// Every cell the sheet writes its own way is read by a stated rule and said in a note at its
/// cell; nothing is an error, so the sheet validates (exit 0) and exports.
#[test]
fn the_analyst_sheet_validates_with_notes_and_exports() {
    let run = tonle(&["validate", ANALYST]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!("analyst-validate", run.transcript());
    let json = tonle(&["validate", "--format", "json", ANALYST]);
    let severities: std::collections::BTreeSet<String> = json
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON Lines");
            v["severity"].as_str().expect("severity").to_owned()
        })
        .collect();
    assert_eq!(severities.into_iter().collect::<Vec<_>>(), ["note"]);
    assert_eq!(json.stderr, "38 events, 0 errors, 99 notes in 1 file\n");

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let run = tonle(&["export", ANALYST, "--out", &out, "--only", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = read(&dir.path().join("events.csv"));
    assert_eq!(csv.lines().count(), 39, "{csv}");
    // `30+` is 30 "at least", `7 (incl. 2 minors)` is 7 with the rest in count_note.
    assert!(csv.contains("at least"), "{csv}");
    assert!(csv.contains("incl. 2 minors"), "{csv}");

    // Events at or to Myawaddy, KK Park and Shwe Kokko.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let run = tonle(&[
        "export",
        ANALYST,
        "--out",
        &out,
        "--only",
        "csv",
        "--country",
        "Myanmar",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = read(&dir.path().join("events.csv"));
    let ids: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(
        ids,
        ["analyst-9", "analyst-11", "analyst-26", "analyst-27"],
        "{csv}"
    );
}

/// `fix` writes the canonical sheet and a change report; fixing it again changes nothing, and
/// the fixed sheet validates with nothing to say but its one extra column.
#[test]
fn fix_writes_the_canonical_sheet_and_is_idempotent() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(root().join(ANALYST), dir.path().join("analyst.csv")).expect("copy");
    let run = tonle_in(dir.path(), &["fix", "analyst.csv", "-o", "clean.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout.lines().last(),
        Some("38 events, 0 errors, 4 notes in 1 file; 139 cells changed in 38 rows: wrote clean.csv and clean.changes.csv")
    );
    let clean = read(&dir.path().join("clean.csv"));
    let mut lines = clean.lines();
    assert_eq!(
        lines.next(),
        Some("id,date,type,title,place,origin,destination,province,lat,lon,arrested,victims,count_note,nationalities,source,source_url,notes")
    );
    assert_eq!(
        lines.next(),
        Some("analyst-2,2022-09-15,raid,Police raid a compound in Sihanoukville,Sihanoukville,,,Preah Sihanouk,,,12,30,victims: at least,CN;VN,Khmer Times,https://www.khmertimeskh.com/a,first big raid")
    );
    let changes = read(&dir.path().join("clean.changes.csv"));
    for line in [
        "file,row,column,before,after,rule",
        "analyst.csv,2,date,15/09/2022,2022-09-15,date-day-first",
        "analyst.csv,3,date,5.4.2023,2023-04-05,date-day-first",
        "analyst.csv,5,type,Trafficking,trafficking_route,type-trafficking-route",
        "analyst.csv,8,date,Q3 2022,2022-07/2022-09,date-quarter",
        "analyst.csv,14,victims,\"1,310\",1310,count-thousands",
        "analyst.csv,37,nationalities,\"Chinese (62), Vietnamese (9), Cambodian (13)\",CN:62;VN:9;KH:13,nationality-demonym+nationality-count+nationality-separator",
    ] {
        assert!(changes.lines().any(|l| l == line), "no `{line}` in\n{changes}");
    }

    let again = tonle_in(
        dir.path(),
        &[
            "fix",
            "clean.csv",
            "-o",
            "again.csv",
            "--report",
            "again-changes.csv",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert_eq!(read(&dir.path().join("again.csv")), clean);
    assert_eq!(
        read(&dir.path().join("again-changes.csv")),
        "file,row,column,before,after,rule\n"
    );
    let run = tonle_in(dir.path(), &["validate", "--format", "json", "clean.csv"]);
    assert_eq!(run.code, 0);
    let codes: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["code"].to_string())
        .collect();
    // Every column of the analyst's sheet is a known one, so nothing is left to say.
    assert_eq!(codes, Vec::<String>::new(), "{}", run.stdout);
}

/// A sheet with errors is not written: the errors are listed and the run exits 1.
#[test]
fn fix_writes_nothing_when_a_row_has_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("bad.csv"),
        "Date,Category,Location,Summary,Victims,Source\n\
         Sept 2022,Police raid,Sihanoukville,T,30+,S\n\
         2022,Raid and rescue,Sihanoukville,T,dozens,S\n",
    )
    .expect("write");
    let run = tonle_in(dir.path(), &["fix", "bad.csv", "-o", "clean.csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    insta::assert_snapshot!("fix-errors", run.transcript());
    assert!(!dir.path().join("clean.csv").exists());
    assert!(!dir.path().join("clean.changes.csv").exists());
}

/// A column of dates that are all ambiguous is an error naming the flags; a flag settles it.
/// The same for a thousands separator nothing settles.
#[test]
fn flags_settle_what_the_column_cannot() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("s.csv"),
        "id,date,type,title,place,source,victims\n\
         a-1,05/04/2023,raid,T,Bavet,S,\"1,310\"\n\
         a-2,06/04/2023,raid,T,Bavet,S,12\n",
    )
    .expect("write");
    let run = tonle_in(dir.path(), &["validate", "s.csv"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("ambiguous-columns", run.transcript());
    let run = tonle_in(
        dir.path(),
        &["validate", "--month-first", "--thousands", ",", "s.csv"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("read \"05/04/2023\" as 2023-05-04 (month first: --month-first)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("read \"1,310\" as 1310 (thousands separator: --thousands ,)"),
        "{}",
        run.stdout
    );
    let run = tonle_in(
        dir.path(),
        &[
            "fix",
            "--day-first",
            "--thousands",
            ",",
            "s.csv",
            "-o",
            "c.csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(read(&dir.path().join("c.csv")).contains("a-1,2023-04-05,raid,T,Bavet,1310,S"));
    std::fs::write(
        dir.path().join("mixed.csv"),
        "id,date,type,title,place,source\n\
         a-1,15/09/2022,raid,T,Bavet,S\n\
         a-2,09/16/2022,raid,T,Bavet,S\n",
    )
    .expect("write");
    let run = tonle_in(dir.path(), &["validate", "--format", "json", "mixed.csv"]);
    assert_eq!(run.code, 1);
    let first: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().expect("a finding")).expect("JSON");
    assert_eq!(first["code"], "conflicting-date-order", "{}", run.stdout);
    assert_eq!(first["severity"], "error");
    assert_eq!(
        first["message"],
        "the column mixes day-first and month-first dates: `15/09/2022` reads only day first, `09/16/2022` only month first"
    );
    let run = tonle_in(
        dir.path(),
        &["validate", "--day-first", "--month-first", "s.csv"],
    );
    assert_eq!(run.code, 2, "the two flags conflict: {}", run.stderr);
}

/// `fix` reads every input kind: a workbook gives the same canonical sheet as its CSV.
#[test]
fn fix_reads_a_workbook_as_its_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(root().join(ANALYST)).expect("fixture");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Events").expect("name");
    let header = reader.headers().expect("header").clone();
    for (c, name) in (0u16..).zip(header.iter()) {
        ws.write_string(0, c, name).expect("cell");
    }
    // As a spreadsheet keeps them: full days as date cells, plain counts as numbers.
    let day = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (r, record) in (1u32..).zip(reader.records()) {
        for (c, value) in (0u16..).zip(record.expect("row").iter()) {
            let full_day = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
            if let (0, Some(d)) = (c, full_day) {
                let (y, m, d) = (d.year(), d.month(), d.day());
                let date = rust_xlsxwriter::ExcelDateTime::from_ymd(
                    u16::try_from(y).expect("year"),
                    u8::try_from(m).expect("month"),
                    u8::try_from(d).expect("day"),
                )
                .expect("a day");
                ws.write_datetime_with_format(r, c, date, &day)
                    .expect("date");
            } else if let (9 | 10, Ok(n)) = (c, value.parse::<u32>()) {
                ws.write_number(r, c, f64::from(n)).expect("number");
            } else if !value.is_empty() {
                ws.write_string(r, c, value).expect("cell");
            }
        }
    }
    // A day number whose date format was lost: read in the workbook's 1900 date system.
    ws.write_string(39, 0, "").expect("cell");
    ws.write_number(39, 0, 44805.0).expect("a day number");
    for (c, value) in [(1, "raid"), (2, "Bavet"), (8, "T"), (12, "S")] {
        ws.write_string(39, c, value).expect("cell");
    }
    wb.save(dir.path().join("analyst.xlsx")).expect("saved");
    std::fs::write(dir.path().join("analyst.csv"), text).expect("csv");
    let a = tonle_in(dir.path(), &["fix", "analyst.xlsx", "-o", "from-xlsx.csv"]);
    assert_eq!(a.code, 0, "{}", a.stdout);
    let b = tonle_in(dir.path(), &["fix", "analyst.csv", "-o", "from-csv.csv"]);
    assert_eq!(b.code, 0, "{}", b.stdout);
    let from_xlsx = read(&dir.path().join("from-xlsx.csv"));
    let from_csv = read(&dir.path().join("from-csv.csv"));
    let (rows, last) = from_xlsx.trim_end().rsplit_once('\n').expect("rows");
    assert_eq!(format!("{rows}\n"), from_csv);
    assert_eq!(last, "analyst-40,2022-09-01,raid,T,Bavet,,,,,,,,,,S,,");
    let changes = read(&dir.path().join("from-xlsx.changes.csv"));
    assert!(
        changes.contains("analyst.xlsx,40,date,44805,2022-09-01,date-serial-1900"),
        "{changes}"
    );
}

#[test]
fn standard_output_is_refused_as_the_fixed_sheet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sheet = super::root().join("tests/fixtures/sheets/analyst.csv");
    let sheet = sheet.display().to_string();
    for args in [
        vec!["fix", sheet.as_str(), "-o", "-"],
        vec!["fix", sheet.as_str(), "-o", "clean.csv", "--report", "-"],
    ] {
        let run = tonle_in(dir.path(), &args);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(
            run.stderr
                .contains("tonle fix writes files, not standard output; give a file name"),
            "{}",
            run.stderr
        );
        assert!(
            std::fs::read_dir(dir.path()).expect("dir").next().is_none(),
            "nothing is written"
        );
    }
}
