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

use chrono::{Datelike, NaiveDate};
// Writing to a String cannot fail, so `write!` results are ignored below.
use std::fmt;
use std::fmt::Write as _;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// One calendar date at some precision: `2022`, `2022-08` or `2022-08-26`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// The year.
    pub year: i32,
    /// The month (1-12), when known.
    pub month: Option<u32>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u32>,
    /// Its qualifier.
    pub qualifier: Qualifier,
}

impl PartialDate {
    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The earliest day the date can mean.
    pub fn first_day(&self) -> NaiveDate {
        self.bounds().0
    }

    /// The latest day the date can mean.
    pub fn last_day(&self) -> NaiveDate {
        self.bounds().1
    }

    fn bounds(&self) -> (NaiveDate, NaiveDate) {
        // Every PartialDate is built by `parse_date`, which checked that these days exist.
        let day = |m, d| NaiveDate::from_ymd_opt(self.year, m, d).unwrap_or(NaiveDate::MIN);
        match (self.month, self.day) {
            (Some(m), Some(d)) => (day(m, d), day(m, d)),
            (Some(m), None) => (day(m, 1), day(m, days_in_month(self.year, m))),
            _ => (day(1, 1), day(12, 31)),
        }
    }

    /// The date in canonical EDTF: `2022-08-26`, `2022-08~`, `2022%`. `XX` for an unspecified
    /// month or day is written as the shorter form it means (`2022-08-XX` is `2022-08`).
    pub fn edtf(&self) -> String {
        let mut out = format!("{:04}", self.year);
        if let Some(m) = self.month {
            let _ = write!(out, "-{m:02}");
            if let Some(d) = self.day {
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
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let _ = write!(out, "{d} {} {}", MONTHS[m as usize - 1], self.year);
            }
            (Some(m), None) => {
                let _ = write!(out, "{} {}", MONTHS[m as usize - 1], self.year);
            }
            _ => out.push_str(&self.year.to_string()),
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

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// A parsed EDTF value: a single date or an interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    /// The text as written, trimmed.
    pub text: String,
    /// The start (for a single date, the date itself).
    pub start: End,
    /// The end (for a single date, the date itself).
    pub end: End,
    /// Whether the text is an interval (`A/B`).
    pub interval: bool,
}

impl EventDate {
    /// The earliest day the value can mean; `None` when the start is open or unknown.
    pub fn start_day(&self) -> Option<NaiveDate> {
        self.start.date().map(PartialDate::first_day)
    }

    /// The day maps and sorting place the value from: its earliest day, or for an open or
    /// unknown start the first day of the end's own period (`/2022-09`, "by September 2022",
    /// is placed in September 2022, where the timelines show it). GDAL evaluates QGIS's
    /// temporal filter in OGR SQL, which drops every feature whose start date is null, so a
    /// map start is never null.
    pub fn map_start(&self) -> Option<NaiveDate> {
        self.start_day()
            .or_else(|| self.end.date().map(PartialDate::first_day))
    }

    /// Whether the start is open (`..`) or unknown (empty).
    pub fn open_start(&self) -> bool {
        self.start.date().is_none()
    }

    /// The latest day the value can mean; `None` when the end is open or unknown.
    pub fn end_day(&self) -> Option<NaiveDate> {
        self.end.date().map(PartialDate::last_day)
    }

    /// The coarser precision of the known ends.
    pub fn precision(&self) -> Precision {
        [self.start.date(), self.end.date()]
            .into_iter()
            .flatten()
            .map(PartialDate::precision)
            .max()
            .unwrap_or(Precision::Year)
    }

    /// The qualifiers of both ends together.
    pub fn qualifier(&self) -> Qualifier {
        [self.start.date(), self.end.date()]
            .into_iter()
            .flatten()
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
        let side = |end: &End| match end {
            End::Date(d) => d.edtf(),
            End::Open => "..".to_owned(),
            End::Unknown => String::new(),
        };
        if self.interval {
            format!("{}/{}", side(&self.start), side(&self.end))
        } else {
            side(&self.start)
        }
    }

    /// A label for people: `August 2022`, `c. 2017`, `18 August 2022 - 19 October 2022`,
    /// `August 2022 - ?` (unknown end), `August 2022 - ongoing` (open end).
    pub fn label(&self) -> String {
        if !self.interval {
            return self
                .start
                .date()
                .map(PartialDate::label)
                .unwrap_or_default();
        }
        let side = |end: &End, open: &str| match end {
            End::Date(d) => d.label(),
            End::Open => open.to_owned(),
            End::Unknown => "?".to_owned(),
        };
        format!(
            "{} - {}",
            side(&self.start, "?"),
            side(&self.end, "ongoing")
        )
    }
}

/// Why a date did not parse: what was wrong and what would be right.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DateError {
    /// What is wrong.
    pub message: String,
    /// What would be right.
    pub hint: &'static str,
}

const FORMS: &str = "write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2022-08-26), an interval A/B (2022-08/2022-10), `..` or nothing for an open or unknown end (2022-08/..), and ? ~ % at the end for uncertain, approximate or both";

fn error(message: String) -> DateError {
    DateError {
        message,
        hint: FORMS,
    }
}

/// Parses an EDTF value.
pub fn parse(text: &str) -> Result<EventDate, DateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(error("the date is empty".to_owned()));
    }
    let mut parts = text.split('/');
    let (Some(left), right, None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(error(format!("`{text}` has more than one `/`")));
    };
    let Some(right) = right else {
        let date = parse_date(text)?;
        return Ok(EventDate {
            text: text.to_owned(),
            start: End::Date(date),
            end: End::Date(date),
            interval: false,
        });
    };
    let start = parse_end(left)?;
    let end = parse_end(right)?;
    if start.date().is_none() && end.date().is_none() {
        return Err(error(format!(
            "the interval `{text}` has no date at either end"
        )));
    }
    let value = EventDate {
        text: text.to_owned(),
        start,
        end,
        interval: true,
    };
    if let (Some(s), Some(e)) = (value.start_day(), value.end_day()) {
        if e < s {
            return Err(DateError {
                message: format!("the interval `{text}` ends before it starts"),
                hint: "put the earlier date first: START/END",
            });
        }
    }
    Ok(value)
}

