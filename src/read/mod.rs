//! Reading events: each row of each input goes source (`crate::input`) -> check
//! (`crate::check`) -> join (`crate::join`), and each event that comes out whole goes to the
//! caller at once; nothing is held but the ids seen.
//!
//! An input is a file, standard input (`-`) or an embedded text; a workbook (.xlsx, .xls, .ods,
//! .xlsb, known by its first bytes) or delimited text ([`inputs`]). Around the row checks the
//! loader keeps what spans inputs: the ids seen (a duplicate in a second file is caught), the
//! run's extra columns ([`extras`]), and the ids it makes for files without an `id` column.

mod columns;
mod extras;
pub mod fixing;
mod ids;
mod inputs;
pub mod prescan;
mod sources;

use crate::check::{self, Checked};
use crate::diagnostics::{Diagnostic, InputName, Location, Report};
use crate::events::{Event, ExtraColumns, Sources};
use crate::gazetteer::Gazetteer;
use crate::input::{Cell, HeaderSpec, Limits, Mapping, ReadError, Row, Source, Table, TableRow};
use crate::join::{self, Cached, Resolve as _};
use crate::schema::{self, Col};
pub use columns::ColumnsAt;
use extras::InputColumns;
use ids::Ids;
use prescan::{read_all, Discard};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How inputs are read: what the command line says about them.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The encoding of text inputs (`None`: UTF-8); a byte-order mark still wins.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The delimiter of text inputs; `None` to find it from the header row.
    pub delimiter: Option<u8>,
    /// The sheet of workbook inputs (a name, or a number from 1); `None` to find it.
    pub sheet: Option<String>,
    /// Bounds on what one input may hold.
    pub limits: Limits,
    /// How to read dates and counts, when the user says (`--day-first`, `--thousands`).
    pub flags: prescan::Flags,
    /// Where the bytes read from text files are counted, for a progress bar.
    pub progress: Option<indicatif::ProgressBar>,
}

/// Reads event files against a gazetteer, remembering ids across files so that a duplicate
/// in a second file is caught too.
pub struct Loader<'g> {
    resolver: Cached<'g>,
    ids: Ids,
    spec: Arc<HeaderSpec<'static>>,
    options: Options,
    extras: ExtraColumns,
    /// The extra columns were settled by [`Loader::scan_extras`] before reading.
    extras_fixed: bool,
    /// Standard input read ahead by [`Loader::scan_extras`], to be read again first.
    stdin: Vec<u8>,
    /// The inputs read, as messages name them (with the sheet, for a workbook).
    read: Vec<Arc<InputName>>,
    /// The files whose ids were made from their rows, by the start of those ids.
    made_ids: Vec<(String, String)>,
    /// The findings of the row being read, put in column order before they are reported.
    row_findings: Vec<Diagnostic>,
    /// How the next input's columns are read, and what to say about it: from its pre-scan.
    settled: Option<(check::Context, Vec<Diagnostic>)>,
    /// For `tonle fix`: each event's cells as written and how they were read.
    fixing: Option<Vec<fixing::Written>>,
    /// Where each input has each known column.
    columns: ColumnsAt,
    /// The `--sources` file that `source_id`s name.
    sources: Option<Sources>,
}

/// What the loader knows about the input being read.
struct Current {
    extras: Option<InputColumns>,
    /// The start of the ids made for its rows, when it has no `id` column.
    stem: Option<String>,
    /// How its columns' cells are read (day/month order, thousands separators).
    context: check::Context,
}

