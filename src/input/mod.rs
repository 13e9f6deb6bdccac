//! Where rows come from: a [`Source`] yields raw rows whose cells know where they are.
//!
//! A source decodes bytes (or a workbook) into rows of [`Cell`]s and reports framing problems
//! (bad encodings, endless rows, CSV syntax); [`Table`] reads the header row and hands out the
//! data rows, skipping blank ones and reporting ragged ones. What the cells *mean* is the
//! business of `crate::check`. The CSV source ([`CsvSource`]) reads comma-, tab- and
//! semicolon-separated text (the delimiter found from the header row, [`sniff`]); the workbook
//! sources ([`workbook`]) read .xlsx, .xls, .ods and .xlsb sheets with calamine and hand typed
//! cells ([`Cell::Number`], [`Cell::Date`]) through [`Cells`].

pub mod chunked;
pub mod columns;
mod csv;
mod csv_row;
mod detached;
mod header;
mod lines;
pub mod sniff;
mod spec;
mod table;
pub mod workbook;

pub use self::csv::{CsvOptions, CsvSource};
pub use detached::Detached;
pub use header::{is_header, Field, Header};
pub use spec::{extra_key, fold, HeaderSpec, Mapping, Target};
pub use table::{Judged, Shape, Table, TableRow};

use crate::diagnostics::{InputName, Report};
use crate::readings::dates::SerialSystem;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::sync::Arc;

/// One cell as a source hands it over, borrowed from the row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'r> {
    /// Nothing (a spreadsheet's empty cell).
    Empty,
    /// Text (a CSV field is always text, untrimmed).
    Text(&'r str),
    /// A number cell of a spreadsheet.
    Number(f64),
    /// A date cell of a spreadsheet.
    Date(NaiveDate),
    /// A boolean cell of a spreadsheet.
    Bool(bool),
    /// Bytes that could not be read as text.
    Unreadable(Unreadable),
}

impl<'r> Cell<'r> {
    /// The cell as text, as a person would type it (`14` for the number 14); `None` when
    /// unreadable.
    pub fn into_text(self) -> Option<Cow<'r, str>> {
        Some(match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                // Exact: the value is a whole number well inside i64.
                #[allow(clippy::cast_possible_truncation)]
                Cow::Owned((n as i64).to_string())
            }
            Cell::Number(n) => Cow::Owned(n.to_string()),
            Cell::Date(day) => Cow::Owned(day.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            Cell::Unreadable(_) => return None,
        })
    }
}

/// Why a cell could not be read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// The bytes are not UTF-8.
    NotUtf8 {
        /// The first bad byte.
        byte: u8,
        /// Its offset in the field.
        offset: usize,
        /// The encoding the bytes look like.
        looks_like: &'static str,
    },
    /// A NUL byte: no text file of ours has one.
    Nul,
    /// A spreadsheet cell whose formula failed: `#N/A`, `#DIV/0!`, `#REF!`.
    CellError(&'static str),
}

/// One raw row: cells by position, and where the row starts.
pub trait Row {
    /// The 1-based line (or sheet row) where the row starts.
    fn line(&self) -> u64;
    /// How many cells it has.
    fn width(&self) -> usize;
    /// The cell at a 0-based position (a position past the end is empty).
    fn cell(&self, pos: usize) -> Cell<'_>;
    /// Whether the cell holds nothing but white space, looked at before decoding: an
    /// undecodable cell is not blank.
    fn is_blank(&self, pos: usize) -> bool;
    /// The cell's size in bytes, to size what is built from a row before it is decoded.
    fn size_hint(&self, pos: usize) -> usize;
    /// The cell's bytes as a text input holds them (`None` for a typed cell of a workbook).
    fn raw(&self, pos: usize) -> Option<&[u8]>;
}

/// What a source moved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// A row (the header first): [`Source::row`] holds it.
    Row,
    /// The input ended.
    End,
    /// Reading stopped on a problem it reported (an endless row, bad syntax, a wrong encoding).
    Stopped,
}

