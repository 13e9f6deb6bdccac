//! The CSV conventions every tonle input shares: a header row naming the columns in any order,
//! known column names with a "did you mean" for typos, UTF-8 checked per field so that an error
//! can name the line, and 1-based columns as a spreadsheet shows them.

use crate::diagnostics::{Code, Diagnostic};
pub use crate::suggest::did_you_mean;

/// Where each known column sits in a file's header.
#[derive(Debug, Clone)]
pub struct Header {
    /// For each known column (by its index in the known list), its position in the file.
    positions: Vec<Option<usize>>,
    /// The number of fields in the header row.
    pub width: usize,
}

impl Header {
    /// Reads the header row. Unknown, duplicate and missing required columns are reported;
    /// the header is still returned when the known columns can be placed.
    pub fn parse(
        file: &str,
        line: u64,
        raw: &csv::ByteRecord,
        known: &[&str],
        required: &[&str],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Header {
        let mut positions = vec![None; known.len()];
        let names_a_known_column = raw.iter().any(|name| {
            std::str::from_utf8(name).is_ok_and(|n| {
                let n = n.trim_start_matches('\u{feff}').trim().to_ascii_lowercase();
                known.contains(&n.as_str())
            })
        });
        if !names_a_known_column {
            diagnostics.push(
                Diagnostic::line(
                    file,
                    line,
                    Code::NoHeader,
                    "the first row is not a header: it names none of the known columns",
                )
                .with_hint(format!(
                    "add a first row naming the columns, e.g. {}",
                    required.join(",")
                )),
            );
            return Header {
                positions,
                width: raw.len(),
            };
        }
        for (index, raw_name) in raw.iter().enumerate() {
            let column = index as u64 + 1;
            let Ok(name) = std::str::from_utf8(raw_name) else {
                diagnostics.push(
                    Diagnostic::field(
                        file,
                        line,
                        column,
                        "",
                        Code::NotUtf8,
                        "the header is not valid UTF-8",
                    )
                    .with_hint(NOT_UTF8_HINT),
                );
                continue;
            };
            let name = name.trim_start_matches('\u{feff}').trim();
            let key = name.to_ascii_lowercase();
            match known.iter().position(|k| *k == key) {
                Some(k) if positions[k].is_some() => diagnostics.push(
                    Diagnostic::field(
                        file,
                        line,
                        column,
                        name,
                        Code::DuplicateColumn,
                        format!("column `{name}` appears twice in the header"),
                    )
                    .with_hint("keep one column of each name"),
                ),
                Some(k) => positions[k] = Some(index),
                None => {
                    let mut d = Diagnostic::field(
                        file,
                        line,
                        column,
                        name,
                        Code::UnknownColumn,
                        format!("unknown column `{name}`"),
                    );
                    d = match did_you_mean(&key, known.iter().copied()) {
                        Some(best) => d.with_hint(format!("did you mean `{best}`?")),
                        None => d.with_hint(format!("known columns: {}", known.join(", "))),
                    };
                    diagnostics.push(d);
                }
            }
        }
        for name in required {
            let k = known.iter().position(|c| c == name);
            if k.is_some_and(|k| positions[k].is_none()) {
                diagnostics.push(
                    Diagnostic::line(
                        file,
                        line,
                        Code::MissingColumn,
                        format!("the header has no `{name}` column, which is required"),
                    )
                    .with_hint(format!("required columns: {}", required.join(", "))),
                );
            }
        }
        Header {
            positions,
            width: raw.len(),
        }
    }

    /// The file position of known column `k`, if the file has it.
    pub fn position(&self, k: usize) -> Option<usize> {
        self.positions[k]
    }
}

/// Reads a CSV stream whose first row names the columns, and passes every data row, with the
/// line it starts on, to `row`. CSV errors, an empty file and rows with the wrong number of
/// fields are reported here; rows whose fields are all empty (a spreadsheet's trailing `,,,`)
/// are skipped. When the header lacks a required column no row is read. Returns the number
/// of data rows passed on or reported; only an I/O error is an `Err`.
pub fn read_rows<R: std::io::Read>(
    input: R,
    file: &str,
    known: &[&str],
    required: &[&str],
    limits: Limits,
    diagnostics: &mut Vec<Diagnostic>,
    mut row: impl FnMut(&Header, u64, &csv::ByteRecord, &mut Vec<Diagnostic>),
) -> std::io::Result<u64> {
    let since_record = std::rc::Rc::new(std::cell::Cell::new(0));
    let guard = Guard {
        inner: Newlines {
            inner: input,
            skip_lf: false,
        },
        since_record: since_record.clone(),
        limit: limits.max_row_bytes(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(guard);
    let mut record = csv::ByteRecord::new();
    let mut header: Option<Header> = None;
    let mut rows = 0;
    loop {
        since_record.set(0);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e
                    .position()
                    .map_or(reader.position().line(), csv::Position::line);
                diagnostics.push(record_error(e, file, line, limits)?);
                break;
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        if let Some(d) = field_too_long(&record, file, line, limits) {
            diagnostics.push(d);
            break;
        }
        if header.is_none() && record.len() > limits.max_columns {
            diagnostics.push(too_many_columns(record.len(), file, line, known, limits));
            return Ok(rows);
        }
        let Some(header) = &header else {
            let before = diagnostics.len();
            let parsed = Header::parse(file, line, &record, known, required, diagnostics);
            if diagnostics[before..]
                .iter()
                .any(|d| matches!(d.code, Code::MissingColumn | Code::NoHeader))
            {
                return Ok(rows);
            }
            header = Some(parsed);
            continue;
        };
        if record.iter().all(|field| field.trim_ascii().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > limits.max_rows {
            diagnostics.push(
                Diagnostic::line(
                    file,
                    line,
                    Code::TooManyRows,
                    format!(
                        "the file has more than {} rows; reading stopped",
                        limits.max_rows
                    ),
                )
                .with_hint("raise the limit with --max-rows N, or split the file"),
            );
            break;
        }
        if record.len() == header.width {
            row(header, line, &record, diagnostics);
        } else {
            diagnostics.push(
                Diagnostic::line(
                    file,
                    line,
                    Code::RaggedRow,
                    format!("the row has {} fields but the header has {}", record.len(), header.width),
                )
                .with_hint("quote fields that contain commas or line breaks; every row needs one field per column"),
            );
        }
    }
    if header.is_none() {
        diagnostics.push(
            Diagnostic::line(file, 1, Code::EmptyFile, "the file is empty: no header row")
                .with_hint(format!(
                    "the first row names the columns, e.g. {}",
                    required.join(",")
                )),
        );
    }
    Ok(rows)
}

/// Bounds on what one file may hold, so that a broken or hostile file gets an error rather
/// than all the memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest field, in bytes.
    pub max_field_bytes: u64,
    /// The most data rows per file.
    pub max_rows: u64,
    /// The most columns in a header.
    pub max_columns: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_field_bytes: 1 << 20,
            max_rows: 10_000_000,
            max_columns: 1000,
        }
    }
}

impl Limits {
    /// The longest row read into memory: room for a few fields at the limit.
    fn max_row_bytes(self) -> u64 {
        self.max_field_bytes
            .saturating_mul(4)
            .saturating_add(1 << 16)
    }
}

const LIMIT_HINT: &str = "a field is rarely this long: look for an unclosed quote; if the data is right, raise the limit with --max-field-bytes N";

/// Marks the I/O error [`Guard`] raises.
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("row too long")
    }
}

