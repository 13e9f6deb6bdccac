//! Event dates in a subset of EDTF (Extended Date/Time Format, ISO 8601-2) levels 0 and 1.
//!
//! Reporting rarely gives a day: "in August", "last year", "between August and October". EDTF
//! lets a spreadsheet say exactly that (`2022-08`, `2022`, `2022-08/2022-10`, `2022-08~`), and
//! this module turns it into what maps and timelines need: the earliest and latest calendar day
//! it can mean, its precision and qualifier, and a human label. Open or unknown ends stay open;
//! no day is ever made up.
//!
//! Accepted: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`; `XX` for an unspecified month or day
//! (`2022-08-XX`); a qualifier at the end of a date, `?` uncertain, `~` approximate, `%` both;
//! intervals `A/B` where either end may be a date, `..` (open) or empty (unknown).

mod parse;
#[cfg(test)]
mod tests;

pub use parse::{parse, parse_day, DateError};

use chrono::{Datelike, NaiveDate};
// Writing to a String cannot fail, so `write!` results are ignored below.
use std::fmt;
use std::fmt::Write as _;
use std::ops::RangeInclusive;

/// The years tonle reads, in every date it is given (`date`, `source_date`, `--from`,
/// `--to`). The clients break at the edges of four-digit years (issue 13): a day in 9999 is
/// written `+10000-01-01` once QGIS's temporal range or vis-timeline adds a day to it, year 0
/// gives a range QGIS reads as invalid and "January 1, 0" in TimelineJS. Within 1000-9999 this
/// narrower range is chosen because the events are reported in the modern press, so a year
/// outside it is a typo (`2202`, `0222`, a two-digit year read as the first century), and
/// because spreadsheet day numbers start in 1900.
pub const YEARS: RangeInclusive<i32> = 1900..=2100;

/// Refuses a date with a known end outside [`YEARS`], naming the year (`text` is the date as
/// written, for the message).
pub fn check_years(text: &str, date: &EventDate) -> Result<(), DateError> {
    let years = [date.start_day(), date.end_day()]
        .into_iter()
        .flatten()
        .map(|d| d.year());
    for year in years {
        if !YEARS.contains(&year) {
            return Err(DateError {
                message: format!(
                    "`{text}` has the year {year}; tonle reads years {} to {}",
                    YEARS.start(),
                    YEARS.end()
                ),
                hint: "check the year for a typo (2202 for 2022?); QGIS, TimelineJS and vis-timeline are given events from 1900 to 2100",
            });
        }
    }
    Ok(())
}

/// How much of a date is known.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Precision {
    /// Day, month and year.
    Day,
    /// Month and year.
    Month,
    /// The year only.
    Year,
}

impl Precision {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// EDTF's qualifiers: `?` uncertain, `~` approximate, `%` both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Qualifier {
    /// The source is unsure of the date (`?`).
    pub uncertain: bool,
    /// The date is approximate (`~`).
    pub approximate: bool,
}

impl Qualifier {
    /// The name used in outputs: `""`, `uncertain`, `approximate` or `uncertain-approximate`.
    pub fn as_str(self) -> &'static str {
        match (self.uncertain, self.approximate) {
            (false, false) => "",
            (true, false) => "uncertain",
            (false, true) => "approximate",
            (true, true) => "uncertain-approximate",
        }
    }

    fn union(self, other: Qualifier) -> Qualifier {
        Qualifier {
            uncertain: self.uncertain || other.uncertain,
            approximate: self.approximate || other.approximate,
        }
    }
}

/// One calendar date at some precision: `2022`, `2022-08` or `2022-08-26`. It can only be made
/// by the parser, which checked that its days exist, so its first and last days are plain
/// dates, never a fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PartialDate {
    #[serde(with = "crate::io::spill::day")]
    first: NaiveDate,
    #[serde(with = "crate::io::spill::day")]
    last: NaiveDate,
    precision: Precision,
    qualifier: Qualifier,
}

