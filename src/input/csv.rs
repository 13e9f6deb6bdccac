//! The CSV source: bytes in any encoding `encoding_rs` knows (UTF-8 unless told), any
//! delimiter (found from the header row unless told), line ends normalised, rows bounded in
//! size, each row checked for UTF-8 and NUL bytes once.

use super::lines::{is_too_long, Guard, Newlines, RecordBytes};
use super::{
    guess_encoding, sniff, Cell, Detached, HeaderSpec, Limits, Next, ReadError, Row, Source,
    Unreadable,
};
use crate::diagnostics::{Code, Diagnostic, InputName, Location, Report, Severity};
use std::io::Read;
use std::sync::Arc;

const LIMIT_HINT: &str = "a field is rarely this long: look for an unclosed quote; if the data is right, raise the limit with --max-field-bytes N";

/// Rows of one CSV stream.
pub struct CsvSource<'a> {
    input: Arc<InputName>,
    reader: csv::Reader<Guard<Newlines<Box<dyn Read + 'a>>>>,
    since_record: RecordBytes,
    limits: Limits,
    row: CsvRow,
    stopped: bool,
}

/// The last row read: valid UTF-8 rows are held as text (checked once for the whole row, so
/// fields are plain slices); only a row with invalid bytes is decoded field by field, to say
/// which field holds them.
#[derive(Debug, Clone)]
pub struct CsvRow {
    record: Record,
    line: u64,
    has_nul: bool,
}

#[derive(Debug, Clone)]
enum Record {
    Text(csv::StringRecord),
    Bytes(csv::ByteRecord),
    /// Only while a row is being read.
    Empty,
}

/// How a CSV stream is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions<'s> {
    /// The encoding to decode from (a byte-order mark still wins); `None` for UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The delimiter; `None` to find it from the header row (see [`super::sniff`]).
    pub delimiter: Option<u8>,
    /// The columns the header row may name, to find the delimiter by (a comma without).
    pub spec: Option<&'s HeaderSpec<'s>>,
}

impl<'a> CsvSource<'a> {
    /// Reads `input`, decoding it from `options.encoding` when given (a byte-order mark still
    /// wins). Without one, a UTF-16 byte-order mark is reported (the usual "Unicode text"
    /// export) and no row is read. A delimiter found from the header row that is not a comma
    /// is said in a note.
    pub fn open(
        input: impl Read + 'a,
        name: Arc<InputName>,
        options: CsvOptions,
        limits: Limits,
        report: &mut dyn Report,
    ) -> Result<CsvSource<'a>, ReadError> {
        let mut stopped = false;
        let mut input: Box<dyn Read + 'a> = match options.encoding {
            Some(encoding) => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .build(input),
            ),
            None => Box::new(input),
        };
        let mut head = Vec::new();
        sniff::read_first_line(&mut input, &mut head, sniff::HEAD_LIMIT).map_err(|source| {
            ReadError::Read {
                file: name.file.clone(),
                line: 0,
                source,
            }
        })?;
        let at_start = Location {
            input: name.clone(),
            line: 1,
            column: None,
        };
        if let (None, Some(found)) = (options.encoding, utf16_bom(&head)) {
            report.report(
                Diagnostic::new(
                    at_start.clone(),
                    Code::NotUtf8,
                    format!("the file is {found} (Excel's \"Unicode text\"), not UTF-8"),
                )
                .with_hint(
                    "read it as it is with `--encoding utf-16`, or save it as \"CSV UTF-8\"",
                ),
            );
            stopped = true;
        }
        let delimiter = match (options.delimiter, options.spec) {
            (Some(d), _) => d,
            (None, Some(spec)) if !stopped => found_delimiter(&head, spec, at_start, report),
            (None, _) => b',',
        };
        let input = std::io::Cursor::new(head).chain(input);
        let since_record = RecordBytes::default();
        let guard = Guard::new(
            Newlines::new(Box::new(input) as Box<dyn Read + 'a>),
            since_record.clone(),
            limits.max_row_bytes(),
        );
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(guard);
        Ok(CsvSource {
            input: name,
            reader,
            since_record,
            limits,
            row: CsvRow {
                record: Record::Empty,
                line: 0,
                has_nul: false,
            },
            stopped,
        })
    }

    fn at(&self, line: u64) -> Location {
        Location {
            input: self.input.clone(),
            line,
            column: None,
        }
    }

    /// Reads the next record into `bytes`: `Ok(false)` at the end or when reading stopped on a
    /// reported problem.
    fn read(
        &mut self,
        bytes: &mut csv::ByteRecord,
        report: &mut dyn Report,
    ) -> Result<bool, ReadError> {
        self.since_record.set(0);
        let e = match self.reader.read_byte_record(bytes) {
            Ok(more) => return Ok(more),
            Err(e) => e,
        };
        self.stopped = true;
        let line = e
            .position()
            .map_or(self.reader.position().line(), csv::Position::line);
        if is_too_long(&e) {
            report.report(
                Diagnostic::new(
                    self.at(line),
                    Code::TooLong,
                    format!(
                        "a row starting here is longer than {} bytes; reading stopped",
                        self.limits.max_row_bytes()
                    ),
                )
                .with_hint(LIMIT_HINT),
            );
            return Ok(false);
        }
        if !matches!(e.kind(), csv::ErrorKind::Io(_)) {
            report.report(Diagnostic::new(self.at(line), Code::Csv, e.to_string()));
            return Ok(false);
        }
        let source = match e.into_kind() {
            csv::ErrorKind::Io(source) => source,
            other => std::io::Error::other(format!("{other:?}")),
        };
        Err(ReadError::Read {
            file: self.input.file.clone(),
            line,
            source,
        })
    }

    /// The first field over the size limit, as a finding.
    fn field_too_long(&self, bytes: &csv::ByteRecord, line: u64) -> Option<Diagnostic> {
        let limit = self.limits.max_field_bytes;
        let (column, field) = bytes
            .iter()
            .enumerate()
            .find(|(_, f)| f.len() as u64 > limit)?;
        Some(
            Diagnostic::new(
                self.at(line),
                Code::TooLong,
                format!(
                    "field {} is {} bytes, more than the limit of {limit}; reading stopped",
                    column + 1,
                    field.len(),
                ),
            )
            .with_hint(LIMIT_HINT),
        )
    }
}

