//! Splits a nationalities cell into words, numbers and separators, keeping where each was
//! written so that a note can tell a canonical `CN:62;VN` from `CN: 62, VN`.

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// A word as written (letters, with `.` and apostrophes inside: `U.S.`, `d'Ivoire`).
    Word,
    /// A whole number.
    Number(u64),
    /// `;`, `,`, `/`, `&`, `|` or the word `and`.
    Separator,
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// `:`.
    Colon,
    /// Anything else that is not white space or a hyphen (`+`, `~`, `>`).
    Other,
}

/// One token and the byte range it was written at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    /// The token as written in `cell`.
    pub fn text<'a>(&self, cell: &'a str) -> &'a str {
        &cell[self.start..self.end]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '.' | '\'' | '\u{2019}')
}

/// The tokens of a cell. A hyphen separates words (`Guinea-Bissau` is two words of one name)
/// but not items.
pub(super) fn lex(cell: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = cell.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let kind = if c.is_alphabetic() {
            while let Some(&(at, next)) = chars.peek() {
                if !is_word_char(next) {
                    break;
                }
                end = at + next.len_utf8();
                chars.next();
            }
            if cell[start..end].eq_ignore_ascii_case("and") {
                Kind::Separator
            } else {
                Kind::Word
            }
        } else if c.is_ascii_digit() {
            while let Some(&(at, next)) = chars.peek() {
                if !next.is_ascii_digit() {
                    break;
                }
                end = at + 1;
                chars.next();
            }
            // More digits than a u64 holds is no count of people; u64::MAX is refused later.
            Kind::Number(cell[start..end].parse().unwrap_or(u64::MAX))
        } else {
            match c {
                ';' | ',' | '/' | '&' | '|' => Kind::Separator,
                '(' | '[' => Kind::Open,
                ')' | ']' => Kind::Close,
                ':' => Kind::Colon,
                '-' | '\u{2013}' | '\u{2014}' => continue,
                c if c.is_whitespace() => continue,
                _ => Kind::Other,
            }
        };
        out.push(Tok { kind, start, end });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_and_separators_with_their_places() {
        let cell = "62 Chinese, U.S. and Côte d'Ivoire (3)";
        let kinds: Vec<(Kind, &str)> = lex(cell)
            .iter()
            .map(|t| (t.kind.clone(), t.text(cell)))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Number(62), "62"),
                (Kind::Word, "Chinese"),
                (Kind::Separator, ","),
                (Kind::Word, "U.S."),
                (Kind::Separator, "and"),
                (Kind::Word, "Côte"),
                (Kind::Word, "d'Ivoire"),
                (Kind::Open, "("),
                (Kind::Number(3), "3"),
                (Kind::Close, ")"),
            ]
        );
        assert_eq!(lex("Guinea-Bissau").len(), 2);
        assert_eq!(lex("30+")[1].kind, Kind::Other);
    }
}
