//! The event date: EDTF, see `crate::dates`.

use super::Problem;
use crate::dates::{self, EventDate};
use crate::diagnostics::Code;

/// Parses an event's date (non-empty).
pub fn date(text: &str) -> Result<EventDate, Problem> {
    dates::parse(text)
        .and_then(|date| dates::check_years(text, &date).map(|()| date))
        .map_err(|e| Problem::new(Code::BadDate, e.message).hint(e.hint))
}
