//! One date as written: numbers (`15/09/2022`, `2023/02`), English month names (`18 Aug
//! 2022`), quarters (`Q3 2022`), weeks (`week of 12 Sep 2022`) and thirds of a year or month
//! (`late 2022`). Each form is a slice pattern over the cell's tokens.

use super::lex::{lex, month, month_name, Tok, Tok::N, Tok::S, Tok::W};
use super::{no_year, DateContext, DateOrder, OrderSource, Piece, SettledOrder, Ymd};
use crate::readings::{Applied, ReadingError, Rule};
use chrono::{Datelike, NaiveDate};

/// Whether a reading must be a whole date or may be one side of a range, which can borrow its
/// year or month from the other side (`18` in `18-20 Aug 2022`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    Whole,
    Side,
}

/// Reads `text` as one date; `None` when no form matches it.
pub(super) fn single(
    text: &str,
    context: &DateContext,
    need: Need,
) -> Option<Result<Piece, ReadingError>> {
    let lower = text.to_ascii_lowercase();
    let toks = lex(&lower);
    let piece = match toks.as_slice() {
        [W("week"), W("of" | "commencing" | "beginning" | "starting"), rest @ ..] => {
            week(text, rest, context)
        }
        [W(part @ ("early" | "mid" | "late")), S('-'), rest @ ..]
        | [W(part @ ("early" | "mid" | "late")), rest @ ..]
        | [W(part @ ("beginning" | "start" | "middle" | "end")), W("of"), rest @ ..] => {
            part_of(text, part, rest, context)
        }
        [W("spring" | "summer" | "autumn" | "fall" | "winter"), ..] => {
            Some(Err(ReadingError::new(
                "bad-date",
                format!("`{text}` names a season, whose months differ by hemisphere and region"),
                "write the months the source means, e.g. 2022-06/2022-08",
            )))
        }
        toks => plain(text, toks, context, need),
    }?;
    Some(piece.and_then(|p| {
        let whole = |at: Ymd| at.year.is_some() && (at.day.is_none() || at.month.is_some());
        let whole = whole(p.first) && whole(p.last);
        if need == Need::Whole && !whole {
            Err(no_year(text))
        } else {
            Ok(p)
        }
    }))
}

