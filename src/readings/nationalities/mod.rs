//! Reading a nationalities cell as written (`Chinese, Vietnamese`, `62 Chinese; 9 Vietnamese`,
//! `Indonesian & Thai`, `cn/vn`, `CHN`) into canonical ISO 3166-1 alpha-2 codes with optional
//! counts: `CN:62;VN:9`. Names and demonyms come from [`crate::countries`]; a word for two
//! countries (`Korean`) is an error giving both, an unknown word one with a did-you-mean.

mod lex;

use super::{Applied, Note, Reading, ReadingError, Rule};
use crate::countries::{self, fold, Word, WordKind};
use lex::{lex, Kind, Tok};

/// One country in a nationalities cell, with how many of its nationals, when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nationality {
    /// ISO 3166-1 alpha-2 code.
    pub code: &'static str,
    /// How many, when the cell says.
    pub count: Option<u64>,
}

/// The canonical form: `CN:62;VN`.
pub fn canonical(list: &[Nationality]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|n| match n.count {
            Some(count) => format!("{}:{count}", n.code),
            None => n.code.to_owned(),
        })
        .collect();
    items.join(";")
}

/// Words after a name that add nothing (`62 Chinese nationals`).
const FILLERS: [&str; 7] = [
    "nationals",
    "national",
    "citizens",
    "citizen",
    "people",
    "persons",
    "nationality",
];

/// Reads a nationalities cell. A cell already canonical comes back with no note.
pub fn read_nationalities(cell: &str) -> Result<Reading<Vec<Nationality>>, ReadingError> {
    let cell = cell.trim();
    let toks = lex(cell);
    let mut items: Vec<Nationality> = Vec::new();
    let mut applied = Vec::new();
    let mut separators_canonical = true;
    let mut previous_end: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() {
        while toks.get(i).is_some_and(|t| t.kind == Kind::Separator) {
            i += 1;
        }
        let Some(first) = toks.get(i) else {
            separators_canonical = false;
            break;
        };
        let gap = &cell[previous_end.unwrap_or(0)..first.start];
        separators_canonical &= if previous_end.is_some() {
            gap == ";"
        } else {
            gap.is_empty()
        };
        let item = item(cell, &toks, &mut i, &mut applied)?;
        previous_end = toks.get(i - 1).map(|t| t.end);
        add(cell, &mut items, item, &mut applied)?;
    }
    if !separators_canonical {
        applied.push(Applied::rule(Rule::NationalitySeparator));
    }
    let out = canonical(&items);
    if out == cell {
        return Ok(Reading::unchanged(items));
    }
    if applied.is_empty() {
        // Only spacing differs (`CN: 62`).
        applied.push(Applied::rule(Rule::NationalityCount));
    }
    Ok(Reading {
        note: Some(Note::new(cell, out, applied)),
        value: items,
    })
}

/// Adds an item, merging a country listed twice.
fn add(
    cell: &str,
    items: &mut Vec<Nationality>,
    item: Nationality,
    applied: &mut Vec<Applied>,
) -> Result<(), ReadingError> {
    let Some(seen) = items.iter_mut().find(|n| n.code == item.code) else {
        items.push(item);
        return Ok(());
    };
    match (seen.count, item.count) {
        (Some(a), Some(b)) if a != b => {
            return Err(ReadingError::new(
                "bad-nationality",
                format!(
                    "`{cell}` lists {} twice, with different counts ({a} and {b})",
                    item.code
                ),
                format!(
                    "list each country once, with the count the source gives: {}:{}",
                    item.code,
                    a.saturating_add(b)
                ),
            ))
        }
        (None, Some(b)) => seen.count = Some(b),
        _ => {}
    }
    applied.push(Applied::with(Rule::NationalityRepeated, item.code));
    Ok(())
}

