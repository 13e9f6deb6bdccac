//! Cutting delimited text into chunks that parse alone, for parsing (and checking) on
//! several threads with exactly the rows, line numbers and findings one thread gives.
//!
//! [`Chunker`] reads the bytes after the header row on the reading thread and cuts them into
//! chunks of about [`TARGET`] bytes, each ending just after a line break that is outside
//! quotes by the count of quotes before it (`Splitter`); workers parse them ([`parse`]). A
//! chunk that starts where a record starts parses as it would in one pass, provided it also
//! ends where one ends: the count of quotes is only a guess at that (a quote in the middle of
//! an unquoted field, `5'10"`, opens nothing), so [`parse`] checks that the last record ends
//! at the chunk's last byte. When a guess was wrong, or a row comes near the size limits
//! (which the one-thread reader enforces and words), or a chunk cannot be cut, the rows from
//! that chunk on are parsed on the reading thread as before
//! ([`Chunker::into_rest`]): the rows and findings are the same either way.

use super::csv_row::CsvRow;
use std::io::{self, Read};
use std::sync::Arc;

/// The size a chunk is cut at, give or take a record (or at [`MAX_LINES`]): big enough that
/// handing it over costs little, small enough that the first rows come soon and memory stays
/// flat.
pub const TARGET: usize = 256 << 10;

/// The most lines a chunk is cut at, whatever its size: each row's outcome and findings are
/// held until its chunk is taken, so short rows (or rows that all fail) must not make a
/// chunk of thousands.
pub const MAX_LINES: u64 = 256;

/// How far a record may come towards the one-thread reader's row limit and still be parsed
/// in a chunk: that reader counts bytes a buffer at a time (8 KB), so only well below the
/// limit is its verdict certain.
const MARGIN: u64 = 64 << 10;

/// What a chunk is parsed with, as the one-thread reader would parse it.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The field delimiter.
    pub delimiter: u8,
    /// The longest field accepted (`--max-field-bytes`).
    pub max_field_bytes: u64,
    /// The longest row accepted (what the one-thread reader's guard allows).
    pub max_row_bytes: u64,
}

/// A chunk of rows: its bytes, the line it starts on and whether the input ends with it.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// The bytes, from where a record starts, line ends normalised.
    pub bytes: Arc<Vec<u8>>,
    /// The line its first byte is on.
    pub line: u64,
    /// Whether the input ends with it.
    pub last: bool,
    /// How to parse it.
    pub settings: Settings,
}

/// What the chunker gives next.
#[derive(Debug)]
pub enum Cut {
    /// A chunk.
    Chunk(Chunk),
    /// The input is all cut.
    End,
    /// No more chunks: a record runs past the longest chunk, or a read failed. What is left
    /// is parsed on the reading thread ([`Chunker::into_rest`]).
    Stuck,
}

/// Text after its header row, cut into chunks on the reading thread.
pub struct Chunker<'a> {
    reader: Option<Box<dyn Read + 'a>>,
    /// Bytes read and not yet cut; `line` is the line they start on.
    buf: Vec<u8>,
    line: u64,
    splitter: Splitter,
    /// A read failed: the one-thread reader meets the failure where it would have.
    failed: Option<io::Error>,
    settings: Settings,
    target: usize,
    max_chunk: usize,
    ended: bool,
}

impl<'a> Chunker<'a> {
    /// Cuts `start` (which begins where a record begins, on `line`) then `reader`.
    /// Chunks are cut at about `target` bytes.
    pub fn new(
        start: Vec<u8>,
        reader: Box<dyn Read + 'a>,
        line: u64,
        settings: Settings,
        target: usize,
    ) -> Self {
        let max_chunk = usize::try_from(settings.max_row_bytes)
            .unwrap_or(usize::MAX)
            .saturating_add(target);
        Chunker {
            target,
            reader: Some(reader),
            buf: start,
            line,
            splitter: Splitter::default(),
            failed: None,
            settings,
            max_chunk,
            ended: false,
        }
    }

    /// The next chunk: about the target size, ending at a guessed record end, or the rest of
    /// the input.
    pub fn cut(&mut self) -> Cut {
        if self.ended {
            return Cut::End;
        }
        if self.failed.is_some() {
            return Cut::Stuck;
        }
        loop {
            self.splitter.scan(&self.buf, self.target);
            let at_end = self.reader.is_none();
            let (target, split) = (self.target, self.splitter.split);
            let split = split.filter(|&(end, lines)| end >= target || lines >= MAX_LINES);
            if split.is_some() || at_end {
                let (end, lines) = split.unwrap_or((self.buf.len(), 0));
                let rest = self.buf.split_off(end);
                let bytes = std::mem::replace(&mut self.buf, rest);
                let last = split.is_none();
                let chunk = Chunk {
                    bytes: Arc::new(bytes),
                    line: self.line,
                    last,
                    settings: self.settings,
                };
                self.line += lines;
                self.splitter = Splitter::default();
                self.ended = last;
                return Cut::Chunk(chunk);
            }
            if self.buf.len() >= self.max_chunk {
                return Cut::Stuck;
            }
            if let Err(e) = self.read_more() {
                self.failed = Some(e);
                return Cut::Stuck;
            }
        }
    }