impl PartialDate {
    /// The date of `year`, `month` and `day` as far as they are known; `None` when that is no
    /// day of the calendar (the 30th of February, month 13).
    fn new(year: i32, month: Option<u32>, day: Option<u32>, qualifier: Qualifier) -> Option<Self> {
        let (first, last, precision) = match (month, day) {
            (Some(m), Some(d)) => {
                let day = NaiveDate::from_ymd_opt(year, m, d)?;
                (day, day, Precision::Day)
            }
            (Some(m), None) => (
                NaiveDate::from_ymd_opt(year, m, 1)?,
                NaiveDate::from_ymd_opt(year, m, days_in_month(year, m))?,
                Precision::Month,
            ),
            (None, _) => (
                NaiveDate::from_ymd_opt(year, 1, 1)?,
                NaiveDate::from_ymd_opt(year, 12, 31)?,
                Precision::Year,
            ),
        };
        Some(PartialDate {
            first,
            last,
            precision,
            qualifier,
        })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.first.year()
    }

    /// The month (1-12), when known.
    pub fn month(&self) -> Option<u32> {
        (self.precision != Precision::Year).then(|| self.first.month())
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<u32> {
        (self.precision == Precision::Day).then(|| self.first.day())
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Its qualifier.
    pub fn qualifier(&self) -> Qualifier {
        self.qualifier
    }

    /// The earliest day the date can mean.
    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    /// The latest day the date can mean.
    pub fn last_day(&self) -> NaiveDate {
        self.last
    }

    /// The date in canonical EDTF: `2022-08-26`, `2022-08~`, `2022%`. `XX` for an unspecified
    /// month or day is written as the shorter form it means (`2022-08-XX` is `2022-08`).
    pub fn edtf(&self) -> String {
        let mut out = format!("{:04}", self.year());
        if let Some(m) = self.month() {
            let _ = write!(out, "-{m:02}");
            if let Some(d) = self.day() {
                let _ = write!(out, "-{d:02}");
            }
        }
        match (self.qualifier.uncertain, self.qualifier.approximate) {
            (true, true) => out.push('%'),
            (true, false) => out.push('?'),
            (false, true) => out.push('~'),
            (false, false) => {}
        }
        out
    }

    /// A label for people: `26 August 2022`, `August 2022`, `2022`, with `c. ` for
    /// approximate and a trailing `?` for uncertain.
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.qualifier.approximate {
            out.push_str("c. ");
        }
        let month = MONTHS[self.first.month0() as usize];
        match self.precision {
            Precision::Day => {
                let _ = write!(out, "{} {month} {}", self.first.day(), self.year());
            }
            Precision::Month => {
                let _ = write!(out, "{month} {}", self.year());
            }
            Precision::Year => out.push_str(&self.year().to_string()),
        }
        if self.qualifier.uncertain {
            out.push('?');
        }
        out
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How many days month `month` (1-12) of `year` has, in the proleptic Gregorian calendar.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum End {
    /// A known date.
    Date(PartialDate),
    /// `..`: the interval is open on this side (ongoing, or from an unknown start).
    Open,
    /// Empty: this end is unknown.
    Unknown,
}

impl End {
    fn date(&self) -> Option<&PartialDate> {
        match self {
            End::Date(d) => Some(d),
            End::Open | End::Unknown => None,
        }
    }
}

/// The ends of a value, at least one of them a date: an interval of two open or unknown ends
/// is refused by the parser and cannot be held here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Ends {
    /// A single date (`interval` false) or an interval between two dates.
    Both(PartialDate, PartialDate),
    /// From a date to an open or unknown end.
    From(PartialDate, End),
    /// From an open or unknown start to a date.
    Until(End, PartialDate),
}

/// A parsed EDTF value: a single date or an interval.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventDate {
    text: String,
    ends: Ends,
    interval: bool,
}

impl EventDate {
    /// The text as written, trimmed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text is an interval (`A/B`).
    pub fn is_interval(&self) -> bool {
        self.interval
    }