fn plain(
    text: &str,
    toks: &[Tok<'_>],
    context: &DateContext,
    need: Need,
) -> Option<Result<Piece, ReadingError>> {
    numeric(text, toks, context)
        .or_else(|| named(text, toks, need))
        .or_else(|| quarter(toks))
}

fn is_sep(c: char) -> bool {
    matches!(c, '/' | '.' | '-')
}

/// Dates written in numbers only.
#[allow(clippy::many_single_char_names)] // y, m, d, s, t: a date's parts and its separators
fn numeric(
    text: &str,
    toks: &[Tok<'_>],
    context: &DateContext,
) -> Option<Result<Piece, ReadingError>> {
    let rule = |r| vec![Applied::rule(r)];
    let piece = match *toks {
        [N(y, 4)] => Ok(Piece::at(Ymd::year(y), vec![])),
        [N(y, 4), S('-'), N(m, 2)] if m > 12 => Err(ReadingError::new(
            "bad-date",
            format!("`{text}` is neither a month ({m} is no month) nor a range of years"),
            format!(
                "for the years write {y}/{}, for a month {y}-MM",
                y / 100 * 100 + m
            ),
        )),
        [N(y, 4), S(s), N(m, md @ 1..=2)] if is_sep(s) => {
            let edtf = s == '-' && md == 2;
            checked_month(text, m).map(|m| {
                let applied = if edtf {
                    vec![]
                } else {
                    rule(Rule::DateYearMonth)
                };
                Piece::at(Ymd::month(Some(y), m), applied)
            })
        }
        [N(y, 4), S(s), N(m, md @ 1..=2), S(t), N(d, dd @ 1..=2)] if is_sep(s) && s == t => {
            let edtf = s == '-' && md == 2 && dd == 2;
            let applied = if edtf {
                vec![]
            } else {
                rule(Rule::DateYearFirst)
            };
            day(text, y, m, d, applied)
        }
        [N(v, 8)] => day(
            text,
            v / 10_000,
            v / 100 % 100,
            v % 100,
            rule(Rule::DateYearFirst),
        ),
        [N(m, 1..=2), S(s), N(y, 4)] if is_sep(s) => checked_month(text, m)
            .map(|m| Piece::at(Ymd::month(Some(y), m), rule(Rule::DateMonthYear))),
        [N(a, 1..=2), S(s), N(b, 1..=2), S(t), N(y, 4)] if is_sep(s) && s == t => {
            day_month(text, a, b, y, context)
        }
        [N(_, 1..=2), S(s), N(_, 1..=2), S(t), N(_, 2)] if is_sep(s) && s == t => {
            Err(two_digit_year(text))
        }
        [N(v, 5)] => Err(super::serial::looks_like_serial(text, v)),
        [N(d, 1..=2)] => checked_day(text, d).map(|d| Piece::at(Ymd::day(None, None, d), vec![])),
        _ => return None,
    };
    Some(piece)
}

/// Dates with an English month name.
fn named(text: &str, toks: &[Tok<'_>], need: Need) -> Option<Result<Piece, ReadingError>> {
    let rule = || vec![Applied::rule(Rule::DateMonthName)];
    let piece = match *toks {
        [W(w)] => Piece::at(Ymd::month(None, month(w)?), rule()),
        [W(w), N(y, 4)]
        | [W(w), S(',' | '-' | '/' | '.'), N(y, 4)]
        | [N(y, 4), W(w)]
        | [N(y, 4), S('-'), W(w)] => Piece::at(Ymd::month(Some(y), month(w)?), rule()),
        [N(d, 1..=2), W(w), N(y, 4)]
        | [N(d, 1..=2), S('-' | '/' | '.'), W(w), S('-' | '/' | '.'), N(y, 4)]
        | [N(d, 1..=2), W(w), S(','), N(y, 4)]
        | [W(w), N(d, 1..=2), S(','), N(y, 4)]
        | [W(w), N(d, 1..=2), N(y, 4)] => {
            let m = month(w)?;
            return Some(day(text, y, u64::from(m), d, rule()));
        }
        [N(d, 1..=2), S(','), N(y, 4)] if need == Need::Side => {
            return Some(
                checked_day(text, d).map(|d| Piece::at(Ymd::day(Some(y), None, d), vec![])),
            );
        }
        [W(w), N(n, 1..=2)] | [N(n, 1..=2), W(w)] if need == Need::Side => {
            let m = month(w)?;
            return Some(
                checked_day(text, n).map(|d| Piece::at(Ymd::day(None, Some(m), d), rule())),
            );
        }
        [W(w), N(n, 2)] | [W(w), S('-' | '/' | '\''), N(n, 2)] => {
            let m = month(w)?;
            return Some(Err(ReadingError::new(
                "ambiguous-date",
                format!(
                    "`{text}` could be {} 20{n:02} (a two-digit year) or {n} {} of a year not given",
                    month_name(m),
                    month_name(m)
                ),
                format!("write the year in full: {} 20{n:02} or 20{n:02}-{m:02}", month_name(m)),
            )));
        }
        [N(d, 1..=2), W(w)] | [W(w), N(d, 1)] => Piece::at(
            Ymd::day(None, Some(month(w)?), u32::try_from(d).ok()?),
            rule(),
        ),
        [N(_, 1..=2), S(s), W(w), S(t), N(_, 2)] if s == t && month(w).is_some() => {
            return Some(Err(two_digit_year(text)));
        }
        _ => return None,
    };
    Some(Ok(piece))
}

/// `Q3 2022`, `2022-Q3`: the quarter's three months; `H1 2022`: the half-year's six.
fn quarter(toks: &[Tok<'_>]) -> Option<Result<Piece, ReadingError>> {
    let (letter, n, year) = match *toks {
        [W(l @ ("q" | "h")), N(n, 1), N(y, 4)]
        | [W(l @ ("q" | "h")), N(n, 1), S(_), N(y, 4)]
        | [N(y, 4), W(l @ ("q" | "h")), N(n, 1)]
        | [N(y, 4), S(_), W(l @ ("q" | "h")), N(n, 1)] => (l, n, Some(y)),
        [W(l @ ("q" | "h")), N(n, 1)] => (l, n, None),
        _ => return None,
    };
    let (months, rule) = match letter {
        "q" => (3, Rule::DateQuarter),
        _ => (6, Rule::DateHalf),
    };
    let n = u32::try_from(n)
        .ok()
        .filter(|n| (1..=12 / months).contains(n))?;
    let (a, b) = (n * months - months + 1, n * months);
    let detail = format!(
        "{}{n} = {} to {}",
        letter.to_ascii_uppercase(),
        month_name(a),
        month_name(b)
    );
    Some(Ok(Piece::span(
        Ymd::month(year, a),
        Ymd::month(year, b),
        vec![Applied::with(rule, detail)],
    )))
}

/// `week of 12 Sep 2022`: the seven days from the day given.
fn week(
    text: &str,
    rest: &[Tok<'_>],
    context: &DateContext,
) -> Option<Result<Piece, ReadingError>> {
    let inner = plain(text, rest, context, Need::Whole)?;
    Some(inner.and_then(|inner| {
        let start = calendar_day(inner.first).filter(|_| inner.first == inner.last);
        let start = start.ok_or_else(|| {
            ReadingError::new(
                "bad-date",
                format!("`{text}` does not name a day of the calendar"),
                "write the week's first day: week of 12 Sep 2022",
            )
        })?;
        let end = start + chrono::Days::new(6);
        let mut applied = vec![Applied::rule(Rule::DateWeek)];
        applied.extend(inner.applied);
        Ok(Piece::span(inner.first, ymd(end), applied))
    }))
}

/// `early 2022`, `mid-August 2022`, `end of 2022`: a third of the year (January-April,
/// May-August, September-December) or of the month (1-10, 11-20, 21-end), approximate.
fn part_of(
    text: &str,
    part: &str,
    rest: &[Tok<'_>],
    context: &DateContext,
) -> Option<Result<Piece, ReadingError>> {
    let third: u32 = match part {
        "early" | "beginning" | "start" => 0,
        "mid" | "middle" => 1,
        _ => 2,
    };
    let inner = plain(text, rest, context, Need::Whole)?;
    Some(inner.and_then(|inner| {
        let at = inner.first;
        let (Some(year), true, None) = (at.year, inner.first == inner.last, at.day) else {
            return Err(ReadingError::new(
                "bad-date",
                format!("`{text}`: early, mid and late are read of a year or a month only"),
                "write early 2022, mid-August 2022, or the days as EDTF: 2022-08-01/2022-08-10",
            ));
        };
        let (first, last, detail) = match at.month {
            None => {
                let (a, b) = (third * 4 + 1, third * 4 + 4);
                let detail = format!("{part} = {} to {}", month_name(a), month_name(b));
                (at.with_month(a), at.with_month(b), detail)
            }
            Some(m) => {
                let days = days_in_month(year, m);
                let (a, b) = (
                    third * 10 + 1,
                    if third == 2 { days } else { third * 10 + 10 },
                );
                (
                    at.with_day(a),
                    at.with_day(b),
                    format!("{part} = days {a} to {b}"),
                )
            }
        };
        let mut applied = vec![Applied::with(Rule::DatePartOfPeriod, detail)];
        applied.extend(inner.applied);
        let mut piece = Piece::span(first, last, applied);
        piece.approximate = (true, true);
        Ok(piece)
    }))
}

impl Ymd {
    fn with_month(self, m: u32) -> Ymd {
        Ymd {
            month: Some(m),
            day: None,
            ..self
        }
    }

    fn with_day(self, d: u32) -> Ymd {
        Ymd {
            day: Some(d),
            ..self
        }
    }
}

/// `05/04/2023`: day first or month first, as the numbers, the column or the user settle it.
fn day_month(
    text: &str,
    a: u64,
    b: u64,
    y: u64,
    context: &DateContext,
) -> Result<Piece, ReadingError> {
    let (a, b) = (
        u32::try_from(a).unwrap_or(99),
        u32::try_from(b).unwrap_or(99),
    );
    let day_first = Ymd::day(Some(y), Some(b), a);
    let month_first = Ymd::day(Some(y), Some(a), b);
    let can = |m: u32, d: u32| (1..=12).contains(&m) && (1..=31).contains(&d);
    match (can(b, a), can(a, b)) {
        (false, false) => Err(ReadingError::new(
            "bad-date",
            format!("`{text}` is not a date: neither {a} nor {b} is a day and a month"),
            "write YYYY-MM-DD, e.g. 2022-09-15",
        )),
        _ if a == b => Ok(Piece::at(
            day_first,
            vec![Applied::rule(Rule::DateDayMonthEqual)],
        )),
        (true, false) => forced(text, DateOrder::DayFirst, day_first, a, context),
        (false, true) => forced(text, DateOrder::MonthFirst, month_first, b, context),
        (true, true) => match &context.order {
            Some(settled) => {
                let at = match settled.order {
                    DateOrder::DayFirst => day_first,
                    DateOrder::MonthFirst => month_first,
                };
                Ok(Piece::at(
                    at,
                    vec![Applied::with(order_rule(settled.order), source(settled))],
                ))
            }
            None => Err(ambiguous_order(text, day_first, month_first)),
        },
    }
}

/// A cell whose numbers allow one order only (`15/09/2022`).
fn forced(
    text: &str,
    order: DateOrder,
    at: Ymd,
    over: u32,
    context: &DateContext,
) -> Result<Piece, ReadingError> {
    match &context.order {
        Some(settled) if settled.order != order => Err(ReadingError::new(
            "bad-date",
            format!(
                "`{text}` cannot be read {} ({}): {over} is not a month",
                order_words(settled.order),
                source(settled)
            ),
            format!("check this cell; it reads only {}", order_words(order)),
        )),
        _ => Ok(Piece::at(
            at,
            vec![Applied::with(
                order_rule(order),
                format!("{over} cannot be a month"),
            )],
        )),
    }
}

fn order_rule(order: DateOrder) -> Rule {
    match order {
        DateOrder::DayFirst => Rule::DateDayFirst,
        DateOrder::MonthFirst => Rule::DateMonthFirst,
    }
}

fn order_words(order: DateOrder) -> &'static str {
    match order {
        DateOrder::DayFirst => "day first",
        DateOrder::MonthFirst => "month first",
    }
}

fn source(settled: &SettledOrder) -> String {
    match &settled.by {
        OrderSource::Flag => settled.order.flag().to_owned(),
        OrderSource::Cell(cell) => format!("the column has {cell}"),
    }
}

fn ambiguous_order(text: &str, day_first: Ymd, month_first: Ymd) -> ReadingError {
    let (d, m) = (
        day_first.edtf().unwrap_or_default(),
        month_first.edtf().unwrap_or_default(),
    );
    let label = |at: Ymd| {
        format!(
            "{} {} {}",
            at.day.unwrap_or(0),
            month_name(at.month.unwrap_or(0)),
            at.year.unwrap_or(0)
        )
    };
    ReadingError::new(
        "ambiguous-date",
        format!(
            "`{text}` could be {} ({d}, day first) or {} ({m}, month first)",
            label(day_first),
            label(month_first)
        ),
        format!("say which with --day-first or --month-first, or write {d} or {m}"),
    )
    .with_readings(vec![d, m])
}

fn two_digit_year(text: &str) -> ReadingError {
    ReadingError::new(
        "bad-date",
        format!("`{text}` has a two-digit year"),
        "write the year in full (2022, not 22), or the date as YYYY-MM-DD",
    )
}

fn checked_month(text: &str, m: u64) -> Result<u32, ReadingError> {
    u32::try_from(m)
        .ok()
        .filter(|m| (1..=12).contains(m))
        .ok_or_else(|| {
            ReadingError::new(
                "bad-date",
                format!("`{text}` has month {m}; months run from 1 to 12"),
                "write YYYY-MM, e.g. 2023-02",
            )
        })
}

fn checked_day(text: &str, d: u64) -> Result<u32, ReadingError> {
    u32::try_from(d)
        .ok()
        .filter(|d| (1..=31).contains(d))
        .ok_or_else(|| {
            ReadingError::new(
                "bad-date",
                format!("`{text}` has day {d}; days run from 1 to 31"),
                "write YYYY-MM-DD, e.g. 2022-09-15",
            )
        })
}

fn day(text: &str, y: u64, m: u64, d: u64, applied: Vec<Applied>) -> Result<Piece, ReadingError> {
    let m = checked_month(text, m)?;
    let d = checked_day(text, d)?;
    Ok(Piece::at(Ymd::day(Some(y), Some(m), d), applied))
}

fn calendar_day(at: Ymd) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(at.year?, at.month?, at.day?)
}

fn ymd(date: NaiveDate) -> Ymd {
    Ymd {
        year: Some(date.year()),
        month: Some(date.month()),
        day: Some(date.day()),
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(31, |d| d.day())
}
