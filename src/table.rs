//! The gazetteer's tables read through `crate::input`: the CSV source and the table framing
//! that event files use, with the callback the gazetteer loader was written against.

use crate::diagnostics::{Code, Diagnostic, InputName, Report};
pub use crate::input::{guess_encoding, Header, Limits, NOT_UTF8_HINT};
use crate::input::{CsvOptions, CsvSource, HeaderSpec, ReadError, Table};
pub use crate::suggest::did_you_mean;

/// Reads a CSV stream whose first row names the columns, and passes every data row, with the
/// line it starts on, to `row` (`header.position(k)` is where known column `k` sits). Problems
/// with the file, the header and the framing are reported here; when the header lacks a
/// required column no row is read. Returns the number of data rows; only an I/O error is an
/// `Err`.
pub fn read_rows<R: std::io::Read>(
    input: R,
    file: &str,
    known: &[&str],
    required: &[&str],
    limits: Limits,
    diagnostics: &mut Vec<Diagnostic>,
    mut row: impl FnMut(&Header, u64, &csv::ByteRecord, &mut Vec<Diagnostic>),
) -> std::io::Result<u64> {
    let spec = HeaderSpec::new(known, required);
    let io = |e: ReadError| match e {
        ReadError::Open { source, .. } | ReadError::Read { source, .. } => source,
    };
    let mut source = CsvSource::open(
        input,
        InputName::file(file),
        CsvOptions::default(),
        limits,
        diagnostics,
    )
    .map_err(io)?;
    let Some(mut table) = Table::open(&mut source, &spec, limits, diagnostics).map_err(io)? else {
        return Ok(0);
    };
    let mut record = csv::ByteRecord::new();
    while let Some(next) = table.next(diagnostics).map_err(io)? {
        record.clear();
        for pos in 0..next.row.width() {
            record.push_field(next.row.raw(pos).unwrap_or_default());
        }
        row(next.header, next.line(), &record, diagnostics);
    }
    Ok(table.rows())
}

/// Decodes one field as UTF-8, or reports it.
pub fn utf8_field<'r>(
    file: &str,
    line: u64,
    raw: &'r [u8],
    column: u64,
    name: &str,
    diagnostics: &mut dyn Report,
) -> Option<&'r str> {
    match std::str::from_utf8(raw) {
        Ok(text) => Some(text),
        Err(e) => {
            diagnostics.report(
                Diagnostic::field(
                    file,
                    line,
                    column,
                    name,
                    Code::NotUtf8,
                    format!(
                        "the field is not valid UTF-8 (byte 0x{:02X} at offset {}); the file looks like {}",
                        raw[e.valid_up_to()],
                        e.valid_up_to(),
                        guess_encoding(raw)
                    ),
                )
                .with_hint(NOT_UTF8_HINT),
            );
            None
        }
    }
}
