//! A sources file (`--sources FILE`): one row per source, which events cite by id in their
//! `source_id` column, so that one article cited by forty rows is described once, with its
//! outlet, link, publication date, archived copy and the SHA-256 of a saved copy.
//!
//! Columns (any order, names compared as headers are: case, spaces and punctuation aside):
//! `source_id` (required, unique), `outlet` (required), `url`, `published` (`YYYY-MM-DD`),
//! `archived_url`, `sha256`. Every bad cell is reported at its line and column.

use super::Event;
use crate::diagnostics::{Code, Diagnostic, InputName, Location};
use crate::input::fold;
use crate::schema::Col;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    /// The outlet or body.
    pub outlet: String,
    /// The article's link.
    pub url: Option<String>,
    /// When it was published.
    pub published: Option<NaiveDate>,
    /// A link to an archived copy.
    pub archived_url: Option<String>,
    /// The SHA-256 of a saved copy, 64 hex digits.
    pub sha256: Option<String>,
    /// Where it was defined.
    pub at: Location,
}

/// The sources of a `--sources` file, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    by_id: BTreeMap<String, SourceRecord>,
}

/// One row of a sources file, as the table reader hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// The row (no column).
    pub at: Location,
    /// The text of each of [`COLUMNS`], trimmed (`None`: empty, or no such column).
    pub cells: Vec<Option<String>>,
}

/// One row with where its columns are.
struct Row<'r> {
    row: &'r SourceRow,
    /// Each of [`COLUMNS`]' 1-based position in the file.
    positions: &'r [Option<u64>],
}

impl Row<'_> {
    /// The trimmed text of column `i` of [`COLUMNS`]; `None` when empty or absent.
    fn cell(&self, i: usize) -> Option<&str> {
        self.row.cells.get(i).and_then(Option::as_deref)
    }

    /// Reports a bad cell of column `i`.
    fn bad(&self, found: &mut Vec<Diagnostic>, i: usize, code: Code, message: String, hint: &str) {
        let at = Location {
            column: self.positions[i],
            ..self.row.at.clone()
        };
        found.push(
            Diagnostic::new(at, code, message)
                .with_field(COLUMNS[i])
                .with_hint(hint.to_owned()),
        );
    }

    /// The row's id and source, every bad cell reported; `None` without an id or an outlet.
    fn read(&self, found: &mut Vec<Diagnostic>) -> Option<(String, SourceRecord)> {
        let (Some(id), Some(outlet)) = (self.cell(0), self.cell(1)) else {
            let i = usize::from(self.cell(0).is_some());
            let message = format!("`{}` is empty", COLUMNS[i]);
            self.bad(
                found,
                i,
                Code::MissingValue,
                message,
                "every source needs an id and an outlet",
            );
            return None;
        };
        for i in [2, 4] {
            if let Some(url) = self.cell(i).filter(|u| !crate::check::is_http_url(u)) {
                let message = format!("`{url}` is not an http(s) URL");
                let hint = "only links of the form https://host/path are published";
                self.bad(found, i, Code::BadUrl, message, hint);
            }
        }
        let published = self.cell(3).and_then(|d| {
            let day = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
            if day.is_none() {
                let message = format!("`{d}` is not a full date");
                self.bad(
                    found,
                    3,
                    Code::BadDate,
                    message,
                    "write YYYY-MM-DD, e.g. 2022-11-02",
                );
            }
            day
        });
        let is_hash = |h: &str| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit());
        if let Some(hash) = self.cell(5).filter(|h| !is_hash(h)) {
            let message = format!("`{hash}` is not a SHA-256");
            let hint = "64 hexadecimal digits, as `sha256sum` prints them";
            self.bad(found, 5, Code::BadCode, message, hint);
        }
        let source = SourceRecord {
            outlet: outlet.to_owned(),
            url: self.cell(2).map(str::to_owned),
            published,
            archived_url: self.cell(4).map(str::to_owned),
            sha256: self.cell(5).map(str::to_owned),
            at: self.row.at.clone(),
        };
        Some((id.to_owned(), source))
    }
}

/// The file's columns, in the order they are documented.
pub const COLUMNS: [&str; 6] = [
    "source_id",
    "outlet",
    "url",
    "published",
    "archived_url",
    "sha256",
];

