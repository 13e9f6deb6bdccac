//! Workbooks: .xlsx (and .xlsm), .xls, .ods and .xlsb, read with calamine. A workbook is known
//! by its first bytes, not its name (a renamed file is still read for what it is). One sheet is
//! read: the one `--sheet` names, or the first visible worksheet whose first row names known
//! columns; a note says which was read when the workbook has others. Cells keep their types
//! ([`cells`]); an .xlsx sheet is streamed ([`xlsx`]), the other formats are read whole
//! ([`range`]), which is all calamine can do with them.

mod cells;
mod guard;
mod range;
mod xls_size;
mod xlsx;

use super::header::is_header;
use super::sniff::{self, Magic};
use super::{HeaderSpec, Limits, ReadError, Source};
use crate::diagnostics::{Code, Diagnostic, InputName, Location, Report, Severity};
use crate::readings::dates::SerialSystem;
use calamine::{Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use guard::guarded;
use range::RangeSource;
use std::io::{Cursor, Read, Seek};
use std::path::Path;
use std::sync::Arc;
use xlsx::XlsxSource;

/// The bytes needed to tell a workbook's format from its start.
pub const MAGIC_BYTES: usize = 256;

/// A workbook format calamine reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (.xlsx, .xlsm): streamed.
    Xlsx,
    /// Excel binary (.xlsb).
    Xlsb,
    /// Excel 97-2003 (.xls).
    Xls,
    /// OpenDocument (.ods).
    Ods,
}

impl Format {
    /// The workbook format of a file that starts with `head` (at least [`MAGIC_BYTES`] of it
    /// when the file is that long); `None` for a text file. The name only tells .xlsb from
    /// .xlsx, which share their zip container.
    pub fn of(head: &[u8], path: &Path) -> Option<Format> {
        let opendocument: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
        match sniff::magic(head) {
            Magic::Zip if head.windows(opendocument.len()).any(|w| w == opendocument) => {
                Some(Format::Ods)
            }
            Magic::Zip
                if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsb")) =>
            {
                Some(Format::Xlsb)
            }
            Magic::Zip => Some(Format::Xlsx),
            Magic::Ole => Some(Format::Xls),
            Magic::Text => None,
        }
    }
}

/// How one workbook is read.
#[derive(Debug, Clone, Copy)]
pub struct SheetOptions<'s> {
    /// `--sheet NAME|N`: a sheet's name, or its number from 1; `None` to find it.
    pub sheet: Option<&'s str>,
    /// The columns a header row may name.
    pub spec: &'s HeaderSpec<'s>,
    /// Bounds on what a sheet may hold.
    pub limits: Limits,
}

/// Opens the workbook `reader` holds, picks its sheet and hands `read` that sheet's rows.
/// `None` when there is nothing to read: a workbook calamine cannot open, a `--sheet` it does
/// not have (both reported).
pub fn with_sheet<RS: Read + Seek, T>(
    reader: RS,
    format: Format,
    file: &str,
    options: SheetOptions,
    report: &mut dyn Report,
    read: impl FnOnce(&mut dyn Source, &mut dyn Report) -> Result<T, ReadError>,
) -> Result<Option<T>, ReadError> {
    match format {
        Format::Xlsx => streamed(reader, file, options, report, read),
        Format::Xls => {
            let bytes = match checked_xls(reader, file, report) {
                Ok(Some(bytes)) => bytes,
                Ok(None) => return Ok(None),
                Err(source) => {
                    let file = file.to_owned();
                    return Err(ReadError::Read {
                        file,
                        line: 0,
                        source,
                    });
                }
            };
            whole::<Xls<_>, _, T>(Cursor::new(bytes), file, options, report, read, |wb| {
                system(wb.has_1904_epoch())
            })
        }
        Format::Xlsb => whole::<Xlsb<RS>, RS, T>(reader, file, options, report, read, |wb| {
            system(wb.has_1904_epoch())
        }),
        // OpenDocument stores dates as dates; its day numbers count from 1899-12-30, as
        // Excel's 1900 system does from March 1900 on.
        Format::Ods => whole::<Ods<RS>, RS, T>(reader, file, options, report, read, |_| {
            SerialSystem::Excel1900
        }),
    }
}

/// An .xls read into memory (calamine reads it whole anyway), `None` when one of its sheets
/// claims more cells than an .xls holds (reported): see [`xls_size`].
fn checked_xls(
    mut reader: impl Read + Seek,
    file: &str,
    report: &mut dyn Report,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.rewind()?;
    reader.read_to_end(&mut bytes)?;
    Ok(match xls_size::oversized_sheet(&bytes) {
        None => Some(bytes),
        Some((rows, columns)) => unreadable(
            file,
            &format!("a sheet claims {rows} rows by {columns} columns, more than an .xls holds (65,536 by 256): the file is damaged"),
            report,
        ),
    })
}

