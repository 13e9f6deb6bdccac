//! The sheets analysts keep, read as they are: .xlsx made here with rust_xlsxwriter, .ods and
//! .xls made by LibreOffice (tests/fixtures/sheets/), TSV and `;`-separated text, their own
//! column names, columns tonle does not know, no `id` column. Every rule's exact messages are
//! pinned.

use super::{files, root, tonle_in};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::path::Path;

/// The analyst's workbook: a cover sheet, then `Events` with the header one column in (column
/// A is a margin), the analyst's own column names, no `id` column, two columns tonle does not
/// know, dates as date cells and as text, a blank row, and formatted blank rows at the end.
/// With `TONLE_SAVE_SHEET=DIR` it is also saved there (tests/fixtures/sheets/ was made from it
/// by LibreOffice).
pub(crate) fn analyst_workbook(path: &Path) {
    let mut wb = Workbook::new();
    build_analyst(&mut wb).expect("a workbook");
    wb.save(path).expect("saved");
    if let Ok(dir) = std::env::var("TONLE_SAVE_SHEET") {
        std::fs::copy(path, Path::new(&dir).join("analyst.xlsx")).expect("copied");
    }
}

fn build_analyst(wb: &mut Workbook) -> Result<(), XlsxError> {
    wb.add_worksheet().set_name("Cover")?.write_string(
        0,
        0,
        "Trafficking events, kept by the research team",
    )?;
    let ws = wb.add_worksheet().set_name("Events")?;
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let header = [
        "Event date",
        "Category",
        "Title",
        "Location",
        "From",
        "To",
        "Lat",
        "Long",
        "Victims",
        "Arrested",
        "Source",
        "Link",
        "Reporter",
        "Case ref",
    ];
    for (i, name) in (1u16..).zip(header) {
        ws.write_string(0, i, name)?;
    }
    // Row 2: a movement, its date as text.
    ws.write_string(1, 1, "2022-08")?;
    ws.write_string(1, 2, "trafficking_route")?;
    ws.write_string(1, 3, "Workers moved to the Thmor Da SEZ")?;
    ws.write_string(1, 5, "Sihanoukville")?;
    ws.write_string(1, 6, "Thmor Da SEZ")?;
    ws.write_string(1, 11, "Khmer Times")?;
    ws.write_string(1, 13, "Dara")?;
    // Row 3: a raid, its date a date cell, its counts numbers.
    ws.write_datetime_with_format(2, 1, ExcelDateTime::from_ymd(2022, 9, 1)?, &day)?;
    ws.write_string(2, 2, "raid")?;
    ws.write_string(2, 3, "Police raid a compound in Sihanoukville")?;
    ws.write_string(2, 4, "Sihanoukville")?;
    ws.write_number(2, 9, 30)?;
    ws.write_number(2, 10, 12)?;
    ws.write_string(2, 11, "Khmer Times")?;
    ws.write_string(2, 12, "https://www.khmertimeskh.com/example")?;
    ws.write_string(2, 13, "Dara")?;
    ws.write_string(2, 14, "KT-0901")?;
    // Row 4: blank. Row 5: arrests at an exact point.
    ws.write_datetime_with_format(4, 1, ExcelDateTime::from_ymd(2022, 9, 15)?, &day)?;
    ws.write_string(4, 2, "arrest")?;
    ws.write_string(4, 3, "Arrests at the Bavet crossing")?;
    ws.write_string(4, 4, "Bavet")?;
    ws.write_number(4, 7, 11.0657)?;
    ws.write_number(4, 8, 106.1356)?;
    ws.write_number(4, 10, 84)?;
    ws.write_string(4, 11, "VOD")?;
    ws.write_string(4, 13, "Sokha")?;
    ws.write_string(4, 14, "VOD-0915")?;
    // Formatting carried down the sheet: blank rows, not events.
    for row in 5..40 {
        ws.write_blank(row, 1, &day)?;
    }
    Ok(())
}

/// A temporary folder holding the analyst's workbook as `analyst.xlsx`.
fn with_workbook() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    analyst_workbook(&dir.path().join("analyst.xlsx"));
    dir
}

