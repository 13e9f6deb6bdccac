//! Counts of people, read by the rules of `crate::readings::counts`: `30+` is 30 "at least",
//! never guessed from `1,310` (a thousand and more in one country, one and a bit in another).

use super::{reading, Problem};
use crate::diagnostics::Code;
use crate::readings::counts::{read_count, read_count_number, Count, CountContext};
use crate::readings::Reading;

/// Reads a count cell (non-empty text) as its column's context says.
pub fn count(text: &str, context: &CountContext) -> Result<Reading<Count>, Problem> {
    reading::refuse_unsafe(text, Code::BadCount)?;
    read_count(text, context).map_err(|e| reading::error(e, Code::BadCount))
}

/// Reads a spreadsheet's number cell in a count column.
pub fn number(value: f64) -> Result<Reading<Count>, Problem> {
    read_count_number(value).map_err(|e| reading::error(e, Code::BadCount))
}