fn system(is_1904: bool) -> SerialSystem {
    if is_1904 {
        SerialSystem::Excel1904
    } else {
        SerialSystem::Excel1900
    }
}

/// An .xlsx workbook: its sheet streamed.
fn streamed<RS: Read + Seek, T>(
    reader: RS,
    file: &str,
    options: SheetOptions,
    report: &mut dyn Report,
    read: impl FnOnce(&mut dyn Source, &mut dyn Report) -> Result<T, ReadError>,
) -> Result<Option<T>, ReadError> {
    let mut wb: Xlsx<RS> = match guarded(|| Xlsx::new(reader)) {
        Ok(Ok(wb)) => wb,
        Ok(Err(e)) => return Ok(unreadable(file, &e.to_string(), report)),
        Err(panicked) => return Ok(unreadable(file, &panicked, report)),
    };
    let system = system(wb.has_1904_epoch());
    let sheets = Sheets::of(wb.sheets_metadata());
    let Some(index) = sheets.choose(file, options, report, |name| {
        let Ok(Ok(cells)) = guarded(|| wb.worksheet_cells_reader(name)) else {
            return false;
        };
        let input = sheet_input(file, name);
        let mut source = XlsxSource::new(input, cells, system, options.limits);
        matches!(source.advance(&mut Vec::new()), Ok(super::Next::Row))
            && is_header(source.row(), options.spec)
    }) else {
        return Ok(None);
    };
    let name = sheets.names[index].clone();
    let cells = match guarded(|| wb.worksheet_cells_reader(&name)) {
        Ok(Ok(cells)) => cells,
        Ok(Err(e)) => return Ok(unreadable(file, &e.to_string(), report)),
        Err(panicked) => return Ok(unreadable(file, &panicked, report)),
    };
    let mut source = XlsxSource::new(sheet_input(file, &name), cells, system, options.limits);
    read(&mut source, report).map(Some)
}

/// A workbook whose sheets calamine reads whole.
fn whole<R: Reader<RS>, RS: Read + Seek, T>(
    reader: RS,
    file: &str,
    options: SheetOptions,
    report: &mut dyn Report,
    read: impl FnOnce(&mut dyn Source, &mut dyn Report) -> Result<T, ReadError>,
    system_of: impl Fn(&R) -> SerialSystem,
) -> Result<Option<T>, ReadError> {
    let mut wb = match guarded(|| R::new(reader)) {
        Ok(Ok(wb)) => wb,
        Ok(Err(e)) => return Ok(unreadable(file, &format!("{e:?}"), report)),
        Err(panicked) => return Ok(unreadable(file, &panicked, report)),
    };
    let system = system_of(&wb);
    let sheets = Sheets::of(wb.sheets_metadata());
    let mut found = None;
    let chosen = sheets.choose(file, options, report, |name| {
        let Ok(Ok(range)) = guarded(|| wb.worksheet_range(name)) else {
            return false;
        };
        let mut source = RangeSource::new(sheet_input(file, name), range, system, options.limits);
        let header = matches!(source.advance(&mut Vec::new()), Ok(super::Next::Row))
            && is_header(source.row(), options.spec);
        if header {
            source.rewind();
            found = Some(source);
        }
        header
    });
    let Some(index) = chosen else {
        return Ok(None);
    };
    let mut source = if let Some(source) = found {
        source
    } else {
        let name = &sheets.names[index];
        match guarded(|| wb.worksheet_range(name)) {
            Ok(Ok(range)) => {
                RangeSource::new(sheet_input(file, name), range, system, options.limits)
            }
            Ok(Err(e)) => return Ok(unreadable(file, &format!("{e:?}"), report)),
            Err(panicked) => return Ok(unreadable(file, &panicked, report)),
        }
    };
    read(&mut source, report).map(Some)
}

/// A workbook's sheets, by name in workbook order, and which of them a default read may pick.
struct Sheets {
    names: Vec<String>,
    /// The visible worksheets (not charts, macro sheets or hidden sheets), in order.
    candidates: Vec<usize>,
}

impl Sheets {
    fn of(sheets: &[calamine::Sheet]) -> Sheets {
        Sheets {
            names: sheets.iter().map(|s| s.name.clone()).collect(),
            candidates: sheets
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible
                })
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The sheet to read: the one `--sheet` names, else the first candidate whose first row
    /// names known columns (`has_header`), else the first candidate (whose header the table
    /// then reports). `None` (reported) when there is none.
    fn choose(
        &self,
        file: &str,
        options: SheetOptions,
        report: &mut dyn Report,
        mut has_header: impl FnMut(&str) -> bool,
    ) -> Option<usize> {
        if let Some(wanted) = options.sheet {
            let found = self.named(wanted);
            if found.is_none() {
                report.report(self.no_such_sheet(file, wanted));
            }
            return found;
        }
        let Some(&first) = self.candidates.first() else {
            report.report(
                Diagnostic::new(
                    at_file(file),
                    Code::UnknownSheet,
                    "the workbook has no worksheet to read",
                )
                .with_hint("add a sheet with a header row and one row per event"),
            );
            return None;
        };
        let found = self
            .candidates
            .iter()
            .copied()
            .find(|&i| has_header(&self.names[i]));
        match found {
            Some(index) if index > 0 => report.report(self.skipped(file, index)),
            None if self.names.len() > 1 => report.report(self.none_has_a_header(file, first)),
            // The first sheet, or the only one: nothing to say.
            _ => {}
        }
        Some(found.unwrap_or(first))
    }

