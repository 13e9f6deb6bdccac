//! Reading a date cell as an analyst writes it (`15/09/2022`, `Sept 2022`, `Q3 2022`,
//! `c. 2020`, `Jan-Mar 2023`, a spreadsheet day number) into canonical EDTF.
//!
//! The cell is read in steps, each of which may add a rule to the note: a value that is
//! already EDTF is taken as it is; then a time of day is dropped, an approximate prefix
//! (`c.`, `circa`, `about`) or `since` taken off, and what is left read as one date
//! ([`shapes`]) or, failing that, as a range of two ([`ranges`]). The EDTF built is checked
//! by [`crate::dates::parse`] and the years against [`YEARS`].

mod lex;
mod order;
mod ranges;
mod serial;
mod shapes;

pub use order::{infer_order, settle_order, OrderInference};
pub use serial::{read_serial, SerialSystem};

use super::{squeeze, Applied, Note, Reading, ReadingError, Rule};
use crate::dates::{self, EventDate};
use std::fmt::Write as _;

/// The years tonle reads: one range for every date (see there why).
pub use crate::dates::YEARS;

/// Which number comes first in `05/04/2023`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `05/04/2023` is 5 April (`--day-first`).
    DayFirst,
    /// `05/04/2023` is May 4 (`--month-first`).
    MonthFirst,
}

impl DateOrder {
    fn flag(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "--day-first",
            DateOrder::MonthFirst => "--month-first",
        }
    }
}

/// What settled a column's order, which its notes cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderSource {
    /// The user's `--day-first` or `--month-first`.
    Flag,
    /// A cell of the column with a number over 12 in one position (`15/09/2022`).
    Cell(String),
}

/// A column's day/month order and what settled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettledOrder {
    /// The order.
    pub order: DateOrder,
    /// What settled it.
    pub by: OrderSource,
}

/// What reading a date cell needs to know about its column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateContext {
    /// The column's day/month order, from [`settle_order`]; `None` when nothing settled it, so
    /// that an ambiguous cell is an error.
    pub order: Option<SettledOrder>,
}

/// A calendar position; a range's side may lack its year or month (`18` in `18-20 Aug 2022`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Ymd {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

impl Ymd {
    fn year(y: u64) -> Ymd {
        Ymd {
            year: i32::try_from(y).ok(),
            ..Ymd::default()
        }
    }

    fn month(y: Option<u64>, m: u32) -> Ymd {
        Ymd {
            year: y.and_then(|y| i32::try_from(y).ok()),
            month: Some(m),
            day: None,
        }
    }

    fn day(y: Option<u64>, m: Option<u32>, d: u32) -> Ymd {
        Ymd {
            year: y.and_then(|y| i32::try_from(y).ok()),
            month: m,
            day: Some(d),
        }
    }

    /// EDTF for a complete position; `None` when the year is missing.
    fn edtf(self) -> Option<String> {
        let mut out = format!("{:04}", self.year?);
        if let Some(m) = self.month {
            // Writing to a String cannot fail.
            let _ = write!(out, "-{m:02}");
            if let Some(d) = self.day {
                let _ = write!(out, "-{d:02}");
            }
        }
        Some(out)
    }
}

/// What a cell, or one side of a range, reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    first: Ymd,
    last: Ymd,
    /// Whether each end is approximate (`late 2022`).
    approximate: (bool, bool),
    /// Whether the end is open (`since Aug 2022`).
    open: bool,
    applied: Vec<Applied>,
}

impl Piece {
    fn at(at: Ymd, applied: Vec<Applied>) -> Piece {
        Piece::span(at, at, applied)
    }

    fn span(first: Ymd, last: Ymd, applied: Vec<Applied>) -> Piece {
        Piece {
            first,
            last,
            approximate: (false, false),
            open: false,
            applied,
        }
    }
}

/// Reads a date cell into canonical EDTF. A cell already canonical comes back with no note.
pub fn read_date(cell: &str, context: &DateContext) -> Result<Reading<EventDate>, ReadingError> {
    let cell = cell.trim();
    let text = squeeze(&cell.replace(['\u{2013}', '\u{2014}', '\u{2212}'], " - "));
    if text.is_empty() {
        return Err(ReadingError::new(
            "missing-value",
            "the date is empty",
            "every event needs a date: the year at least, with ? if unsure (2022?)",
        ));
    }
    let edtf_error = match dates::parse(&text) {
        Ok(date) => {
            let canonical = date.edtf();
            if canonical == cell {
                check_years(cell, &date)?;
                return Ok(Reading::unchanged(date));
            }
            return finish(cell, &canonical, vec![Applied::rule(Rule::DateEdtf)]);
        }
        Err(e) => e,
    };
    read_by_rules(cell, &text, context).map_err(|e| {
        // A cell no rule reads that looks like EDTF (`2022-10/2022-08`, `../..`) gets the
        // EDTF parser's more precise word.
        let edtf_like = text.starts_with("..")
            || (text.bytes().take(4).all(|b| b.is_ascii_digit())
                && text.bytes().all(|b| b"0123456789-/.?~%XT:".contains(&b)));
        if e.message.ends_with("is not a date tonle can read") && edtf_like {
            ReadingError::new("bad-date", edtf_error.message, edtf_error.hint)
        } else {
            e
        }
    })
}

