//! Reading events: each row of each input goes source (`crate::input`) -> check
//! (`crate::check`) -> join (`crate::join`), and each event that comes out whole goes to the
//! caller at once; nothing is held but the ids seen.

mod ids;

use crate::check::{self, Checked};
use crate::diagnostics::{Diagnostic, InputName, Report};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::input::{CsvSource, Limits, ReadError, Source, Table, TableRow};
use crate::join::{self, Cached, Resolve as _};
use crate::schema::{self, Col};
use ids::Ids;
use std::io::Read;

/// Reads event files against a gazetteer, remembering ids across files so that a duplicate
/// in a second file is caught too.
pub struct Loader<'g> {
    resolver: Cached<'g>,
    ids: Ids,
    encoding: Option<&'static encoding_rs::Encoding>,
    limits: Limits,
    /// The findings of the row being read, put in column order before they are reported.
    row_findings: Vec<Diagnostic>,
}

impl<'g> Loader<'g> {
    /// A loader that resolves places in `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Loader {
            resolver: Cached::new(gazetteer),
            ids: Ids::default(),
            encoding: None,
            limits: Limits::default(),
            row_findings: Vec::new(),
        }
    }

    /// Reads with these limits on field size and rows per file.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Reads files in this encoding (e.g. Windows-1252, UTF-16) instead of UTF-8; a byte-order
    /// mark still wins.
    #[must_use]
    pub fn with_encoding(mut self, encoding: Option<&'static encoding_rs::Encoding>) -> Self {
        self.encoding = encoding;
        self
    }

    /// Reads a CSV file (`-` for standard input) with [`Loader::read_from`]; the path as given
    /// names the file in every message.
    pub fn read_path(
        &mut self,
        path: &std::path::Path,
        report: &mut dyn Report,
        on_event: impl FnMut(Event),
    ) -> Result<u64, ReadError> {
        let file = path.display().to_string();
        let input = crate::io::open(path).map_err(|source| ReadError::Open {
            file: file.clone(),
            source,
        })?;
        self.read_from(input, &file, report, on_event)
    }

    /// Reads one CSV stream, passing each valid event to `on_event` as soon as it is read and
    /// every finding to `report`. Returns the number of data rows read.
    pub fn read_from<R: Read>(
        &mut self,
        input: R,
        file: &str,
        report: &mut dyn Report,
        on_event: impl FnMut(Event),
    ) -> Result<u64, ReadError> {
        let mut source = CsvSource::open(
            input,
            InputName::file(file),
            self.encoding,
            self.limits,
            report,
        )?;
        self.read_source(&mut source, report, on_event)
    }

    /// Reads every row of a source. Returns the number of data rows read.
    pub fn read_source(
        &mut self,
        source: &mut dyn Source,
        report: &mut dyn Report,
        mut on_event: impl FnMut(Event),
    ) -> Result<u64, ReadError> {
        let Some(mut table) = Table::open(source, schema::header_spec(), self.limits, report)?
        else {
            return Ok(0);
        };
        while let Some(row) = table.next(report)? {
            let mut found = std::mem::take(&mut self.row_findings);
            self.row(&row, &mut found, &mut on_event);
            // A row's findings in the order of its cells, whichever step found them.
            found.sort_by_key(|d| d.location.column);
            for d in found.drain(..) {
                report.report(d);
            }
            self.row_findings = found;
        }
        Ok(table.rows())
    }

    /// One row through check and join: its event to `on_event`, or its findings to `found`.
    /// (The event goes straight on rather than back up: an event is a few hundred bytes, and
    /// each hand-over is a copy.)
    fn row(
        &mut self,
        row: &TableRow,
        found: &mut Vec<Diagnostic>,
        on_event: &mut impl FnMut(Event),
    ) {
        match check::row(row, self.resolver.gazetteer(), found) {
            // Valid: no error so far (warnings and notes do not stop an event).
            Checked::Valid(raw) => match join::join(&self.resolver, raw) {
                Ok(event) => {
                    let id_column = row
                        .header
                        .position(Col::Id as usize)
                        .map_or(1, |p| p as u64 + 1);
                    match self.ids.first_use(&event, id_column) {
                        Ok(()) => on_event(event),
                        Err(d) => found.push(d),
                    }
                }
                Err(d) => found.extend(d),
            },
            Checked::Invalid(names) => {
                if let Err(d) = join::places(&self.resolver, &names, row.input, row.line()) {
                    found.extend(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The lines where data rows start, as the csv crate sees them after line ends are made LF,
    /// the header and blank rows aside: what the reader must account for, row by row.
    fn row_lines(input: &[u8]) -> Vec<u64> {
        let mut normalised = Vec::new();
        for (i, &b) in input.iter().enumerate() {
            match b {
                b'\r' => normalised.push(b'\n'),
                b'\n' if i > 0 && input[i - 1] == b'\r' => {}
                b => normalised.push(b),
            }
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(normalised.as_slice());
        let mut lines = Vec::new();
        let mut record = csv::ByteRecord::new();
        let mut first = true;
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            if std::mem::take(&mut first) {
                continue;
            }
            if record.iter().all(|f| f.trim_ascii().is_empty()) {
                continue;
            }
            lines.push(record.position().map_or(0, csv::Position::line));
        }
        lines
    }

    /// Bytes, then a failure: a disk error or a file cut short under the reader.
    struct FailsAfter<'a>(&'a [u8]);

    impl Read for FailsAfter<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0.is_empty() {
                return Err(std::io::Error::other("the disk went away"));
            }
            let n = self.0.len().min(buf.len()).min(64);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// A failure part-way through a file is a read error naming the last line read, not
    /// "cannot open".
    #[test]
    fn a_failure_mid_file_says_where_reading_stopped() {
        let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
        let mut input = b"id,date,type,title,place,source\n".to_vec();
        for i in 0..100 {
            input.extend_from_slice(format!("kh-{i},2022,raid,T,Bavet,S\n").as_bytes());
        }
        let mut events = 0;
        let e = Loader::new(&gazetteer)
            .read_from(FailsAfter(&input), "big.csv", &mut Vec::new(), |_| {
                events += 1;
            })
            .expect_err("the read fails");
        assert!(
            matches!(e, ReadError::Read { line, .. } if line > 1),
            "{e:?}"
        );
        assert!(
            e.to_string().starts_with("cannot read big.csv after line "),
            "{e}"
        );
        assert!(events > 0, "the rows before the failure were read");
    }

    proptest! {
        /// Whatever bytes follow a valid header, reading ends in events or diagnostics, never a
        /// panic; and every row that yields no event is explained: a finding on its line, or
        /// one that stopped the file at or before it.
        #[test]
        fn every_row_without_an_event_is_explained(body in proptest::collection::vec(proptest::sample::select(b"kh-1,2022-08,raid,T,Sihanoukville,S\n\"x;\xff\x00 9".to_vec()), 0..200)) {
            let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
            let mut input = b"id,date,type,title,place,source\n".to_vec();
            input.extend_from_slice(&body);
            let mut found = Vec::new();
            let mut events = Vec::new();
            Loader::new(&gazetteer)
                .read_from(input.as_slice(), "p.csv", &mut found, |e| events.push(e.line))
                .expect("reading from memory does not fail");
            let stopped_at = found
                .iter()
                .filter(|d| matches!(d.code, crate::diagnostics::Code::TooLong | crate::diagnostics::Code::Csv))
                .map(|d| d.location.line)
                .min();
            for line in row_lines(&input) {
                if events.contains(&line) {
                    continue;
                }
                let explained = found.iter().any(|d| d.location.line == line)
                    || stopped_at.is_some_and(|at| at <= line);
                prop_assert!(explained, "row at line {} has no event and no finding: {:?}", line, found);
            }
        }

        /// Rows of plausible fields: the same guarantee with text that reaches every check.
        #[test]
        fn any_fields_give_an_event_or_a_finding_on_their_line(fields in proptest::collection::vec("[ -~]{0,12}", 6)) {
            let gazetteer = Gazetteer::builtin().expect("built-in gazetteer");
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["id", "date", "type", "title", "place", "source"]).expect("header");
            writer.write_record(&fields).expect("row");
            let input = writer.into_inner().expect("flush");
            let mut found = Vec::new();
            let mut events = 0;
            Loader::new(&gazetteer)
                .read_from(input.as_slice(), "p.csv", &mut found, |_| events += 1)
                .expect("reading from memory does not fail");
            let blank = fields.iter().all(|f| f.trim().is_empty());
            prop_assert!(blank || events == 1 || found.iter().any(|d| d.location.line == 2), "{:?}", found);
        }
    }
}
