//! A table's header row: which column sits at which position.
//!
//! Header names are compared folded ([`fold`]): `Event date`, `EVENT_DATE` and `event-date`
//! all name the `date` column (through its alias `event date`). Unknown, duplicate and missing
//! required columns are reported with a "did you mean" from the spec. Every position of the
//! file maps to a [`Field`]: a known column, or an extra one (which is an error today; issue 14
//! carries extra columns through as properties instead, from `Field::Extra`).

use super::{Cell, Row, NOT_UTF8_HINT};
use crate::diagnostics::{Code, Diagnostic, Location, Report};
use crate::suggest::did_you_mean;
use std::borrow::Cow;

/// A header name with case, spaces, punctuation and a byte-order mark set aside: what two
/// spellings of one column have in common.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The columns a table may have: canonical names (by index), the folded spellings that name
/// each, and which are required.
#[derive(Debug, Clone)]
pub struct HeaderSpec<'a> {
    names: Vec<&'a str>,
    /// Folded spelling -> column index.
    keys: Vec<(String, usize)>,
    required: Vec<usize>,
}

impl<'a> HeaderSpec<'a> {
    /// A spec from canonical names only (the gazetteer's tables).
    pub fn new(names: &[&'a str], required: &[&str]) -> Self {
        let required = names
            .iter()
            .enumerate()
            .filter(|(_, n)| required.contains(n))
            .map(|(i, _)| i)
            .collect();
        HeaderSpec {
            names: names.to_vec(),
            keys: names
                .iter()
                .enumerate()
                .map(|(i, n)| (fold(n), i))
                .collect(),
            required,
        }
    }

    /// Adds another spelling for column `index`.
    #[must_use]
    pub fn alias(mut self, index: usize, spelling: &str) -> Self {
        self.keys.push((fold(spelling), index));
        self
    }

    /// The column a header name names, if any.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        let key = fold(name);
        self.keys.iter().find(|(k, _)| *k == key).map(|(_, i)| *i)
    }

    /// How many columns the spec knows.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the spec knows no column.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The canonical name of column `index`.
    pub fn name(&self, index: usize) -> &'a str {
        self.names[index]
    }

    /// The required columns, comma-separated (`id,date,type`), for hints.
    pub fn required_names(&self, separator: &str) -> String {
        let names: Vec<&str> = self.required.iter().map(|&i| self.names[i]).collect();
        names.join(separator)
    }
}

/// What sits at one position of a file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A column the spec knows, by index.
    Known(usize),
    /// A column it does not know, by the name the file gives it.
    Extra(String),
    /// A name that could not be read, or a column given twice (reported).
    Ignored,
}

/// Where each known column sits in a file.
#[derive(Debug, Clone)]
pub struct Header {
    /// For each known column (by index), its position in the file.
    positions: Vec<Option<usize>>,
    /// What each position of the file holds.
    pub fields: Vec<Field>,
}

impl Header {
    /// Reads a header row, reporting unknown, duplicate and missing required columns. `None`
    /// when no data row can be read: the row names no known column, or lacks a required one.
    pub fn parse(
        row: &dyn Row,
        at: &Location,
        spec: &HeaderSpec,
        report: &mut dyn Report,
    ) -> Option<Header> {
        let names: Vec<Option<Cow<str>>> =
            (0..row.width()).map(|pos| name(row.cell(pos))).collect();
        if !names.iter().flatten().any(|n| spec.lookup(n).is_some()) {
            report.report(
                Diagnostic::new(
                    at.clone(),
                    Code::NoHeader,
                    "the first row is not a header: it names none of the known columns",
                )
                .with_hint(format!(
                    "add a first row naming the columns, e.g. {}",
                    spec.required_names(",")
                )),
            );
            return None;
        }
        let mut header = Header {
            positions: vec![None; spec.len()],
            fields: Vec::with_capacity(names.len()),
        };
        for (pos, name) in names.into_iter().enumerate() {
            let field = header.place(pos, name.as_deref(), at, spec, report);
            header.fields.push(field);
        }
        let mut complete = true;
        for &k in &spec.required {
            if header.positions[k].is_none() {
                complete = false;
                report.report(
                    Diagnostic::new(
                        at.clone(),
                        Code::MissingColumn,
                        format!(
                            "the header has no `{}` column, which is required",
                            spec.name(k)
                        ),
                    )
                    .with_hint(format!("required columns: {}", spec.required_names(", "))),
                );
            }
        }
        complete.then_some(header)
    }