impl std::error::Error for TooLong {}

/// Fails a read once more than `limit` bytes arrive without a record ending, so one endless
/// row (an unclosed quote, a binary file) cannot fill memory.
/// Turns CRLF and lone CR line ends into LF before the CSV parser sees them. The csv crate
/// counts lines by LF and puts a CRLF file's rows one line early (a row's position is the LF
/// that ends the row before it); with LF alone every line number is right. Inside a quoted
/// field a CRLF becomes LF too, which is what a line break in text means anyway.
struct Newlines<R> {
    inner: R,
    /// The last byte handed on was a CR turned into LF: an LF right after it is dropped.
    skip_lf: bool,
}

impl<R: std::io::Read> std::io::Read for Newlines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            // The common case, an LF file: nothing to change (`contains` is a memchr).
            if !self.skip_lf && !buf[..n].contains(&b'\r') {
                return Ok(n);
            }
            // In place: the output is never longer than the input.
            let mut w = 0;
            for r in 0..n {
                let b = buf[r];
                if std::mem::take(&mut self.skip_lf) && b == b'\n' {
                    continue;
                }
                self.skip_lf = b == b'\r';
                buf[w] = if b == b'\r' { b'\n' } else { b };
                w += 1;
            }
            if w > 0 {
                return Ok(w);
            }
        }
    }
}

struct Guard<R> {
    inner: R,
    since_record: std::rc::Rc<std::cell::Cell<u64>>,
    limit: u64,
}

impl<R: std::io::Read> std::io::Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let total = self.since_record.get() + n as u64;
        self.since_record.set(total);
        if total > self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                TooLong,
            ));
        }
        Ok(n)
    }
}

fn is_too_long(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(io) if io.get_ref().is_some_and(<dyn std::error::Error + Send + Sync>::is::<TooLong>))
}

