//! Reading a people count as written (`30+`, `~100`, `unknown`, `7 (incl. 2 minors)`,
//! `1,310`) into a whole number and what count_note should say about it ("at least",
//! "approximately"). A count that can only be guessed (`dozens`, `up to 50`, `1,310` with no
//! settled thousands separator) is an error whose hint says what to write.

mod number;

pub use number::{infer_thousands, settle_thousands, Thousands, ThousandsInference};

use super::{squeeze, Applied, Note, Reading, ReadingError, Rule};
use number::{number, Figure};

/// A count as tonle stores it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Count {
    /// The number of people; `None` when unknown (never zero for unknown).
    pub value: Option<u64>,
    /// What the row's count_note should say about it: `at least`, `approximately`, a range
    /// (`40-50`), or the words that followed the number (`incl. 2 minors`).
    pub note: Option<String>,
}

/// What settled a column's thousands separator, which its notes cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThousandsSource {
    /// The user's `--thousands`.
    Flag,
    /// A cell of the column that can be read one way only (`1,310,000`).
    Cell(String),
}

/// A column's thousands separator and what settled it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettledThousands {
    /// The separator.
    pub separator: Thousands,
    /// What settled it.
    pub by: ThousandsSource,
}

/// What reading a count needs to know about its column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountContext {
    /// The column's thousands separator, from [`settle_thousands`]; `None` when nothing
    /// settled it, so that `1,310` is an error giving both readings.
    pub thousands: Option<SettledThousands>,
}

/// Phrases before a number that make it a lower bound, longest first.
const AT_LEAST: [&str; 16] = [
    "no fewer than ",
    "not less than ",
    "no less than ",
    "in excess of ",
    "upwards of ",
    "more than ",
    "minimum of ",
    "at least ",
    "minimum ",
    "min. ",
    "over ",
    "min ",
    ">= ",
    ">=",
    "\u{2265}",
    ">",
];

/// Phrases before a number that make it approximate, longest first.
const ABOUT: [&str; 17] = [
    "approximately ",
    "an estimated ",
    "estimated ",
    "approx. ",
    "roughly ",
    "approx ",
    "nearly ",
    "around ",
    "almost ",
    "circa ",
    "about ",
    "est. ",
    "some ",
    "ca. ",
    "c. ",
    "~ ",
    "~",
];

/// Phrases that give only an upper bound, which is not a count.
const AT_MOST: [&str; 9] = [
    "fewer than ",
    "less than ",
    "at most ",
    "maximum ",
    "up to ",
    "under ",
    "max ",
    "<= ",
    "<",
];

/// Cells that say the count is unknown.
const UNKNOWN: [&str; 19] = [
    "unknown",
    "n/a",
    "na",
    "n.a.",
    "n.a",
    "-",
    "--",
    "?",
    "??",
    "???",
    "tbc",
    "tbd",
    "unk",
    "not known",
    "not reported",
    "not stated",
    "not given",
    "unclear",
    "unconfirmed",
];

/// Words for a number of people no figure can be read from.
const VAGUE: [&str; 14] = [
    "dozens",
    "hundreds",
    "thousands",
    "scores",
    "several",
    "many",
    "numerous",
    "few",
    "a few",
    "multiple",
    "various",
    "countless",
    "a number of",
    "some",
];

/// Reads a count cell. A blank or a plain whole number comes back with no note.
pub fn read_count(cell: &str, context: &CountContext) -> Result<Reading<Count>, ReadingError> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(Reading::unchanged(Count::default()));
    }
    let canonical =
        cell.bytes().all(|b| b.is_ascii_digit()) && (cell == "0" || !cell.starts_with('0'));
    if let Some(value) = cell.parse::<u64>().ok().filter(|_| canonical) {
        return Ok(Reading::unchanged(Count {
            value: Some(value),
            note: None,
        }));
    }
    let text = squeeze(&cell.replace(['\u{2013}', '\u{2014}'], "-"));
    // ASCII lower case keeps every byte where it was, so that a slice of `lower` is the same
    // slice of `text`.
    let lower = text.to_ascii_lowercase();
    if UNKNOWN.contains(&lower.as_str()) {
        let note = Note::new(cell, "", vec![Applied::rule(Rule::CountUnknown)]);
        return Ok(Reading {
            value: Count::default(),
            note: Some(note),
        });
    }
    let (count, applied) = read_figure(cell, &text, &lower, context)?;
    let after = match (&count.value, &count.note) {
        (Some(v), Some(n)) => format!("{v} with count_note \"{n}\""),
        (Some(v), None) => v.to_string(),
        (None, _) => String::new(),
    };
    Ok(Reading {
        value: count,
        note: Some(Note::new(cell, after, applied)),
    })
}

