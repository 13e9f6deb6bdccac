//! The pre-scan: before the first row of an input is checked, its `date` and count columns
//! are read once, so that what one cell cannot say alone is settled by the column
//! (`crate::readings`): one `15/09/2022` makes `05/04/2023` in the same column 5 April, one
//! `2,500,000` makes `1,310` 1310. The flags (`--day-first`, `--month-first`, `--thousands`)
//! win over the column. What settled a column is said once, in a note at the cell that
//! settled it; a column that cannot be settled is an error naming the flags.

use super::chunks::{self, Flow};
use super::Loader;
use crate::check::Context;
use crate::diagnostics::{Code, Diagnostic, Location, Report, Severity};
use crate::input::chunked::{self, Chunk};
use crate::input::{Cell, Header, Judged, TableRow};
use crate::input::{ReadError, Source, Table};
use crate::readings::counts::{infer_thousands, settle_thousands, Thousands, ThousandsSource};
use crate::readings::dates::{infer_order, settle_order, DateOrder, OrderSource};
use crate::readings::ReadingError;
use crate::schema::{Col, Kind, COLUMNS};
use std::borrow::Cow;
use std::io::{Read, Seek, Write};
use std::sync::Arc;

/// What the user said about how to read the columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// `--day-first` or `--month-first`.
    pub order: Option<DateOrder>,
    /// `--thousands`.
    pub thousands: Option<Thousands>,
}

impl Flags {
    /// Whether the flags settle every column, so that no pre-scan is needed.
    pub fn settle_all(self) -> bool {
        self.order.is_some() && self.thousands.is_some()
    }
}

/// A column's cells that may settle it, with their rows.
#[derive(Debug, Default)]
struct Cells {
    /// The column's 1-based position.
    column: u64,
    /// `(row, cell)` for the cells that matter.
    cells: Vec<(u64, String)>,
}

impl Cells {
    fn first(&self, cell: &str) -> u64 {
        self.cells
            .iter()
            .find(|(_, c)| c.trim() == cell)
            .map_or(0, |(line, _)| *line)
    }
}

/// The cells of one input that may settle its columns, gathered row by row.
#[derive(Debug)]
pub struct Scan {
    date: Option<Cells>,
    counts: Vec<(Col, Cells)>,
}

impl Scan {
    /// A scan of the columns `header` has.
    pub fn new(header: &Header) -> Scan {
        let at = |col: Col| {
            header.position(col as usize).map(|p| Cells {
                column: p as u64 + 1,
                cells: Vec::new(),
            })
        };
        let counts = COLUMNS
            .iter()
            .filter(|c| c.kind == Kind::Count)
            .filter_map(|c| Some((c.col, at(c.col)?)))
            .collect();
        Scan {
            date: at(Col::Date),
            counts,
        }
    }

    /// Keeps the cells of a row that can settle or need settling (text with a `/`, `.` or
    /// `-` in a date, a `,` or `.` in a count); others cannot, and are not kept.
    pub fn add(&mut self, row: &TableRow) {
        let text = |column: u64| match row.row.cell(usize::try_from(column - 1).ok()?) {
            Cell::Text(t) => Some(t),
            _ => None,
        };
        if let Some(date) = &mut self.date {
            let year_first = |t: &str| t.trim().bytes().take(4).all(|b| b.is_ascii_digit());
            if let Some(t) =
                text(date.column).filter(|t| t.contains(['/', '.', '-']) && !year_first(t))
            {
                date.cells.push((row.line(), t.to_owned()));
            }
        }
        for (_, count) in &mut self.counts {
            if let Some(t) = text(count.column).filter(|t| t.contains([',', '.'])) {
                count.cells.push((row.line(), t.to_owned()));
            }
        }
    }

    /// Appends the cells `other` kept, from the rows after this scan's (a scan of the same
    /// header).
    fn append(&mut self, other: Scan) {
        if let (Some(date), Some(more)) = (&mut self.date, other.date) {
            date.cells.extend(more.cells);
        }
        for ((_, count), (_, more)) in self.counts.iter_mut().zip(other.counts) {
            count.cells.extend(more.cells);
        }
    }

    /// The columns' context, and what to say about it: the cell that settled each column (a
    /// note), or why it cannot be settled (an error).
    pub fn settle(
        &self,
        flags: Flags,
        input: &Arc<crate::diagnostics::InputName>,
    ) -> (Context, Vec<Diagnostic>) {
        let mut context = Context::default();
        let mut found = Vec::new();
        let at = |line: u64, column: u64| Location {
            input: input.clone(),
            line,
            column: Some(column),
        };
        if let Some(date) = &self.date {
            let inference = infer_order(date.cells.iter().map(|(_, c)| c.as_str()));
            match settle_order(flags.order, &inference) {
                Ok(order) => {
                    if let Some(OrderSource::Cell(cell)) = order.as_ref().map(|o| &o.by) {
                        let how = match order.as_ref().map(|o| o.order) {
                            Some(DateOrder::MonthFirst) => "month first",
                            _ => "day first",
                        };
                        let message = format!("the `date` column is read {how}: `{cell}` can only be read {how}, which settles the cells that could be either");
                        found.push(settled(
                            at(date.first(cell), date.column),
                            Col::Date,
                            message,
                        ));
                    }
                    context.date.order = order;
                }
                Err(e) => {
                    let line = date.cells.first().map_or(0, |(l, _)| *l);
                    found.push(unsettled(at(line, date.column), Col::Date, e));
                }
            }
        }
        for (col, count) in &self.counts {
            let inference = infer_thousands(count.cells.iter().map(|(_, c)| c.as_str()));
            match settle_thousands(flags.thousands, &inference) {
                Ok(thousands) => {
                    if let Some(s) = &thousands {
                        if let ThousandsSource::Cell(cell) = &s.by {
                            let mark = match s.separator {
                                Thousands::Comma => ",",
                                Thousands::Dot => ".",
                            };
                            let message = format!("the `{}` column is read with `{mark}` between thousands: `{cell}` can be read only so, which settles the cells that could be either", col.name());
                            found.push(settled(at(count.first(cell), count.column), *col, message));
                        }
                    }
                    if let Some(slot) = col.count_slot() {
                        context.counts[slot].thousands = thousands;
                    }
                }
                Err(e) => {
                    let line = count.cells.first().map_or(0, |(l, _)| *l);
                    found.push(unsettled(at(line, count.column), *col, e));
                }
            }
        }
        (context, found)
    }
}

