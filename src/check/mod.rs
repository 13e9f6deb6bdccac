//! Checking a row: cells -> typed values, every bad field reported.
//!
//! Each kind of value has one parser in its own file (`date.rs`, `count.rs`, `urls.rs` ...)
//! that returns the value or a [`Problem`], without knowing where the value came from; the
//! row checker here finds each column's cell through the header, adds the location to each
//! problem, and reports every bad field of the row, not just the first. The rules across
//! fields live in [`rules`]. Place names stay names: resolving them is `crate::join`'s job.

mod coordinate;
mod count;
mod date;
mod day;
mod event_type;
mod id;
mod journey;
mod leg;
mod list;
mod mode;
mod nationalities;
pub mod rules;
mod stage;
mod text;
mod urls;
pub mod via;

use crate::dates::EventDate;
use crate::diagnostics::{Code, Diagnostic, InputName, Location, Report, Severity};
use crate::events::{Counts, EventText, EventType, Point, Route, TextBuilder};
use crate::gazetteer::Gazetteer;
use crate::input::{Cell, Header, Row, TableRow};
use crate::schema::{Col, Kind, Required, COLUMNS};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::sync::Arc;

/// What is wrong with one value, and what would be right; the row checker says where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// How serious.
    pub severity: Severity,
    /// What kind of problem.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: Option<Cow<'static, str>>,
}

impl Problem {
    /// An error.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds what would be right.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The problem as a finding at a cell of column `col`.
    pub fn at(self, location: Location, col: Col) -> Diagnostic {
        Diagnostic {
            location,
            field: Some(Cow::Borrowed(col.name())),
            severity: self.severity,
            code: self.code,
            message: self.message,
            hint: self.hint,
        }
    }
}

/// Why a cell could not be read, as a problem: for the cells read outside the row checker
/// (the extra columns `crate::read` carries).
pub fn unreadable(why: crate::input::Unreadable) -> Problem {
    text::unreadable(why)
}

/// Checks a text cell for characters no output may carry (XML 1.0's): the one check every
/// text cell goes through, known columns here and the extra columns in `crate::read`.
pub fn xml_text(text: &str) -> Result<(), Problem> {
    text::xml_text(text)
}

/// A place name as written in one cell, with where the cell is in its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name<'r> {
    /// The name, trimmed.
    pub text: Cow<'r, str>,
    /// Which column.
    pub col: Col,
    /// The cell's 1-based position in the row.
    pub column: u64,
}

/// The place names of a row, still to be resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names<'r> {
    /// `place`.
    pub place: Option<Name<'r>>,
    /// `origin`.
    pub origin: Option<Name<'r>>,
    /// `destination`.
    pub destination: Option<Name<'r>>,
    /// `via`: the whole canonical list, resolved name by name.
    pub via: Option<Name<'r>>,
}

/// A row whose values are all valid, its places still names: what `crate::join` turns into an
/// event.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEvent<'r> {
    /// The input it came from.
    pub input: Arc<InputName>,
    /// The row's line.
    pub line: u64,
    /// The text columns.
    pub text: EventText,
    /// When.
    pub date: EventDate,
    /// What happened.
    pub kind: EventType,
    /// Where, as written.
    pub names: Names<'r>,
    /// An exact point, when given.
    pub point: Option<Point>,
    /// People counts.
    pub counts: Counts,
    /// When the source was published.
    pub source_date: Option<NaiveDate>,
    /// The journey it is a leg of, its stage and mode (its `via` stops are still names).
    pub route: Route,
}

/// What checking a row gives.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // made once a row and moved once: a box would cost more
pub enum Checked<'r> {
    /// Every value is valid.
    Valid(RawEvent<'r>),
    /// Some value is not (reported); the place names are still there to be checked.
    Invalid(Names<'r>),
}

/// Checks every cell of a row, reporting each problem as it is found. The gazetteer only
/// improves hints (a country written by name in `nationalities`).
#[inline]
pub fn row<'r>(row: &TableRow<'r>, gazetteer: &Gazetteer, report: &mut dyn Report) -> Checked<'r> {
    let mut checker = RowChecker {
        header: row.header,
        row_at: row,
        report,
        gazetteer,
        ok: true,
        texts: std::array::from_fn(|_| Cow::Borrowed("")),
        given: [false; COLUMNS.len()],
    };
    checker.decode(row.row);
    checker.check()
}

