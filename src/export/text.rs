//! Making event text safe for where it goes: HTML bodies, TimelineJS's entity-decoding fields,
//! spreadsheet cells, and coordinates rounded one way.

use std::fmt::Write as _;

/// Escapes text for an HTML body or attribute: the five characters that can start markup.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for fields that a client decodes entities in before inserting as HTML (TimelineJS's
/// `display_date` and `group`): escaping cannot protect them, so `<` and `>` are dropped and
/// `&` becomes `and`. No markup and no entity can survive.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' | '>' => {}
            '&' => out.push_str("and"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return as a
/// formula; a leading `'` makes it text. Only for text cells: numbers stay numbers.
pub fn formula_safe(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// A coordinate rounded to 6 decimals (about 10 cm): the shortest text that reads back as the
/// rounded value, so `10.60932` stays `10.60932` and never becomes `10.609320000000001`.
pub fn round6(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A coordinate as text, the way JSON and CSV outputs write it.
pub fn coordinate(v: f64) -> String {
    let mut out = String::new();
    let _ = write!(out, "{}", round6(v));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_markup_character() {
        assert_eq!(
            html(r#"<img src=x onerror="alert('1')"> & co"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co"
        );
    }

    #[test]
    fn plain_leaves_no_markup_and_no_entity() {
        assert_eq!(
            plain("&lt;img src=x onerror=alert(1)&gt;"),
            "andlt;img src=x onerror=alert(1)andgt;"
        );
        assert_eq!(plain("<script>x</script>"), "scriptx/script");
        assert!(!plain("a & b <c>").contains(['<', '>', '&']));
    }

    #[test]
    fn formula_cells_become_text() {
        assert_eq!(formula_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(formula_safe("-1+1"), "'-1+1");
        assert_eq!(formula_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(formula_safe("Raid"), "Raid");
    }

    #[test]
    fn coordinates_have_at_most_six_decimals() {
        assert_eq!(coordinate(10.609_32), "10.60932");
        assert_eq!(coordinate(103.123_456_789), "103.123457");
        assert_eq!(coordinate(-6.2), "-6.2");
        assert_eq!(coordinate(-0.000_000_1), "0");
        assert_eq!(coordinate(104.0), "104");
    }
}