/// Yields the rows of one input (a CSV file, a sheet), one at a time.
pub trait Source {
    /// The input, as messages name it.
    fn input(&self) -> &Arc<InputName>;
    /// Moves to the next row; problems with the bytes themselves go to `report`.
    fn advance(&mut self, report: &mut dyn Report) -> Result<Next, ReadError>;
    /// The row [`Source::advance`] moved to.
    fn row(&self) -> &dyn Row;
    /// [`Source::row`], taken out of the source (which moves to a fresh row on the next
    /// [`Source::advance`]) so that it outlives the next advance, to be checked on
    /// another thread.
    fn detach(&mut self) -> Detached;
    /// The next chunk of the rows ahead, cut to be parsed on another thread
    /// ([`chunked::parse`]); `None` when this source is not read so (a workbook, text opened
    /// for one thread, a header row not found whole). The caller takes the rows of every
    /// chunk it is given, or hands those it does not take back to [`Source::resume`].
    fn cut(&mut self) -> Option<chunked::Cut> {
        None
    }
    /// Reads on from the first of `unparsed` (chunks cut, in order, whose rows were not
    /// taken) on this thread, with [`Source::advance`]: one of them could not be parsed
    /// alone, or the reading stops being done in chunks.
    fn resume(&mut self, _unparsed: &[chunked::Chunk]) {}
    /// How the input counts days in number cells: a workbook's date system (what
    /// `crate::readings::dates::read_serial` needs for a number in a date column); `None` for
    /// text, which has no number cells.
    fn date_system(&self) -> Option<SerialSystem> {
        None
    }
    /// Whether rows may be shorter or longer than the header: a sheet stores no trailing
    /// empty cells, so its rows are as wide as their last value, and a missing cell is empty.
    /// A text table's rows must match the header (a ragged row is reported).
    fn loose_width(&self) -> bool {
        false
    }
}

/// A value owned by a row of [`Cells`]: what a spreadsheet reader produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An empty cell.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
    /// A boolean.
    Bool(bool),
    /// A formula's error value (`#N/A`).
    Error(&'static str),
}

/// A row held as values: a spreadsheet's row, or a row in a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Cells {
    /// The row's line (sheet row).
    pub line: u64,
    /// Its values by position.
    pub values: Vec<Value>,
}

impl Cells {
    /// A row of text cells.
    pub fn text(line: u64, texts: &[&str]) -> Cells {
        Cells {
            line,
            values: texts.iter().map(|t| Value::Text((*t).to_owned())).collect(),
        }
    }
}

impl Row for Cells {
    fn line(&self) -> u64 {
        self.line
    }

    fn width(&self) -> usize {
        self.values.len()
    }

    fn cell(&self, pos: usize) -> Cell<'_> {
        match self.values.get(pos) {
            None | Some(Value::Empty) => Cell::Empty,
            Some(Value::Text(text)) if text.contains('\0') => Cell::Unreadable(Unreadable::Nul),
            Some(Value::Text(text)) => Cell::Text(text),
            Some(Value::Number(n)) => Cell::Number(*n),
            Some(Value::Date(day)) => Cell::Date(*day),
            Some(Value::Bool(b)) => Cell::Bool(*b),
            Some(Value::Error(e)) => Cell::Unreadable(Unreadable::CellError(e)),
        }
    }

    fn is_blank(&self, pos: usize) -> bool {
        match self.values.get(pos) {
            None | Some(Value::Empty) => true,
            Some(Value::Text(text)) => text.trim().is_empty(),
            Some(_) => false,
        }
    }

    fn size_hint(&self, pos: usize) -> usize {
        self.raw(pos).map_or(0, <[u8]>::len)
    }

    fn raw(&self, pos: usize) -> Option<&[u8]> {
        match self.values.get(pos) {
            Some(Value::Text(text)) => Some(text.as_bytes()),
            _ => None,
        }
    }
}

/// Bounds on what one input may hold, so that a broken or hostile file gets an error rather
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
    pub fn max_row_bytes(self) -> u64 {
        self.max_field_bytes
            .saturating_mul(4)
            .saturating_add(1 << 16)
    }
}

/// A failure to read an input at all, as opposed to a finding in it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The input could not be opened.
    #[error("cannot open {file}")]
    Open {
        /// The file as the user named it.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Reading failed part-way (a disk error, a file truncated under us).
    #[error("cannot read {file}{}", after_line(*.line))]
    Read {
        /// The file as the user named it.
        file: String,
        /// The last line read.
        line: u64,
        /// The cause.
        source: std::io::Error,
    },
}

/// ` after line 12`, or nothing before the first line.
fn after_line(line: u64) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" after line {line}")
    }
}

/// Shown wherever a file turns out not to be UTF-8.
pub const NOT_UTF8_HINT: &str =
    "save the file as UTF-8 (in a spreadsheet: Save As > \"CSV UTF-8\"), or read it as it is with `--encoding windows-1252` (or `--encoding utf-16`)";

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