impl<'g> Loader<'g> {
    /// A loader that resolves places in `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Loader {
            resolver: Cached::new(gazetteer),
            ids: Ids::default(),
            spec: Arc::new(schema::header_spec().clone()),
            options: Options::default(),
            extras: ExtraColumns::default(),
            extras_fixed: false,
            stdin: Vec::new(),
            read: Vec::new(),
            made_ids: Vec::new(),
            row_findings: Vec::new(),
            settled: None,
            fixing: None,
            columns: ColumnsAt::default(),
            sources: None,
        }
    }

    /// Reads inputs as `options` say.
    #[must_use]
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Resolves each row's `source_id`s in these sources (`--sources FILE`).
    #[must_use]
    pub fn with_sources(mut self, sources: Option<Sources>) -> Self {
        self.sources = sources;
        self
    }

    /// Reads with these limits on field size and rows per file.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.options.limits = limits;
        self
    }

    /// Reads files in this encoding (e.g. Windows-1252, UTF-16) instead of UTF-8; a byte-order
    /// mark still wins.
    #[must_use]
    pub fn with_encoding(mut self, encoding: Option<&'static encoding_rs::Encoding>) -> Self {
        self.options.encoding = encoding;
        self
    }

    /// Reads headers with a user's own spellings (`--columns FILE`) on top of the schema's.
    #[must_use]
    pub fn with_mapping(mut self, mapping: &Mapping) -> Self {
        self.spec = Arc::new(schema::header_spec().clone().with_mapping(mapping));
        self
    }

    /// How inputs are read.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The gazetteer places are resolved in.
    pub fn gazetteer(&self) -> &Gazetteer {
        self.resolver.gazetteer()
    }

    /// The extra columns of the inputs read (or scanned) so far, in order of first appearance.
    pub fn extras(&self) -> &ExtraColumns {
        &self.extras
    }

    /// Where each input read so far has each known column.
    pub fn columns(&self) -> &ColumnsAt {
        &self.columns
    }

    /// The inputs read so far, as messages name them: a workbook's with the sheet read.
    pub fn inputs(&self) -> &[Arc<InputName>] {
        &self.read
    }

    /// Reads only the header of every file, to know the run's extra columns before any row is
    /// read (the outputs of a streamed export start before the first row). Nothing is
    /// reported: reading the files reports it all. Standard input is read as far as its
    /// header (a workbook whole) and kept for the read that follows.
    pub fn scan_extras(&mut self, files: &[PathBuf]) -> Result<&ExtraColumns, ReadError> {
        let quiet = &mut Vec::new();
        for path in files {
            let scan = |this: &mut Self, source: &mut dyn Source, report: &mut dyn Report| {
                let spec = this.spec.clone();
                if let Some(table) = Table::open(source, &spec, this.options.limits, report)? {
                    let at = header_at(&table);
                    extras::join(table.header(), &at, &mut this.extras, false, report);
                }
                Ok(())
            };
            if path == Path::new("-") {
                self.stdin = inputs::read_ahead(std::io::stdin().lock(), "-")?;
                let ahead = std::io::Cursor::new(self.stdin.clone());
                self.open_stream(ahead, "-", quiet, scan)?;
            } else {
                self.open_path(path, quiet, scan)?;
            }
            quiet.clear();
        }
        self.extras_fixed = true;
        Ok(&self.extras)
    }

    /// Reads a file (`-` for standard input; a workbook or delimited text) with
    /// [`Loader::read_source`]; the path as given names the file in every message. Returns
    /// the number of data rows read.
    pub fn read_path(
        &mut self,
        path: &Path,
        report: &mut dyn Report,
        mut on_event: impl FnMut(Event),
    ) -> Result<u64, ReadError> {
        let read = |this: &mut Self, source: &mut dyn Source, report: &mut dyn Report| {
            this.read_source(source, report, &mut on_event)
        };
        let scan = !self.options.flags.settle_all();
        let rows = if path == Path::new("-") {
            let ahead = std::io::Cursor::new(std::mem::take(&mut self.stdin));
            let mut input = ahead.chain(std::io::stdin().lock());
            if scan {
                // Read twice, so held whole: standard input cannot be read again.
                let all = read_all(&mut input, "-")?;
                self.settled = self
                    .open_stream(all.as_slice(), "-", &mut Discard, Self::scan)?
                    .flatten();
                self.open_stream(all.as_slice(), "-", report, read)?
            } else {
                self.open_stream(input, "-", report, read)?
            }
        } else {
            if scan {
                self.settled = self.open_path(path, &mut Discard, Self::scan)?.flatten();
            }
            self.open_path(path, report, read)?
        };
        Ok(rows.unwrap_or(0))
    }

    /// Reads one stream (a workbook or delimited text), passing each valid event to
    /// `on_event` as soon as it is read and every finding to `report`. Returns the number of
    /// data rows read.
    pub fn read_from<R: Read>(
        &mut self,
        input: R,
        file: &str,
        report: &mut dyn Report,
        mut on_event: impl FnMut(Event),
    ) -> Result<u64, ReadError> {
        let read = |this: &mut Self, source: &mut dyn Source, report: &mut dyn Report| {
            this.read_source(source, report, &mut on_event)
        };
        let rows = if self.options.flags.settle_all() {
            self.open_stream(input, file, report, read)?
        } else {
            // Read twice (the pre-scan, then the rows), so held whole.
            let mut input = input;
            let all = read_all(&mut input, file)?;
            self.settled = self
                .open_stream(all.as_slice(), file, &mut Discard, Self::scan)?
                .flatten();
            self.open_stream(all.as_slice(), file, report, read)?
        };
        Ok(rows.unwrap_or(0))
    }

    /// Reads every row of a source. Returns the number of data rows read.
    pub fn read_source(
        &mut self,
        source: &mut dyn Source,
        report: &mut dyn Report,
        mut on_event: impl FnMut(Event),
    ) -> Result<u64, ReadError> {
        let settled = self.settled.take();
        let spec = self.spec.clone();
        let Some(mut table) = Table::open(source, &spec, self.options.limits, report)? else {
            return Ok(0);
        };
        self.read.push(table.input().clone());
        let at: Vec<Option<u64>> = Col::all()
            .map(|c| table.header().position(c as usize).map(|p| p as u64 + 1))
            .collect();
        self.columns.push(table.input().clone(), at);
        let Some(current) = self.start(&table, settled, report) else {
            return Ok(0);
        };
        while let Some(row) = table.next(report)? {
            let mut found = std::mem::take(&mut self.row_findings);
            self.row(&row, &current, &mut found, &mut on_event);
            // A row's findings in the order of its cells, whichever step found them.
            found.sort_by_key(|d| d.location.column);
            for d in found.drain(..) {
                report.report(d);
            }
            self.row_findings = found;
        }
        Ok(table.rows())
    }

    /// What an input needs beyond its header: its extra columns, and the ids made for its rows
    /// when it has no `id` column (said in notes). `None` when its rows cannot be read: their
    /// made ids would be another file's (reported).
    fn start(
        &mut self,
        table: &Table,
        settled: Option<(check::Context, Vec<Diagnostic>)>,
        report: &mut dyn Report,
    ) -> Option<Current> {
        let header = table.header();
        let at = header_at(table);
        let extras = extras::join(header, &at, &mut self.extras, self.extras_fixed, report);
        let mut stem = None;
        if header.is_generated(Col::Id as usize) {
            let file = &table.input().file;
            let start = ids::stem(file);
            if let Some((_, other)) = self.made_ids.iter().find(|(s, f)| *s == start && f != file) {
                report.report(ids::same_made_ids(&at, &start, other));
                return None;
            }
            self.made_ids.push((start.clone(), file.clone()));
            report.report(ids::made_ids(&at, &start));
            stem = Some(start);
        }
        // Not scanned (the flags settle every column): the flags alone.
        let (context, found) = settled.unwrap_or_else(|| {
            prescan::Scan::new(header).settle(self.options.flags, table.input())
        });
        for d in found {
            report.report(d);
        }
        Some(Current {
            extras,
            stem,
            context,
        })
    }

    /// One row through check and join: its event to `on_event`, or its findings to `found`.
    /// (The event goes straight on rather than back up: an event is a few hundred bytes, and
    /// each hand-over is a copy.)
    fn row(
        &mut self,
        row: &TableRow,
        current: &Current,
        found: &mut Vec<Diagnostic>,
        on_event: &mut impl FnMut(Event),
    ) {
        let extras = match &current.extras {
            Some(columns) => columns.values(row.row, &row.at(), found),
            None => Some(crate::events::Extras::default()),
        };
        let mut written = self.fixing.is_some().then(|| fixing::Written::of(row));
        let made;
        let with_id;
        let row = match (&current.stem, row.header.position(Col::Id as usize)) {
            (Some(stem), Some(pos)) => {
                made = MadeId {
                    inner: row.row,
                    pos,
                    id: ids::made(stem, row.line()),
                };
                with_id = TableRow {
                    header: row.header,
                    row: &made,
                    input: row.input,
                    date_system: row.date_system,
                };
                &with_id
            }
            _ => row,
        };
        let readings = written.as_mut().map(|w| &mut w.readings);
        match check::row(row, &current.context, readings, found) {
            // Valid: no error so far (warnings and notes do not stop an event).
            Checked::Valid(raw) => match (join::join(&self.resolver, raw), extras) {
                (Ok(mut event), Some(extras)) => {
                    event.extras = extras;
                    let id_column = match current.stem {
                        Some(_) => None,
                        None => Some(
                            row.header
                                .position(Col::Id as usize)
                                .map_or(1, |p| p as u64 + 1),
                        ),
                    };
                    let mut unknown = Vec::new();
                    if let Some(sources) = &self.sources {
                        let column = row.header.position(Col::SourceId as usize);
                        let at = row.at().at_column(column.map_or(0, |p| p as u64 + 1));
                        unknown = sources.resolve(&mut event, &at);
                    }
                    let resolved = unknown.is_empty();
                    found.extend(unknown);
                    match self.ids.first_use(&event, id_column) {
                        Ok(()) if resolved => {
                            if let (Some(fixing), Some(written)) = (&mut self.fixing, written) {
                                fixing.push(written);
                            }
                            on_event(event);
                        }
                        Ok(()) => {}
                        Err(d) => found.push(d),
                    }
                }
                (Ok(_), None) => {}
                (Err(d), _) => found.extend(d),
            },
            Checked::Invalid(names) => {
                if let Err(d) = join::places(&self.resolver, &names, row.input, row.line()) {
                    found.extend(d);
                }
            }
        }
    }
}

