//! Reading EDTF text: the forms `crate::dates` accepts, each refusal saying what was wrong
//! and what would be right.

use super::{days_in_month, End, Ends, EventDate, PartialDate, Precision, Qualifier, MONTHS};
use chrono::NaiveDate;

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
            ends: Ends::Both(date, date),
            interval: false,
        });
    };
    let ends = match (parse_end(left)?, parse_end(right)?) {
        (End::Date(s), End::Date(e)) if e.last_day() < s.first_day() => {
            return Err(DateError {
                message: format!("the interval `{text}` ends before it starts"),
                hint: "put the earlier date first: START/END",
            })
        }
        (End::Date(s), End::Date(e)) => Ends::Both(s, e),
        (End::Date(s), open) => Ends::From(s, open),
        (open, End::Date(e)) => Ends::Until(open, e),
        _ => {
            return Err(error(format!(
                "the interval `{text}` has no date at either end"
            )))
        }
    };
    Ok(EventDate {
        text: text.to_owned(),
        ends,
        interval: true,
    })
}

fn parse_end(text: &str) -> Result<End, DateError> {
    match text {
        "" => Ok(End::Unknown),
        ".." => Ok(End::Open),
        _ => parse_date(text).map(End::Date),
    }
}

/// The qualifier at the end of a date, and the date before it.
fn split_qualifier(text: &str) -> (&str, Qualifier) {
    let (uncertain, approximate) = match text.as_bytes().last() {
        Some(b'?') => (true, false),
        Some(b'~') => (false, true),
        Some(b'%') => (true, true),
        _ => return (text, Qualifier::default()),
    };
    (
        &text[..text.len() - 1],
        Qualifier {
            uncertain,
            approximate,
        },
    )
}

fn parse_date(text: &str) -> Result<PartialDate, DateError> {
    let (body, qualifier) = split_qualifier(text);
    let bad = || error(format!("`{text}` is not a date"));
    // Year, month, day: at most three fields, none empty.
    let mut parts = body.split('-');
    let mut fields = [""; 3];
    let mut count = 0;
    for part in parts.by_ref().take(3) {
        fields[count] = part;
        count += 1;
    }
    if parts.next().is_some() || fields[..count].iter().any(|f| f.is_empty()) {
        return Err(bad());
    }
    let fields = &fields[..count];
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
    let (month, day) = month_and_day(text, fields)?;
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
    PartialDate::new(year, month, day, qualifier).ok_or_else(bad)
}

/// The month and day fields, `XX` (unspecified) read as not given.
fn month_and_day(text: &str, fields: &[&str]) -> Result<(Option<u32>, Option<u32>), DateError> {
    let unspecified = |f: Option<&&str>| f.is_some_and(|f| *f == "XX");
    let number = |f: &str, what: &str| -> Result<u32, DateError> {
        if f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()) {
            f.parse()
                .map_err(|_| error(format!("`{text}` is not a date")))
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
    Ok((month, day))
}

/// Parses a plain ISO 8601 calendar date (`YYYY-MM-DD`), as `--from`, `--to` and
/// `source_date` take.
/// The day's year must be one of [`super::YEARS`].
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let date = parse_date(text.trim())?;
    if date.precision() == Precision::Day && date.qualifier() == Qualifier::default() {
        let day = date.first_day();
        let one = EventDate {
            text: text.trim().to_owned(),
            ends: Ends::Both(date, date),
            interval: false,
        };
        super::check_years(text.trim(), &one)?;
        Ok(day)
    } else {
        Err(DateError {
            message: format!("`{}` is not a full date", text.trim()),
            hint: "write YYYY-MM-DD, e.g. 2022-11-02",
        })
    }
}