/// A cell that is not EDTF, read by the rules of docs/readings.md.
fn read_by_rules(
    cell: &str,
    text: &str,
    context: &DateContext,
) -> Result<Reading<EventDate>, ReadingError> {
    let mut applied = Vec::new();
    let (body, time) = ranges::strip_time(text);
    if let Some(time) = time {
        applied.push(Applied::with(Rule::DateTimeOfDay, time));
    }
    let (body, qualifier) = ranges::strip_qualifier(body, &mut applied);
    let (body, since) = ranges::strip_since(body);
    let mut piece = ranges::read_span(body, context)?;
    if since {
        piece.open = true;
        piece.applied.push(Applied::rule(Rule::DateOngoing));
    }
    applied.append(&mut piece.applied);
    let edtf = assemble(cell, &piece, qualifier)?;
    finish(cell, &edtf, applied)
}

/// `?` and `~` written around the whole cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Qualifier {
    uncertain: bool,
    approximate: bool,
}

/// The EDTF for a piece read from `cell`.
fn assemble(cell: &str, piece: &Piece, q: Qualifier) -> Result<String, ReadingError> {
    let end = |at: Ymd, approximate: bool| -> Result<String, ReadingError> {
        let mut out = at.edtf().ok_or_else(|| no_year(cell))?;
        match (q.uncertain, q.approximate || approximate) {
            (true, true) => out.push('%'),
            (true, false) => out.push('?'),
            (false, true) => out.push('~'),
            (false, false) => {}
        }
        Ok(out)
    };
    let first = end(piece.first, piece.approximate.0)?;
    if piece.open {
        return Ok(format!("{first}/.."));
    }
    let last = end(piece.last, piece.approximate.1)?;
    Ok(if first == last {
        first
    } else {
        format!("{first}/{last}")
    })
}

/// Checks the EDTF built for `cell` and makes the reading.
fn finish(
    cell: &str,
    edtf: &str,
    mut applied: Vec<Applied>,
) -> Result<Reading<EventDate>, ReadingError> {
    let date = dates::parse(edtf).map_err(|e| {
        let message = if edtf == cell {
            e.message
        } else {
            format!("`{cell}` reads as {edtf}, but {}", e.message)
        };
        ReadingError::new("bad-date", message, e.hint)
    })?;
    check_years(cell, &date)?;
    if applied.is_empty() {
        applied.push(Applied::rule(Rule::DateEdtf));
    }
    Ok(Reading {
        note: Some(Note::new(cell, date.edtf(), applied)),
        value: date,
    })
}

fn check_years(cell: &str, date: &EventDate) -> Result<(), ReadingError> {
    let years = [date.start_day(), date.end_day()]
        .into_iter()
        .flatten()
        .map(|d| chrono::Datelike::year(&d));
    for year in years {
        if !YEARS.contains(&year) {
            return Err(ReadingError::new(
                "year-out-of-range",
                format!(
                    "`{cell}` has the year {year}; tonle reads years {} to {}",
                    YEARS.start(),
                    YEARS.end()
                ),
                "check the year for a typo (2202 for 2022?); maps and timelines are built for events from 1900 to 2100",
            ));
        }
    }
    Ok(())
}

fn no_year(cell: &str) -> ReadingError {
    ReadingError::new(
        "bad-date",
        format!("`{cell}` has no year"),
        "add the year: 18 Aug 2022, Aug 2022, or 2022-08-18",
    )
}

/// The forms a date may take, for the hint of a cell no rule reads.
const FORMS: &str = "write EDTF (2022-08-26, 2022-08, 2022, 2022-08/2022-10, 2020~) or a form in docs/readings.md: 15/09/2022, Sept 2022, 18 Aug 2022, Q3 2022, c. 2020, Jan-Mar 2023, 2020-2022, week of 12 Sep 2022, late 2022";

fn unreadable(cell: &str) -> ReadingError {
    ReadingError::new(
        "bad-date",
        format!("`{cell}` is not a date tonle can read"),
        FORMS,
    )
}

#[cfg(test)]
mod tests;
