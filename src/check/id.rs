//! Event ids: stable keys that people type, so no white space inside.

use super::Problem;
use crate::diagnostics::Code;

/// Checks an id (already trimmed and non-empty).
pub fn id(id: &str) -> Result<(), Problem> {
    if id.chars().any(char::is_whitespace) {
        return Err(
            Problem::new(Code::BadId, format!("id `{id}` contains white space"))
                .hint("use letters, digits and hyphens, e.g. kh-2022-014"),
        );
    }
    Ok(())
}