/// A CSV error as a finding, or the I/O error it wraps.
fn record_error(
    e: csv::Error,
    file: &str,
    line: u64,
    limits: Limits,
) -> std::io::Result<Diagnostic> {
    if is_too_long(&e) {
        return Ok(Diagnostic::line(
            file,
            line,
            Code::TooLong,
            format!(
                "a row starting here is longer than {} bytes; reading stopped",
                limits.max_row_bytes()
            ),
        )
        .with_hint(LIMIT_HINT));
    }
    if !matches!(e.kind(), csv::ErrorKind::Io(_)) {
        return Ok(Diagnostic::line(file, line, Code::Csv, e.to_string()));
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Err(io),
        other => Err(std::io::Error::other(format!("{other:?}"))),
    }
}

/// A header too wide to be an event file (a binary file, a transposed sheet), as one finding
/// rather than one per column.
fn too_many_columns(
    width: usize,
    file: &str,
    line: u64,
    known: &[&str],
    limits: Limits,
) -> Diagnostic {
    Diagnostic::line(
        file,
        line,
        Code::TooManyColumns,
        format!(
            "the header has {width} columns; tonle reads at most {}",
            limits.max_columns
        ),
    )
    .with_hint(format!("the known columns are: {}", known.join(", ")))
}

/// The first field over the size limit, as a finding.
fn field_too_long(
    record: &csv::ByteRecord,
    file: &str,
    line: u64,
    limits: Limits,
) -> Option<Diagnostic> {
    let (column, field) = record
        .iter()
        .enumerate()
        .find(|(_, f)| f.len() as u64 > limits.max_field_bytes)?;
    Some(
        Diagnostic::line(
            file,
            line,
            Code::TooLong,
            format!(
                "field {} is {} bytes, more than the limit of {}; reading stopped",
                column + 1,
                field.len(),
                limits.max_field_bytes
            ),
        )
        .with_hint(LIMIT_HINT),
    )
}

/// Shown wherever a file turns out not to be UTF-8.
pub const NOT_UTF8_HINT: &str =
    "save the file as UTF-8 (in a spreadsheet: Save As > \"CSV UTF-8\"), or read it as it is with `--encoding windows-1252` (or `--encoding utf-16`)";

/// Decodes one field as UTF-8, or reports it.
pub fn utf8_field<'r>(
    file: &str,
    line: u64,
    raw: &'r [u8],
    column: u64,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'r str> {
    match std::str::from_utf8(raw) {
        Ok(text) => Some(text),
        Err(e) => {
            diagnostics.push(
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

/// A likely name for the encoding of bytes that are not UTF-8.
#[allow(clippy::naive_bytecount)]
pub fn guess_encoding(raw: &[u8]) -> &'static str {
    let zeros = raw.iter().filter(|b| **b == 0).count(); // a short field: no need for a crate
    if raw.starts_with(&[0xff, 0xfe]) || raw.starts_with(&[0xfe, 0xff]) || zeros * 4 > raw.len() {
        "UTF-16 (Excel's \"Unicode text\")"
    } else {
        "Windows-1252 or Latin-1 (a spreadsheet's default \"CSV\")"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_reports_unknown_duplicate_and_missing() {
        let raw = csv::ByteRecord::from(vec!["\u{feff}id", "titel", "id"]);
        let mut diagnostics = Vec::new();
        let header = Header::parse(
            "f.csv",
            1,
            &raw,
            &["id", "title"],
            &["id", "title"],
            &mut diagnostics,
        );
        assert_eq!(header.position(0), Some(0));
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                Code::UnknownColumn,
                Code::DuplicateColumn,
                Code::MissingColumn
            ]
        );
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("did you mean `title`?")
        );
    }

    /// Reads everything through [`Newlines`], `chunk` bytes at a time.
    fn through_newlines(input: &[u8], chunk: usize) -> Vec<u8> {
        use std::io::Read;
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        Newlines {
            inner: Chunks(input, chunk),
            skip_lf: false,
        }
        .read_to_end(&mut out)
        .expect("reading from memory");
        out
    }

    #[test]
    fn line_ends_become_lf_whatever_the_chunking() {
        for chunk in 1..8 {
            assert_eq!(
                through_newlines(b"a\r\nb\rc\n\r\n\r", chunk),
                b"a\nb\nc\n\n\n"
            );
            assert_eq!(through_newlines(b"\r\n\r\n", chunk), b"\n\n");
            assert_eq!(through_newlines(b"plain\nlf\n", chunk), b"plain\nlf\n");
        }
    }

    proptest::proptest! {
        /// Any bytes: the same as replacing CRLF, then CR, with LF in one go.
        #[test]
        fn newlines_match_a_plain_replace(input in proptest::collection::vec(proptest::sample::select(vec![b'a', b'\r', b'\n', b'"']), 0..64), chunk in 1usize..9) {
            let text = String::from_utf8(input.clone()).expect("ASCII");
            let expected = text.replace("\r\n", "\n").replace('\r', "\n");
            proptest::prop_assert_eq!(through_newlines(&input, chunk), expected.into_bytes());
        }
    }
}
