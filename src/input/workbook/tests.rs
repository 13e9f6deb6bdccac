//! Workbooks made with rust_xlsxwriter (and patched where it cannot write what Excel does),
//! read back through the sources: cell types, positions, sheet choice, date systems.

use super::*;
use crate::diagnostics::Diagnostic;
use crate::input::{Cell, Next, Unreadable};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Formula, Workbook};
use std::io::{Cursor, Write as _};

/// An .xlsx in memory, built by `build`.
fn xlsx(build: impl FnOnce(&mut Workbook) -> Result<(), rust_xlsxwriter::XlsxError>) -> Vec<u8> {
    let mut wb = Workbook::new();
    build(&mut wb).expect("a workbook");
    wb.save_to_buffer().expect("saved")
}

/// The workbook with one of its parts edited: what rust_xlsxwriter cannot write (a 1904
/// workbook, an error cell), written as Excel writes it.
fn patch(bytes: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
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
        out.write_all(&content).expect("write");
    }
    out.finish().expect("zip").into_inner()
}

/// What reading one sheet gives: the sheet read, its date system, each row's line and cells
/// (debug-printed), and the findings.
struct Read {
    sheet: Option<String>,
    system: Option<SerialSystem>,
    rows: Vec<(u64, Vec<String>)>,
    found: Vec<Diagnostic>,
}

fn read(bytes: Vec<u8>, sheet: Option<&str>) -> Read {
    let mut found = Vec::new();
    let options = SheetOptions {
        sheet,
        spec: crate::schema::header_spec(),
        limits: Limits::default(),
    };
    let got = with_sheet(
        Cursor::new(bytes),
        Format::Xlsx,
        "t.xlsx",
        options,
        &mut found,
        |source, report| {
            let mut rows = Vec::new();
            while source.advance(report)? == Next::Row {
                let row = source.row();
                let cells = (0..row.width())
                    .map(|p| format!("{:?}", row.cell(p)))
                    .collect();
                rows.push((row.line(), cells));
            }
            Ok((source.input().sheet.clone(), source.date_system(), rows))
        },
    )
    .expect("in memory");
    let (sheet, system, rows) = got.unwrap_or_default();
    Read {
        sheet,
        system,
        rows,
        found,
    }
}

#[test]
fn cells_keep_their_types_and_places() {
    let bytes = xlsx(|wb| {
        let ws = wb.add_worksheet().set_name("Events")?;
        let day = CellFormat::new().set_num_format("yyyy-mm-dd");
        let time = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm");
        ws.write_string(0, 0, "date")?.write_string(0, 1, "title")?;
        ws.write_datetime_with_format(1, 0, ExcelDateTime::from_ymd(2022, 9, 1)?, &day)?;
        ws.write_string(1, 1, "Raid")?;
        ws.write_number(2, 0, 44805)?.write_number(2, 1, 2.5)?;
        let afternoon = ExcelDateTime::from_ymd(2022, 8, 26)?.and_hms(14, 0, 0)?;
        ws.write_datetime_with_format(3, 0, afternoon, &time)?;
        ws.write_boolean(3, 1, true)?;
        // Formatting alone makes no row; a value past the header is kept where it is.
        ws.write_blank(4, 0, &day)?.write_blank(4, 1, &day)?;
        ws.write_string(6, 3, "far")?;
        ws.write_blank(9, 0, &day)?;
        Ok(())
    });
    let r = read(bytes, None);
    assert!(r.found.is_empty(), "{:?}", r.found);
    assert_eq!(r.sheet.as_deref(), Some("Events"));
    assert_eq!(r.system, Some(SerialSystem::Excel1900));
    let lines: Vec<u64> = r.rows.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [1, 2, 3, 4, 7]);
    assert_eq!(r.rows[1].1, ["Date(2022-09-01)", "Text(\"Raid\")"]);
    assert_eq!(r.rows[2].1, ["Number(44805.0)", "Number(2.5)"]);
    assert_eq!(r.rows[3].1, ["Text(\"2022-08-26 14:00\")", "Bool(true)"]);
    assert_eq!(r.rows[4].1, ["Empty", "Empty", "Empty", "Text(\"far\")"]);
}

