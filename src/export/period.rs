//! Calendar periods for the layers that sum events over time (`--period month|quarter|year`):
//! flows and province activity. An event is counted in one period, the one its map start
//! falls in (its first possible day; for an open start, the first day of its end's period):
//! an event spanning several periods is not spread over them, nor counted in each, so that
//! the sums of a layer add up to its events.

use chrono::{Datelike, Months, NaiveDate};

/// How long a period is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Period {
    /// A calendar month: `2022-07`.
    Month,
    /// A calendar quarter: `2022-Q3`.
    #[default]
    Quarter,
    /// A calendar year: `2022`.
    Year,
}

/// One period: its kind and its first day (the key layers sort and group by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The first day.
    pub start: NaiveDate,
    /// Its length.
    pub period: Period,
}

impl Period {
    /// How many months one lasts.
    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        }
    }

    /// The period `day` falls in.
    pub fn of(self, day: NaiveDate) -> Span {
        let month0 = day.month0() - day.month0() % self.months();
        // Day 1 of a month that exists: cannot fail.
        let start = NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1).unwrap_or(day);
        Span {
            start,
            period: self,
        }
    }

    /// Its name, as `--period` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

impl Span {
    /// The period after this one.
    #[must_use]
    pub fn next(self) -> Span {
        Span {
            start: self
                .start
                .checked_add_months(Months::new(self.period.months()))
                .unwrap_or(NaiveDate::MAX),
            period: self.period,
        }
    }

    /// The period before this one.
    #[must_use]
    pub fn previous(self) -> Span {
        Span {
            start: self
                .start
                .checked_sub_months(Months::new(self.period.months()))
                .unwrap_or(NaiveDate::MIN),
            period: self.period,
        }
    }

    /// Its last day.
    pub fn end(self) -> NaiveDate {
        self.next().start.pred_opt().unwrap_or(self.start)
    }

    /// Its label: `2022-07`, `2022-Q3`, `2022`.
    pub fn label(self) -> String {
        let year = self.start.year();
        match self.period {
            Period::Month => format!("{year:04}-{:02}", self.start.month()),
            Period::Quarter => format!("{year:04}-Q{}", self.start.month0() / 3 + 1),
            Period::Year => format!("{year:04}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
    }

    #[test]
    fn periods_have_labels_and_bounds() {
        let cases = [
            (
                Period::Month,
                "2022-08-18",
                "2022-08",
                "2022-08-01",
                "2022-08-31",
            ),
            (
                Period::Quarter,
                "2022-08-18",
                "2022-Q3",
                "2022-07-01",
                "2022-09-30",
            ),
            (
                Period::Quarter,
                "2022-12-31",
                "2022-Q4",
                "2022-10-01",
                "2022-12-31",
            ),
            (
                Period::Quarter,
                "2020-01-01",
                "2020-Q1",
                "2020-01-01",
                "2020-03-31",
            ),
            (
                Period::Year,
                "2024-02-29",
                "2024",
                "2024-01-01",
                "2024-12-31",
            ),
            (
                Period::Month,
                "2024-02-10",
                "2024-02",
                "2024-02-01",
                "2024-02-29",
            ),
        ];
        for (period, d, label, start, end) in cases {
            let span = period.of(day(d));
            assert_eq!(
                (span.label(), span.start, span.end()),
                (label.to_owned(), day(start), day(end)),
                "{d}"
            );
        }
        let q = Period::Quarter.of(day("2023-02-01"));
        assert_eq!(q.previous().label(), "2022-Q4");
        assert_eq!(q.next().label(), "2023-Q2");
        assert_eq!(q.previous().next(), q);
    }
}
