//! Event ids: stable keys that people type, so no white space inside, and nothing invisible
//! that would make two different ids look the same.

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
    look_alike(id, "id")
}

/// Refuses an invisible or bidi-control character in a key (an event's or a journey's id):
/// `kh-2022-001` with a zero-width space inside, or U+202E after it, would be another id
/// that reads the same.
pub fn look_alike(key: &str, what: &str) -> Result<(), Problem> {
    match crate::chars::hidden(key) {
        None => Ok(()),
        Some(c) => Err(Problem::new(
            Code::InvisibleCharacter,
            format!(
                "{what} `{}` holds the invisible character U+{:04X}, which makes different ids look alike",
                crate::chars::show_hidden(key),
                u32::from(c)
            ),
        )
        .hint("delete it: retype the id, or paste it as plain text")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_invisible_or_bidi_characters_are_refused() {
        assert_eq!(id("kh-2022-001"), Ok(()));
        assert_eq!(id("ខេត្ត-1"), Ok(()));
        for hidden in [
            "kh-2022\u{200b}-001",
            "kh-2022-001\u{202e}",
            "kh\u{ad}-1",
            "\u{feff}kh-1",
        ] {
            let problem = id(hidden).expect_err(hidden);
            assert_eq!(problem.code, Code::InvisibleCharacter, "{hidden:?}");
        }
        assert!(id("kh-2022-001\u{202e}")
            .expect_err("bidi")
            .message
            .contains("U+202E"));
    }
}
