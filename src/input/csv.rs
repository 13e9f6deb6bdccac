//! The CSV source: bytes in any encoding `encoding_rs` knows (UTF-8 unless told), any
//! delimiter (found from the header row unless told), line ends normalised, rows bounded in
//! size, each row checked for UTF-8 and NUL bytes once. With threads to spare, the rows after
//! the header are parsed on them ([`super::chunked`]), with the same rows and findings.

use super::chunked::{self, Chunk, Chunker, Cut};
use super::csv_row::{CsvRow, Record};
use super::lines::{is_too_long, Guard, Newlines, RecordBytes};
use super::{sniff, Detached, HeaderSpec, Limits, Next, ReadError, Row, Source};
use crate::diagnostics::{Code, Diagnostic, InputName, Location, Report, Severity};
use std::io::Read;
use std::sync::Arc;

const LIMIT_HINT: &str = "a field is rarely this long: look for an unclosed quote; if the data is right, raise the limit with --max-field-bytes N";

/// The reader that parses on this thread.
type Serial<'a> = csv::Reader<Guard<Box<dyn Read + 'a>>>;

/// Rows of one CSV stream.
pub struct CsvSource<'a> {
    input: Arc<InputName>,
    /// Parses on this thread: every row, or the header row alone when `then` parses the rest.
    reader: Serial<'a>,
    /// Added to the line numbers `reader` gives: it may start past the first line.
    line_offset: u64,
    since_record: RecordBytes,
    delimiter: u8,
    limits: Limits,
    row: CsvRow,
    stopped: bool,
    /// What follows `reader`'s bytes (the header row), to be cut into chunks.
    then: Option<Then<'a>>,
    chunker: Option<Chunker<'a>>,
}

/// The input after the header row: the bytes read past it, the rest, the line they start
/// on; and the size to cut it at.
struct Then<'a> {
    start: Vec<u8>,
    rest: Box<dyn Read + 'a>,
    line: u64,
    chunk_bytes: usize,
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
    /// The size the rows after the header are cut at ([`Source::cut`]) to be parsed on other
    /// threads; `None` to parse them on this one.
    pub chunk_bytes: Option<usize>,
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
        let input = Newlines::new(Box::new(std::io::Cursor::new(head).chain(input)) as Box<_>);
        let chunk_bytes = options.chunk_bytes.filter(|_| !stopped);
        let (bytes, rest, then) = first_part(Box::new(input), delimiter, chunk_bytes);
        let since_record = RecordBytes::default();
        let first = Box::new(std::io::Cursor::new(bytes).chain(rest));
        Ok(CsvSource {
            input: name,
            reader: serial(first, delimiter, &since_record, limits),
            line_offset: 0,
            since_record,
            delimiter,
            limits,
            row: CsvRow::of(csv::ByteRecord::new(), 0),
            stopped,
            then,
            chunker: None,
        })
    }

    /// Parses on this thread from here: `bytes`, then `rest`, the first of them on `line`.
    fn parse_here(&mut self, bytes: Vec<u8>, rest: Box<dyn Read + 'a>, line: u64) {
        self.since_record = RecordBytes::default();
        let input = Box::new(std::io::Cursor::new(bytes).chain(rest));
        self.reader = serial(input, self.delimiter, &self.since_record, self.limits);
        self.line_offset = line - 1;
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
        // Where the row starts: a row too long is stopped wherever the guard saw its limit
        // passed, which depends on how the bytes were buffered.
        let line = bytes
            .position()
            .map_or(self.reader.position().line(), csv::Position::line)
            + self.line_offset;
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
        loop {
            if self.stopped {
                return Ok(Next::Stopped);
            }
            // Whoever cut chunks took their rows; the rest is read here.
            self.resume(&[]);
            match self.advance_serial(report)? {
                Next::End => match self.then.take() {
                    Some(Then {
                        start, rest, line, ..
                    }) => self.parse_here(start, rest, line),
                    None => return Ok(Next::End),
                },
                next => return Ok(next),
            }
        }
    }

    fn cut(&mut self) -> Option<Cut> {
        if let Some(then) = self.then.take() {
            let settings = chunked::Settings {
                delimiter: self.delimiter,
                max_field_bytes: self.limits.max_field_bytes,
                max_row_bytes: self.limits.max_row_bytes(),
            };
            let Then {
                start,
                rest,
                line,
                chunk_bytes,
            } = then;
            self.chunker = Some(Chunker::new(start, rest, line, settings, chunk_bytes));
        }
        self.chunker.as_mut().map(Chunker::cut)
    }

    fn resume(&mut self, unparsed: &[Chunk]) {
        if let Some(chunker) = self.chunker.take() {
            let (bytes, rest, line) = chunker.into_rest(unparsed);
            self.parse_here(bytes, rest, line);
        }
    }

    fn row(&self) -> &dyn Row {
        &self.row
    }

    fn detach(&mut self) -> Detached {
        let line = self.row.line;
        Detached::Csv(std::mem::replace(
            &mut self.row,
            CsvRow::of(csv::ByteRecord::new(), line),
        ))
    }
}