/// Where a table's header row is, for the notes about it.
fn header_at(table: &Table) -> Location {
    Location {
        input: table.input().clone(),
        line: table.header().line,
        column: None,
    }
}

/// A row with the id made for it at the `id` column's place (past the file's last field).
struct MadeId<'r> {
    inner: &'r dyn Row,
    pos: usize,
    id: String,
}

impl Row for MadeId<'_> {
    fn line(&self) -> u64 {
        self.inner.line()
    }

    fn width(&self) -> usize {
        self.inner.width()
    }

    fn cell(&self, pos: usize) -> Cell<'_> {
        if pos == self.pos {
            Cell::Text(&self.id)
        } else {
            self.inner.cell(pos)
        }
    }

    fn is_blank(&self, pos: usize) -> bool {
        pos != self.pos && self.inner.is_blank(pos)
    }

    fn size_hint(&self, pos: usize) -> usize {
        if pos == self.pos {
            self.id.len()
        } else {
            self.inner.size_hint(pos)
        }
    }

    fn raw(&self, pos: usize) -> Option<&[u8]> {
        if pos == self.pos {
            Some(self.id.as_bytes())
        } else {
            self.inner.raw(pos)
        }
    }
}

/// The events of `csv`, read as the file `t.csv` against `gazetteer`; for tests whose rows
/// are all valid (any finding fails the test).
#[cfg(test)]
pub(crate) fn test_events(gazetteer: &Gazetteer, csv: &str) -> Vec<Event> {
    let mut events = Vec::new();
    let mut found: Vec<Diagnostic> = Vec::new();
    Loader::new(gazetteer)
        .read_from(csv.as_bytes(), "t.csv", &mut found, |e| events.push(e))
        .expect("in memory");
    assert!(found.is_empty(), "{found:?}");
    events
}

#[cfg(test)]
mod hostile_tests;

#[cfg(test)]
mod tests;
