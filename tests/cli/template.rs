//! `tonle template`: the workbook it writes, read back with calamine (and its drop-down lists
//! from the sheet's XML, which calamine does not read), never written over someone's sheet,
//! and a row filled in it validates.

use super::tonle_in;
use calamine::{Data, Reader, SheetVisible, Xlsx};
use std::io::Read as _;
use tonle::commands::template::{COLUMNS_SHEET, EVENTS_SHEET, LISTS_SHEET};
use tonle::events::EventType;
use tonle::schema::COLUMNS;

fn texts(range: &calamine::Range<Data>, row: usize) -> Vec<String> {
    (0..range.width())
        .map(|c| {
            range
                .get((row, c))
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .collect()
}

/// The XML of one part of the workbook.
fn part(path: &std::path::Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut xml = String::new();
    zip.by_name(name)
        .expect("the part")
        .read_to_string(&mut xml)
        .expect("XML");
    xml
}

#[test]
fn the_template_has_the_header_the_explanations_and_the_lists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = tonle_in(dir.path(), &["template", "-o", "my-events.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "wrote my-events.xlsx: the `Events` sheet to fill in (one row per event), `Columns` explaining each column\n"
    );
    let path = dir.path().join("my-events.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).expect("calamine reads it");
    let sheets: Vec<(String, SheetVisible)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    assert_eq!(
        sheets,
        [
            (EVENTS_SHEET.to_owned(), SheetVisible::Visible),
            (COLUMNS_SHEET.to_owned(), SheetVisible::Visible),
            (LISTS_SHEET.to_owned(), SheetVisible::Hidden),
        ]
    );

    let events = wb.worksheet_range(EVENTS_SHEET).expect("Events");
    let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
    assert_eq!(texts(&events, 0), names);
    assert_eq!(events.height(), 1, "a header and nothing else");

    let columns = wb.worksheet_range(COLUMNS_SHEET).expect("Columns");
    assert_eq!(
        texts(&columns, 0),
        [
            "column",
            "required",
            "what it holds",
            "example",
            "choices",
            "also accepted as a header"
        ]
    );
    assert_eq!(columns.height(), COLUMNS.len() + 1);
    for (row, column) in (1..).zip(&COLUMNS) {
        let cells = texts(&columns, row);
        assert_eq!(cells[0], column.name);
        assert!(!cells[2].is_empty() && !cells[2].contains('`'), "{cells:?}");
        assert_eq!(cells[3], column.example);
        assert_eq!(cells[5], column.aliases.join(", "));
    }
    let types: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
    let type_row = texts(&columns, 3);
    assert_eq!(type_row[0], "type");
    assert_eq!(type_row[4], types.join(", "));

    // Every closed list of the schema (taken from it, not written here), in its own column of
    // `Lists`, and a drop-down on the whole of its column of `Events`, as a warning (a value
    // outside it is tonle's to explain, with a hint, not the spreadsheet's to refuse).
    let lists = wb.worksheet_range(LISTS_SHEET).expect("Lists");
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    let closed: Vec<(usize, Vec<&str>)> = COLUMNS
        .iter()
        .enumerate()
        .filter_map(|(i, c)| tonle::events::choices(c.kind).map(|list| (i, list)))
        .collect();
    assert!(closed
        .iter()
        .any(|(i, list)| COLUMNS[*i].name == "type" && *list == types));
    for (list_column, (column, list)) in closed.iter().enumerate() {
        let name = COLUMNS[*column].name;
        assert_eq!(texts(&lists, 0)[list_column], format!("{name} (choices)"));
        let listed: Vec<String> = (1..=list.len())
            .map(|row| texts(&lists, row)[list_column].clone())
            .collect();
        assert_eq!(listed, *list, "{name}");
        let letter = |n: usize| {
            rust_xlsxwriter::utility::column_number_to_name(u16::try_from(n).expect("small"))
        };
        let validation = format!(
            "<dataValidation type=\"list\" errorStyle=\"warning\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" errorTitle=\"Not a `{name}`\""
        );
        assert!(sheet.contains(&validation), "{name}: {sheet}");
        let range = format!(
            "sqref=\"{c}2:{c}1048576\"><formula1>Lists!${l}$2:${l}${}</formula1>",
            list.len() + 1,
            c = letter(*column),
            l = letter(list_column)
        );
        assert!(sheet.contains(&range), "{name}: {range} in {sheet}");
    }
    assert_eq!(sheet.matches("<dataValidation ").count(), closed.len());
    assert!(
        sheet.contains(
            "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        ),
        "{sheet}"
    );
    // Full days are formatted as dates, dates written as EDTF as text.
    let styles = part(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"yyyy-mm-dd\""), "{styles}");
    assert!(styles.contains("formatCode=\"@\""), "{styles}");
}

#[test]
fn a_sheet_is_never_written_over_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("events.xlsx"), b"someone's work").expect("write");
    let run = tonle_in(dir.path(), &["template"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "tonle: error: events.xlsx exists; tonle does not overwrite a sheet: choose another name with -o, or add --force\n"
    );
    assert_eq!(
        std::fs::read(dir.path().join("events.xlsx")).expect("read"),
        b"someone's work"
    );
    let run = tonle_in(dir.path(), &["template", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = tonle_in(dir.path(), &["template", "--force", "-o", "again.xlsx"]);
    assert_eq!(again.code, 0);
    assert_eq!(
        std::fs::read(dir.path().join("events.xlsx")).expect("read"),
        std::fs::read(dir.path().join("again.xlsx")).expect("read"),
        "the same bytes every time"
    );
}

#[test]
fn the_empty_template_validates_and_a_filled_row_is_an_event() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(tonle_in(dir.path(), &["template"]).code, 0);
    let run = tonle_in(dir.path(), &["validate", "events.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());

    let mut wb = tonle::commands::template::workbook().expect("the template");
    let ws = wb.worksheet_from_name(EVENTS_SHEET).expect("Events");
    let row = [
        ("id", "kh-2022-014"),
        ("date", "2022-08/2022-10"),
        ("type", "arrest"),
        ("title", "84 arrested for trafficking in Sihanoukville"),
        ("place", "Sihanoukville"),
        ("source", "Khmer Times"),
    ];
    for (name, value) in row {
        let col = COLUMNS
            .iter()
            .position(|c| c.name == name)
            .expect("a column");
        ws.write_string(1, u16::try_from(col).expect("small"), value)
            .expect("written");
    }
    let arrested = COLUMNS
        .iter()
        .position(|c| c.name == "arrested")
        .expect("a column");
    ws.write_number(1, u16::try_from(arrested).expect("small"), 84)
        .expect("arrested");
    wb.save(dir.path().join("filled.xlsx")).expect("saved");
    let run = tonle_in(dir.path(), &["validate", "filled.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("1 event, 0 errors in 1 file (sheet `Events` of filled.xlsx)\n"),
        "{}",
        run.stdout
    );
}
