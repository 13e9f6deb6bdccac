//! The number in a count: digits with or without thousands separators, or English words.
//! `1,310` is 1310 only where the column's separator is settled (`--thousands ,`, or another
//! cell such as `1,310,000` or `12.5` that reads one way only); otherwise it is an error
//! giving both readings.

use super::{not_a_count, CountContext, SettledThousands, ThousandsSource};
use crate::readings::{Applied, ReadingError, Rule};

/// The character that separates thousands in a column; the other one is then the decimal
/// mark. Spaces and apostrophes (`1 310`, `1'310`) are never decimal marks, so they need no
/// setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thousands {
    /// `1,310` is 1310 (and `1.5` a decimal).
    Comma,
    /// `1.310` is 1310 (and `1,5` a decimal).
    Dot,
}

impl Thousands {
    /// Reads the value of `--thousands`: `,` or `.` (or the words `comma`, `dot`).
    pub fn from_flag(text: &str) -> Result<Thousands, ReadingError> {
        match text.trim() {
            "," | "comma" => Ok(Thousands::Comma),
            "." | "dot" | "period" => Ok(Thousands::Dot),
            other => Err(ReadingError::new(
                "bad-flag",
                format!("`{other}` is not a thousands separator tonle knows"),
                "write --thousands , (1,310 is 1310) or --thousands . (1.310 is 1310)",
            )),
        }
    }

    fn char(self) -> char {
        match self {
            Thousands::Comma => ',',
            Thousands::Dot => '.',
        }
    }

    fn of(c: char) -> Option<Thousands> {
        match c {
            ',' => Some(Thousands::Comma),
            '.' => Some(Thousands::Dot),
            _ => None,
        }
    }

    fn other(self) -> Thousands {
        match self {
            Thousands::Comma => Thousands::Dot,
            Thousands::Dot => Thousands::Comma,
        }
    }
}

/// Separators that only ever group thousands.
const GROUPING: [char; 6] = [' ', '\u{a0}', '\u{202f}', '\u{2009}', '\'', '\u{2019}'];

/// A number read from the start of a text, and what follows it.
pub(super) struct Figure<'a> {
    pub value: u64,
    pub rest: &'a str,
    /// The rule that read it, when it was not plain digits.
    pub rule: Option<Applied>,
}

/// Reads the number at the start of `text` (lower case).
pub(super) fn number<'a>(
    cell: &str,
    text: &'a str,
    context: &CountContext,
) -> Result<Figure<'a>, ReadingError> {
    if let Some((value, len)) = word_value(text) {
        let rule = Some(Applied::with(
            Rule::CountWords,
            format!("\"{}\"", &text[..len]),
        ));
        return Ok(Figure {
            value,
            rest: &text[len..],
            rule,
        });
    }
    let lead = digits(text);
    if lead.is_empty() {
        return Err(not_a_count(cell));
    }
    let mut at = lead.len();
    let mut groups: Vec<char> = Vec::new();
    let mut decimal: Option<(char, &str)> = None;
    while let Some(sep) = text[at..].chars().next() {
        let run = digits(&text[at + sep.len_utf8()..]);
        if run.is_empty() || !(GROUPING.contains(&sep) || sep == ',' || sep == '.') {
            break;
        }
        if run.len() == 3 && groups.first().is_none_or(|g| *g == sep) {
            groups.push(sep);
        } else if GROUPING.contains(&sep) {
            break;
        } else {
            decimal = Some((sep, run));
        }
        at += sep.len_utf8() + run.len();
        if decimal.is_some() {
            break;
        }
    }
    let written = &text[..at];
    let whole: String = written
        .chars()
        .take_while(|c| decimal.is_none_or(|(d, _)| *c != d))
        .filter(char::is_ascii_digit)
        .collect();
    let value = whole.parse::<u64>().map_err(|_| not_a_count(cell))?;
    let rule = classify(cell, written, &groups, decimal, context)?;
    Ok(Figure {
        value,
        rest: &text[at..],
        rule,
    })
}

