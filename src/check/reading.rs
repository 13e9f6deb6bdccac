//! Readings (`crate::readings`) as the row checker reports them: a reading that changed a cell
//! is a `note` at its cell, a [`ReadingError`] an error with its hint and every reading the cell
//! could have.

use super::Problem;
use crate::diagnostics::{Code, Severity};
use crate::readings::{Note, ReadingError};

/// What a column's cells need to be read: settled once per input, before its first row, by a
/// pre-scan of the column (`crate::read`) and the flags.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The `date` column's day/month order.
    pub date: crate::readings::dates::DateContext,
    /// Each count column's thousands separator, by count slot.
    pub counts: [crate::readings::counts::CountContext; crate::schema::COUNT_SLOTS],
}

/// The note saying how a cell was read.
pub fn note(note: &Note) -> Problem {
    Problem {
        severity: Severity::Note,
        code: Code::ReadAs,
        message: note.text(),
        hint: None,
    }
}

/// A cell read by rules must hold no control or bidi character other than white space: the
/// rules fold punctuation away, and a cell that reads `raid` must not display otherwise.
pub fn refuse_unsafe(text: &str, code: Code) -> Result<(), Problem> {
    match text
        .chars()
        .find(|c| crate::diagnostics::is_unsafe(*c) && !c.is_whitespace())
    {
        None => Ok(()),
        Some(c) => Err(Problem::new(
            code,
            format!(
                "`{text}` holds the invisible or control character U+{:04X}",
                c as u32
            ),
        )
        .hint("delete the character (copied text often carries one) and write the value again")),
    }
}

/// A cell that could not be read, as an error of `fallback`'s kind unless the reading names a
/// finer one; the readings it could have are added to the hint when the message lacks them.
pub fn error(e: ReadingError, fallback: Code) -> Problem {
    let code = Code::from_name(e.code).unwrap_or(fallback);
    let missing: Vec<&str> = e
        .readings
        .iter()
        .map(String::as_str)
        .filter(|r| !e.message.contains(r))
        .collect();
    let hint = if missing.is_empty() {
        e.hint
    } else {
        format!("{} (it could be {})", e.hint, e.readings.join(" or "))
    };
    Problem::new(code, e.message).hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_keeps_its_kind_and_every_reading() {
        let e = ReadingError::new("ambiguous-count", "`1,310` is two numbers", "say which")
            .with_readings(vec!["1310".into(), "1.31".into()]);
        let p = error(e, Code::BadCount);
        assert_eq!(p.code, Code::AmbiguousCount);
        assert_eq!(
            p.hint.as_deref(),
            Some("say which (it could be 1310 or 1.31)")
        );
        let e = ReadingError::new("no-such-kind", "`x`", "y");
        assert_eq!(error(e, Code::BadCount).code, Code::BadCount);
    }
}