impl CsvSource<'_> {
    /// [`Source::advance`] on this thread.
    fn advance_serial(&mut self, report: &mut dyn Report) -> Result<Next, ReadError> {
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
        let line = bytes.position().map_or(0, csv::Position::line) + self.line_offset;
        if let Some(d) = self.field_too_long(&bytes, line) {
            report.report(d);
            self.stopped = true;
            return Ok(Next::Stopped);
        }
        self.row = CsvRow::of(bytes, line);
        Ok(Next::Row)
    }
}

/// A reader that parses `input` (its line ends already normalised) on this thread, counting
/// each record's bytes into `since_record` to stop one past the limit.
fn serial<'a>(
    input: Box<dyn Read + 'a>,
    delimiter: u8,
    since_record: &RecordBytes,
    limits: Limits,
) -> Serial<'a> {
    let guard = Guard::new(input, since_record.clone(), limits.max_row_bytes());
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(guard)
}

/// What the one-thread reader parses first (bytes, then the rest of a stream) and, when the
/// input is to be cut into chunks of `chunk_bytes`, what follows the header row: then the
/// reader parses the header row alone (all of it when the header is not found whole).
#[allow(clippy::type_complexity)]
fn first_part<'a>(
    input: Box<dyn Read + 'a>,
    delimiter: u8,
    chunk_bytes: Option<usize>,
) -> (Vec<u8>, Box<dyn Read + 'a>, Option<Then<'a>>) {
    let Some(chunk_bytes) = chunk_bytes else {
        return (Vec::new(), input, None);
    };
    match split_header(input, delimiter) {
        Split::Header(header, start, rest, line) => {
            let then = Then {
                start,
                rest,
                line,
                chunk_bytes,
            };
            (header, Box::new(std::io::empty()), Some(then))
        }
        Split::Whole(bytes, rest) => (bytes, rest, None),
    }
}

/// The start of an input, split for parsing on several threads.
enum Split<'a> {
    /// The header row's bytes; the bytes read past it; the rest of the input; the line they
    /// start on.
    Header(Vec<u8>, Vec<u8>, Box<dyn Read + 'a>, u64),
    /// The header row was not found whole within the first bytes (a quote left open, a
    /// header of more than 64 KB, a read that failed): the bytes read and the rest, all for
    /// the one-thread reader (which meets a failure where it would have).
    Whole(Vec<u8>, Box<dyn Read + 'a>),
}

/// Reads the header row's bytes from `input` (line ends normalised).
fn split_header(mut input: Box<dyn Read + '_>, delimiter: u8) -> Split<'_> {
    let mut bytes = Vec::new();
    loop {
        // The byte after the header is read too: rows that start with one that may begin a
        // byte-order mark are read on one thread (a parser starting on it would drop it).
        let end = chunked::record_end(&bytes, delimiter).filter(|&end| end < bytes.len());
        if let Some(end) = end {
            if bytes[end] == 0xef {
                return Split::Whole(bytes, input);
            }
            let start = bytes.split_off(end);
            let line = 1 + memchr::memchr_iter(b'\n', &bytes).count() as u64;
            return Split::Header(bytes, start, input, line);
        }
        if bytes.len() >= sniff::HEAD_LIMIT {
            return Split::Whole(bytes, input);
        }
        match (&mut input).take(8192).read_to_end(&mut bytes) {
            Ok(0) => return Split::Whole(bytes, input),
            Ok(_) => {}
            Err(e) => return Split::Whole(bytes, Box::new(chunked::Failing(Some(e)))),
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
