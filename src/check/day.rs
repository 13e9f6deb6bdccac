//! Plain calendar days (`source_date`): `YYYY-MM-DD` and nothing vaguer.

use super::Problem;
use crate::dates;
use crate::diagnostics::Code;
use chrono::NaiveDate;

/// Parses a full day (non-empty).
pub fn day(text: &str) -> Result<NaiveDate, Problem> {
    dates::parse_day(text).map_err(|e| Problem::new(Code::BadDate, e.message).hint(e.hint))
}