    /// Reads up to a chunk's size more; at the end, drops the reader.
    fn read_more(&mut self) -> io::Result<()> {
        let Some(reader) = self.reader.as_mut() else {
            return Ok(());
        };
        let had = self.buf.len();
        let more = self.target;
        self.buf.reserve(more);
        match reader.take(more as u64).read_to_end(&mut self.buf) {
            Ok(0) => self.reader = None,
            Ok(_) => {}
            Err(e) => {
                self.buf.truncate(had);
                return Err(e);
            }
        }
        Ok(())
    }

    /// What is left to parse on one thread: `unparsed` (chunks cut, in order, whose rows were
    /// not taken), then what is not yet cut; and the line it starts on.
    pub fn into_rest(mut self, unparsed: &[Chunk]) -> (Vec<u8>, Box<dyn Read + 'a>, u64) {
        let line = unparsed.first().map_or(self.line, |c| c.line);
        let mut bytes = Vec::new();
        for chunk in unparsed {
            bytes.extend_from_slice(&chunk.bytes);
        }
        bytes.append(&mut self.buf);
        let rest: Box<dyn Read + 'a> = match (self.failed.take(), self.reader.take()) {
            (Some(e), _) => Box::new(Failing(Some(e))),
            (None, Some(reader)) => reader,
            (None, None) => Box::new(io::empty()),
        };
        (bytes, rest, line)
    }
}

/// Parses a chunk, handing each row to `each`: `false` when the chunk must be parsed on one
/// thread (it does not end where a record ends though the input goes on; it starts with what
/// the parser would take for a byte-order mark; a row comes near a size limit). Rows handed
/// out before that are to be dropped.
pub fn parse(chunk: &Chunk, mut each: impl FnMut(&CsvRow)) -> bool {
    let (bytes, settings) = (chunk.bytes.as_slice(), chunk.settings);
    if bytes.starts_with(b"\xef\xbb\xbf") {
        return false;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(settings.delimiter)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut last_start = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // Reading a slice cannot fail; if it did, one thread would say how.
            Err(_) => return false,
        }
        let start = record.position().map_or(0, csv::Position::byte);
        let end = reader.position().byte();
        let too_long = record
            .iter()
            .any(|f| f.len() as u64 > settings.max_field_bytes);
        if too_long || (end - start).saturating_add(MARGIN) > settings.max_row_bytes {
            return false;
        }
        last_start = usize::try_from(start).unwrap_or(usize::MAX);
        let line = record.position().map_or(0, csv::Position::line) + chunk.line - 1;
        // The row's buffers go back to the record, for the next row.
        let row = CsvRow::of(std::mem::take(&mut record), line);
        each(&row);
        record = row.into_bytes();
    }
    chunk.last
        || bytes
            .get(last_start..)
            .is_some_and(|tail| ends_a_record(tail, settings.delimiter))
}

/// Whether `tail` (the last record of a chunk, from where it starts) holds a whole record
/// ended by its last byte, a line break: not one still open (in quotes) when the bytes run
/// out.
fn ends_a_record(tail: &[u8], delimiter: u8) -> bool {
    tail.iter().all(|&b| b == b'\n') || record_end(tail, delimiter) == Some(tail.len())
}

/// Where the first record of `bytes` ends, just past its line break, as the CSV parser reads
/// it from the start of an input (blank lines before it skipped, a byte-order mark too);
/// `None` when the bytes run out first.
pub(super) fn record_end(bytes: &[u8], delimiter: u8) -> Option<usize> {
    let mut core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let (mut out, mut ends) = ([0u8; 4096], [0usize; 64]);
    let mut read = 0;
    // An empty input means the end to the parser: stop before.
    while read < bytes.len() {
        let (result, n, _, _) = core.read_record(&bytes[read..], &mut out, &mut ends);
        read += n;
        match result {
            csv_core::ReadRecordResult::Record => return Some(read),
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {
            }
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {
                return None
            }
        }
    }
    None
}

/// Where to cut: a line break outside quotes by their count, right after a byte that is not a
/// line break (a blank line belongs to the record after it, whose line the one-thread reader
/// puts at the first blank line) and before one that cannot start a byte-order mark; with
/// the lines up to it. Scans only the bytes added since the last call.
#[derive(Debug, Default)]
struct Splitter {
    scanned: usize,
    quoted: bool,
    lines: u64,
    split: Option<(usize, u64)>,
}

impl Splitter {
    /// Scans on, stopping at the first place to cut at or past `target` bytes or
    /// [`MAX_LINES`] lines.
    fn scan(&mut self, buf: &[u8], target: usize) {
        let from = self.scanned;
        for i in memchr::memchr2_iter(b'"', b'\n', &buf[from..]) {
            let i = from + i;
            if buf[i] == b'"' {
                self.quoted = !self.quoted;
                continue;
            }
            self.lines += 1;
            // Not before a byte that may start a byte-order mark: a parser that starts on
            // one drops it, which the one-thread reader, in mid-input, does not.
            let next = buf.get(i + 1).copied();
            if !self.quoted && i > 0 && buf[i - 1] != b'\n' && next.is_some_and(|b| b != 0xef) {
                self.split = Some((i + 1, self.lines));
                if i + 1 >= target || self.lines >= MAX_LINES {
                    self.scanned = i + 1;
                    return;
                }
            }
        }
        self.scanned = buf.len();
    }
}

/// A reader that fails once with the error a read ahead met: the one-thread reader meets it
/// where it would have.
pub(super) struct Failing(pub Option<io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests;
