//! The event date: read by the rules of `crate::readings::dates` into EDTF.

use super::{reading, Problem};
use crate::dates::EventDate;
use crate::diagnostics::Code;
use crate::readings::dates::{read_date, read_serial, DateContext, SerialSystem};
use crate::readings::Reading;

/// Reads an event's date (non-empty) as the column's context says.
pub fn date(text: &str, context: &DateContext) -> Result<Reading<EventDate>, Problem> {
    reading::refuse_unsafe(text, Code::BadDate)?;
    read_date(text, context).map_err(|e| reading::error(e, Code::BadDate))
}

/// Reads a spreadsheet's number cell in the date column: a day number.
pub fn serial(value: f64, system: SerialSystem) -> Result<Reading<EventDate>, Problem> {
    read_serial(value, system).map_err(|e| reading::error(e, Code::BadDate))
}
