//! The event date: EDTF, see `crate::dates`.

use super::Problem;
use crate::dates::{self, EventDate};
use crate::diagnostics::Code;

/// Parses an event's date (non-empty).
pub fn date(text: &str) -> Result<EventDate, Problem> {
    dates::parse(text).map_err(|e| Problem::new(Code::BadDate, e.message).hint(e.hint))
}