/// Decides what the separators in a number mean; errors where it cannot be a whole count or
/// could be read two ways.
fn classify(
    cell: &str,
    written: &str,
    groups: &[char],
    decimal: Option<(char, &str)>,
    context: &CountContext,
) -> Result<Option<Applied>, ReadingError> {
    let settled = context.thousands.as_ref();
    if let Some((mark, fraction)) = decimal {
        let zeros = fraction.bytes().all(|b| b == b'0') && fraction.len() <= 2;
        let mark_is_thousands = settled.is_some_and(|s| s.separator.char() == mark);
        if groups.is_empty() && zeros && !mark_is_thousands {
            return Ok(Some(Applied::with(
                Rule::CountPlain,
                format!("{written} is a whole number"),
            )));
        }
        return Err(not_whole(cell, written));
    }
    let Some(&sep) = groups.first() else {
        let plain = written.len() > 1 && written.starts_with('0');
        return Ok(plain.then(|| Applied::with(Rule::CountPlain, "leading zeros dropped")));
    };
    let Some(kind) = Thousands::of(sep) else {
        return Ok(Some(Applied::with(
            Rule::CountThousands,
            format!("`{sep}` between thousands"),
        )));
    };
    match settled {
        Some(s) if s.separator == kind => Ok(Some(Applied::with(Rule::CountThousands, cite(s)))),
        Some(s) => Err(ReadingError::new(
            "bad-count",
            format!(
                "`{cell}` is not a whole number: `{sep}` is this column's decimal mark ({})",
                cite(s)
            ),
            "write the whole number the source gives, without separators: 1310",
        )),
        None if groups.len() > 1 => Ok(Some(Applied::with(
            Rule::CountThousands,
            format!("`{sep}` between thousands: a decimal has one mark"),
        ))),
        None => Err(ambiguous(cell, written, kind)),
    }
}

fn cite(settled: &SettledThousands) -> String {
    match &settled.by {
        ThousandsSource::Flag => format!("--thousands {}", settled.separator.char()),
        ThousandsSource::Cell(cell) => format!("the column has {cell}"),
    }
}

fn ambiguous(cell: &str, written: &str, kind: Thousands) -> ReadingError {
    let grouped: String = written.chars().filter(char::is_ascii_digit).collect();
    let decimal = written.replace(kind.char(), ".");
    ReadingError::new(
        "ambiguous-count",
        format!(
            "`{cell}` could be {grouped} (`{}` between thousands) or {decimal} (a decimal {})",
            kind.char(),
            if kind == Thousands::Comma {
                "comma"
            } else {
                "point"
            }
        ),
        format!(
            "write {grouped}, or say how the column writes numbers with --thousands {}",
            kind.char()
        ),
    )
    .with_readings(vec![grouped, decimal])
}

fn not_whole(cell: &str, written: &str) -> ReadingError {
    ReadingError::new(
        "bad-count",
        format!("`{cell}` is not a whole number ({written})"),
        "a count is a whole number of people: write the figure the source gives, without separators (1310, not 1,310)",
    )
}

fn digits(text: &str) -> &str {
    let len = text.bytes().take_while(u8::is_ascii_digit).count();
    &text[..len]
}

/// A number written in English words at the start of `text`, and how many bytes it takes:
/// `twelve`, `twenty-five`, `a dozen`, `none`.
pub(super) fn word_value(text: &str) -> Option<(u64, usize)> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    const PHRASES: [(&str, u64); 10] = [
        ("one thousand", 1000),
        ("one hundred", 100),
        ("a thousand", 1000),
        ("a hundred", 100),
        ("a dozen", 12),
        ("no one", 0),
        ("nobody", 0),
        ("dozen", 12),
        ("none", 0),
        ("nil", 0),
    ];
    let ends = |len: usize| !text[len..].starts_with(|c: char| c.is_alphabetic());
    if let Some((p, v)) = PHRASES
        .iter()
        .find(|(p, _)| text.starts_with(p) && ends(p.len()))
    {
        return Some((*v, p.len()));
    }
    let word_len = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let word = &text[..word_len];
    if let Some(unit) = UNITS.iter().position(|u| *u == word) {
        return Some((u64::try_from(unit).ok()?, word_len));
    }
    let tens = TENS.iter().position(|t| *t == word)?;
    let tens = u64::try_from(tens).ok()? * 10 + 20;
    for joint in ["-", " "] {
        if let Some(after) = text[word_len..].strip_prefix(joint) {
            let len = after.bytes().take_while(u8::is_ascii_alphabetic).count();
            if let Some(unit) = UNITS[1..10].iter().position(|u| *u == &after[..len]) {
                return Some((
                    tens + u64::try_from(unit).ok()? + 1,
                    word_len + joint.len() + len,
                ));
            }
        }
    }
    Some((tens, word_len))
}