/// Checks the cells of one row.
struct RowChecker<'r, 'a> {
    header: &'r Header,
    row_at: &'a TableRow<'r>,
    report: &'a mut dyn Report,
    gazetteer: &'a Gazetteer,
    /// No error so far.
    ok: bool,
    /// Each column's text, trimmed, read from the row once (empty when the file has no such
    /// column, or the cell could not be read).
    texts: [Cow<'r, str>; COLUMNS.len()],
    /// Whether each column's cell has something in it, looked at before decoding (an
    /// unreadable cell has).
    given: [bool; COLUMNS.len()],
}

impl<'r> RowChecker<'r, '_> {
    /// Reads every known column's cell once; an unreadable one is reported.
    fn decode(&mut self, row: &'r dyn Row) {
        for col in Col::all() {
            let Some(pos) = self.position(col) else {
                continue;
            };
            let k = col as usize;
            match row.cell(pos) {
                Cell::Unreadable(why) => {
                    self.given[k] = true;
                    self.report(col, text::unreadable(why));
                }
                Cell::Text(text) => {
                    self.given[k] = !text.as_bytes().trim_ascii().is_empty();
                    match text::xml_text(text) {
                        Ok(()) => self.texts[k] = Cow::Borrowed(text.trim()),
                        Err(problem) => self.report(col, problem),
                    }
                }
                Cell::Empty => {}
                other => {
                    self.given[k] = true;
                    if let Some(text) = other.into_text() {
                        self.texts[k] = Cow::Owned(text.trim().to_owned());
                    }
                }
            }
        }
    }

