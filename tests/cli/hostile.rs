//! Hostile values (issue 13, items 3, 5, 8, 9 and 11): text XML cannot carry, look-alike ids,
//! links that hide where they lead, years the clients cannot show, counts whose sum would
//! wrap. Each is refused at its cell with exit 1 (2 for a sum, found while writing), and
//! nothing is written.

use super::{export_into, files, tonle_in};
use rust_xlsxwriter::Workbook;
use std::path::Path;

const HEADER: &str = "id,date,type,title,place,source";

/// Writes `name` in `dir` and runs `validate` and `export` on it there; returns validate's
/// transcript, having checked that export wrote nothing.
fn refused(dir: &Path, name: &str, content: &[u8]) -> String {
    std::fs::write(dir.join(name), content).expect("write");
    let validate = tonle_in(dir, &["validate", name]);
    assert_eq!(validate.code, 1, "{}", validate.stdout);
    let out = tempfile::tempdir().expect("temp dir");
    let out_arg = out.path().display().to_string();
    let export = tonle_in(dir, &["export", "--out", &out_arg, "--events", name]);
    assert_eq!(export.code, 1, "{}", export.stderr);
    assert!(files(out.path()).is_empty(), "nothing written");
    validate.transcript()
}

#[test]
fn text_xml_cannot_carry_is_refused_in_every_text_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A source with U+FFFE (QGIS could not open the project), a title with U+0001, an extra
    // column with U+FFFF and one whose name holds U+0002 (it would be a property name).
    let csv = format!(
        "{HEADER},Reporter,Bad\u{2}name\n\
         kh-1,2022-08,raid,Raid,Sihanoukville,Khmer Times\u{fffe},ok,x\n\
         kh-2,2022-08,raid,Ra\u{1}id,Sihanoukville,Khmer Times,ok,x\n\
         kh-3,2022-08,raid,Raid,Sihanoukville,Khmer Times,a\u{ffff}b,x\n\
         kh-4,2022-08,raid,\"Tab\tand\nline\",Sihanoukville,Khmer Times,ok,x\n"
    );
    insta::assert_snapshot!(refused(dir.path(), "hostile.csv", csv.as_bytes()));
    // The title reaches tonle.qgs too: refused before anything is read.
    let out = tempfile::tempdir().expect("temp dir");
    let run = export_into(out.path(), &["--title", "Raids\u{fffe}"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "tonle: error: --title: the title holds the character U+FFFE, which XML 1.0 (tonle.qgs) cannot carry; delete it: it is invisible, usually pasted by accident; retype the text or paste it as plain text\n"
    );
    assert!(files(out.path()).is_empty());
}

#[test]
fn a_workbook_cell_xml_cannot_carry_is_refused_at_its_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows = [
        ["id", "date", "type", "title", "place", "source"],
        [
            "kh-1",
            "2022-08",
            "raid",
            "Raid\u{fffe}",
            "Sihanoukville",
            "VOD",
        ],
    ];
    for (r, row) in (0u32..).zip(rows) {
        for (c, value) in (0u16..).zip(row) {
            ws.write_string(r, c, value).expect("cell");
        }
    }
    let path = dir.path().join("hostile.xlsx");
    wb.save(&path).expect("saved");
    let bytes = std::fs::read(&path).expect("read");
    insta::assert_snapshot!(refused(dir.path(), "hostile.xlsx", &bytes));
}

#[test]
fn look_alike_ids_are_refused_and_ids_compare_in_nfc() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The three ids that looked alike and exported as three; then `é` composed and
    // decomposed, one id.
    let csv = format!(
        "{HEADER}\n\
         kh-2022-001,2022-08,raid,Raid,Sihanoukville,S\n\
         kh-2022\u{200b}-001,2022-08,raid,Raid,Sihanoukville,S\n\
         kh-2022-001\u{202e},2022-08,raid,Raid,Sihanoukville,S\n\
         kh-caf\u{e9},2022-08,raid,Raid,Sihanoukville,S\n\
         kh-cafe\u{301},2022-08,raid,Raid,Sihanoukville,S\n"
    );
    insta::assert_snapshot!(refused(dir.path(), "ids.csv", csv.as_bytes()));
}

#[test]
fn links_without_a_valid_host_with_a_user_or_hidden_characters_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = format!(
        "{HEADER},source_url\n\
         kh-1,2022-08,raid,Raid,Sihanoukville,S,https://.\n\
         kh-2,2022-08,raid,Raid,Sihanoukville,S,https://evil.example\\@good.example\n\
         kh-3,2022-08,raid,Raid,Sihanoukville,S,https://user@good.example/x\n\
         kh-4,2022-08,raid,Raid,Sihanoukville,S,https://good.exa\u{200b}mple/x\n\
         kh-5,2022-08,raid,Raid,Sihanoukville,S,https://good.example/\u{202e}fdp.exe\n\
         kh-6,2022-08,raid,Raid,Sihanoukville,S,https://good..example/\n\
         kh-7,2022-08,raid,Raid,Sihanoukville,S,https://www.khmertimeskh.com/50123/x\n"
    );
    insta::assert_snapshot!(refused(dir.path(), "links.csv", csv.as_bytes()));
}

