//! A table: a header row naming the columns, then data rows. What every tabular input shares,
//! whatever its source: blank rows are skipped (a spreadsheet's trailing `,,,` and its empty
//! rows), a text row with the wrong number of fields is reported (and when a field in it spans
//! lines, as the unclosed quote it almost always is), a value under no column name is said
//! once per column, rows past the limit stop the file, and a header with no rows is said to be
//! one.

use super::{Cell, Detached, Header, HeaderSpec, Limits, Next, ReadError, Row, Source};
use crate::diagnostics::{Code, Diagnostic, InputName, Location, Report, Severity};
use crate::readings::dates::SerialSystem;
use std::sync::Arc;

/// The data rows of one source, after its header.
pub struct Table<'s> {
    source: &'s mut dyn Source,
    shape: Shape<'s>,
    input: Arc<InputName>,
    limits: Limits,
    rows: u64,
    done: bool,
    /// Positions already reported for a value under no column name.
    unnamed_reported: Vec<usize>,
}

/// One data row with what is needed to read it.
pub struct TableRow<'t> {
    /// Which column sits where.
    pub header: &'t Header,
    /// The cells.
    pub row: &'t dyn Row,
    /// The input it is in.
    pub input: &'t Arc<InputName>,
    /// How the input counts days in number cells (a workbook's date system); `None` for text.
    pub date_system: Option<SerialSystem>,
}

impl TableRow<'_> {
    /// The row's line (or sheet row).
    pub fn line(&self) -> u64 {
        self.row.line()
    }

    /// Where the row is (no column): made only for a finding, as it costs a reference count.
    pub fn at(&self) -> Location {
        Location {
            input: self.input.clone(),
            line: self.row.line(),
            column: None,
        }
    }
}