/// The same rows as delimited text (with an `id` column and the dates written out).
fn analyst_text(delimiter: char) -> String {
    let rows = [
        "id|Event date|Category|Title|Location|From|To|Source|Reporter",
        "t-1|2022-08|trafficking_route|Workers moved|  |Sihanoukville|Thmor Da SEZ|Khmer Times|Dara",
        "t-2|2022-09-01|raid|\"Police raid; a compound\"|Sihanoukville|||Khmer Times|Dara",
    ];
    let mut text = rows.join("\n").replace('|', &delimiter.to_string());
    text.push('\n');
    text
}

#[test]
fn a_workbook_is_read_as_the_analyst_keeps_it() {
    let dir = with_workbook();
    let run = tonle_in(dir.path(), &["validate", "analyst.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());
}

/// The same rows saved by LibreOffice as .ods, .xls and .xlsx give the same events as the
/// workbook made here: cell types, positions and blank rows are read alike in every format.
#[test]
fn libreoffice_ods_xls_and_xlsx_give_the_same_events() {
    let dir = with_workbook();
    let export = |file: &str| {
        let out = dir.path().join(format!("out-{file}"));
        let run = tonle_in(
            dir.path(),
            &[
                "export",
                file,
                "--only",
                "csv,events,movements",
                "--out",
                &out.display().to_string(),
            ],
        );
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        files(&out)
    };
    let made_here = export("analyst.xlsx");
    for name in ["analyst.ods", "analyst.xls", "analyst-libreoffice.xlsx"] {
        let fixture = root().join("tests/fixtures/sheets").join(name);
        // Under the workbook's own name, so that the ids made from it are the same.
        let copy = format!("lo/{name}");
        std::fs::create_dir_all(dir.path().join("lo")).expect("dir");
        std::fs::copy(&fixture, dir.path().join(&copy)).expect("copy");
        let renamed = dir.path().join("lo").join(format!(
            "analyst.{}",
            Path::new(name)
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
        ));
        std::fs::rename(dir.path().join(&copy), &renamed).expect("rename");
        let relative = renamed.strip_prefix(dir.path()).expect("inside");
        assert_eq!(
            export(&relative.display().to_string()),
            made_here,
            "{name} differs from the workbook it was saved from"
        );
        let _ = std::fs::remove_file(&renamed);
    }
}

#[test]
fn extra_columns_follow_the_known_ones_in_every_output_in_order_of_first_appearance() {
    let dir = with_workbook();
    std::fs::write(
        dir.path().join("more.csv"),
        "id,date,type,title,place,source,Case ref,Notes\nm-1,2022-10,closure,Casino closed,Sihanoukville,Khmer Times,KT-1001,checked twice\n",
    )
    .expect("write");
    let out = dir.path().join("out");
    let args = [
        "export",
        "analyst.xlsx",
        "--events",
        "more.csv",
        "--only",
        "csv,events,movements",
    ];
    let run = tonle_in(dir.path(), &[&args[..], &["--out", "out"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = files(&out);
    let text = |name: &str| String::from_utf8(written[name].clone()).expect("UTF-8");
    insta::assert_snapshot!("extras-events.csv", text("events.csv"));
    insta::assert_snapshot!("extras-events.geojson", text("events.geojson"));
    insta::assert_snapshot!("extras-movements.geojson", text("movements.geojson"));
    // Streaming writes the same bytes (the rows are in date order already): the extra columns
    // are known before the first row is written.
    let streamed = tonle_in(
        dir.path(),
        &[&args[..], &["--order", "input", "--out", "streamed"]].concat(),
    );
    assert_eq!(streamed.code, 0, "{}", streamed.stderr);
    assert_eq!(files(&dir.path().join("streamed")), written);
}

#[test]
fn tab_and_semicolon_files_are_told_from_their_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("events.tsv"), analyst_text('\t')).expect("write");
    std::fs::write(dir.path().join("events-fr.csv"), analyst_text(';')).expect("write");
    let run = tonle_in(dir.path(), &["validate", "events.tsv", "events-fr.csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());
    // Told otherwise, the tab file has no header.
    let run = tonle_in(dir.path(), &["validate", "--delimiter", ",", "events.tsv"]);
    insta::assert_snapshot!("told-a-comma", run.transcript());
    let run = tonle_in(
        dir.path(),
        &["validate", "--delimiter", "tab", "events.tsv"],
    );
    assert!(!run.stdout.contains("note: read as"), "{}", run.stdout);
    let run = tonle_in(dir.path(), &["validate", "--delimiter", "ab", "events.tsv"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--delimiter ab: give one character"),
        "{}",
        run.stderr
    );
}

#[test]
fn standard_input_may_be_a_workbook_or_text_in_either_order() {
    let dir = with_workbook();
    let bytes = std::fs::read(dir.path().join("analyst.xlsx")).expect("read");
    for (input, order) in [(bytes.clone(), "start"), (bytes, "input")] {
        let out = dir.path().join(format!("out-{order}"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tonle"))
            .args(["export", "-", "--only", "csv", "--order", order, "--out"])
            .arg(&out)
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), &input).expect("fed");
        let output = child.wait_with_output().expect("ends");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let csv = std::fs::read_to_string(out.join("events.csv")).expect("written");
        assert!(
            csv.lines()
                .next()
                .is_some_and(|h| h.ends_with(",Reporter,Case ref")),
            "{csv}"
        );
        assert!(
            csv.contains("stdin-3,"),
            "ids made from standard input: {csv}"
        );
    }
}

#[test]
fn sheets_are_chosen_by_name_or_number_and_a_wrong_one_is_named() {
    let dir = with_workbook();
    let run = tonle_in(
        dir.path(),
        &["validate", "analyst.xlsx", "--sheet", "events"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("in 1 file (sheet `Events` of analyst.xlsx)\n"),
        "{}",
        run.stdout
    );
    let run = tonle_in(dir.path(), &["validate", "analyst.xlsx", "--sheet", "1"]);
    insta::assert_snapshot!("sheet-without-header", run.transcript());
    let run = tonle_in(
        dir.path(),
        &["validate", "analyst.xlsx", "--sheet", "Evnts"],
    );
    insta::assert_snapshot!("no-such-sheet", run.transcript());
}

#[test]
fn json_findings_name_the_sheet_and_the_row() {
    let dir = with_workbook();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Raids").expect("name");
    for (i, name) in (0u16..).zip(["id", "date", "type", "title", "place", "source"]) {
        ws.write_string(0, i, name).expect("header");
    }
    for (i, value) in (0u16..).zip(["r-1", "2022-09", "Police raid", "Raid", "Sihanoukvile", ""]) {
        ws.write_string(6, i, value).expect("row 7");
    }
    wb.save(dir.path().join("raids.xlsx")).expect("saved");
    let run = tonle_in(dir.path(), &["validate", "--format", "json", "raids.xlsx"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("json-sheet", run.stdout);
    let text = tonle_in(dir.path(), &["validate", "raids.xlsx"]);
    insta::assert_snapshot!("text-sheet", text.transcript());
}

#[test]
fn columns_file_maps_other_names_and_its_mistakes_are_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("evenements.csv"),
        "Identifiant,Quand,Genre,Titre,Lieu,Source,Ignorer\nf-1,2022-09,raid,Descente,Sihanoukville,Khmer Times,x\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("colonnes.toml"),
        "\"Identifiant\" = \"id\"\n\"Quand\" = \"date\"\n\"Genre\" = \"type\"\n\"Titre\" = \"title\"\n\"Lieu\" = \"place\"\n\"Ignorer\" = \"-\"\n",
    )
    .expect("write");
    let run = tonle_in(
        dir.path(),
        &["validate", "evenements.csv", "--columns", "colonnes.toml"],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!("columns-file", run.transcript());
    std::fs::write(
        dir.path().join("bad.toml"),
        "\"Quand\" = \"dat\"\n\"quand\" = \"date\"\nLieu = 3\n\"Genre\" = \"type\n",
    )
    .expect("write");
    let run = tonle_in(
        dir.path(),
        &["validate", "evenements.csv", "--columns", "bad.toml"],
    );
    insta::assert_snapshot!("columns-not-toml", run.transcript());
    std::fs::write(
        dir.path().join("bad.toml"),
        "\"Quand\" = \"dat\"\n\"quand\" = \"date\"\nLieu = 3\n",
    )
    .expect("write");
    let run = tonle_in(
        dir.path(),
        &[
            "export",
            "evenements.csv",
            "--columns",
            "bad.toml",
            "--out",
            "out",
        ],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("columns-bad-mapping", run.transcript());
    assert!(!dir.path().join("out/events.geojson").exists());
    let run = tonle_in(
        dir.path(),
        &["validate", "evenements.csv", "--columns", "missing.toml"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--columns missing.toml: cannot read it"),
        "{}",
        run.stderr
    );
}

#[test]
fn ids_made_from_two_files_of_one_name_would_collide_and_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["north", "south"] {
        std::fs::create_dir(dir.path().join(folder)).expect("dir");
        std::fs::write(
            dir.path().join(folder).join("events.csv"),
            "date,type,title,place,source\n2022-09,raid,Raid,Sihanoukville,Khmer Times\n",
        )
        .expect("write");
    }
    let run = tonle_in(
        dir.path(),
        &["validate", "north/events.csv", "south/events.csv"],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn values_under_no_column_name_are_said_once_per_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (i, name) in (0u16..).zip(["id", "date", "type", "title", "place", "", "source"]) {
        ws.write_string(0, i, name).expect("header");
    }
    for row in 1..4 {
        let values = [
            format!("u-{row}"),
            "2022-09".to_owned(),
            "raid".to_owned(),
            "Raid".to_owned(),
            "Bavet".to_owned(),
            "stray".to_owned(),
            "VOD".to_owned(),
            "far".to_owned(),
        ];
        for (i, value) in (0u16..).zip(values) {
            ws.write_string(row, i, value).expect("row");
        }
    }
    wb.save(dir.path().join("stray.xlsx")).expect("saved");
    let run = tonle_in(dir.path(), &["validate", "stray.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_file_that_is_no_workbook_inside_is_said_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("broken.xlsx"),
        b"PK\x03\x04 this is not a zip at all",
    )
    .expect("write");
    let run = tonle_in(dir.path(), &["validate", "broken.xlsx"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
    // A CSV saved under a workbook's name is read for what it is.
    std::fs::write(
        dir.path().join("really-text.xlsx"),
        "id,date,type,title,place,source\nx-1,2022,raid,Raid,Bavet,VOD\n",
    )
    .expect("write");
    let run = tonle_in(dir.path(), &["validate", "really-text.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// The workbook at `path` with one of its parts edited, as Excel writes what rust_xlsxwriter
/// does not (a formula's error value).
fn patch(path: &Path, part: &str, edit: impl Fn(String) -> String) {
    let bytes = std::fs::read(path).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).expect("an entry");
        let name = file.name().expect("a name").into_owned();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut content).expect("read");
        if name == part {
            content = edit(String::from_utf8(content).expect("XML")).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        std::io::Write::write_all(&mut out, &content).expect("write");
    }
    let bytes = out.finish().expect("zip").into_inner();
    std::fs::write(path, bytes).expect("written");
}

#[test]
fn a_formula_error_and_a_cell_over_the_limit_are_named_at_their_cell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Events").expect("name");
    for (i, name) in (0u16..).zip(["id", "date", "type", "title", "place", "source", "Notes"]) {
        ws.write_string(0, i, name).expect("header");
    }
    for (i, value) in (0u16..).zip(["e-1", "2022-09", "raid", "Raid", "Bavet", "VOD"]) {
        ws.write_string(1, i, value).expect("row 2");
    }
    ws.write_formula(
        1,
        6,
        rust_xlsxwriter::Formula::new("=VLOOKUP(A2,Z:Z,2)").set_result("#N/A"),
    )
    .expect("formula");
    for (i, value) in (0u16..).zip(["e-2", "2022-10", "raid", "Raid again", "Bavet"]) {
        ws.write_string(2, i, value).expect("row 3");
    }
    ws.write_formula(
        2,
        5,
        rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
    )
    .expect("formula");
    ws.write_string(3, 3, "a title far longer than the limit")
        .expect("row 4");
    wb.save(dir.path().join("formulas.xlsx")).expect("saved");
    patch(
        &dir.path().join("formulas.xlsx"),
        "xl/worksheets/sheet1.xml",
        |xml| xml.replace("t=\"str\"", "t=\"e\""),
    );
    let run = tonle_in(
        dir.path(),
        &["validate", "formulas.xlsx", "--max-field-bytes", "20"],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}
