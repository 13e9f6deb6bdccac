//! A table's header row: which column sits at which position.
//!
//! Header names are compared folded ([`fold`]): `Event date`, `EVENT_DATE` and `event-date`
//! all name the `date` column (through its alias `event date`); a user's [`Mapping`]
//! (`--columns FILE`) adds spellings or drops columns. Duplicate and missing required columns
//! are reported with a "did you mean"; the spellings read as another name are listed in a
//! note. Every position of the file maps to a [`Field`]: a known column, an extra one (carried
//! along for event sheets, refused for the gazetteer's fixed tables), or one not read.

use super::spec::{extra_key, fold, HeaderSpec};
use super::{Cell, Row, NOT_UTF8_HINT};
use crate::diagnostics::{Code, Diagnostic, Location, Report, Severity};
use crate::suggest::did_you_mean;
use std::borrow::Cow;

/// What sits at one position of a file's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A column the spec knows, by index.
    Known(usize),
    /// A column it does not know, by the name the file gives it: carried along when the spec
    /// says so.
    Extra(String),
    /// A name that could not be read, a column given twice (both reported), an empty header
    /// cell, or a column a mapping drops.
    Ignored,
}

/// Where each known column sits in a file.
#[derive(Debug, Clone)]
pub struct Header {
    /// For each known column (by index), its position in the file.
    positions: Vec<Option<usize>>,
    /// What each position of the file holds.
    pub fields: Vec<Field>,
    /// Columns the file lacks whose values the reader makes ([`HeaderSpec::generated`]); each
    /// sits at a position past the file's last field, where the reader's row answers for it.
    pub generated: Vec<usize>,
    /// Positions whose header cell is empty: values under them are not read.
    pub unnamed: Vec<usize>,
    /// The line (sheet row) the header is on.
    pub line: u64,
}

impl Header {
    /// Reads a header row, reporting unknown (unless carried), duplicate and missing required
    /// columns, and in a note the spellings read as another name. `None` when no data row can
    /// be read: the row names no known column, or lacks a required one.
    pub fn parse(
        row: &dyn Row,
        at: &Location,
        spec: &HeaderSpec,
        report: &mut dyn Report,
    ) -> Option<Header> {
        let names: Vec<Option<Cow<str>>> =
            (0..row.width()).map(|pos| name(row.cell(pos))).collect();
        if !names_known_columns(&names, spec) {
            let hint = match names.as_slice() {
                // One text field holding separators: a text file split at the wrong one.
                [Some(one)] if at.input.sheet.is_none() && one.contains(['\t', ';', ',', '|']) => {
                    "the row is one field with separators in it: give the right --delimiter, or none for tonle to find it".to_owned()
                }
                _ => format!(
                    "add a first row naming the columns, e.g. {}",
                    spec.required_names(",")
                ),
            };
            report.report(
                Diagnostic::new(
                    at.clone(),
                    Code::NoHeader,
                    "the first row is not a header: it names none of the known columns",
                )
                .with_hint(hint),
            );
            return None;
        }
        let mut header = Header {
            positions: vec![None; spec.len()],
            fields: Vec::with_capacity(names.len()),
            generated: Vec::new(),
            unnamed: Vec::new(),
            line: at.line,
        };
        let mut renamed = Vec::new();
        for (pos, name) in names.into_iter().enumerate() {
            let field = header.place(pos, name.as_deref(), at, spec, report);
            if let (Field::Known(k), Some(name)) = (&field, &name) {
                if fold(name) != fold(spec.name(*k)) {
                    renamed.push(format!("`{name}` as `{}`", spec.name(*k)));
                }
            }
            header.fields.push(field);
        }
        if !renamed.is_empty() {
            report.report(
                Diagnostic::new(
                    at.clone(),
                    Code::ColumnNames,
                    format!(
                        "read the column{} {}",
                        plural(renamed.len()),
                        renamed.join(", ")
                    ),
                )
                .with_severity(Severity::Note),
            );
        }
        header.complete(at, spec, report).then_some(header)
    }

