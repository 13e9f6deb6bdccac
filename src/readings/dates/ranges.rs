//! What surrounds a date or joins two: a time of day (dropped), `c.`/`about` and `?` (EDTF's
//! qualifiers), `since` (an open end), and ranges (`2020-2022`, `Jan-Mar 2023`,
//! `2022-08-18 - 2022-09-10`, `18-20 Aug 2022`, `between 2020 and 2022`).

use super::shapes::{single, Need};
use super::{no_year, unreadable, DateContext, Piece, Qualifier};
use crate::readings::{Applied, ReadingError, Rule};

/// Splits a trailing time of day (`14:00`, `T14:00:00Z`, `2:30 pm`) from the date before it.
pub(super) fn strip_time(text: &str) -> (&str, Option<&str>) {
    let none = (text, None);
    let Some(colon) = text.find(':') else {
        return none;
    };
    let digits = text[..colon]
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .count();
    if !(1..=2).contains(&digits) {
        return none;
    }
    let start = colon - digits;
    let time = &text[start..];
    let date = match text[..start].chars().last() {
        Some('T' | 't') => &text[..start - 1],
        Some(' ') => text[..start].trim_end(),
        _ => return none,
    };
    let date = date
        .strip_suffix(" at")
        .unwrap_or(date)
        .trim_end_matches(',');
    if date.is_empty() || !is_time(time) {
        return none;
    }
    (date, Some(time))
}

/// `H:MM`, `HH:MM:SS(.fff)`, then optionally `am`/`pm` and a zone (`Z`, `+07:00`, `UTC`).
fn is_time(time: &str) -> bool {
    let lower = time.to_ascii_lowercase();
    let mut rest = lower.as_str();
    let mut fields = Vec::new();
    loop {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(value) = rest[..n].parse::<u32>() else {
            return false;
        };
        if (fields.is_empty() && n > 2) || (!fields.is_empty() && n != 2) {
            return false;
        }
        fields.push(value);
        rest = &rest[n..];
        match rest.strip_prefix(':') {
            Some(more) if fields.len() < 3 => rest = more,
            _ => break,
        }
    }
    if let Some(fraction) = rest.strip_prefix('.') {
        rest = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let rest = rest.trim_start();
    let (twelve, rest) = match ["am", "pm", "a.m.", "p.m."]
        .iter()
        .find_map(|m| rest.strip_prefix(m))
    {
        Some(after) => (true, after.trim_start()),
        None => (false, rest),
    };
    let hour_max = if twelve { 12 } else { 24 };
    let zone_ok = matches!(rest, "" | "z" | "utc" | "gmt" | "ict")
        || (rest.starts_with(['+', '-'])
            && rest[1..].len() <= 5
            && rest[1..].chars().all(|c| c.is_ascii_digit() || c == ':'));
    fields.len() >= 2
        && fields[0] <= hour_max
        && fields[1] < 60
        && fields.get(2).is_none_or(|s| *s < 61)
        && zone_ok
}

/// Takes off `?` and `~` around the whole cell and the words for "approximately".
pub(super) fn strip_qualifier<'a>(
    mut body: &'a str,
    applied: &mut Vec<Applied>,
) -> (&'a str, Qualifier) {
    let mut q = Qualifier::default();
    loop {
        let lower = body.to_ascii_lowercase();
        if let Some(rest) = body.strip_suffix('?') {
            q.uncertain = true;
            applied.push(Applied::with(Rule::DateUncertain, "\"?\""));
            body = rest.trim_end();
        } else if let Some((rest, approximate)) = bracketed(body, &lower) {
            if approximate {
                q.approximate = true;
                applied.push(Applied::with(
                    Rule::DateApproximate,
                    format!("\"{}\"", &body[rest.len()..].trim()),
                ));
            } else {
                q.uncertain = true;
                applied.push(Applied::with(
                    Rule::DateUncertain,
                    format!("\"{}\"", &body[rest.len()..].trim()),
                ));
            }
            body = rest;
        } else if let Some(rest) = body.strip_suffix('~').or_else(|| body.strip_prefix('~')) {
            q.approximate = true;
            applied.push(Applied::with(Rule::DateApproximate, "~"));
            body = rest.trim();
        } else if let Some(word) = APPROXIMATE
            .iter()
            .find(|w| lower.starts_with(*w) && lower.len() > w.len())
        {
            q.approximate = true;
            applied.push(Applied::with(
                Rule::DateApproximate,
                format!("\"{}\"", body[..word.len()].trim()),
            ));
            body = body[word.len()..].trim_start();
        } else {
            return (body, q);
        }
    }
}

/// A qualifier in brackets after the date: `(approx.)` makes it approximate, `(unconfirmed)`
/// uncertain. Returns the date before it and whether it is approximate.
fn bracketed<'a>(body: &'a str, lower: &str) -> Option<(&'a str, bool)> {
    const APPROXIMATE: [&str; 6] = [
        "(approx)",
        "(approx.)",
        "(approximately)",
        "(estimated)",
        "(est.)",
        "(circa)",
    ];
    const UNCERTAIN: [&str; 5] = [
        "(?)",
        "(unconfirmed)",
        "(uncertain)",
        "(unverified)",
        "(unclear)",
    ];
    let found = |words: &[&str]| {
        words
            .iter()
            .find(|w| lower.ends_with(*w))
            .map(|w| body[..body.len() - w.len()].trim_end())
    };
    found(&APPROXIMATE)
        .map(|rest| (rest, true))
        .or_else(|| found(&UNCERTAIN).map(|rest| (rest, false)))
        .filter(|(rest, _)| !rest.is_empty())
}