    /// The start (for a single date, the date itself).
    pub fn start(&self) -> End {
        match &self.ends {
            Ends::Both(s, _) | Ends::From(s, _) => End::Date(*s),
            Ends::Until(open, _) => *open,
        }
    }

    /// The end (for a single date, the date itself).
    pub fn end(&self) -> End {
        match &self.ends {
            Ends::Both(_, e) | Ends::Until(_, e) => End::Date(*e),
            Ends::From(_, open) => *open,
        }
    }

    /// The first end that is a date: the start, or the end when the start is open or unknown.
    pub fn anchor(&self) -> &PartialDate {
        match &self.ends {
            Ends::Both(s, _) | Ends::From(s, _) => s,
            Ends::Until(_, e) => e,
        }
    }

    /// The earliest day the value can mean; `None` when the start is open or unknown.
    pub fn start_day(&self) -> Option<NaiveDate> {
        self.start().date().map(PartialDate::first_day)
    }

    /// The day maps and sorting place the value from: its earliest day, or for an open or
    /// unknown start the first day of the end's own period (`/2022-09`, "by September 2022",
    /// is placed in September 2022, where the timelines show it). GDAL evaluates QGIS's
    /// temporal filter in OGR SQL, which drops every feature whose start date is null, so a
    /// map start is never null.
    pub fn map_start(&self) -> NaiveDate {
        self.anchor().first_day()
    }

    /// Whether the start is open (`..`) or unknown (empty).
    pub fn open_start(&self) -> bool {
        matches!(self.ends, Ends::Until(..))
    }

    /// The latest day the value can mean; `None` when the end is open or unknown.
    pub fn end_day(&self) -> Option<NaiveDate> {
        self.end().date().map(PartialDate::last_day)
    }

    /// The coarser precision of the known ends.
    pub fn precision(&self) -> Precision {
        [self.start(), self.end()]
            .iter()
            .filter_map(End::date)
            .map(PartialDate::precision)
            .max()
            .unwrap_or(Precision::Year)
    }

    /// The qualifiers of both ends together.
    pub fn qualifier(&self) -> Qualifier {
        [self.start(), self.end()]
            .iter()
            .filter_map(End::date)
            .fold(Qualifier::default(), |q, d| q.union(d.qualifier))
    }

    /// Whether the value overlaps the days `from..=to` (either bound may be absent).
    pub fn overlaps(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
        let starts_before_to = match (self.start_day(), to) {
            (Some(s), Some(t)) => s <= t,
            _ => true,
        };
        let ends_after_from = match (self.end_day(), from) {
            (Some(e), Some(f)) => e >= f,
            _ => true,
        };
        starts_before_to && ends_after_from
    }

    /// The value in canonical EDTF, which parses back to the same days, precision and
    /// qualifier: what a cleaned-up spreadsheet column would hold.
    pub fn edtf(&self) -> String {
        let side = |end: End| match end {
            End::Date(d) => d.edtf(),
            End::Open => "..".to_owned(),
            End::Unknown => String::new(),
        };
        if self.interval {
            format!("{}/{}", side(self.start()), side(self.end()))
        } else {
            side(self.start())
        }
    }

    /// A label for people: `August 2022`, `c. 2017`, `18 August 2022 - 19 October 2022`,
    /// `August 2022 - ?` (unknown end), `August 2022 - ongoing` (open end).
    pub fn label(&self) -> String {
        if !self.interval {
            return self.anchor().label();
        }
        let side = |end: End, open: &str| match end {
            End::Date(d) => d.label(),
            End::Open => open.to_owned(),
            End::Unknown => "?".to_owned(),
        };
        format!(
            "{} - {}",
            side(self.start(), "?"),
            side(self.end(), "ongoing")
        )
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