    fn check(&mut self) -> Checked<'r> {
        let text = self.text_columns();
        let date = self.required(Col::Date).map(|t| date::date(&t));
        let kind = self.required(Col::Type).map(|t| event_type::event_type(&t));
        let date = self.value(Col::Date, date);
        let kind = self.value(Col::Type, kind);
        let names = self.names();
        let point = self.point();
        let counts = self.counts();
        let source_date = self.optional(Col::SourceDate).map(|t| day::day(&t));
        let source_date = self.value(Col::SourceDate, source_date);
        let route = self.route();
        match (self.ok, date, kind) {
            (true, Some(date), Some(kind)) => Checked::Valid(RawEvent {
                input: self.row_at.input.clone(),
                line: self.row_at.line(),
                text,
                date,
                kind,
                names,
                point,
                counts,
                source_date,
                route,
            }),
            _ => Checked::Invalid(names),
        }
    }

    fn position(&self, col: Col) -> Option<usize> {
        self.header.position(col as usize)
    }

    /// Where column `col` is (column 0 when the file has none).
    fn cell_at(&self, col: Col) -> Location {
        let mut at = self.row_at.at();
        at.column = Some(self.position(col).map_or(0, |p| p as u64 + 1));
        at
    }

    fn report(&mut self, col: Col, problem: Problem) {
        if problem.severity == Severity::Error {
            self.ok = false;
        }
        let at = self.cell_at(col);
        self.report.report(problem.at(at, col));
    }

    /// Reports a problem with a value, keeping the value when there is none.
    fn value<T>(&mut self, col: Col, checked: Option<Result<T, Problem>>) -> Option<T> {
        match checked? {
            Ok(value) => Some(value),
            Err(problem) => {
                self.report(col, problem);
                None
            }
        }
    }

    /// Whether the row has something in column `col`, looked at before decoding.
    fn given(&self, col: Col) -> bool {
        self.given[col as usize]
    }

    /// The trimmed text of column `col`; empty when the file has no such column, or when the
    /// cell cannot be read (reported when it was read).
    fn text(&self, col: Col) -> Cow<'r, str> {
        self.texts[col as usize].clone()
    }

    /// The text of a required column, reported when empty; `None` when there is nothing to
    /// check.
    fn required(&mut self, col: Col) -> Option<Cow<'r, str>> {
        let value = self.text(col);
        // A cell that is there but could not be read was reported already.
        if value.is_empty() && self.position(col).is_some() && !self.given(col) {
            self.report(
                col,
                Problem::new(Code::MissingValue, format!("`{}` is empty", col.name()))
                    .hint("every event needs one"),
            );
        }
        (!value.is_empty()).then_some(value)
    }

    /// The text of an optional column; `None` when empty.
    fn optional(&mut self, col: Col) -> Option<Cow<'r, str>> {
        let value = self.text(col);
        (!value.is_empty()).then_some(value)
    }

    /// Every column kept as text, in one string (in slot order, which is schema order).
    fn text_columns(&mut self) -> EventText {
        let text_columns = || COLUMNS.iter().filter(|c| c.kind.is_text());
        let room = text_columns()
            .map(|c| self.texts[c.col as usize].len())
            .sum();
        let mut out = TextBuilder::with_capacity(room);
        for column in text_columns() {
            let col = column.col;
            let value = match column.required {
                Required::Yes => self.required(col).unwrap_or_default(),
                Required::No | Required::Unless(_) => self.text(col),
            };
            let mut problems = Vec::new();
            match column.kind {
                Kind::Id => {
                    if let Err(problem) = id::id(&value) {
                        problems.push(problem);
                    }
                    out.field(&value);
                }
                Kind::Text => out.field(&value),
                Kind::Journey => {
                    if let Err(problem) = journey::journey(&value) {
                        problems.push(problem);
                    }
                    out.field(&value);
                }
                Kind::List | Kind::Via => list::list(&value, &mut out),
                Kind::Urls => urls::urls(&value, &mut out, &mut |p| problems.push(p)),
                Kind::Nationalities => {
                    let mut problem = |p| problems.push(p);
                    nationalities::nationalities(&value, &mut out, self.gazetteer, &mut problem);
                }
                // Not kept as text: read below.
                Kind::Date
                | Kind::EventType
                | Kind::Place
                | Kind::Coordinate
                | Kind::Count
                | Kind::Day
                | Kind::Leg
                | Kind::Stage
                | Kind::Mode => {}
            }
            for problem in problems {
                self.report(col, problem);
            }
        }
        out.finish()
    }

    /// The place names, and the rules across fields.
    fn names(&mut self) -> Names<'r> {
        let name = |this: &mut Self, col: Col| {
            let text = this.text(col);
            (!text.is_empty()).then(|| Name {
                text,
                col,
                column: this.position(col).map_or(0, |p| p as u64 + 1),
            })
        };
        let names = Names {
            place: name(self, Col::Place),
            origin: name(self, Col::Origin),
            destination: name(self, Col::Destination),
            via: name(self, Col::Via),
        };
        let given = rules::Given {
            place: self.given(Col::Place),
            origin: self.given(Col::Origin),
            destination: self.given(Col::Destination),
            lat: self.given(Col::Lat),
            lon: self.given(Col::Lon),
            journey: self.given(Col::Journey),
            leg: self.given(Col::Leg),
            stage: self.given(Col::Stage),
            mode: self.given(Col::Mode),
            via: self.given(Col::Via),
        };
        for (col, problem) in rules::cross_field(given) {
            self.report(col, problem);
        }
        names
    }

    /// The exact point, when both coordinates are there (the rules report one alone).
    fn point(&mut self) -> Option<Point> {
        if !(self.given(Col::Lat) && self.given(Col::Lon)) {
            return None;
        }
        let lat_text = self.text(Col::Lat);
        let lon_text = self.text(Col::Lon);
        if lat_text.is_empty() || lon_text.is_empty() {
            return None; // unreadable, reported
        }
        let lat = coordinate::coordinate(&lat_text);
        let lat = self.value(Col::Lat, Some(lat));
        let lon = coordinate::coordinate(&lon_text);
        let lon = self.value(Col::Lon, Some(lon));
        match coordinate::point((&lat_text, lat?), (&lon_text, lon?)) {
            Ok(point) => Some(point),
            Err((col, problem)) => {
                self.report(col, problem);
                None
            }
        }
    }

    /// The leg number, stage and mode (the `via` stops are names, resolved by the join).
    fn route(&mut self) -> Route {
        let leg = self.optional(Col::Leg).map(|t| leg::leg(&t));
        let stage = self.optional(Col::Stage).map(|t| stage::stage(&t));
        let mode = self.optional(Col::Mode).map(|t| mode::mode(&t));
        Route {
            leg: self.value(Col::Leg, leg),
            stage: self.value(Col::Stage, stage),
            mode: self.value(Col::Mode, mode),
            via: Vec::new(),
        }
    }

    /// Every count column.
    fn counts(&mut self) -> Counts {
        let mut counts = Counts::default();
        for column in COLUMNS.iter().filter(|c| c.kind == Kind::Count) {
            let value = self
                .optional(column.col)
                .map(|t| count::count(&t, column.name));
            counts.set(column.col, self.value(column.col, value));
        }
        counts
    }
}