/// Words before a date that make it approximate, longest first so that `circa ` is not read
/// as `c` followed by `irca`.
const APPROXIMATE: [&str; 11] = [
    "approximately ",
    "approx. ",
    "approx ",
    "roughly ",
    "around ",
    "about ",
    "circa ",
    "ca. ",
    "c. ",
    "c.",
    "c ",
];

/// Takes off `since` and `onwards`, which leave the end open.
pub(super) fn strip_since(body: &str) -> (&str, bool) {
    let lower = body.to_ascii_lowercase();
    if lower.starts_with("since ") {
        return (body["since ".len()..].trim_start(), true);
    }
    for suffix in [" onwards", " onward"] {
        if lower.ends_with(suffix) {
            return (body[..body.len() - suffix.len()].trim_end(), true);
        }
    }
    (body, false)
}

/// Reads what is left of a cell as one date or, failing that, as a range.
pub(super) fn read_span(body: &str, context: &DateContext) -> Result<Piece, ReadingError> {
    if let Some(piece) = single(body, context, Need::Whole) {
        return piece;
    }
    range(body, context).unwrap_or_else(|| Err(unreadable(body)))
}

/// Separators that always mean a range (an en dash has become ` - ` already).
const SEPARATORS: [&str; 7] = [
    " - ",
    " / ",
    " to ",
    " until ",
    " till ",
    " through ",
    " thru ",
];

fn range(body: &str, context: &DateContext) -> Option<Result<Piece, ReadingError>> {
    let lower = body.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("between ") {
        let at = rest.find(" and ")?;
        let start = "between ".len();
        let (a, b) = (
            &body[start..start + at],
            &body[start + at + " and ".len()..],
        );
        return Some(join(body, a, b, context));
    }
    let skip = if lower.starts_with("from ") { 5 } else { 0 };
    let (body, lower) = (&body[skip..], &lower[skip..]);
    for sep in SEPARATORS {
        if let Some(at) = lower.find(sep) {
            return Some(join(body, &body[..at], &body[at + sep.len()..], context));
        }
    }
    dash_split(body, context)
}

/// The two sides of a range written with a decisive separator.
fn join(whole: &str, a: &str, b: &str, context: &DateContext) -> Result<Piece, ReadingError> {
    let side = |text: &str| {
        single(text.trim(), context, Need::Side).unwrap_or_else(|| Err(unreadable(text.trim())))
    };
    let left = side(a)?;
    let right = b.trim().to_ascii_lowercase();
    if matches!(
        right.as_str(),
        "present" | "ongoing" | "now" | "today" | ".."
    ) {
        let mut piece = left;
        if piece.first.year.is_none() {
            return Err(no_year(whole));
        }
        piece.open = true;
        piece.applied.push(Applied::rule(Rule::DateOngoing));
        return Ok(piece);
    }
    combine(whole, left, side(b)?)
}

/// A range written with an unspaced `-` (`2020-2022`, `Jan-Mar 2023`, `18-20 Aug 2022`):
/// every `-` is tried, and the cell is a range when exactly one split reads on both sides.
fn dash_split(body: &str, context: &DateContext) -> Option<Result<Piece, ReadingError>> {
    let mut found: Vec<Piece> = Vec::new();
    let mut first_error = None;
    for (at, _) in body.match_indices('-') {
        let (a, b) = (body[..at].trim(), body[at + 1..].trim());
        if a.is_empty() || b.is_empty() {
            continue;
        }
        match (
            single(a, context, Need::Side),
            single(b, context, Need::Side),
        ) {
            (Some(Ok(left)), Some(Ok(right))) => match combine(body, left, right) {
                Ok(piece) => found.push(piece),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            },
            (Some(Err(e)), _) | (_, Some(Err(e))) => {
                first_error.get_or_insert(e);
            }
            _ => {}
        }
    }
    match found.len() {
        0 => first_error.map(Err),
        1 => found.pop().map(Ok),
        _ => Some(Err(ReadingError::new(
            "ambiguous-date",
            format!("`{body}` can be split into a range in more than one way"),
            "write the range as START/END in EDTF, e.g. 2022-08-18/2022-09-10",
        ))),
    }
}

/// Joins two sides, each borrowing what it lacks from the other (`Jan` takes 2023 from
/// `Mar 2023`; `20, 2022` takes August from `Aug 18`).
fn combine(whole: &str, left: Piece, right: Piece) -> Result<Piece, ReadingError> {
    let (mut first, mut last) = (left.first, right.last);
    if first.year.is_none() {
        first.year = last.year;
        if first.month.is_none() && first.day.is_some() {
            first.month = last.month;
        }
    }
    if last.year.is_none() {
        last.year = first.year;
    }
    if last.month.is_none() && last.day.is_some() {
        last.month = first.month;
    }
    if first.year.is_none() || (first.day.is_some() && first.month.is_none()) {
        return Err(no_year(whole));
    }
    let mut applied = left.applied;
    applied.extend(right.applied);
    applied.push(Applied::rule(Rule::DateRange));
    Ok(Piece {
        first,
        last,
        approximate: (left.approximate.0, right.approximate.1),
        open: right.open,
        applied,
    })
}
