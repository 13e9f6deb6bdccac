//! `tonle template`: an .xlsx to start a sheet from, made from the schema. `Events` has the
//! canonical header (bold, frozen, filterable, each name with a note saying what it holds),
//! a cell format per column (text for names and dates written as EDTF, so that a spreadsheet
//! cannot turn `2022-08` into 1 August or `0012` into 12; a date format for full days; whole
//! numbers for counts) and a drop-down list on every column whose values form a closed list
//! ([`Kind::choices`]); `Columns` explains each column; `Lists` (hidden) holds the lists.

use crate::schema::{Column, Kind, Required, COLUMNS, MADE_BY_THE_READER};
use anyhow::{bail, Context as _};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, Formula, Note, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// Write an .xlsx with the header, a sheet explaining each column, and drop-down lists.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write it.
    #[arg(short, long, value_name = "FILE.xlsx", default_value = "events.xlsx")]
    out: PathBuf,
    /// Replace the file if it exists (by default an existing file is never overwritten: it
    /// may be someone's sheet).
    #[arg(long)]
    force: bool,
}

/// The sheet people fill in.
pub const EVENTS_SHEET: &str = "Events";
/// The sheet that explains each column.
pub const COLUMNS_SHEET: &str = "Columns";
/// The hidden sheet holding the drop-down lists.
pub const LISTS_SHEET: &str = "Lists";

/// The last row a drop-down list covers: the whole column, as a sheet may grow.
const LAST_ROW: u32 = 1_048_575;

/// Runs `tonle template`: the workbook is written whole into a temporary file beside the
/// target, then moved into place, so no half-written file is left.
pub fn run(args: &Args) -> anyhow::Result<super::Outcome> {
    let bytes = workbook()
        .and_then(|mut wb| wb.save_to_buffer())
        .context("cannot build the template")?;
    write(&args.out, &bytes, args.force)?;
    super::say(&format!(
        "wrote {}: the `{EVENTS_SHEET}` sheet to fill in (one row per event), `{COLUMNS_SHEET}` explaining each column",
        crate::diagnostics::escape(&args.out.display().to_string())
    ))?;
    Ok(super::Outcome::Clean)
}

fn write(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !force && path.exists() {
        bail!(
            "{} exists; tonle does not overwrite a sheet: choose another name with -o, or add --force",
            path.display()
        );
    }
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write into {}", dir.display()))?;
    std::io::Write::write_all(&mut temp, bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let kept = if force {
        temp.persist(path).map(drop)
    } else {
        temp.persist_noclobber(path).map(drop)
    };
    kept.map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The template workbook.
pub fn workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed date, so that the same tonle writes the same bytes.
    let properties = DocProperties::new()
        .set_title("tonle events")
        .set_comment("One row per event; the Columns sheet says what each column holds.")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 11, 23)?);
    wb.set_properties(&properties);
    let lists = closed_lists();
    events_sheet(wb.add_worksheet(), &lists)?;
    columns_sheet(wb.add_worksheet())?;
    lists_sheet(wb.add_worksheet(), &lists)?;
    Ok(wb)
}

/// Each column with a closed list (by its index in [`COLUMNS`]) and the list.
fn closed_lists() -> Vec<(usize, Vec<&'static str>)> {
    COLUMNS
        .iter()
        .enumerate()
        .filter_map(|(i, c)| crate::events::choices(c.kind).map(|list| (i, list)))
        .collect()
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0x00DD_EBF7))
        .set_align(FormatAlign::Top)
}

fn events_sheet(ws: &mut Worksheet, lists: &[(usize, Vec<&str>)]) -> Result<(), XlsxError> {
    ws.set_name(EVENTS_SHEET)?;
    let bold = header_format();
    for (i, column) in (0u16..).zip(&COLUMNS) {
        ws.write_string_with_format(0, i, column.name, &bold)?;
        ws.set_column_width(i, width(column))?;
        ws.set_column_format(i, &cell_format(column.kind))?;
        let note = Note::new(plain(column.doc))
            .add_author_prefix(false)
            .set_width(320)
            .set_height(120);
        ws.insert_note(0, i, &note)?;
    }
    // The header keeps its own format over the column's.
    ws.set_row_format(0, &bold)?;
    ws.set_freeze_panes(1, 0)?;
    let last = u16::try_from(COLUMNS.len() - 1).unwrap_or(u16::MAX);
    ws.autofilter(0, 0, 0, last)?;
    for (list_column, (column, list)) in (0u16..).zip(lists) {
        let col = u16::try_from(*column).unwrap_or(u16::MAX);
        let name = COLUMNS[*column].name;
        let letter = rust_xlsxwriter::utility::column_number_to_name(list_column);
        let range = format!("={LISTS_SHEET}!${letter}$2:${letter}${}", list.len() + 1);
        let validation = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title(format!("Not a `{name}`"))?
            .set_error_message(format!(
                "tonle reads `{name}` as one of the list: {}",
                list.join(", ")
            ))?;
        ws.add_data_validation(1, col, LAST_ROW, col, &validation)?;
    }
    Ok(())
}