impl<'s> Table<'s> {
    /// Reads the header row. `None` when no data row can be read (reported): an empty input,
    /// a header too wide, or one that lacks a required column.
    pub fn open(
        source: &'s mut dyn Source,
        spec: &'s HeaderSpec<'s>,
        limits: Limits,
        report: &mut dyn Report,
    ) -> Result<Option<Table<'s>>, ReadError> {
        let input = source.input().clone();
        match source.advance(report)? {
            Next::Row => {}
            Next::Stopped => return Ok(None),
            Next::End => {
                let at = Location {
                    input,
                    line: 1,
                    column: None,
                };
                report.report(
                    Diagnostic::new(at, Code::EmptyFile, "the file is empty: no header row")
                        .with_hint(format!(
                            "the first row names the columns, e.g. {}",
                            spec.required_names(",")
                        )),
                );
                return Ok(None);
            }
        }
        let first = source.row();
        let at = Location {
            input: input.clone(),
            line: first.line(),
            column: None,
        };
        if first.width() > limits.max_columns {
            let names: Vec<&str> = (0..spec.len()).map(|k| spec.name(k)).collect();
            report.report(
                Diagnostic::new(
                    at,
                    Code::TooManyColumns,
                    format!(
                        "the header has {} columns; tonle reads at most {}",
                        first.width(),
                        limits.max_columns
                    ),
                )
                .with_hint(format!("the known columns are: {}", names.join(", "))),
            );
            return Ok(None);
        }
        let Some(header) = Header::parse(first, &at, spec, report) else {
            return Ok(None);
        };
        let shape = Shape {
            header,
            spec,
            input: input.clone(),
            loose: source.loose_width(),
        };
        Ok(Some(Table {
            source,
            shape,
            input,
            limits,
            rows: 0,
            done: false,
            unnamed_reported: Vec::new(),
        }))
    }

    /// Which column sits where.
    pub fn header(&self) -> &Header {
        &self.shape.header
    }

    /// What a row is judged by, for a thread that reads rows of this table: see
    /// [`Table::take`].
    pub fn shape(&self) -> Shape<'s> {
        self.shape.clone()
    }

    /// The next chunk of rows, cut to be parsed on another thread ([`Source::cut`]).
    pub fn cut(&mut self) -> Option<super::chunked::Cut> {
        self.source.cut()
    }

    /// Reads on from the first of `unparsed` with [`Table::next`] ([`Source::resume`]).
    pub fn resume(&mut self, unparsed: &[super::chunked::Chunk]) {
        self.source.resume(unparsed);
    }

    /// Counts `rows` more rows taken elsewhere (a scan of a chunk), unless that passes the
    /// row limit: then `false`, and nothing counted (those rows are for [`Table::next`]).
    pub fn count(&mut self, rows: u64) -> bool {
        let total = self.rows.saturating_add(rows);
        if total > self.limits.max_rows {
            return false;
        }
        self.rows = total;
        true
    }

    /// Whether the table stopped (at the row limit).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The input, as messages name it.
    pub fn input(&self) -> &Arc<InputName> {
        &self.input
    }

    /// The next data row, or `None` at the end of the table.
    pub fn next(&mut self, report: &mut dyn Report) -> Result<Option<TableRow<'_>>, ReadError> {
        loop {
            if self.done {
                return Ok(None);
            }
            match self.source.advance(report)? {
                Next::Row => {}
                Next::Stopped => self.done = true,
                Next::End => {
                    self.done = true;
                    if self.rows == 0 {
                        self.header_only(report);
                    }
                }
            }
            if !self.done && self.accept(report) {
                break;
            }
        }
        Ok(Some(TableRow {
            header: &self.shape.header,
            row: self.source.row(),
            input: &self.input,
            date_system: self.source.date_system(),
        }))
    }

    /// The next data row as a copy that outlives the next read, to be checked on another
    /// thread; `None` at the end of the table.
    pub fn next_detached(
        &mut self,
        report: &mut dyn Report,
    ) -> Result<Option<Detached>, ReadError> {
        if self.next(report)?.is_none() {
            return Ok(None);
        }
        Ok(Some(self.source.detach()))
    }

    /// How the input counts days in number cells, as its rows say ([`TableRow::date_system`]).
    pub fn date_system(&self) -> Option<SerialSystem> {
        self.source.date_system()
    }

    /// Data rows read so far (blank rows aside), reported ones included.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn at(&self, line: u64) -> Location {
        Location {
            input: self.input.clone(),
            line,
            column: None,
        }
    }

    /// Whether the row just read is one to hand out; reports it when it is not.
    fn accept(&mut self, report: &mut dyn Report) -> bool {
        let row = self.source.row();
        let line = row.line();
        let judged = self.shape.judge(row);
        self.take(line, judged, report)
    }

    /// Takes a row, in order, as [`Shape::judge`] judged it: whether it is a data row to
    /// read. Counts it against the row limit (which stops the table), reports a ragged one,
    /// and says a value under no column name once per column.
    pub fn take(&mut self, line: u64, judged: Judged, report: &mut dyn Report) -> bool {
        if matches!(judged, Judged::Blank) {
            return false;
        }
        self.rows += 1;
        if self.rows > self.limits.max_rows {
            report.report(
                Diagnostic::new(
                    self.at(line),
                    Code::TooManyRows,
                    format!(
                        "the file has more than {} rows; reading stopped",
                        self.limits.max_rows
                    ),
                )
                .with_hint("raise the limit with --max-rows N, or split the file"),
            );
            self.done = true;
            return false;
        }
        match judged {
            Judged::Blank => false,
            Judged::Ragged(d) => {
                report.report(d);
                false
            }
            Judged::Data(unnamed) => {
                self.unnamed_values(line, &unnamed, report);
                true
            }
        }
    }

    /// Reports the first value under a header cell that names no column, and (in a sheet)
    /// past the header's last column, once per column: those values are not read.
    fn unnamed_values(&mut self, line: u64, unnamed: &[usize], report: &mut dyn Report) {
        for &pos in unnamed {
            if self.unnamed_reported.contains(&pos) {
                continue;
            }
            self.unnamed_reported.push(pos);
            let at = self.at(line).at_column(pos as u64 + 1);
            report.report(
                Diagnostic::new(
                    at,
                    Code::UnnamedColumn,
                    "this column has no name in the header row, so its values are not read",
                )
                .with_severity(Severity::Warning)
                .with_hint("name the column in the header row, or clear its values"),
            );
        }
    }

    fn header_only(&self, report: &mut dyn Report) {
        let line = self.source.row().line().max(1);
        report.report(
            Diagnostic::new(
                self.at(line),
                Code::NoRows,
                "the file has a header but no rows",
            )
            .with_severity(Severity::Warning)
            .with_hint(
                "add one row per event under the header; a header alone is a valid, empty sheet",
            ),
        );
    }
}

