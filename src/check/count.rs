//! Counts of people: whole numbers, never guessed from `1,310` (a thousand and more in one
//! country, one and a bit in another).

use super::Problem;
use crate::diagnostics::Code;

/// Reads a count (non-empty) for the column `name`.
pub fn count(text: &str, name: &str) -> Result<u64, Problem> {
    if let Ok(n) = text.parse::<u64>() {
        return Ok(n);
    }
    let hint = if text.contains([',', ' ', '\u{a0}', '.', '\''])
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || ", .'\u{a0}".contains(c))
    {
        "write the number without thousands separators (1310, not 1,310); a decimal is not a count of people"
    } else if text.starts_with('-') {
        "counts are whole numbers of people, 0 or more"
    } else {
        "a whole number of people, or empty when unknown; for \"over 100\" or \"4 or 5\" write the lowest figure and say so in count_note"
    };
    Err(Problem::new(
        Code::BadCount,
        format!("`{name}` is not a whole number: `{text}`"),
    )
    .hint(hint))
}