/// One item: an optional count, a country, an optional count after it.
fn item(
    cell: &str,
    toks: &[Tok],
    i: &mut usize,
    applied: &mut Vec<Applied>,
) -> Result<Nationality, ReadingError> {
    let lead = match toks.get(*i).map(|t| &t.kind) {
        Some(Kind::Number(n)) => {
            *i += 1;
            Some(*n)
        }
        _ => None,
    };
    let code = name(cell, toks, i, applied)?;
    while toks
        .get(*i)
        .is_some_and(|t| t.kind == Kind::Word && FILLERS.contains(&fold(t.text(cell)).as_str()))
    {
        *i += 1;
    }
    let kinds: Vec<&Kind> = toks[*i..].iter().take(3).map(|t| &t.kind).collect();
    let trail = match kinds.as_slice() {
        [Kind::Open, Kind::Number(n), Kind::Close, ..] => Some((*n, 3, false)),
        [Kind::Colon, Kind::Number(n), ..] => {
            let tight = toks[*i].end == toks[*i + 1].start && toks[*i].start == toks[*i - 1].end;
            Some((*n, 2, tight))
        }
        [Kind::Number(n)] | [Kind::Number(n), Kind::Separator, ..] => Some((*n, 1, false)),
        _ => None,
    };
    let count = match (lead, trail) {
        (Some(_), Some(_)) => {
            return Err(ReadingError::new(
                "bad-nationality",
                format!("`{cell}` gives {code} two counts"),
                format!("write one count a country: {code}:62"),
            ))
        }
        (Some(n), None) => Some(n),
        (None, Some((n, len, tight))) => {
            *i += len;
            if tight {
                return finish_item(cell, toks, *i, code, Some(n));
            }
            Some(n)
        }
        (None, None) => None,
    };
    if count.is_some() {
        applied.push(Applied::rule(Rule::NationalityCount));
    }
    finish_item(cell, toks, *i, code, count)
}

/// Checks what follows an item: a separator, the next item, or the end.
fn finish_item(
    cell: &str,
    toks: &[Tok],
    i: usize,
    code: &'static str,
    count: Option<u64>,
) -> Result<Nationality, ReadingError> {
    if count == Some(u64::MAX) {
        return Err(ReadingError::new(
            "bad-nationality",
            format!("the count for {code} in `{cell}` is too large"),
            "write CODE:COUNT with the count the source gives, e.g. CN:62",
        ));
    }
    match toks.get(i) {
        None
        | Some(Tok {
            kind: Kind::Separator | Kind::Word | Kind::Number(_),
            ..
        }) => Ok(Nationality { code, count }),
        Some(t) => Err(unexpected(cell, t)),
    }
}

fn unexpected(cell: &str, t: &Tok) -> ReadingError {
    let text = t.text(cell);
    let hint = if matches!(text, "+" | "~" | ">" | "<" | "?") {
        "counts in nationalities are exact: write CN:30, and \"at least\" or \"about\" in count_note"
    } else {
        "write countries separated by `;`, each with an optional count: CN:62;VN:9 (or 62 Chinese, 9 Vietnamese)"
    };
    ReadingError::new(
        "bad-nationality",
        format!("`{cell}` has `{text}` where a country or a separator should be"),
        hint,
    )
}

/// The country named at `toks[*i]`: a name or demonym of several words, a code, a single
/// word, or a plural demonym (`Indonesians`), in that order.
fn name(
    cell: &str,
    toks: &[Tok],
    i: &mut usize,
    applied: &mut Vec<Applied>,
) -> Result<&'static str, ReadingError> {
    let Some(tok) = toks.get(*i).filter(|t| t.kind == Kind::Word) else {
        return Err(match toks.get(*i) {
            Some(t) => unexpected(cell, t),
            None => ReadingError::new(
                "bad-nationality",
                format!("`{cell}` gives a count with no country"),
                "write the country with its count: CN:62 or 62 Chinese",
            ),
        });
    };
    if let Some((word, end)) = longest(cell, toks, *i) {
        let written = &cell[tok.start..toks[end - 1].end];
        *i = end;
        return resolve(word, written, applied);
    }
    let text = tok.text(cell);
    *i += 1;
    let upper = text.to_ascii_uppercase();
    let code = |rule: Rule, country: &'static countries::Country, applied: &mut Vec<Applied>| {
        applied.push(Applied::with(rule, format!("{text} = {}", country.alpha2)));
        country.alpha2
    };
    match (
        text.len(),
        countries::by_alpha2(&upper),
        countries::by_alpha3(&upper),
    ) {
        (2, Some(c), _) if upper == text => return Ok(c.alpha2),
        (3, _, Some(c)) if upper == text => return Ok(code(Rule::NationalityAlpha3, c, applied)),
        _ => {}
    }
    let folded = fold(text);
    if let Some(word) = countries::word(&folded) {
        return resolve(word, text, applied);
    }
    match (
        text.len(),
        countries::by_alpha2(&upper),
        countries::by_alpha3(&upper),
    ) {
        (2, Some(c), _) => return Ok(code(Rule::NationalityCodeCase, c, applied)),
        (3, _, Some(c)) => return Ok(code(Rule::NationalityAlpha3, c, applied)),
        _ => {}
    }
    let plural = folded.strip_suffix('s').and_then(countries::word);
    match plural {
        Some(word) if word.kind == WordKind::Demonym => resolve(word, text, applied),
        _ => Err(unknown(cell, text, &folded)),
    }
}

