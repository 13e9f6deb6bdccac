//! Reading events: each row of each input goes source (`crate::input`) -> check
//! (`crate::check`) -> join (`crate::join`), and each event that comes out whole goes to the
//! caller at once; nothing is held but the ids seen.
//!
//! An input is a file, standard input (`-`) or an embedded text; a workbook (.xlsx, .xls, .ods,
//! .xlsb, known by its first bytes) or delimited text ([`inputs`]). Around the row checks the
//! loader keeps what spans inputs: the ids seen (a duplicate in a second file is caught), the
//! run's extra columns ([`extras`]), and the ids it makes for files without an `id` column.

mod chunks;
mod columns;
mod extras;
pub mod fixing;
mod ids;
mod inputs;
mod ordered;
mod parallel;
pub mod prescan;
mod row;
mod sources;

use crate::check;
use crate::diagnostics::{Diagnostic, InputName, Location, Report};
use crate::events::{Event, ExtraColumns, Sources};
use crate::gazetteer::Gazetteer;
use crate::input::{HeaderSpec, Limits, Mapping, ReadError, Source, Table};
use crate::join::{Cached, Resolve as _};
use crate::schema::{self, Col};
pub use columns::ColumnsAt;
use extras::InputColumns;
use ids::Ids;
use prescan::{Discard, Held};
use row::{settle, Work};
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
    /// Threads that read rows: above 1, text is cut into chunks parsed and checked on that
    /// many others, and other rows are read on this thread and checked on them ([`parallel`]),
    /// with the same events and findings in the same order.
    pub threads: usize,
    /// The size text is cut at to be parsed on several threads; `None` for
    /// [`crate::input::chunked::TARGET`].
    pub chunk_bytes: Option<usize>,
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
                // Read twice, so held: standard input cannot be read again.
                let mut held = Held::take(&mut input, "-")?;
                self.settled = self
                    .open_stream(held.reader()?, "-", &mut Discard, Self::scan)?
                    .flatten();
                let rows = self.open_stream(held.reader()?, "-", report, read)?;
                rows
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
            // Read twice (the pre-scan, then the rows), so held.
            let mut input = input;
            let mut held = Held::take(&mut input, file)?;
            self.settled = self
                .open_stream(held.reader()?, file, &mut Discard, Self::scan)?
                .flatten();
            let rows = self.open_stream(held.reader()?, file, report, read)?;
            rows
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
        let work = Work {
            current: &current,
            sources: self.sources.as_ref(),
            fixing: self.fixing.is_some(),
        };
        if self.options.threads > 1 {
            let shared = parallel::Shared {
                gazetteer: self.resolver.gazetteer(),
                work,
            };
            let mut sink = parallel::Sink {
                ids: &mut self.ids,
                fixing: &mut self.fixing,
                report: &mut *report,
                on_event: &mut on_event,
            };
            if parallel::rows(&mut table, &shared, self.options.threads, &mut sink)? {
                return Ok(table.rows());
            }
        }
        // One thread: asked for, or the system would start no other.
        while let Some(row) = table.next(report)? {
            let outcome = work.row(&self.resolver, &row);
            settle(
                outcome,
                &mut self.ids,
                &mut self.fixing,
                report,
                &mut on_event,
            );
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
}

/// Where a table's header row is, for the notes about it.
fn header_at(table: &Table) -> Location {
    Location {
        input: table.input().clone(),
        line: table.header().line,
        column: None,
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