/// How a column's cells are formatted: text for what is typed as text (names, ids, dates
/// written as EDTF), a date for full days, whole numbers for counts.
fn cell_format(kind: Kind) -> Format {
    match kind {
        Kind::Day => Format::new().set_num_format("yyyy-mm-dd"),
        Kind::Count | Kind::Leg => Format::new().set_num_format("0"),
        Kind::Coordinate => Format::new(),
        Kind::Journey
        | Kind::Stage
        | Kind::Mode
        | Kind::Status
        | Kind::Sensitivity
        | Kind::Via
        | Kind::Id
        | Kind::Date
        | Kind::EventType
        | Kind::Text
        | Kind::Place
        | Kind::Nationalities
        | Kind::List
        | Kind::Urls => Format::new().set_num_format("@"),
    }
}

/// A column's width in characters: enough for its name and example, more for free text.
fn width(column: &Column) -> f64 {
    let room = match column.kind {
        Kind::Text => 32,
        Kind::Urls => 36,
        Kind::List | Kind::Place | Kind::Via => 22,
        Kind::Nationalities | Kind::EventType => 18,
        Kind::Id
        | Kind::Date
        | Kind::Day
        | Kind::Journey
        | Kind::Stage
        | Kind::Mode
        | Kind::Status
        | Kind::Sensitivity => 14,
        Kind::Coordinate | Kind::Count | Kind::Leg => 10,
    };
    let longest = column.name.len().max(column.example.len()) + 2;
    // At most 60: a few hundred characters.
    #[allow(clippy::cast_precision_loss)]
    let chars = longest.max(room).min(60) as f64;
    chars
}

fn columns_sheet(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name(COLUMNS_SHEET)?;
    let bold = header_format();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let headings = [
        ("column", 16.0),
        ("required", 22.0),
        ("what it holds", 70.0),
        ("example", 28.0),
        ("choices", 30.0),
        ("also accepted as a header", 40.0),
    ];
    for (i, (heading, width)) in (0u16..).zip(headings) {
        ws.write_string_with_format(0, i, heading, &bold)?;
        ws.set_column_width(i, width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (row, column) in (1u32..).zip(&COLUMNS) {
        let choices = crate::events::choices(column.kind)
            .unwrap_or_default()
            .join(", ");
        let cells = [
            column.name.to_owned(),
            required(column),
            plain(column.doc),
            column.example.to_owned(),
            choices,
            column.aliases.join(", "),
        ];
        for (i, text) in (0u16..).zip(cells) {
            ws.write_string_with_format(row, i, text, &wrap)?;
        }
    }
    Ok(())
}

fn required(column: &Column) -> String {
    match column.required {
        Required::Yes if MADE_BY_THE_READER.contains(&column.col) => {
            "yes; without the column, ids are made from the file name and row".to_owned()
        }
        Required::Yes => "yes".to_owned(),
        Required::No => "no".to_owned(),
        Required::Unless(rule) => format!("yes, unless {}", plain(rule)),
    }
}

fn lists_sheet(ws: &mut Worksheet, lists: &[(usize, Vec<&str>)]) -> Result<(), XlsxError> {
    ws.set_name(LISTS_SHEET)?;
    for (i, (column, list)) in (0u16..).zip(lists) {
        // Not the column's own name: this sheet's first row must not read as a header.
        ws.write_string(0, i, format!("{} (choices)", COLUMNS[*column].name))?;
        for (row, value) in (1u32..).zip(list) {
            ws.write_string(row, i, *value)?;
        }
        ws.set_column_width(i, 24)?;
    }
    ws.set_hidden(true);
    Ok(())
}

/// A schema doc as plain text: no backticks, and a Markdown link as its text.
fn plain(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find("](").map(|c| open + c);
        let end = close.and_then(|c| rest[c..].find(')').map(|e| c + e));
        let (Some(close), Some(end)) = (close, end) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        out.push_str(" (see the README)");
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_read_as_plain_text() {
        assert_eq!(
            plain("an EDTF date or interval, see [Dates](#dates)"),
            "an EDTF date or interval, see Dates (see the README)"
        );
        assert_eq!(plain("`raid`, `arrest`"), "raid, arrest");
        assert_eq!(plain("a [broken link"), "a [broken link");
    }
}
