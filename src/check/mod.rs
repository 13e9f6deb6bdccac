//! Checking a row: cells -> typed values, every bad field reported.
//!
//! Each kind of value has one parser in its own file (`date.rs`, `count.rs`, `urls.rs` ...)
//! that returns the value or a [`Problem`], without knowing where the value came from; the
//! row checker here finds each column's cell through the header, adds the location to each
//! problem, and reports every bad field of the row, not just the first. The rules across
//! fields live in [`rules`]. Place names stay names: resolving them is `crate::join`'s job.

mod claim;
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
pub mod publishing;
mod reading;
pub mod rules;
mod sources;
mod stage;
mod text;
mod urls;
pub mod via;

use crate::dates::EventDate;
use crate::diagnostics::{Code, Diagnostic, InputName, Location, Report, Severity};
use crate::events::{Counts, EventText, EventType, Point, Route, TextBuilder};
use crate::input::{Cell, Header, Row, TableRow};
use crate::readings::{Note, Reading};
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

pub use reading::Context;

/// How each changed cell of a row was read, by column: what `tonle fix` reports.
pub type Readings = Vec<(Col, Note)>;

/// Whether a link is one tonle publishes: `http(s)://host/...`, nothing that could break out of
/// an attribute (for the links of a `--sources` file, checked like `source_url`'s).
pub fn is_http_url(url: &str) -> bool {
    urls::is_http_url(url)
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
    /// `province`: where `place` should be.
    pub province: Option<Name<'r>>,
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

/// Checks every cell of a row as its columns' `context` says, reporting each problem (and a
/// note for each cell read by a rule) as it is found; each such reading also goes to
/// `readings`, when given.
#[inline]
pub fn row<'r>(
    row: &TableRow<'r>,
    context: &Context,
    readings: Option<&mut Readings>,
    report: &mut dyn Report,
) -> Checked<'r> {
    let mut checker = RowChecker {
        header: row.header,
        row_at: row,
        report,
        context,
        readings,
        count_notes: Vec::new(),
        ok: true,
        texts: std::array::from_fn(|_| Cow::Borrowed("")),
        numbers: [None; COLUMNS.len()],
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
    context: &'a Context,
    readings: Option<&'a mut Readings>,
    /// What the count readings add to count_note, with the notes that said so.
    count_notes: Vec<(String, Note)>,
    /// No error so far.
    ok: bool,
    /// Each column's text, trimmed, read from the row once (empty when the file has no such
    /// column, or the cell could not be read).
    texts: [Cow<'r, str>; COLUMNS.len()],
    /// A spreadsheet's number cell, kept as a number where the reading needs it (a day number
    /// in `date`, a fraction in a count).
    numbers: [Option<f64>; COLUMNS.len()],
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
                Cell::Number(n) => {
                    self.given[k] = true;
                    self.numbers[k] = Some(n);
                    if let Some(text) = Cell::Number(n).into_text() {
                        self.texts[k] = Cow::Owned(text.into_owned());
                    }
                }
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
        // Counts first: what they add to count_note is written with the text columns.
        let counts = self.counts();
        let text = self.text_columns();
        let date = self.date();
        let kind = self.kind();
        let names = self.names();
        let point = self.point();
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

    /// Reports a reading: its note when it changed the cell, or its problem.
    fn reading<T>(&mut self, col: Col, read: Result<Reading<T>, Problem>) -> Option<T> {
        match read {
            Ok(read) => {
                if let Some(note) = read.note {
                    self.said(col, note);
                }
                Some(read.value)
            }
            Err(problem) => {
                self.report(col, problem);
                None
            }
        }
    }

    /// A note on how a cell was read, reported and kept for `readings`.
    fn said(&mut self, col: Col, note: Note) {
        self.report(col, reading::note(&note));
        if let Some(readings) = self.readings.as_deref_mut() {
            readings.push((col, note));
        }
    }

    /// The date: a spreadsheet's day number, or text read by the rules.
    fn date(&mut self) -> Option<EventDate> {
        if let Some(n) = self.numbers[Col::Date as usize] {
            let system = self.row_at.date_system.unwrap_or_default();
            return self.reading(Col::Date, date::serial(n, system));
        }
        let text = self.required(Col::Date)?;
        let read = date::date(&text, &self.context.date);
        self.reading(Col::Date, read)
    }

    /// The type: a synonym of `trafficking` is a route only with both ends given.
    fn kind(&mut self) -> Option<EventType> {
        let text = self.required(Col::Type)?;
        let has_route = self.given(Col::Origin) && self.given(Col::Destination);
        let read = event_type::event_type(&text, has_route);
        self.reading(Col::Type, read)
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
            let mut value = match column.required {
                // A row's sources may come from its `source_id`s: checked with them below.
                Required::Yes if col == Col::Source => self.text(col),
                Required::Yes => self.required(col).unwrap_or_default(),
                Required::No | Required::Unless(_) => self.text(col),
            };
            if col == Col::CountNote && !self.count_notes.is_empty() {
                value = Cow::Owned(self.merged_count_note(&value));
            }
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
                Kind::Status if !value.is_empty() => match claim::status(&value) {
                    Ok(status) => out.field(status.as_str()),
                    Err(problem) => {
                        problems.push(problem);
                        out.end();
                    }
                },
                Kind::Sensitivity if !value.is_empty() => match claim::sensitivity(&value) {
                    Ok(sensitivity) => out.field(sensitivity.as_str()),
                    Err(problem) => {
                        problems.push(problem);
                        out.end();
                    }
                },
                Kind::Status | Kind::Sensitivity => out.end(),
                Kind::Nationalities => match nationalities::nationalities(&value, &mut out) {
                    Ok(Some(note)) => self.said(col, note),
                    Ok(None) => {}
                    Err(problem) => problems.push(problem),
                },
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
        let text = out.finish();
        let (source, urls) = (text.get(Col::Source), text.get(Col::SourceUrl));
        if let Some((col, problem)) = sources::sources(source, urls, text.get(Col::SourceId)) {
            // An unreadable source cell was reported already.
            if !(col == Col::Source && self.given(Col::Source)) {
                self.report(col, problem);
            }
        }
        text
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
            province: name(self, Col::Province),
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

    /// Every count column; what a reading says of a count ("at least") is kept for count_note,
    /// prefixed with the column's name when the row has more than one count.
    fn counts(&mut self) -> Counts {
        let mut counts = Counts::default();
        let columns = || COLUMNS.iter().filter(|c| c.kind == Kind::Count);
        let several = columns().filter(|c| self.given(c.col)).count() > 1;
        for column in columns() {
            let col = column.col;
            let slot = col.count_slot().unwrap_or(0);
            let read = match (self.numbers[col as usize], self.optional(col)) {
                (Some(n), _) => count::number(n),
                (None, Some(text)) => count::count(&text, &self.context.counts[slot]),
                (None, None) => continue,
            };
            let note = read.as_ref().ok().and_then(|r| r.note.clone());
            let Some(value) = self.reading(col, read) else {
                continue;
            };
            if let (Some(said), Some(note)) = (value.note, note) {
                let said = if several {
                    format!("{}: {said}", column.name)
                } else {
                    said
                };
                self.count_notes.push((said, note));
            }
            counts.set(col, value.value);
        }
        counts
    }

    /// count_note as written with what the count readings add, each once; the change, when
    /// there is one, is kept for `readings` (the counts' notes already said it).
    fn merged_count_note(&mut self, written: &str) -> String {
        let mut merged = written.to_owned();
        let mut applied = Vec::new();
        for (said, note) in &self.count_notes {
            merged = crate::readings::counts::merge_count_note(&merged, said);
            applied.extend(note.applied.iter().cloned());
        }
        if merged != written {
            if let Some(readings) = self.readings.as_deref_mut() {
                readings.push((Col::CountNote, Note::new(written, merged.clone(), applied)));
            }
        }
        merged
    }
}