    /// The sheet `--sheet` names: by name (exactly, then in any case), else by number.
    fn named(&self, wanted: &str) -> Option<usize> {
        let wanted = wanted.trim();
        self.names
            .iter()
            .position(|n| n == wanted)
            .or_else(|| {
                self.names
                    .iter()
                    .position(|n| n.trim().to_lowercase() == wanted.to_lowercase())
            })
            .or_else(|| {
                let n: usize = wanted.parse().ok()?;
                (1..=self.names.len()).contains(&n).then(|| n - 1)
            })
    }

    fn no_such_sheet(&self, file: &str, wanted: &str) -> Diagnostic {
        let names: Vec<String> = self.names.iter().map(|n| format!("`{n}`")).collect();
        Diagnostic::new(
            at_file(file),
            Code::UnknownSheet,
            format!("the workbook has no sheet `{wanted}`"),
        )
        .with_hint(format!(
            "its sheets are {}: give one of these names to --sheet, or a number from 1 to {}",
            names.join(", "),
            self.names.len()
        ))
    }

    /// The note for a sheet read after others were passed over.
    fn skipped(&self, file: &str, index: usize) -> Diagnostic {
        let skipped: Vec<String> = self.names[..index]
            .iter()
            .map(|n| format!("`{n}`"))
            .collect();
        Diagnostic::new(
            at_file(file),
            Code::SheetRead,
            format!(
                "read the sheet `{}` (sheet {} of {}), the first whose first row names known columns; skipped {}",
                self.names[index],
                index + 1,
                self.names.len(),
                skipped.join(", ")
            ),
        )
        .with_severity(Severity::Note)
        .with_hint("to read another sheet, give --sheet NAME")
    }

    /// The note for a workbook none of whose sheets has a header: the first is read, for its
    /// header to be reported.
    fn none_has_a_header(&self, file: &str, first: usize) -> Diagnostic {
        let names: Vec<String> = self.names.iter().map(|n| format!("`{n}`")).collect();
        Diagnostic::new(
            at_file(file),
            Code::SheetRead,
            format!(
                "no sheet's first row names known columns ({}); reading `{}`",
                names.join(", "),
                self.names[first]
            ),
        )
        .with_severity(Severity::Note)
        .with_hint("name the columns in the first row of the events sheet, or give --sheet NAME")
    }
}

/// The input of one sheet, as messages name it (`events.xlsx:Events!C7`).
fn sheet_input(file: &str, sheet: &str) -> Arc<InputName> {
    Arc::new(InputName {
        file: file.to_owned(),
        sheet: Some(sheet.to_owned()),
    })
}

fn at_file(file: &str) -> Location {
    Location {
        input: InputName::file(file),
        line: 1,
        column: None,
    }
}

/// Reports a workbook calamine cannot open; nothing is read from it.
fn unreadable<T>(file: &str, why: &str, report: &mut dyn Report) -> Option<T> {
    report.report(bad_workbook(&InputName::file(file), 1, why));
    None
}

/// A workbook calamine cannot read at `line`, as a finding.
fn bad_workbook(input: &Arc<InputName>, line: u64, why: &str) -> Diagnostic {
    let at = Location {
        input: input.clone(),
        line: line.max(1),
        column: None,
    };
    Diagnostic::new(at, Code::BadWorkbook, format!("cannot read the workbook: {why}")).with_hint(
        "open it in a spreadsheet program and save it again (as .xlsx, or as CSV UTF-8); a workbook with a password must be saved without one",
    )
}

/// A text cell over the size limit, as a finding.
fn too_long(
    input: &Arc<InputName>,
    line: u64,
    column: u64,
    bytes: usize,
    limits: Limits,
) -> Diagnostic {
    let at = Location {
        input: input.clone(),
        line,
        column: Some(column),
    };
    Diagnostic::new(
        at,
        Code::TooLong,
        format!(
            "the cell is {bytes} bytes, more than the limit of {}; reading stopped",
            limits.max_field_bytes
        ),
    )
    .with_hint("if the cell is right, raise the limit with --max-field-bytes N")
}

#[cfg(test)]
mod tests;