    /// Places the name at file position `pos`, reporting what is wrong with it.
    fn place(
        &mut self,
        pos: usize,
        name: Option<&str>,
        at: &Location,
        spec: &HeaderSpec,
        report: &mut dyn Report,
    ) -> Field {
        let column = at.at_column(pos as u64 + 1);
        let Some(name) = name else {
            report.report(
                Diagnostic::new(column, Code::NotUtf8, "the header is not valid UTF-8")
                    .with_field("")
                    .with_hint(NOT_UTF8_HINT),
            );
            return Field::Ignored;
        };
        match spec.lookup(name) {
            Some(k) if self.positions[k].is_some() => {
                report.report(
                    Diagnostic::new(
                        column,
                        Code::DuplicateColumn,
                        format!("column `{name}` appears twice in the header"),
                    )
                    .with_field(name.to_owned())
                    .with_hint("keep one column of each name"),
                );
                Field::Ignored
            }
            Some(k) => {
                self.positions[k] = Some(pos);
                Field::Known(k)
            }
            None => {
                let folded: Vec<String> = spec.names.iter().map(|n| fold(n)).collect();
                let hint = match did_you_mean(&fold(name), folded.iter().map(String::as_str)) {
                    Some(best) => {
                        let i = folded.iter().position(|f| f == best).unwrap_or(0);
                        format!("did you mean `{}`?", spec.name(i))
                    }
                    None => format!("known columns: {}", spec.names.join(", ")),
                };
                report.report(
                    Diagnostic::new(
                        column,
                        Code::UnknownColumn,
                        format!("unknown column `{name}`"),
                    )
                    .with_field(name.to_owned())
                    .with_hint(hint),
                );
                Field::Extra(name.to_owned())
            }
        }
    }

    /// The file position of known column `k`, if the file has it.
    pub fn position(&self, k: usize) -> Option<usize> {
        self.positions[k]
    }

    /// How many fields the header row has.
    pub fn width(&self) -> usize {
        self.fields.len()
    }
}

/// A header cell's name, trimmed (and without a byte-order mark); `None` when unreadable.
fn name(cell: Cell<'_>) -> Option<Cow<'_, str>> {
    let text = match cell {
        Cell::Unreadable(_) => return None,
        other => other.into_text()?,
    };
    Some(match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim_start_matches('\u{feff}').trim()),
        Cow::Owned(s) => Cow::Owned(s.trim_start_matches('\u{feff}').trim().to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::InputName;
    use crate::input::Cells;

    fn at() -> Location {
        Location {
            input: InputName::file("f.csv"),
            line: 1,
            column: None,
        }
    }

    #[test]
    fn header_reports_unknown_duplicate_and_missing() {
        let spec = HeaderSpec::new(&["id", "title"], &["id", "title"]);
        let row = Cells::text(1, &["\u{feff}id", "titel", "ID"]);
        let mut found = Vec::new();
        assert!(Header::parse(&row, &at(), &spec, &mut found).is_none());
        let codes: Vec<_> = found.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                Code::UnknownColumn,
                Code::DuplicateColumn,
                Code::MissingColumn
            ]
        );
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(found[0].location.column, Some(2));
    }

    #[test]
    fn spellings_fold_case_spaces_and_punctuation() {
        let spec = HeaderSpec::new(&["date", "source_url"], &[]).alias(0, "event date");
        for spelling in ["Event date", "EVENT_DATE", "event-date", " date "] {
            assert_eq!(spec.lookup(spelling), Some(0), "{spelling}");
        }
        assert_eq!(spec.lookup("Source URL"), Some(1));
        assert_eq!(spec.lookup("sourceurls"), None);
        let row = Cells::text(1, &["Event Date", "Source-URL", "notes"]);
        let mut found = Vec::new();
        let header = Header::parse(&row, &at(), &spec, &mut found).expect("readable");
        assert_eq!(header.position(0), Some(0));
        assert_eq!(header.position(1), Some(1));
        assert_eq!(header.fields[2], Field::Extra("notes".to_owned()));
    }
}