#[test]
fn a_1904_workbook_says_so_and_an_error_cell_is_unreadable() {
    let bytes = xlsx(|wb| {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "date")?.write_string(0, 1, "title")?;
        ws.write_number(1, 0, 43343)?;
        ws.write_formula(1, 1, Formula::new("=NA()").set_result("#N/A"))?;
        Ok(())
    });
    let bytes = patch(&bytes, "xl/workbook.xml", |xml| {
        xml.replace("<workbookPr ", "<workbookPr date1904=\"1\" ")
    });
    let bytes = patch(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("t=\"str\"", "t=\"e\"")
    });
    let r = read(bytes, None);
    assert_eq!(r.system, Some(SerialSystem::Excel1904));
    let error = format!("{:?}", Cell::Unreadable(Unreadable::CellError("#N/A")));
    assert_eq!(r.rows[1].1, ["Number(43343.0)".to_owned(), error]);
}

/// Cover (no header), a hidden sheet with a header, Events (a header), Lists.
fn three_sheets() -> Vec<u8> {
    xlsx(|wb| {
        wb.add_worksheet()
            .set_name("Cover")?
            .write_string(0, 0, "About this workbook")?;
        let hidden = wb.add_worksheet().set_name("Old")?;
        hidden.write_string(0, 0, "id")?.set_hidden(true);
        wb.add_worksheet()
            .set_name("Events")?
            .write_string(0, 0, "Event date")?;
        wb.add_worksheet()
            .set_name("Lists")?
            .write_string(0, 0, "type")?;
        Ok(())
    })
}

#[test]
fn the_first_visible_sheet_with_a_header_is_read_and_the_others_said() {
    let r = read(three_sheets(), None);
    assert_eq!(r.sheet.as_deref(), Some("Events"));
    let said: Vec<String> = r.found.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        ["t.xlsx:1: note: read the sheet `Events` (sheet 3 of 4), the first whose first row names known columns; skipped `Cover`, `Old`\n  hint: to read another sheet, give --sheet NAME"]
    );
}

#[test]
fn sheet_picks_by_name_in_any_case_or_by_number() {
    assert_eq!(
        read(three_sheets(), Some("events")).sheet.as_deref(),
        Some("Events")
    );
    let r = read(three_sheets(), Some("2"));
    assert_eq!(r.sheet.as_deref(), Some("Old"));
    assert!(r.found.is_empty(), "no note when the sheet is chosen");
    let r = read(three_sheets(), Some("Evnts"));
    assert_eq!(r.sheet, None);
    assert_eq!(
        r.found[0].to_string(),
        "t.xlsx:1: error: the workbook has no sheet `Evnts`\n  hint: its sheets are `Cover`, `Old`, `Events`, `Lists`: give one of these names to --sheet, or a number from 1 to 4"
    );
    assert_eq!(
        read(three_sheets(), Some("5")).found[0].code,
        Code::UnknownSheet
    );
}

#[test]
fn no_sheet_with_a_header_reads_the_first_for_its_header_to_be_reported() {
    let bytes = xlsx(|wb| {
        wb.add_worksheet().write_string(0, 0, "nothing known")?;
        wb.add_worksheet().write_string(0, 0, "nor here")?;
        Ok(())
    });
    let r = read(bytes, None);
    assert_eq!(r.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(r.rows.len(), 1);
    assert_eq!(
        r.found[0].to_string(),
        "t.xlsx:1: note: no sheet's first row names known columns (`Sheet1`, `Sheet2`); reading `Sheet1`\n  hint: name the columns in the first row of the events sheet, or give --sheet NAME"
    );
}

#[test]
fn a_damaged_workbook_is_a_finding_not_a_panic() {
    let mut bytes = three_sheets();
    bytes.truncate(bytes.len() / 2);
    let r = read(bytes, None);
    assert_eq!(r.sheet, None);
    assert_eq!(r.found.len(), 1, "{:?}", r.found);
    assert_eq!(r.found[0].code, Code::BadWorkbook);
    assert!(r.found[0]
        .to_string()
        .starts_with("t.xlsx:1: error: cannot read the workbook: "));
}

#[test]
fn formats_are_known_by_their_bytes() {
    let path = Path::new("renamed.csv");
    assert_eq!(
        Format::of(&three_sheets()[..MAGIC_BYTES], path),
        Some(Format::Xlsx)
    );
    assert_eq!(Format::of(b"id,date\n", path), None);
    let mut ods = b"PK\x03\x04".to_vec();
    ods.extend_from_slice(&[0; 26]);
    ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
    assert_eq!(Format::of(&ods, path), Some(Format::Ods));
    assert_eq!(
        Format::of(b"PK\x03\x04", Path::new("a.XLSB")),
        Some(Format::Xlsb)
    );
}