    /// Whether every required column is there (or made by the reader); reports those missing.
    fn complete(&mut self, at: &Location, spec: &HeaderSpec, report: &mut dyn Report) -> bool {
        let mut complete = true;
        for &k in &spec.required {
            if self.positions[k].is_some() {
                continue;
            }
            if spec.generated.contains(&k) {
                self.positions[k] = Some(self.fields.len() + self.generated.len());
                self.generated.push(k);
                continue;
            }
            complete = false;
            let mut extras = self.fields.iter().filter_map(|f| match f {
                Field::Extra(name) => Some(name.as_str()),
                _ => None,
            });
            let close = extras.find(|e| {
                spec.close_to(e) == Some(spec.name(k))
                    || strsim::jaro_winkler(&fold(e), &fold(spec.name(k))) >= 0.9
            });
            let hint = match close {
                Some(close) => format!(
                    "is the column `{close}` it? Name it `{}`, or map it with --columns",
                    spec.name(k)
                ),
                None => format!("required columns: {}", spec.required_names(", ")),
            };
            report.report(
                Diagnostic::new(
                    at.clone(),
                    Code::MissingColumn,
                    format!(
                        "the header has no `{}` column, which is required",
                        spec.name(k)
                    ),
                )
                .with_hint(hint),
            );
        }
        complete
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
        if name.is_empty() {
            self.unnamed.push(pos);
            return Field::Ignored;
        }
        if spec.is_dropped(name) {
            return Field::Ignored;
        }
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
            None if spec.carry_extras => {
                if let Some(close) = spec.close_to(name) {
                    report.report(
                        Diagnostic::new(
                            column.clone(),
                            Code::UnknownColumn,
                            format!("unknown column `{name}`: carried as text, unchecked"),
                        )
                        .with_severity(Severity::Warning)
                        .with_field(name.to_owned())
                        .with_hint(format!(
                            "did you mean `{close}`? Rename the column, or map it with --columns"
                        )),
                    );
                }
                self.extra(name, &column, report)
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

    /// An extra column, unless the header has one of the same name already (reported: its
    /// values would have no name of their own).
    fn extra(&self, name: &str, column: &Location, report: &mut dyn Report) -> Field {
        let key = extra_key(name);
        let twice = self
            .fields
            .iter()
            .any(|f| matches!(f, Field::Extra(other) if extra_key(other) == key));
        if twice {
            report.report(
                Diagnostic::new(
                    column.clone(),
                    Code::DuplicateColumn,
                    format!("column `{name}` appears twice in the header"),
                )
                .with_field(name.to_owned())
                .with_hint("keep one column of each name; this one is not read"),
            );
            return Field::Ignored;
        }
        Field::Extra(name.to_owned())
    }

    /// The file position of known column `k`, if the file has it (for a generated column,
    /// the position past the last field where the reader's row answers for it).
    pub fn position(&self, k: usize) -> Option<usize> {
        self.positions[k]
    }

    /// Whether known column `k` is made by the reader rather than read from the file.
    pub fn is_generated(&self, k: usize) -> bool {
        self.generated.contains(&k)
    }

    /// How many fields the header row has.
    pub fn width(&self) -> usize {
        self.fields.len()
    }

    /// The extra columns, with their positions, in the file's order.
    pub fn extras(&self) -> impl Iterator<Item = (usize, &str)> {
        self.fields
            .iter()
            .enumerate()
            .filter_map(|(pos, f)| match f {
                Field::Extra(name) => Some((pos, name.as_str())),
                _ => None,
            })
    }
}

/// Whether a row of names names at least one column of the spec.
fn names_known_columns(names: &[Option<Cow<str>>], spec: &HeaderSpec) -> bool {
    names.iter().flatten().any(|n| spec.lookup(n).is_some())
}

/// Whether a row names at least one column of the spec: how a sheet with a header is told
/// from one without.
pub fn is_header(row: &dyn Row, spec: &HeaderSpec) -> bool {
    let names: Vec<Option<Cow<str>>> = (0..row.width()).map(|pos| name(row.cell(pos))).collect();
    names_known_columns(&names, spec)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
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
    use crate::input::{Mapping, Target};

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

    /// An event sheet's header: unknown columns carried (a likely typo warned about), empty
    /// header cells not read, a mapping's spellings first and its drops left out, a missing
    /// generated column placed past the last field.
    #[test]
    fn extras_are_carried_and_mapped_and_generated_columns_placed() {
        let mut mapping = Mapping::default();
        mapping.add("Lieu", Target::Column(2));
        mapping.add("Ignore me", Target::Drop);
        let spec = HeaderSpec::new(&["id", "date", "place"], &["id", "date"])
            .alias(2, "location")
            .carry_extras()
            .generated(0)
            .with_mapping(&mapping);
        let row = Cells::text(
            1,
            &["Dates", "LIEU", "", "Reporter", "ignore_me", "reporter"],
        );
        let mut found = Vec::new();
        assert!(Header::parse(&row, &at(), &spec, &mut found).is_none());
        let said: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "f.csv:1:1: warning: unknown column `Dates`: carried as text, unchecked\n  hint: did you mean `date`? Rename the column, or map it with --columns",
                "f.csv:1:6: error: column `reporter` appears twice in the header\n  hint: keep one column of each name; this one is not read",
                "f.csv:1: note: read the column `LIEU` as `place`",
                "f.csv:1: error: the header has no `date` column, which is required\n  hint: is the column `Dates` it? Name it `date`, or map it with --columns",
            ]
        );
        let row = Cells::text(1, &["date", "LIEU", "", "Reporter", "ignore_me"]);
        let header = Header::parse(&row, &at(), &spec, &mut Vec::new()).expect("readable");
        assert_eq!(
            header.fields,
            [
                Field::Known(1),
                Field::Known(2),
                Field::Ignored,
                Field::Extra("Reporter".to_owned()),
                Field::Ignored,
            ]
        );
        assert_eq!(header.unnamed, [2]);
        assert_eq!(
            header.position(0),
            Some(5),
            "the made id sits past the last field"
        );
        assert!(header.is_generated(0));
    }

    #[test]
    fn typos_are_one_letter_off_and_short_names_are_left_alone() {
        let spec = crate::schema::header_spec();
        assert_eq!(spec.close_to("destinaton"), Some("destination"));
        assert_eq!(spec.close_to("Victim"), Some("victims"));
        assert_eq!(spec.close_to("Nationalites"), Some("nationalities"));
        assert_eq!(spec.close_to("Reporter"), None);
        assert_eq!(spec.close_to("Case ref"), None);
        assert_eq!(spec.close_to("ID2"), None, "`id` is too short to guess at");
    }
}