impl Source for CsvSource<'_> {
    fn input(&self) -> &Arc<InputName> {
        &self.input
    }

    fn advance(&mut self, report: &mut dyn Report) -> Result<Next, ReadError> {
        if self.stopped {
            return Ok(Next::Stopped);
        }
        // The record's buffers are reused from row to row.
        let mut bytes = match std::mem::replace(&mut self.row.record, Record::Empty) {
            Record::Text(text) => text.into_byte_record(),
            Record::Bytes(bytes) => bytes,
            Record::Empty => csv::ByteRecord::new(),
        };
        let more = self.read(&mut bytes, report);
        if !matches!(more, Ok(true)) {
            self.row.record = Record::Bytes(bytes);
            return more.map(|_| {
                if self.stopped {
                    Next::Stopped
                } else {
                    Next::End
                }
            });
        }
        let line = bytes.position().map_or(0, csv::Position::line);
        if let Some(d) = self.field_too_long(&bytes, line) {
            report.report(d);
            self.stopped = true;
            return Ok(Next::Stopped);
        }
        self.row.line = line;
        self.row.has_nul = bytes.as_slice().contains(&0);
        self.row.record = match csv::StringRecord::from_byte_record(bytes) {
            Ok(text) => Record::Text(text),
            Err(e) => Record::Bytes(e.into_byte_record()),
        };
        Ok(Next::Row)
    }

    fn row(&self) -> &dyn Row {
        &self.row
    }

    fn detach(&self) -> Detached {
        Detached::Csv(self.row.clone())
    }
}

impl Row for CsvRow {
    fn line(&self) -> u64 {
        self.line
    }

    fn width(&self) -> usize {
        match &self.record {
            Record::Text(r) => r.len(),
            Record::Bytes(r) => r.len(),
            Record::Empty => 0,
        }
    }

    fn cell(&self, pos: usize) -> Cell<'_> {
        let text = match &self.record {
            Record::Text(r) => r.get(pos),
            Record::Bytes(r) => match r.get(pos).map(std::str::from_utf8) {
                Some(Ok(text)) => Some(text),
                Some(Err(e)) => {
                    let raw = &r[pos];
                    return Cell::Unreadable(Unreadable::NotUtf8 {
                        byte: raw[e.valid_up_to()],
                        offset: e.valid_up_to(),
                        looks_like: guess_encoding(raw),
                    });
                }
                None => None,
            },
            Record::Empty => None,
        };
        match text {
            None => Cell::Empty,
            Some(text) if self.has_nul && text.contains('\0') => Cell::Unreadable(Unreadable::Nul),
            Some(text) => Cell::Text(text),
        }
    }

    fn is_blank(&self, pos: usize) -> bool {
        self.raw(pos).is_none_or(|raw| raw.trim_ascii().is_empty())
    }

    fn size_hint(&self, pos: usize) -> usize {
        self.raw(pos).map_or(0, <[u8]>::len)
    }

    fn raw(&self, pos: usize) -> Option<&[u8]> {
        match &self.record {
            Record::Text(r) => r.get(pos).map(str::as_bytes),
            Record::Bytes(r) => r.get(pos),
            Record::Empty => None,
        }
    }
}

/// The delimiter that splits the header row in `head` into known column names, said in a
/// note when it is not a comma.
fn found_delimiter(head: &[u8], spec: &HeaderSpec, at: Location, report: &mut dyn Report) -> u8 {
    let d = sniff::delimiter(head, spec);
    if d != b',' {
        report.report(
            Diagnostic::new(
                at,
                Code::Delimiter,
                format!(
                    "read as {}: that is what splits the header row into column names",
                    sniff::describe(d)
                ),
            )
            .with_severity(Severity::Note)
            .with_hint("to read it otherwise, give --delimiter (e.g. `--delimiter ,`)"),
        );
    }
    d
}

/// The encoding a UTF-16 byte-order mark names, if the bytes start with one.
fn utf16_bom(head: &[u8]) -> Option<&'static str> {
    match head {
        [0xff, 0xfe, ..] => Some("UTF-16 little-endian"),
        [0xfe, 0xff, ..] => Some("UTF-16 big-endian"),
        _ => None,
    }
}
