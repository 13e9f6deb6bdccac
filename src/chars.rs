//! Characters no cell may hold, because an output cannot carry them (XML 1.0's refusals) or
//! because they make two different texts look the same (invisible and bidi-control
//! characters, refused in ids, place names and links). Declared once here, used by every
//! check that refuses them.

/// Whether XML 1.0 cannot carry `c` (outside its `Char` production): the C0 controls but
/// tab, line feed and carriage return, and the non-characters U+FFFE and U+FFFF. The other
/// characters outside `Char`, the lone surrogates, cannot occur in a Rust `str`: a file
/// holding their bytes (CESU-8, WTF-8) is refused before this as not UTF-8.
pub fn is_not_xml(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// The first character of `text` that XML 1.0 cannot carry (see [`is_not_xml`]). One pass
/// over the bytes decides for nearly every cell: such a character is either a byte below
/// 0x20 or starts with 0xEF.
pub fn not_xml(text: &str) -> Option<char> {
    let suspect = text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF);
    if suspect {
        text.chars().find(|&c| is_not_xml(c))
    } else {
        None
    }
}

/// Whether `c` shows as nothing, or reorders the text around it, and so makes two different
/// strings look the same: format characters (zero-width spaces and joiners, the byte order
/// mark, bidi controls, marks and isolates, soft hyphen), controls, Khmer's invisible inherent
/// vowels, the Hangul fillers, the variation selectors and tags; and U+FFFE and U+FFFF, which
/// XML cannot carry.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}'
            | '\u{17b5}' | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}' | '\u{fff9}'..='\u{fffb}'
            | '\u{fffe}' | '\u{ffff}' | '\u{e0000}'..='\u{e007f}')
}

/// The first hidden character of `text` (see [`is_hidden`]); printable ASCII is decided
/// without decoding.
pub fn hidden(text: &str) -> Option<char> {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    text.chars().find(|&c| is_hidden(c))
}

/// `text` with each hidden character written `\u{200b}`, for a message that shows a value
/// refused for holding one: a zero-width space would otherwise show as nothing at all.
pub fn show_hidden(text: &str) -> std::borrow::Cow<'_, str> {
    if hidden(text).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_refuses_exactly_what_it_cannot_carry() {
        for c in [
            '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{fffe}', '\u{ffff}',
        ] {
            assert_eq!(not_xml(&format!("ok {c} ok")), Some(c), "{c:?}");
        }
        for text in [
            "tab\tnew\nline\rend",
            "Khmer ខេត្ត, ï, €, \u{7f}\u{85}",
            "\u{fffd}\u{10ffff}\u{efff}",
        ] {
            assert_eq!(not_xml(text), None, "{text:?}");
        }
    }

    #[test]
    fn hidden_characters_are_found_and_visible_ones_are_not() {
        for c in [
            '\u{200b}',
            '\u{200d}',
            '\u{202e}',
            '\u{2066}',
            '\u{ad}',
            '\u{feff}',
            '\u{17b4}',
            '\u{e0041}',
            '\t',
        ] {
            assert_eq!(hidden(&format!("kh-{c}1")), Some(c), "{c:?}");
        }
        for text in ["kh-2022-001", "ខេត្តព្រះសីហនុ", "Phnom Penh (ភ្នំពេញ)", "Ðà Nẵng"]
        {
            assert_eq!(hidden(text), None, "{text:?}");
        }
    }

    #[test]
    fn hidden_characters_are_shown_as_escapes() {
        assert_eq!(show_hidden("kh-2022\u{200b}-001"), "kh-2022\\u{200b}-001");
        assert_eq!(show_hidden("ខេត្ត"), "ខេត្ត");
    }

    proptest::proptest! {
        /// The fast paths and the definitions agree on any text.
        #[test]
        fn the_byte_scans_agree_with_the_definitions(
            text in "\\PC*|[\\x00-\\x1f\\u{fffe}\\u{ffff}\\u{eeee}\\u{200b}\\u{202e}a]{0,12}"
        ) {
            proptest::prop_assert_eq!(not_xml(&text), text.chars().find(|&c| is_not_xml(c)));
            proptest::prop_assert_eq!(hidden(&text), text.chars().find(|&c| is_hidden(c)));
        }
    }
}