/// The count in a cell that is not plain: qualifier, number (or range), and the rest.
fn read_figure(
    cell: &str,
    text: &str,
    lower: &str,
    context: &CountContext,
) -> Result<(Count, Vec<Applied>), ReadingError> {
    vague(cell, lower)?;
    if let Some(phrase) = AT_MOST.iter().find(|p| lower.starts_with(*p)) {
        return Err(ReadingError::new(
            "bad-count",
            format!("`{cell}` gives only an upper bound (\"{}\")", phrase.trim()),
            "a count is a number of people the source vouches for: leave it blank and put the bound in count_note (\"at most 50\"), or write the figure the source gives",
        ));
    }
    let mut applied = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut rest = lower;
    if let Some(p) = AT_LEAST.iter().find(|p| rest.starts_with(*p)) {
        rest = rest[p.len()..].trim_start();
        applied.push(Applied::with(
            Rule::CountAtLeast,
            format!("\"{}\"", p.trim()),
        ));
        notes.push("at least".to_owned());
    } else if let Some(p) = ABOUT.iter().find(|p| rest.starts_with(*p)) {
        rest = rest[p.len()..].trim_start();
        applied.push(Applied::with(
            Rule::CountApproximate,
            format!("\"{}\"", p.trim()),
        ));
        notes.push("approximately".to_owned());
    }
    let Figure {
        value,
        rest: after,
        rule,
    } = number(cell, rest, context)?;
    if after.starts_with(char::is_alphabetic) {
        // Letters stuck to the number: `100s` is "hundreds", anything else is no count.
        return Err(match after {
            "s" => vague_error(cell, "hundreds"),
            _ => not_a_count(cell),
        });
    }
    applied.extend(rule);
    let after = suffix(after.trim_start(), &mut applied, &mut notes);
    let after = range(cell, value, after, context, &mut applied, &mut notes)?;
    let rest = &text[lower.len() - after.len()..];
    if let Some(tail) = tail(rest).map_err(|()| not_a_count(cell))? {
        applied.push(Applied::rule(Rule::CountWithNote));
        notes.push(tail.to_owned());
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    Ok((
        Count {
            value: Some(value),
            note,
        },
        applied,
    ))
}

/// What follows the number, as written, without the punctuation or brackets around it:
/// `(incl. 2 minors)` gives `incl. 2 minors`. Bracketed, it may say anything
/// (`(2 women, 1 man)`); unbracketed, it must start with a word, or it is no count.
fn tail(after: &str) -> Result<Option<&str>, ()> {
    let tail = after.trim().trim_start_matches([',', ';', ':']).trim();
    if let Some(inner) = tail.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        let inner = inner.trim();
        return Ok((!inner.is_empty()).then_some(inner));
    }
    match tail.chars().next() {
        None => Ok(None),
        Some(c) if c.is_alphabetic() => Ok(Some(tail)),
        Some(_) => Err(()),
    }
}

/// `30+`, `30 or more`, `100 or so` after the number.
fn suffix<'a>(rest: &'a str, applied: &mut Vec<Applied>, notes: &mut Vec<String>) -> &'a str {
    for (written, rule, note) in [
        ("+", Rule::CountAtLeast, "at least"),
        ("or more", Rule::CountAtLeast, "at least"),
        ("plus", Rule::CountAtLeast, "at least"),
        ("or so", Rule::CountApproximate, "approximately"),
    ] {
        if let Some(after) = rest.strip_prefix(written) {
            if !notes.iter().any(|n| n == note) {
                applied.push(Applied::with(rule, format!("\"{written}\"")));
                notes.push(note.to_owned());
            }
            return after;
        }
    }
    rest
}