#[test]
fn years_the_clients_cannot_carry_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = format!(
        "{HEADER},source_date\n\
         kh-1,9999,raid,Raid,Sihanoukville,S,\n\
         kh-2,0000-01-01,raid,Raid,Sihanoukville,S,\n\
         kh-3,2022/9999-12,raid,Raid,Sihanoukville,S,\n\
         kh-4,2022-08,raid,Raid,Sihanoukville,S,1899-12-31\n\
         kh-5,1900/2100,raid,Raid,Sihanoukville,S,2100-12-31\n"
    );
    insta::assert_snapshot!(refused(dir.path(), "years.csv", csv.as_bytes()));
    let out = tempfile::tempdir().expect("temp dir");
    let run = export_into(out.path(), &["--from", "0001-01-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "--from 0001-01-01: `0001-01-01` has the year 1; tonle reads years 1900 to 2100"
        ),
        "{}",
        run.stderr
    );
    assert!(files(out.path()).is_empty());
}

/// The case: `arrested` u64::MAX, then 1 more in the same province, gave 0 in
/// provinces.geojson. Now the export stops, naming the column, the province and the rows.
#[test]
fn a_province_total_past_u64_names_its_rows_and_writes_nothing() {
    let input = tempfile::tempdir().expect("temp dir");
    let csv = format!(
        "{HEADER},arrested\n\
         kh-1,2022-08,raid,Raid,Sihanoukville,S,{max}\n\
         kh-2,2022-09,raid,Raid,Otres,S,1\n",
        max = u64::MAX
    );
    std::fs::write(input.path().join("big.csv"), csv).expect("write");
    let out = tempfile::tempdir().expect("temp dir");
    let out_arg = out.path().display().to_string();
    let run = tonle_in(
        input.path(),
        &[
            "export",
            "--out",
            &out_arg,
            "--events",
            "big.csv",
            "--only",
            "provinces",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`arrested` in Preah Sihanouk: the counts from big.csv:2 to big.csv:3 add up to more than 18446744073709551615; check the counts of those rows"
        ),
        "{}",
        run.stderr
    );
    assert!(files(out.path()).is_empty(), "nothing written");
}

/// A damaged .xls (a prefix of a real one with a few bytes overwritten, found by the property
/// test of damaged workbooks) makes calamine panic inside its reader (an assertion in its
/// compound-file decoder): the panic is caught at the workbook's edge and reported at the
/// file, with no panic text on standard error; export writes nothing.
#[test]
fn a_workbook_that_makes_the_reader_panic_is_a_located_error() {
    let run = super::tonle(&["validate", "tests/fixtures/bad/damaged.xls"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "", "no panic printed");
    insta::assert_snapshot!(run.transcript());
    let out = tempfile::tempdir().expect("temp dir");
    let run = export_into(out.path(), &["--events", "tests/fixtures/bad/damaged.xls"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(files(out.path()).is_empty());
}

/// A leg numbered u32::MAX: the leg after it was computed as `leg + 1`, which panicked (debug)
/// or wrapped to 0 (release). The numbering is counted in u64: the gap is reported, no panic.
#[test]
fn the_largest_leg_number_is_a_finding_not_an_overflow() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = "id,date,type,title,origin,destination,journey,leg,source\n\
               j-1,2022,relocation,T,Bavet,Poipet,xu,4294967294,S\n\
               j-2,2022,relocation,T,Poipet,Bavet,xu,4294967295,S\n";
    std::fs::write(dir.path().join("legs.csv"), csv).expect("write");
    let run = tonle_in(dir.path(), &["validate", "legs.csv"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.contains(
            "journey `xu` has no legs 1 to 4294967293: its legs are 4294967294, 4294967295"
        ),
        "{}",
        run.stdout
    );
}

/// The fuzz target `sheets` found an .xls (the analyst's, two bytes changed) whose DIMENSIONS
/// record claims 1,006,633,000 rows: calamine asked for 563 GB and the process aborted (exit
/// 134, an allocation failure is no panic to catch). It is now refused before calamine opens
/// it, at the file.
#[test]
fn an_xls_claiming_a_billion_rows_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes =
        std::fs::read(super::root().join("tests/fixtures/sheets/analyst.xls")).expect("read");
    bytes[7074] = 0xf9;
    bytes[3881] = 0x3c;
    std::fs::write(dir.path().join("huge.xls"), bytes).expect("write");
    let run = tonle_in(dir.path(), &["validate", "huge.xls"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.starts_with("huge.xls:1: error: cannot read the workbook: a sheet claims 1006633000 rows by 14 columns, more than an .xls holds (65,536 by 256): the file is damaged\n"),
        "{}",
        run.stdout
    );
}
