//! Making text from a file safe to print on a terminal: a cell can hold ESC sequences (colours,
//! a clipboard write through OSC 52), a BEL, a newline that forges a `file:line: error:` line of
//! its own, or a bidi control that makes a message read backwards. Each such character is shown
//! as `\u{1b}` instead, in text and JSON alike, so what the user reads is what the file holds.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character changes what a terminal shows rather than showing itself: C0 and C1
/// controls (newline and tab included: a message is one line), DEL, the bidi embeddings,
/// overrides, isolates and marks, and the Unicode line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// The text with every unsafe character written as `\u{..}` (lower-case hex, no padding, as
/// Rust writes it); borrowed when there is nothing to escape, which is nearly always.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_visible_escapes() {
        assert_eq!(escape("plain, Khmer ខេត្ត"), "plain, Khmer ខេត្ត");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(escape("\u{7}\u{9b}x"), "\\u{7}\\u{9b}x");
        assert_eq!(
            escape("line\nother.csv:9:9: error: fake"),
            "line\\u{a}other.csv:9:9: error: fake"
        );
        assert_eq!(escape("id\u{202e}txt.exe"), "id\\u{202e}txt.exe");
        assert_eq!(
            escape("\u{2066}x\u{2069}\u{2028}"),
            "\\u{2066}x\\u{2069}\\u{2028}"
        );
    }

    proptest::proptest! {
        /// Whatever the text, nothing unsafe survives, and safe text is unchanged.
        #[test]
        fn nothing_unsafe_survives(text in "\\PC*|[\\x00-\\x1f\\u{202a}-\\u{202e}a]{0,20}") {
            let escaped = escape(&text);
            proptest::prop_assert!(!escaped.chars().any(is_unsafe));
            if !text.chars().any(is_unsafe) {
                proptest::prop_assert_eq!(escaped.as_ref(), text.as_str());
            }
        }
    }
}
