//! Text cells: what makes a cell unreadable as text, and the characters no text cell may hold
//! because an output could not carry them, each as a problem.

use super::Problem;
use crate::chars::not_xml;
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

/// A text cell holding `c`, which XML 1.0 cannot carry: tonle.qgs would not open in QGIS and
/// strict parsers would refuse it, so the cell is refused at validation, whatever its column.
pub fn not_xml_problem(c: char) -> Problem {
    Problem::new(
        Code::NotXmlText,
        format!(
            "the field holds the character U+{:04X}, which XML 1.0 (tonle.qgs) cannot carry",
            u32::from(c)
        ),
    )
    .hint("delete it: it is invisible, usually pasted by accident; retype the text or paste it as plain text")
}

/// Checks a text cell: the problem its first character XML cannot carry makes, if any.
pub fn xml_text(text: &str) -> Result<(), Problem> {
    not_xml(text).map_or(Ok(()), |c| Err(not_xml_problem(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_problem_names_the_character() {
        let problem = xml_text("a\u{fffe}").expect_err("refused");
        assert!(problem.message.contains("U+FFFE"), "{}", problem.message);
        assert!(xml_text("\u{1}").expect_err("refused").message.contains("U+0001"));
        assert_eq!(xml_text("tab\tand\nlines"), Ok(()));
    }
}
