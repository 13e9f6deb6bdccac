//! Text cells: what makes a cell unreadable as text, as a problem.

use super::Problem;
use crate::diagnostics::Code;
use crate::input::{Unreadable, NOT_UTF8_HINT};

/// Why a cell could not be read, as a problem to report against it.
pub fn unreadable(why: Unreadable) -> Problem {
    match why {
        Unreadable::NotUtf8 {
            byte,
            offset,
            looks_like,
        } => Problem::new(
            Code::NotUtf8,
            format!("the field is not valid UTF-8 (byte 0x{byte:02X} at offset {offset}); the file looks like {looks_like}"),
        )
        .hint(NOT_UTF8_HINT),
        Unreadable::Nul => {
            Problem::new(Code::NulByte, "the field contains a NUL byte").hint("remove it; a CSV of text has none")
        }
        Unreadable::CellError(error) => Problem::new(
            Code::CellError,
            format!("the cell holds the spreadsheet error {error}: its formula failed"),
        )
        .hint("fix the formula, or replace it by the value it should give (Paste Special > Values)"),
    }
}
