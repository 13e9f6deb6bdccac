//! A workbook cell as tonle's [`Value`]: text, a number, a calendar day, a boolean, or a
//! formula's error. A date-typed cell holding a whole day is a [`Value::Date`]; one with a time
//! of day is the text a person would type (`2022-08-26 14:00`), so that the date reader keeps
//! the day and says what it dropped; a date Excel cannot show (29 February 1900, a time with no
//! day, a duration) stays the number it is, for the date reader to explain.

use super::super::Value;
use calamine::{CellErrorType, Data, DataRef, ExcelDateTime};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// Text cells reuse the strings of the row before, so that a sheet of text costs no
/// allocation per cell once its rows have been seen.
#[derive(Debug, Default)]
pub struct Spare(Vec<String>);

impl Spare {
    /// Keeps the strings of a row's values for the next row.
    pub fn recycle(&mut self, values: &mut Vec<Value>) {
        for value in values.drain(..) {
            if let Value::Text(text) = value {
                self.0.push(text);
            }
        }
    }

    /// A text value holding `text`, in a recycled string when there is one.
    pub fn text(&mut self, text: &str) -> Value {
        let mut s = self.0.pop().unwrap_or_default();
        s.clear();
        s.push_str(text);
        Value::Text(s)
    }
}

/// A streamed xlsx cell as a value.
pub fn from_ref(data: DataRef<'_>, spare: &mut Spare) -> Value {
    match data {
        DataRef::Empty => Value::Empty,
        DataRef::String(text) | DataRef::DurationIso(text) => Value::Text(text),
        DataRef::SharedString(text) => spare.text(text),
        DataRef::Int(n) => int(n),
        DataRef::Float(n) => Value::Number(n),
        DataRef::Bool(b) => Value::Bool(b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::DateTimeIso(text) => iso_date_time(&text),
        DataRef::Error(e) => Value::Error(error(&e)),
    }
}

/// A cell of a sheet read whole (.xls, .ods, .xlsb) as a value.
pub fn from_data(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(text) | Data::DurationIso(text) => Value::Text(text.clone()),
        Data::Int(n) => int(*n),
        Data::Float(n) => Value::Number(*n),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_time(*dt),
        Data::DateTimeIso(text) => iso_date_time(text),
        Data::Error(e) => Value::Error(error(e)),
    }
}

fn int(n: i64) -> Value {
    // A cell's integer is a spreadsheet number, which is an f64 to begin with.
    #[allow(clippy::cast_precision_loss)]
    Value::Number(n as f64)
}

/// The largest day number Excel shows (9999-12-31) plus one.
const PAST_LAST_DAY: f64 = 2_958_466.0;

fn date_time(dt: ExcelDateTime) -> Value {
    let serial = dt.as_f64();
    if dt.is_duration() || !(1.0..PAST_LAST_DAY).contains(&serial) {
        return Value::Number(serial);
    }
    let (year, month, day, hour, minute, _, _) = dt.to_ymd_hms_milli();
    let Some(day) = NaiveDate::from_ymd_opt(year.into(), month.into(), day.into()) else {
        // 29 February 1900, which the 1900 date system counts and the calendar does not.
        return Value::Number(serial);
    };
    if serial.fract() == 0.0 {
        Value::Date(day)
    } else {
        let mut text = day.format("%Y-%m-%d").to_string();
        // Writing to a String cannot fail.
        let _ = write!(text, " {hour:02}:{minute:02}");
        Value::Text(text)
    }
}

/// An OpenDocument date (`2022-08-26`, `2022-08-26T14:00:00`): a day, or a day and a time.
fn iso_date_time(text: &str) -> Value {
    let Some(day) = text
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    else {
        return Value::Text(text.to_owned());
    };
    let time = text.get(11..).unwrap_or("");
    if time.chars().all(|c| matches!(c, '0' | ':' | '.')) {
        Value::Date(day)
    } else {
        let minutes = time.get(..5).unwrap_or(time);
        Value::Text(format!("{} {minutes}", day.format("%Y-%m-%d")))
    }
}

fn error(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#DATA!",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn day(y: i32, m: u32, d: u32) -> Value {
        Value::Date(NaiveDate::from_ymd_opt(y, m, d).expect("a day"))
    }

    #[test]
    fn date_cells_are_days_or_the_text_a_person_would_type() {
        let cell = |serial: f64, is_1904: bool| {
            date_time(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                is_1904,
            ))
        };
        assert_eq!(cell(44_805.0, false), day(2022, 9, 1));
        assert_eq!(cell(43_343.0, true), day(2022, 9, 1));
        assert_eq!(
            cell(44_799.583_333_333_336, false),
            Value::Text("2022-08-26 14:00".to_owned())
        );
        // The day that never was, a time alone, and a duration stay numbers.
        assert_eq!(cell(60.0, false), Value::Number(60.0));
        assert_eq!(cell(0.5, false), Value::Number(0.5));
        let duration = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(date_time(duration), Value::Number(1.5));
    }

    #[test]
    fn opendocument_dates_are_days_or_day_and_time() {
        assert_eq!(iso_date_time("2022-08-26"), day(2022, 8, 26));
        assert_eq!(iso_date_time("2022-08-26T00:00:00"), day(2022, 8, 26));
        assert_eq!(
            iso_date_time("2022-08-26T14:05:00"),
            Value::Text("2022-08-26 14:05".to_owned())
        );
        assert_eq!(iso_date_time("PT3H"), Value::Text("PT3H".to_owned()));
    }

    #[test]
    fn strings_are_recycled_from_row_to_row() {
        let mut spare = Spare::default();
        let mut row = vec![spare.text("a long first value"), Value::Number(1.0)];
        spare.recycle(&mut row);
        assert!(row.is_empty());
        let Value::Text(s) = spare.text("b") else {
            panic!("text")
        };
        assert_eq!(s, "b");
        assert!(s.capacity() >= "a long first value".len());
    }
}