/// What a column's count cells say about its thousands separator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThousandsInference {
    /// No cell has a number with `,` or `.` in it.
    NotNeeded,
    /// A cell reads one way only (`1,310,000`, `12.5`), and no cell contradicts it.
    Settled {
        /// The separator.
        separator: Thousands,
        /// The first cell that settled it.
        cell: String,
    },
    /// Some cells could be read either way (`1,310`), and none settles it.
    Ambiguous {
        /// The first such cell.
        cell: String,
    },
    /// One cell settles `,` and another `.`.
    Conflict {
        /// A cell that reads only with `,` between thousands.
        comma: String,
        /// A cell that reads only with `.` between thousands.
        dot: String,
    },
}

/// Infers a column's thousands separator from all its cells.
pub fn infer_thousands<'a>(cells: impl IntoIterator<Item = &'a str>) -> ThousandsInference {
    let (mut comma, mut dot, mut ambiguous) = (None, None, None);
    for cell in cells {
        let runs = cell.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'));
        for run in runs.map(|r| r.trim_matches([',', '.'])) {
            let found = match evidence(run) {
                Evidence::Settles(Thousands::Comma) => &mut comma,
                Evidence::Settles(Thousands::Dot) => &mut dot,
                Evidence::Either => &mut ambiguous,
                Evidence::Nothing => continue,
            };
            found.get_or_insert_with(|| cell.trim().to_owned());
        }
    }
    match (comma, dot, ambiguous) {
        (Some(comma), Some(dot), _) => ThousandsInference::Conflict { comma, dot },
        (Some(cell), None, _) => ThousandsInference::Settled {
            separator: Thousands::Comma,
            cell,
        },
        (None, Some(cell), _) => ThousandsInference::Settled {
            separator: Thousands::Dot,
            cell,
        },
        (None, None, Some(cell)) => ThousandsInference::Ambiguous { cell },
        (None, None, None) => ThousandsInference::NotNeeded,
    }
}

enum Evidence {
    Settles(Thousands),
    Either,
    Nothing,
}

/// What one run of digits, commas and dots says.
fn evidence(run: &str) -> Evidence {
    let marks: Vec<(usize, char)> = run
        .char_indices()
        .filter(|(_, c)| *c == ',' || *c == '.')
        .collect();
    let Some(&(last_at, last)) = marks.last() else {
        return Evidence::Nothing;
    };
    let Some(kind) = Thousands::of(last) else {
        return Evidence::Nothing;
    };
    let tail = run.len() - last_at - 1;
    let first = marks[0].1;
    if first != last {
        // `1,310.5`: the first mark groups thousands, the last is the decimal mark.
        return Thousands::of(first).map_or(Evidence::Nothing, Evidence::Settles);
    }
    match (marks.len(), tail) {
        (1, 3) => Evidence::Either,
        (1, _) => Evidence::Settles(kind.other()),
        _ => Evidence::Settles(kind),
    }
}

/// The separator to read a column with: the user's flag wins; else what the cells settled.
/// Cells that contradict each other are an error; a column left unsettled is not (each
/// ambiguous cell is an error giving both readings).
pub fn settle_thousands(
    flag: Option<Thousands>,
    inference: &ThousandsInference,
) -> Result<Option<SettledThousands>, ReadingError> {
    if let Some(separator) = flag {
        return Ok(Some(SettledThousands {
            separator,
            by: ThousandsSource::Flag,
        }));
    }
    match inference {
        ThousandsInference::NotNeeded | ThousandsInference::Ambiguous { .. } => Ok(None),
        ThousandsInference::Settled { separator, cell } => Ok(Some(SettledThousands {
            separator: *separator,
            by: ThousandsSource::Cell(cell.clone()),
        })),
        ThousandsInference::Conflict { comma, dot } => Err(ReadingError::new(
            "conflicting-thousands",
            format!("the column writes numbers two ways: `{comma}` reads only with `,` between thousands, `{dot}` only with `.`"),
            "write the counts as plain whole numbers (1310), or correct the cells written the other way",
        )),
    }
}