fn settled(at: Location, col: Col, message: String) -> Diagnostic {
    Diagnostic::new(at, Code::ColumnSettled, message)
        .with_field(Cow::Borrowed(col.name()))
        .with_severity(Severity::Note)
}

fn unsettled(at: Location, col: Col, e: ReadingError) -> Diagnostic {
    let code = Code::from_name(e.code).unwrap_or(Code::BadDate);
    Diagnostic::new(at, code, e.message)
        .with_field(Cow::Borrowed(col.name()))
        .with_hint(e.hint)
}

/// Scans what of `table` can be read in chunks ([`chunks::run`]): each worker parses its
/// chunks and keeps the cells of its data rows that may settle a column; here the row counts
/// are added and the cells appended, in order. A chunk that would pass the row limit is left
/// to [`Table::next`], which says where the limit stops the file.
fn scan_chunks(table: &mut Table, workers: usize, scan: &mut Scan) {
    let shape = table.shape();
    let (input, date_system) = (table.input().clone(), table.date_system());
    let work = |(): &mut (), chunk: &Chunk| {
        let mut part = Scan::new(shape.header());
        let mut rows = 0;
        let whole = chunked::parse(chunk, |row| match shape.judge(row) {
            Judged::Blank => {}
            Judged::Ragged(_) => rows += 1,
            Judged::Data(_) => {
                rows += 1;
                part.add(&TableRow {
                    header: shape.header(),
                    row,
                    input: &input,
                    date_system,
                });
            }
        });
        whole.then_some((rows, part))
    };
    let take = |table: &mut Table, (rows, part): (u64, Scan)| {
        if !table.count(rows) {
            return Flow::Serial;
        }
        scan.append(part);
        Flow::Go
    };
    chunks::run(table, workers, || (), work, take);
}

/// A report that keeps nothing: the pre-scan's, since reading the input reports it all.
pub struct Discard;

impl Report for Discard {
    fn report(&mut self, _: Diagnostic) {}
}

impl Loader<'_> {
    /// Reads an input's `date` and count columns ahead of its rows ([`prescan`]): how they
    /// are read, and what to say about it.
    pub(super) fn scan(
        &mut self,
        source: &mut dyn Source,
        quiet: &mut dyn Report,
    ) -> Result<Option<(Context, Vec<Diagnostic>)>, ReadError> {
        let spec = self.spec.clone();
        let Some(mut table) = Table::open(source, &spec, self.options.limits, quiet)? else {
            return Ok(None);
        };
        let mut scan = Scan::new(table.header());
        if self.options.threads > 1 {
            scan_chunks(&mut table, self.options.threads, &mut scan);
        }
        while let Some(row) = table.next(quiet)? {
            scan.add(&row);
        }
        Ok(Some(scan.settle(self.options.flags, table.input())))
    }
}

/// Past this many bytes, an input read twice (the pre-scan, then the rows) is held in a
/// temporary file rather than in memory.
const HOLD_IN_MEMORY: u64 = 8 << 20;

/// A stream that cannot be read again (standard input), held so that it can be: in memory
/// when small, else in an unnamed temporary file (the system's temporary folder; the system
/// removes it even after a crash), so memory does not grow with the input.
pub(super) enum Held {
    Memory(Vec<u8>),
    /// The file, and what messages call it: the input, held in a temporary file.
    File(std::fs::File, String),
}

impl Held {
    /// Reads `input` to its end; a failure names the file.
    pub fn take(input: &mut impl Read, file: &str) -> Result<Held, ReadError> {
        let failed = |source| ReadError::Read {
            file: file.to_owned(),
            line: 0,
            source,
        };
        let mut head = Vec::new();
        input
            .take(HOLD_IN_MEMORY)
            .read_to_end(&mut head)
            .map_err(failed)?;
        if (head.len() as u64) < HOLD_IN_MEMORY {
            return Ok(Held::Memory(head));
        }
        let name = format!("{file} (held in a temporary file to be read twice)");
        let spill = |source| ReadError::Read {
            file: name.clone(),
            line: 0,
            source,
        };
        let mut held = tempfile::tempfile().map_err(spill)?;
        held.write_all(&head).map_err(spill)?;
        std::io::copy(input, &mut held).map_err(failed)?;
        Ok(Held::File(held, name))
    }

    /// The held bytes from the start.
    pub fn reader(&mut self) -> Result<Box<dyn Read + '_>, ReadError> {
        match self {
            Held::Memory(bytes) => Ok(Box::new(bytes.as_slice())),
            Held::File(file, name) => {
                file.rewind().map_err(|source| ReadError::Read {
                    file: name.clone(),
                    line: 0,
                    source,
                })?;
                Ok(Box::new(std::io::BufReader::new(&*file)))
            }
        }
    }
}