impl Sources {
    /// Reads a sources file's CSV text; every problem is a located finding. (Files are read
    /// through the table reader, `crate::read`, which hands [`Sources::from_rows`] their rows;
    /// this is the same for a text in hand.)
    pub fn parse(file: &str, text: &str) -> Result<Sources, Vec<Diagnostic>> {
        let input = InputName::file(file);
        let at = |line: u64| Location {
            input: input.clone(),
            line,
            column: None,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(fold).collect(),
            Err(e) => return Err(vec![Diagnostic::new(at(1), Code::Csv, e.to_string())]),
        };
        let index: Vec<Option<usize>> = COLUMNS
            .iter()
            .map(|c| header.iter().position(|h| *h == fold(c)))
            .collect();
        let missing: Vec<Diagnostic> = COLUMNS
            .iter()
            .zip(&index)
            .take(2)
            .filter(|(_, pos)| pos.is_none())
            .map(|(name, _)| {
                Diagnostic::new(
                    at(1),
                    Code::MissingColumn,
                    format!("the sources file has no `{name}` column"),
                )
                .with_hint(format!("its columns are: {}", COLUMNS.join(", ")))
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, csv::Position::line);
                vec![Diagnostic::new(at(line), Code::Csv, e.to_string())]
            })?;
            let line = record.position().map_or(0, csv::Position::line);
            let cells = index
                .iter()
                .map(|p| p.and_then(|p| record.get(p)).map(str::trim))
                .map(|v| v.filter(|v| !v.is_empty()).map(str::to_owned))
                .collect();
            rows.push(SourceRow {
                at: at(line),
                cells,
            });
        }
        let positions: Vec<Option<u64>> = index.iter().map(|p| p.map(|p| p as u64 + 1)).collect();
        Sources::from_rows(&rows, &positions)
    }

    /// The sources of a file's rows, each bad cell a finding at its line and column
    /// (`positions`: each of [`COLUMNS`]' 1-based place in the file).
    pub fn from_rows(
        rows: &[SourceRow],
        positions: &[Option<u64>],
    ) -> Result<Sources, Vec<Diagnostic>> {
        let mut found = Vec::new();
        let mut sources = Sources::default();
        for source_row in rows {
            let row = Row {
                row: source_row,
                positions,
            };
            let Some((id, source)) = row.read(&mut found) else {
                continue;
            };
            if let Some(first) = sources.by_id.get(&id) {
                let message = format!(
                    "source `{id}` is defined twice (first at line {})",
                    first.at.line
                );
                row.bad(
                    &mut found,
                    0,
                    Code::DuplicateId,
                    message,
                    "give each source its own id",
                );
                continue;
            }
            sources.by_id.insert(id, source);
        }
        if found.is_empty() {
            Ok(sources)
        } else {
            // A row's findings in the order of its cells.
            found.sort_by_key(|d| (d.location.line, d.location.column));
            Err(found)
        }
    }

    /// The source of this id.
    pub fn get(&self, id: &str) -> Option<&SourceRecord> {
        self.by_id.get(id)
    }

    /// The event with its `source_id`s' outlets and links added to its own sources, and its
    /// `source_date` the earliest publication date when it has none; each unknown id is a
    /// finding at `at` (the row's `source_id` cell).
    pub fn resolve(&self, event: &mut Event, at: &Location) -> Vec<Diagnostic> {
        let ids: Vec<String> = event
            .text(Col::SourceId)
            .split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if ids.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut outlets: Vec<String> = split(event.source());
        let mut links: Vec<String> = split(event.source_urls_text());
        for id in &ids {
            let Some(source) = self.get(id) else {
                found.push(
                    Diagnostic::new(
                        at.clone(),
                        Code::UnknownSource,
                        format!("no source `{id}` in the sources file"),
                    )
                    .with_field(Col::SourceId.name())
                    .with_hint("add it to the --sources file, or correct the id".to_owned()),
                );
                continue;
            };
            outlets.push(source.outlet.clone());
            links.extend(source.url.clone());
            if let Some(day) = source.published {
                event.source_date = Some(event.source_date.map_or(day, |d| d.min(day)));
            }
        }
        let (outlets, links) = (outlets.join(";"), links.join(";"));
        event.text = event
            .text
            .with(&[(Col::Source, &outlets), (Col::SourceUrl, &links)]);
        found
    }
}

fn split(text: &str) -> Vec<String> {
    text.split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_reads_and_every_bad_cell_is_located() {
        let good = "source_id,outlet,url,published,archived_url,sha256\n\
                    kt-1,Khmer Times,https://www.khmertimeskh.com/1,2022-09-02,,\n\
                    cj-1,CamboJA News,,,https://web.archive.org/x,\n";
        let sources = Sources::parse("s.csv", good).expect("good");
        assert_eq!(
            sources.get("kt-1").map(|s| s.outlet.as_str()),
            Some("Khmer Times")
        );
        assert_eq!(
            sources
                .get("kt-1")
                .and_then(|s| s.published)
                .map(|d| d.to_string())
                .as_deref(),
            Some("2022-09-02")
        );
        let bad = "Source ID,Outlet,URL,Published,sha256\n\
                   a,X,javascript:alert(1),2022-13-01,abc\n\
                   a,Y,,,\n\
                   ,Z,,,\n";
        let found = Sources::parse("s.csv", bad).expect_err("bad");
        let lines: Vec<String> = found
            .iter()
            .map(|d| format!("{} {}", d.location, d.code))
            .collect();
        assert_eq!(
            lines,
            [
                "s.csv:2:3 bad-url",
                "s.csv:2:4 bad-date",
                "s.csv:2:5 bad-code",
                "s.csv:3:1 duplicate-id",
                "s.csv:4:1 missing-value"
            ]
        );
        let missing = Sources::parse("s.csv", "id,url\n").expect_err("no columns");
        assert_eq!(missing.len(), 2);
    }
}
