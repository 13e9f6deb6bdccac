//! A column's day/month order, inferred from its cells: one `15/09/2022` settles that
//! `05/04/2023` in the same column is 5 April. A column whose numeric dates are all ambiguous
//! (both numbers 12 or under) is settled only by `--day-first` or `--month-first`.

use super::lex::{lex, Tok, Tok::N, Tok::S};
use super::{DateOrder, OrderSource, SettledOrder};
use crate::readings::ReadingError;

/// What a column's cells say about its day/month order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderInference {
    /// No cell has a numeric day and month (`05/04/2023`): there is nothing to settle.
    NotNeeded,
    /// A cell has a number over 12 in one position, and no cell contradicts it.
    Settled {
        /// The order.
        order: DateOrder,
        /// The first cell that settled it, as written.
        cell: String,
    },
    /// Some cells are ambiguous and none settles the order.
    Ambiguous {
        /// The first ambiguous cell, as written.
        cell: String,
        /// How many cells are ambiguous.
        cells: usize,
    },
    /// One cell can only be day first and another only month first.
    Conflict {
        /// A cell that reads only day first (`15/09/2022`).
        day_first: String,
        /// A cell that reads only month first (`09/15/2022`).
        month_first: String,
    },
}

/// Infers the day/month order of a column from all its cells.
pub fn infer_order<'a>(cells: impl IntoIterator<Item = &'a str>) -> OrderInference {
    let (mut day_first, mut month_first, mut ambiguous) = (None, None, None);
    let mut ambiguous_cells = 0;
    for cell in cells {
        let lower = cell.to_ascii_lowercase();
        let mut cell_is_ambiguous = false;
        for (a, b) in day_month_pairs(&lex(&lower)) {
            match (a > 12, b > 12) {
                (true, false) => {
                    day_first.get_or_insert_with(|| cell.trim().to_owned());
                }
                (false, true) => {
                    month_first.get_or_insert_with(|| cell.trim().to_owned());
                }
                (false, false) if a != b => cell_is_ambiguous = true,
                _ => {}
            }
        }
        if cell_is_ambiguous {
            ambiguous_cells += 1;
            ambiguous.get_or_insert_with(|| cell.trim().to_owned());
        }
    }
    match (day_first, month_first, ambiguous) {
        (Some(day_first), Some(month_first), _) => OrderInference::Conflict {
            day_first,
            month_first,
        },
        (Some(cell), None, _) => OrderInference::Settled {
            order: DateOrder::DayFirst,
            cell,
        },
        (None, Some(cell), _) => OrderInference::Settled {
            order: DateOrder::MonthFirst,
            cell,
        },
        (None, None, Some(cell)) => OrderInference::Ambiguous {
            cell,
            cells: ambiguous_cells,
        },
        (None, None, None) => OrderInference::NotNeeded,
    }
}

/// The first two numbers of every `N/N/YYYY` in a cell (with `/`, `.` or `-`), skipping the
/// tail of a longer run such as `2022-08-26-2022`.
fn day_month_pairs(toks: &[Tok<'_>]) -> Vec<(u64, u64)> {
    let mut pairs = Vec::new();
    for (i, window) in toks.windows(5).enumerate() {
        if let [N(a, 1..=2), S(s), N(b, 1..=2), S(t), N(_, 4)] = *window {
            let continues = i > 0 && toks[i - 1] == S(s);
            let ends = matches!(toks.get(i + 5), Some(S(u)) if *u == s)
                && matches!(toks.get(i + 6), Some(N(..)));
            if matches!(s, '/' | '.' | '-') && s == t && !continues && !ends {
                pairs.push((a, b));
            }
        }
    }
    pairs
}

/// The order to read a column with: the user's flag wins; else what the cells settled. A
/// column of ambiguous cells with no flag, or with cells that contradict each other, is an
/// error naming the flags.
pub fn settle_order(
    flag: Option<DateOrder>,
    inference: &OrderInference,
) -> Result<Option<SettledOrder>, ReadingError> {
    if let Some(order) = flag {
        return Ok(Some(SettledOrder {
            order,
            by: OrderSource::Flag,
        }));
    }
    match inference {
        OrderInference::NotNeeded => Ok(None),
        OrderInference::Settled { order, cell } => Ok(Some(SettledOrder {
            order: *order,
            by: OrderSource::Cell(cell.clone()),
        })),
        OrderInference::Ambiguous { cell, cells } => {
            let more = match cells - 1 {
                0 => String::new(),
                1 => " and 1 more".to_owned(),
                n => format!(" and {n} more"),
            };
            Err(ReadingError::new(
                "ambiguous-date-order",
                format!("the column's dates (`{cell}`{more}) could be day first or month first, and no cell has a day over 12 to settle it"),
                "say which with --day-first or --month-first, or write the dates as YYYY-MM-DD",
            ))
        }
        OrderInference::Conflict {
            day_first,
            month_first,
        } => Err(ReadingError::new(
            "conflicting-date-order",
            format!("the column mixes day-first and month-first dates: `{day_first}` reads only day first, `{month_first}` only month first"),
            "correct the cells written the other way, or write the dates as YYYY-MM-DD",
        )),
    }
}