/// `40-50`, `40 to 50`, `4 or 5`: the lower figure, and the range in count_note.
fn range<'a>(
    cell: &str,
    low: u64,
    rest: &'a str,
    context: &CountContext,
    applied: &mut Vec<Applied>,
    notes: &mut Vec<String>,
) -> Result<&'a str, ReadingError> {
    let Some(after) = ["-", "to ", "or "]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))
        .map(str::trim_start)
        .filter(|a| {
            a.starts_with(|c: char| c.is_ascii_digit())
                || a.starts_with("a ")
                || number::word_value(a).is_some()
        })
    else {
        return Ok(rest);
    };
    let high = number(cell, after, context)?;
    if high.value < low {
        return Err(ReadingError::new(
            "bad-count",
            format!("`{cell}` is a range whose upper figure is below its lower one"),
            "write the lower figure first: 40-50",
        ));
    }
    applied.push(Applied::rule(Rule::CountRange));
    applied.extend(high.rule);
    notes.push(format!("{low}-{}", high.value));
    Ok(high.rest)
}

fn vague(cell: &str, lower: &str) -> Result<(), ReadingError> {
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let first = words.first().copied().unwrap_or("");
    let two = words.iter().take(2).copied().collect::<Vec<_>>().join(" ");
    let found = VAGUE
        .iter()
        .find(|v| **v == first || **v == two || (words.len() <= 3 && words.contains(v)));
    // "some 100" is approximate, not vague: only a word without a number is.
    match found {
        Some(word) if !lower.contains(|c: char| c.is_ascii_digit()) => Err(vague_error(cell, word)),
        _ => Ok(()),
    }
}

fn vague_error(cell: &str, word: &str) -> ReadingError {
    let example = match word {
        "dozens" => "24 with count_note \"dozens\"",
        "hundreds" => "200 with count_note \"hundreds\"",
        "thousands" => "2000 with count_note \"thousands\"",
        _ => "the lowest figure the source supports, with the words in count_note",
    };
    ReadingError::new(
        "vague-count",
        format!("`{cell}` gives no figure (\"{word}\")"),
        format!("write the lowest number the source supports, e.g. {example}, or leave the count blank and put \"{word}\" in count_note"),
    )
}

fn not_a_count(cell: &str) -> ReadingError {
    let hint = if cell.trim_start().starts_with('-') {
        "counts are whole numbers of people, 0 or more"
    } else {
        "a whole number of people, or blank when unknown; forms read: 30+, over 30, ~100, about 100, 40-50, 7 (incl. 2 minors), unknown"
    };
    ReadingError::new(
        "bad-count",
        format!("`{cell}` is not a count of people"),
        hint,
    )
}

/// Reads a numeric spreadsheet cell: a whole number of people, or an error for a fraction or
/// a negative number.
pub fn read_count_number(value: f64) -> Result<Reading<Count>, ReadingError> {
    if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= 9_007_199_254_740_992.0
    {
        // Whole, non-negative and at most 2^53, so exactly representable as u64.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = value as u64;
        return Ok(Reading::unchanged(Count {
            value: Some(whole),
            note: None,
        }));
    }
    let (message, hint) = if value.is_finite() && value < 0.0 {
        (
            format!("`{value}` is negative"),
            "counts are whole numbers of people, 0 or more",
        )
    } else {
        (
            format!("`{value}` is not a whole number of people"),
            "write the whole number the source gives; a fraction is not a count of people",
        )
    };
    Err(ReadingError::new("bad-count", message, hint))
}

/// Adds a reading's count_note to what the row's count_note already says, once: merging the
/// same note twice (as `tonle fix` run on its own output would) changes nothing.
pub fn merge_count_note(existing: &str, addition: &str) -> String {
    let existing = existing.trim();
    let addition = addition.trim();
    if addition.is_empty() || existing.split("; ").any(|part| part == addition) {
        existing.to_owned()
    } else if existing.is_empty() {
        addition.to_owned()
    } else {
        format!("{existing}; {addition}")
    }
}

#[cfg(test)]
mod tests;
