//! Splits a date cell into numbers, words and separators, so that each written form is one
//! slice pattern (`[W(month), N(year, 4)]`) rather than a hand-written scanner.

/// One token of a date cell, lower case; white space separates tokens and is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    /// A run of digits: its value and how many digits were written (`08` has 2). An ordinal
    /// suffix (`18th`) is dropped.
    N(u64, usize),
    /// A run of ASCII letters; a `.` right after it (`Sept.`, `c.`) is dropped.
    W(&'a str),
    /// Any other character: `/`, `.`, `-`, `,` and the rest.
    S(char),
}

/// The tokens of `lower` (already lower case).
pub(super) fn lex(lower: &str) -> Vec<Tok<'_>> {
    let bytes = lower.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        let rest = &lower[i..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            i += c.len_utf8();
        } else if c.is_ascii_digit() {
            let len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let digits = &rest[..len];
            // More than 18 digits cannot be any date; it stays a token no pattern matches.
            let value = digits.parse::<u64>().unwrap_or(u64::MAX);
            out.push(Tok::N(value, len));
            i += len;
            let suffix = lower[i..]
                .bytes()
                .take_while(u8::is_ascii_alphabetic)
                .count();
            if matches!(&lower[i..i + suffix], "st" | "nd" | "rd" | "th") {
                i += suffix;
            }
        } else if c.is_ascii_alphabetic() {
            let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
            out.push(Tok::W(&rest[..len]));
            i += len;
            if bytes.get(i) == Some(&b'.') {
                i += 1;
            }
        } else {
            out.push(Tok::S(c));
            i += c.len_utf8();
        }
    }
    out
}

/// The month an English month name or abbreviation stands for.
pub(super) fn month(word: &str) -> Option<u32> {
    let m = match word {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// English month names, for messages: `MONTHS[0]` is January.
pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The name of month `m` (1-12), or `?` for anything else.
pub(super) fn month_name(m: u32) -> &'static str {
    usize::try_from(m)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::Tok::{N, S, W};
    use super::*;

    #[test]
    fn numbers_words_and_separators() {
        assert_eq!(
            lex("18th aug., 2022"),
            vec![N(18, 2), W("aug"), S(','), N(2022, 4)]
        );
        assert_eq!(
            lex("05.04.2023"),
            vec![N(5, 2), S('.'), N(4, 2), S('.'), N(2023, 4)]
        );
        assert_eq!(lex("q3-2022"), vec![W("q"), N(3, 1), S('-'), N(2022, 4)]);
        assert_eq!(lex("99999999999999999999999")[0], N(u64::MAX, 23));
        assert_eq!(lex("é1"), vec![S('é'), N(1, 1)]);
    }

    #[test]
    fn month_names_and_abbreviations() {
        assert_eq!(month("sept"), Some(9));
        assert_eq!(month("may"), Some(5));
        assert_eq!(month("mai"), None);
        assert_eq!(month_name(9), "September");
        assert_eq!(month_name(13), "?");
    }
}
