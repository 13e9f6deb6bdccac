//! Spreadsheet day numbers. Excel and LibreOffice store a date as a count of days: in the
//! 1900 system (the default) day 1 is 1900-01-01 and day 60 is 29 February 1900, a day that
//! never was (Lotus 1-2-3's leap-year bug, kept for compatibility), so from day 61 on the
//! count is one ahead of the calendar; in the 1904 system (old Mac workbooks) day 0 is
//! 1904-01-01. A fraction is the time of day.

use super::finish;
use crate::dates::EventDate;
use crate::readings::{Applied, Reading, ReadingError, Rule};
use chrono::NaiveDate;

/// A workbook's date system, which the workbook itself records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SerialSystem {
    /// Day 1 is 1900-01-01 (Excel's and LibreOffice's default).
    #[default]
    Excel1900,
    /// Day 0 is 1904-01-01.
    Excel1904,
}

/// The calendar day of a day number, or why there is none.
fn day_of(serial: f64, system: SerialSystem) -> Result<NaiveDate, String> {
    if !(0.0..3_000_000.0).contains(&serial) {
        return Err(format!("{serial} is not a spreadsheet day number"));
    }
    // Checked within 0..3e6 above (NaN fails the check), so the whole part fits an i64 exactly.
    #[allow(clippy::cast_possible_truncation)]
    let days = serial.trunc() as i64;
    let (epoch, offset) = match system {
        SerialSystem::Excel1900 if days == 60 => {
            return Err(
                "day 60 is 29 February 1900, which never was (the 1900 system's leap-year bug)"
                    .to_owned(),
            )
        }
        SerialSystem::Excel1900 if days == 0 => {
            return Err("day 0 is no day in the 1900 system".to_owned())
        }
        SerialSystem::Excel1900 if days < 60 => (NaiveDate::from_ymd_opt(1899, 12, 31), days),
        SerialSystem::Excel1900 => (NaiveDate::from_ymd_opt(1899, 12, 30), days),
        SerialSystem::Excel1904 => (NaiveDate::from_ymd_opt(1904, 1, 1), days),
    };
    epoch
        .and_then(|e| e.checked_add_signed(chrono::TimeDelta::try_days(offset)?))
        .ok_or_else(|| format!("{serial} is beyond the calendar"))
}

/// Reads a numeric spreadsheet cell that holds a date (a day number) as that day; a fraction
/// (the time of day) is dropped with a note.
pub fn read_serial(serial: f64, system: SerialSystem) -> Result<Reading<EventDate>, ReadingError> {
    let written = serial.to_string();
    let day = day_of(serial, system).map_err(|why| {
        ReadingError::new(
            "bad-date",
            format!("the spreadsheet date {written} cannot be read: {why}"),
            "format the cell as a date in the spreadsheet, or write the date as YYYY-MM-DD",
        )
    })?;
    let rule = match system {
        SerialSystem::Excel1900 => Rule::DateSerial1900,
        SerialSystem::Excel1904 => Rule::DateSerial1904,
    };
    let mut applied = vec![Applied::rule(rule)];
    if serial.fract() != 0.0 {
        // A fraction of a day in minutes: 0..=1440, exact enough for a note.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let minutes = (serial.fract() * 1440.0).round() as u32;
        applied.push(Applied::with(
            Rule::DateTimeOfDay,
            format!("{:02}:{:02}", minutes / 60, minutes % 60),
        ));
    }
    finish(&written, &day.format("%Y-%m-%d").to_string(), applied)
}

/// The error for a five-digit number in a text cell: a day number whose date format was lost
/// on export, whose date depends on the workbook's system.
pub(super) fn looks_like_serial(text: &str, value: u64) -> ReadingError {
    let reading = |system| {
        // Five digits: well within f64's exact integers.
        #[allow(clippy::cast_precision_loss)]
        let serial = value as f64;
        day_of(serial, system).map(|d| d.format("%Y-%m-%d").to_string())
    };
    let readings: Vec<String> = [SerialSystem::Excel1900, SerialSystem::Excel1904]
        .into_iter()
        .filter_map(|s| reading(s).ok())
        .collect();
    ReadingError::new(
        "ambiguous-date",
        format!(
            "`{text}` looks like a spreadsheet day number that lost its date format: {} in the 1900 system, {} in the 1904 system",
            readings.first().map_or("?", String::as_str),
            readings.get(1).map_or("?", String::as_str)
        ),
        "format the column as dates in the spreadsheet and export again, or write the date as YYYY-MM-DD",
    )
    .with_readings(readings)
}