/// The longest name of two or more words starting at `toks[i]` (`Sri Lankan`, `Korea,
/// Republic of`, `Trinidad and Tobago`), and the index after it.
fn longest(cell: &str, toks: &[Tok], i: usize) -> Option<(&'static Word, usize)> {
    let mut words: Vec<String> = Vec::new();
    let mut best = None;
    for (j, t) in toks.iter().enumerate().skip(i) {
        match (&t.kind, t.text(cell)) {
            (Kind::Word, text) => words.push(fold(text)),
            (Kind::Separator, "&") => words.push("and".to_owned()),
            (Kind::Separator, s) if s.eq_ignore_ascii_case("and") => words.push("and".to_owned()),
            (Kind::Separator, ",") => continue,
            _ => break,
        }
        if words.len() > countries::longest_word_count() {
            break;
        }
        if t.kind == Kind::Word && words.len() >= 2 {
            let key = fold(&words.join(" "));
            let plural = || {
                key.strip_suffix('s')
                    .and_then(countries::word)
                    .filter(|w| w.kind == WordKind::Demonym)
            };
            if let Some(word) = countries::word(&key).or_else(plural) {
                best = Some((word, j + 1));
            }
        }
    }
    best
}

/// The code a name or demonym stands for, or an error when it stands for several.
fn resolve(
    word: &'static Word,
    written: &str,
    applied: &mut Vec<Applied>,
) -> Result<&'static str, ReadingError> {
    let [code] = word.codes.as_slice() else {
        let choices: Vec<String> = word
            .codes
            .iter()
            .map(|c| {
                let name = countries::by_alpha2(c).map_or("?", countries::Country::label);
                format!("{c} ({name})")
            })
            .collect();
        return Err(ReadingError::new(
            "ambiguous-nationality",
            format!("`{written}` could be {}", choices.join(" or ")),
            format!(
                "write the code of the country the source means: {}",
                word.codes.join(" or ")
            ),
        )
        .with_readings(word.codes.iter().map(|c| (*c).to_owned()).collect()));
    };
    let rule = match word.kind {
        WordKind::Name => Rule::NationalityName,
        WordKind::Demonym => Rule::NationalityDemonym,
    };
    applied.push(Applied::with(rule, format!("{written} = {code}")));
    Ok(code)
}

fn unknown(cell: &str, text: &str, folded: &str) -> ReadingError {
    let best = countries::words()
        .map(|(key, word)| (strsim::jaro_winkler(folded, key), key, word))
        .filter(|(score, _, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    let hint = match best {
        Some((_, _, word)) => format!(
            "did you mean `{}` ({})? Write English country names or demonyms, or ISO 3166-1 codes: CN;VN",
            word.written,
            word.codes.join(" or ")
        ),
        None => "write English country names or demonyms (Chinese, Sri Lanka), or ISO 3166-1 codes (CN;VN); an ethnic group or stateless people belong in description or tags".to_owned(),
    };
    ReadingError::new(
        "unknown-nationality",
        format!("`{text}` in `{cell}` is not a country, nationality or ISO code tonle knows"),
        hint,
    )
}

#[cfg(test)]
mod tests;
