//! Writes the rows of a generated CSV (`benches/generate.rs`) as an .xlsx workbook, for the
//! benchmark of reading workbooks in `benches/xlsx.sh`:
//!
//!     cargo bench --bench xlsx -- EVENTS.csv EVENTS.xlsx
//!
//! The workbook holds what an analyst's would: one `Events` sheet, the header in bold, text in
//! the shared-string table (as Excel writes it), counts and coordinates as number cells, and
//! full days (`2022-08-26`) as date cells; other dates stay text (a month, an interval).

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use std::process::ExitCode;
use tonle::schema::{Kind, COLUMNS};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [csv, xlsx] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench xlsx -- EVENTS.csv EVENTS.xlsx");
        return ExitCode::from(2);
    };
    match convert(csv, xlsx) {
        Ok(rows) => {
            eprintln!("{xlsx}: {rows} rows");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn convert(csv: &str, xlsx: &str) -> Result<u32, Box<dyn std::error::Error>> {
    let mut reader = csv::Reader::from_path(csv)?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let kinds: Vec<Option<Kind>> = header
        .iter()
        .map(|h| COLUMNS.iter().find(|c| c.name == h).map(|c| c.kind))
        .collect();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Events")?;
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    for (col, name) in (0u16..).zip(&header) {
        ws.write_string_with_format(0, col, name, &bold)?;
    }
    let mut row = 0u32;
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        row += 1;
        for ((col, value), kind) in (0u16..).zip(record.iter()).zip(&kinds) {
            cell(ws, row, col, value, *kind, &day)?;
        }
    }
    wb.save(xlsx)?;
    Ok(row)
}

/// One cell: a number, a date, text, or nothing for an empty field.
fn cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    value: &str,
    kind: Option<Kind>,
    day: &Format,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    match kind {
        Some(Kind::Count | Kind::Coordinate) if value.parse::<f64>().is_ok() => {
            ws.write_number(row, col, value.parse::<f64>().unwrap_or_default())?;
        }
        Some(Kind::Date | Kind::Day)
            if value.len() == 10 && ExcelDateTime::parse_from_str(value).is_ok() =>
        {
            ws.write_datetime_with_format(row, col, ExcelDateTime::parse_from_str(value)?, day)?;
        }
        _ => {
            ws.write_string(row, col, value)?;
        }
    }
    Ok(())
}