fn parse_end(text: &str) -> Result<End, DateError> {
    match text {
        "" => Ok(End::Unknown),
        ".." => Ok(End::Open),
        _ => parse_date(text).map(End::Date),
    }
}

fn parse_date(text: &str) -> Result<PartialDate, DateError> {
    let (body, qualifier) = match text.as_bytes().last() {
        Some(b'?') => (
            &text[..text.len() - 1],
            Qualifier {
                uncertain: true,
                approximate: false,
            },
        ),
        Some(b'~') => (
            &text[..text.len() - 1],
            Qualifier {
                uncertain: false,
                approximate: true,
            },
        ),
        Some(b'%') => (
            &text[..text.len() - 1],
            Qualifier {
                uncertain: true,
                approximate: true,
            },
        ),
        _ => (text, Qualifier::default()),
    };
    let fields: Vec<&str> = body.split('-').collect();
    let bad = || error(format!("`{text}` is not a date"));
    if fields.len() > 3 || fields.iter().any(|f| f.is_empty()) {
        return Err(bad());
    }
    let year = match fields[0] {
        y if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            y.parse().map_err(|_| bad())?
        }
        _ => {
            return Err(error(format!(
                "`{text}` does not start with a four-digit year"
            )))
        }
    };
    let unspecified = |f: Option<&&str>| f.is_some_and(|f| *f == "XX");
    let number = |f: &str, what: &str| -> Result<u32, DateError> {
        if f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()) {
            f.parse().map_err(|_| bad())
        } else {
            Err(error(format!(
                "`{text}` has `{f}` where a two-digit {what} should be"
            )))
        }
    };
    let month = match fields.get(1) {
        None => None,
        Some(&"XX") if fields.get(2).is_none_or(|d| *d == "XX") => None,
        Some(m) => Some(number(m, "month")?),
    };
    let day = match (month, fields.get(2)) {
        (_, None) | (Some(_), Some(&"XX")) => None,
        (None, Some(_)) if unspecified(fields.get(1)) => None,
        (_, Some(d)) => Some(number(d, "day")?),
    };
    if let Some(m) = month {
        if !(1..=12).contains(&m) {
            return Err(error(format!(
                "`{text}` has month {m}; months run from 01 to 12"
            )));
        }
        if let Some(d) = day {
            if d == 0 || d > days_in_month(year, m) {
                return Err(error(format!(
                    "`{text}` is not a day of the calendar: {} {year} has {} days",
                    MONTHS[m as usize - 1],
                    days_in_month(year, m)
                )));
            }
        }
    }
    Ok(PartialDate {
        year,
        month,
        day,
        qualifier,
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(31, |d| d.day())
}

/// Parses a plain ISO 8601 calendar date (`YYYY-MM-DD`), as `--from`, `--to` and
/// `source_date` take.
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let date = parse_date(text.trim())?;
    if date.precision() == Precision::Day && date.qualifier == Qualifier::default() {
        Ok(date.first_day())
    } else {
        Err(DateError {
            message: format!("`{}` is not a full date", text.trim()),
            hint: "write YYYY-MM-DD, e.g. 2022-11-02",
        })
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn bounds(text: &str) -> (Option<String>, Option<String>, &'static str, &'static str) {
        let d = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (
            d.start_day().map(|d| d.to_string()),
            d.end_day().map(|d| d.to_string()),
            d.precision().as_str(),
            d.qualifier().as_str(),
        )
    }

    #[allow(clippy::unnecessary_wraps)] // compared with Option bounds
    fn s(x: &str) -> Option<String> {
        Some(x.to_owned())
    }

    #[test]
    fn every_accepted_form_maps_to_its_bounds() {
        assert_eq!(
            bounds("2022"),
            (s("2022-01-01"), s("2022-12-31"), "year", "")
        );
        assert_eq!(
            bounds("2022-08"),
            (s("2022-08-01"), s("2022-08-31"), "month", "")
        );
        assert_eq!(
            bounds("2024-02"),
            (s("2024-02-01"), s("2024-02-29"), "month", "")
        );
        assert_eq!(
            bounds("2022-08-26"),
            (s("2022-08-26"), s("2022-08-26"), "day", "")
        );
        assert_eq!(
            bounds("2022-08/2022-10"),
            (s("2022-08-01"), s("2022-10-31"), "month", "")
        );
        assert_eq!(
            bounds("2022-08-18/2022-10-19"),
            (s("2022-08-18"), s("2022-10-19"), "day", "")
        );
        assert_eq!(
            bounds("2022-08-18/2022-10"),
            (s("2022-08-18"), s("2022-10-31"), "month", "")
        );
        assert_eq!(bounds("../2022-10"), (None, s("2022-10-31"), "month", ""));
        assert_eq!(bounds("2022-08/.."), (s("2022-08-01"), None, "month", ""));
        assert_eq!(bounds("2022-08/"), (s("2022-08-01"), None, "month", ""));
        assert_eq!(bounds("/2022"), (None, s("2022-12-31"), "year", ""));
        assert_eq!(
            bounds("2022-08?"),
            (s("2022-08-01"), s("2022-08-31"), "month", "uncertain")
        );
        assert_eq!(
            bounds("2022~"),
            (s("2022-01-01"), s("2022-12-31"), "year", "approximate")
        );
        assert_eq!(
            bounds("2022-08-26%"),
            (
                s("2022-08-26"),
                s("2022-08-26"),
                "day",
                "uncertain-approximate"
            )
        );
        assert_eq!(
            bounds("2022-08~/2022-10?"),
            (
                s("2022-08-01"),
                s("2022-10-31"),
                "month",
                "uncertain-approximate"
            )
        );
        assert_eq!(
            bounds("2022-08-XX"),
            (s("2022-08-01"), s("2022-08-31"), "month", "")
        );
        assert_eq!(
            bounds("2022-XX"),
            (s("2022-01-01"), s("2022-12-31"), "year", "")
        );
        assert_eq!(
            bounds(" 2022-08 "),
            (s("2022-08-01"), s("2022-08-31"), "month", "")
        );
    }

    #[test]
    fn open_and_unknown_ends_are_kept_apart() {
        let open = parse("2022-08/..").expect("valid");
        assert_eq!(open.end, End::Open);
        assert_eq!(open.label(), "August 2022 - ongoing");
        let unknown = parse("2022-08/").expect("valid");
        assert_eq!(unknown.end, End::Unknown);
        assert_eq!(unknown.label(), "August 2022 - ?");
    }

    #[test]
    fn labels_follow_precision_and_qualifier() {
        let label = |t: &str| parse(t).expect("valid").label();
        assert_eq!(label("2022"), "2022");
        assert_eq!(label("2022-08"), "August 2022");
        assert_eq!(label("2022-08~"), "c. August 2022");
        assert_eq!(label("2022-08-26?"), "26 August 2022?");
        assert_eq!(
            label("2022-08-18/2022-10-19"),
            "18 August 2022 - 19 October 2022"
        );
        assert_eq!(label("../2022-10"), "? - October 2022");
    }

    #[test]
    fn impossible_and_malformed_dates_are_errors() {
        for bad in [
            "",
            "2022-02-30",
            "2021-02-29",
            "2022-13",
            "2022-00",
            "2022-08-00",
            "2022-08-32",
            "22",
            "20220",
            "2022-8",
            "2022-08-1",
            "2022/08/26",
            "26/08/2022",
            "Aug 2022",
            "2022-08-26T10:00",
            "2022-08-26-01",
            "2022--08",
            "2022-08-",
            "../..",
            "/",
            "2022-10/2022-08",
            "2022-08-26/2022-08-25",
            "2022??",
            "?",
            "~2022",
            "2022 08",
            "-2022",
            "2022-XX-15",
        ] {
            assert!(parse(bad).is_err(), "`{bad}` should be rejected");
        }
        assert_eq!(
            parse("2022-10/2022-08").expect_err("reversed").message,
            "the interval `2022-10/2022-08` ends before it starts"
        );
        assert_eq!(
            parse("2022-02-30").expect_err("no such day").message,
            "`2022-02-30` is not a day of the calendar: February 2022 has 28 days"
        );
    }

    #[test]
    fn overlap_treats_missing_bounds_as_unbounded() {
        let d = parse("2022-08/2022-10").expect("valid");
        assert!(d.overlaps(Some(day("2022-10-31")), None));
        assert!(!d.overlaps(Some(day("2022-11-01")), None));
        assert!(!d.overlaps(None, Some(day("2022-07-31"))));
        assert!(parse("../2022-10")
            .expect("valid")
            .overlaps(None, Some(day("1990-01-01"))));
    }

    #[test]
    fn an_open_start_is_mapped_to_the_start_of_its_ends_period() {
        let d = parse("/2022-09").expect("valid");
        assert_eq!(d.start_day(), None);
        assert_eq!(d.map_start(), Some(day("2022-09-01")));
        assert!(d.open_start());
        let d = parse("2022-08-18/..").expect("valid");
        assert_eq!(d.map_start(), Some(day("2022-08-18")));
        assert!(!d.open_start());
    }

    #[test]
    fn plain_days_for_flags() {
        assert_eq!(parse_day("2022-08-01"), Ok(day("2022-08-01")));
        assert!(parse_day("2022-08").is_err());
        assert!(parse_day("2022-08-01?").is_err());
    }

    /// What a value means: its days, precision, qualifier and shape.
    fn meaning(d: &EventDate) -> impl PartialEq + std::fmt::Debug {
        (
            d.start_day(),
            d.end_day(),
            d.map_start(),
            d.open_start(),
            d.precision(),
            d.qualifier(),
            d.interval,
            d.start,
            d.end,
        )
    }

    fn edtf_end() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let date = (
            1000i32..3000,
            proptest::option::of((1u32..=13, proptest::option::of(1u32..=32))),
            proptest::sample::select(vec!["", "?", "~", "%"]),
            any::<bool>(),
        )
            .prop_map(|(y, md, q, xx)| {
                let mut t = format!("{y:04}");
                if let Some((m, d)) = md {
                    if xx && d.is_none() {
                        t.push_str("-XX");
                    } else {
                        let _ = write!(t, "-{m:02}");
                    }
                    match d {
                        Some(_) if xx => t.push_str("-XX"),
                        Some(d) => {
                            let _ = write!(t, "-{d:02}");
                        }
                        None => {}
                    }
                }
                t + q
            });
        prop_oneof![8 => date, 1 => Just("..".to_owned()), 1 => Just(String::new())]
    }

    proptest::proptest! {
        /// Any EDTF value that parses round-trips through its canonical form to the same start,
        /// end, precision and qualifier (the canonical form is a fixed point).
        #[test]
        fn parsed_values_round_trip_through_canonical_edtf(
            a in edtf_end(),
            b in edtf_end(),
            interval in proptest::bool::ANY,
        ) {
            let text = if interval { format!("{a}/{b}") } else { a };
            if let Ok(date) = parse(&text) {
                let canonical = date.edtf();
                let again = parse(&canonical)
                    .unwrap_or_else(|e| panic!("{text} -> {canonical}: {e}"));
                proptest::prop_assert_eq!(meaning(&date), meaning(&again), "{} -> {}", text, canonical);
                proptest::prop_assert_eq!(again.edtf(), canonical);
            }
        }

        /// Any text at all: it parses or is refused, and what parses round-trips too.
        #[test]
        fn any_text_parses_or_is_refused_and_round_trips(text in "[0-9X?~%./ -]{0,24}") {
            if let Ok(date) = parse(&text) {
                let again = parse(&date.edtf());
                proptest::prop_assert!(again.is_ok(), "{} -> {}", text, date.edtf());
                proptest::prop_assert_eq!(meaning(&date), meaning(&again.expect("checked")));
            }
        }
    }
}
