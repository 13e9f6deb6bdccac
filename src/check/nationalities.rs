//! Nationalities, read by the rules of `crate::readings::nationalities` (codes in any case,
//! alpha-3, English names and demonyms) into ISO 3166-1 alpha-2 codes with optional counts,
//! `CN:62;VN:9`, kept canonical.

use super::{reading, Problem};
use crate::diagnostics::Code;
use crate::events::TextBuilder;
use crate::readings::nationalities::read_nationalities;
use crate::readings::Note;
use std::fmt::Write as _;

/// Writes the nationalities, canonical, as the builder's current field (empty when the cell
/// cannot be read: the problem says why). Returns the note when the cell was not canonical.
pub fn nationalities(text: &str, out: &mut TextBuilder) -> Result<Option<Note>, Problem> {
    if text.is_empty() {
        out.end();
        return Ok(None);
    }
    if let Err(problem) = reading::refuse_unsafe(text, Code::BadNationality) {
        out.end();
        return Err(problem);
    }
    match read_nationalities(text) {
        Ok(read) => {
            for n in &read.value {
                out.item(n.code);
                if let Some(count) = n.count {
                    // Writing to a String cannot fail.
                    let _ = write!(out, ":{count}");
                }
            }
            out.end();
            Ok(read.note)
        }
        Err(e) => {
            out.end();
            Err(reading::error(e, Code::BadNationality))
        }
    }
}