/// What a row is, judged alone: [`Table::take`] does the rest, in order.
#[derive(Debug)]
pub enum Judged {
    /// Nothing but white space: skipped.
    Blank,
    /// The wrong number of fields, with the finding.
    Ragged(Diagnostic),
    /// A data row, with the positions of its values under no column name.
    Data(Vec<usize>),
}

/// What a row's shape is judged against: the header, and whether rows may be narrower or
/// wider than it. A copy judges rows on another thread.
#[derive(Clone)]
pub struct Shape<'s> {
    header: Header,
    spec: &'s HeaderSpec<'s>,
    input: Arc<InputName>,
    loose: bool,
}

impl Shape<'_> {
    /// Which column sits where.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The input, as messages name it.
    pub fn input(&self) -> &Arc<InputName> {
        &self.input
    }

    /// Judges a row by itself.
    pub fn judge(&self, row: &dyn Row) -> Judged {
        if (0..row.width()).all(|pos| row.is_blank(pos)) {
            return Judged::Blank;
        }
        if !self.loose && row.width() != self.header.width() {
            let d = self.unclosed_quote(row).unwrap_or_else(|| self.ragged(row));
            return Judged::Ragged(d);
        }
        let beyond = self.header.width()..row.width().max(self.header.width());
        let positions = self.header.unnamed.iter().copied().chain(beyond);
        Judged::Data(positions.filter(|&pos| !row.is_blank(pos)).collect())
    }

    fn at(&self, row: &dyn Row) -> Location {
        Location {
            input: self.input.clone(),
            line: row.line(),
            column: None,
        }
    }

    fn ragged(&self, row: &dyn Row) -> Diagnostic {
        Diagnostic::new(
            self.at(row),
            Code::RaggedRow,
            format!(
                "the row has {} fields but the header has {}",
                row.width(),
                self.header.width()
            ),
        )
        .with_hint(
            "quote fields that contain commas or line breaks; every row needs one field per column",
        )
    }

    /// A ragged row with a field that spans lines: a quote opened that field and was never
    /// closed where it should have been, so the lines after it were read into it.
    fn unclosed_quote(&self, row: &dyn Row) -> Option<Diagnostic> {
        // Line breaks in a field; those at its very end are where the input ended.
        let breaks = |pos: usize, trailing: bool| match row.cell(pos) {
            Cell::Text(text) if trailing => text.matches('\n').count() as u64,
            Cell::Text(text) => text.trim_end_matches('\n').matches('\n').count() as u64,
            _ => 0,
        };
        let pos = (0..row.width()).find(|&pos| breaks(pos, false) > 0)?;
        let opened = row.line() + (0..pos).map(|p| breaks(p, true)).sum::<u64>();
        let name = match self.header.fields.get(pos) {
            Some(super::Field::Known(k)) => format!(" (`{}`)", self.spec.name(*k)),
            Some(super::Field::Extra(name)) => format!(" (`{name}`)"),
            _ => String::new(),
        };
        Some(
            Diagnostic::new(
                self.at(row).at_column(pos as u64 + 1),
                Code::UnclosedQuote,
                format!(
                    "a quote opens field {}{name} on line {opened} and is never closed: the field runs on to line {} and swallows the rows in between, so the row has {} fields, not {}",
                    pos + 1,
                    opened + breaks(pos, false),
                    row.width(),
                    self.header.width()
                ),
            )
            .with_hint("end the field with a closing quote; a quote inside a quoted field is written twice (\"\")"),
        )
    }
}
