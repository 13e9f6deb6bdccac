//! The registry of reading rules: every rule's stable id, its label for notes, and one worked
//! example. Docs (docs/readings.md) and tests walk this list, so a rule cannot be added without
//! its example being checked and documented.

/// What kind of cell a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RuleKind {
    /// `date` cells.
    Date,
    /// People counts (`arrested`, `rescued`, `deported`, `victims`, `people`).
    Count,
    /// `nationalities`.
    Nationality,
    /// `type`.
    Type,
}

/// One way of reading a cell. The id is stable (a change report refers to it); the label is
/// what a note says in brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)] // each rule is documented by its label and example, and in docs/readings.md
pub enum Rule {
    DateEdtf,
    DateDayFirst,
    DateMonthFirst,
    DateDayMonthEqual,
    DateYearFirst,
    DateYearMonth,
    DateMonthYear,
    DateMonthName,
    DateQuarter,
    DateHalf,
    DateApproximate,
    DateUncertain,
    DateRange,
    DateWeek,
    DateTimeOfDay,
    DatePartOfPeriod,
    DateOngoing,
    DateSerial1900,
    DateSerial1904,
    CountAtLeast,
    CountApproximate,
    CountUnknown,
    CountWithNote,
    CountRange,
    CountThousands,
    CountWords,
    CountPlain,
    NationalityCodeCase,
    NationalityAlpha3,
    NationalityName,
    NationalityDemonym,
    NationalityCount,
    NationalitySeparator,
    NationalityRepeated,
    TypeName,
    TypeSynonym,
    TypeTraffickingRoute,
}

/// What a rule's example needs besides the cell: a flag, a spreadsheet number, a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Given {
    /// The cell alone.
    Nothing,
    /// A numeric spreadsheet cell in the 1900 date system (the cell is the number).
    Serial1900,
    /// A numeric spreadsheet cell in the 1904 date system.
    Serial1904,
    /// `--thousands ,` (or a column whose other values settle it).
    ThousandsComma,
    /// A row with an origin and a destination.
    Route,
}

/// A rule's worked example: this cell, so given, is read as `output` (a note's `after`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The cell.
    pub input: &'static str,
    /// What else the reading needs.
    pub given: Given,
    /// What it is read as, as the note writes it.
    pub output: &'static str,
}

const fn ex(input: &'static str, output: &'static str) -> Example {
    Example {
        input,
        given: Given::Nothing,
        output,
    }
}

const fn given(given: Given, input: &'static str, output: &'static str) -> Example {
    Example {
        input,
        given,
        output,
    }
}

/// id, label, example, for every rule in [`Rule::ALL`] order.
const TABLE: [(Rule, &str, &str, Example); 37] = [
    (
        Rule::DateEdtf,
        "date-edtf",
        "EDTF in its canonical form",
        ex("2022-08-XX", "2022-08"),
    ),
    (
        Rule::DateDayFirst,
        "date-day-first",
        "day first",
        ex("15/09/2022", "2022-09-15"),
    ),
    (
        Rule::DateMonthFirst,
        "date-month-first",
        "month first",
        ex("09/15/2022", "2022-09-15"),
    ),
    (
        Rule::DateDayMonthEqual,
        "date-day-month-equal",
        "day and month are the same number",
        ex("05.05.2023", "2023-05-05"),
    ),
    (
        Rule::DateYearFirst,
        "date-year-first",
        "year, month, day",
        ex("2022/08/26", "2022-08-26"),
    ),
    (
        Rule::DateYearMonth,
        "date-year-month",
        "year and month",
        ex("2023/02", "2023-02"),
    ),
    (
        Rule::DateMonthYear,
        "date-month-year",
        "month and year",
        ex("02/2023", "2023-02"),
    ),
    (
        Rule::DateMonthName,
        "date-month-name",
        "English month name",
        ex("Sept 2022", "2022-09"),
    ),
    (
        Rule::DateQuarter,
        "date-quarter",
        "quarter: its three months",
        ex("Q3 2022", "2022-07/2022-09"),
    ),
    (
        Rule::DateHalf,
        "date-half",
        "half-year: its six months",
        ex("H1 2022", "2022-01/2022-06"),
    ),
    (
        Rule::DateApproximate,
        "date-approximate",
        "approximate",
        ex("c. 2020", "2020~"),
    ),
    (
        Rule::DateUncertain,
        "date-uncertain",
        "uncertain",
        ex("Aug 2022 (unconfirmed)", "2022-08?"),
    ),
    (
        Rule::DateRange,
        "date-range",
        "range",
        ex("Jan-Mar 2023", "2023-01/2023-03"),
    ),
    (
        Rule::DateWeek,
        "date-week",
        "week: the seven days from the day given",
        ex("week of 12 Sep 2022", "2022-09-12/2022-09-18"),
    ),
    (
        Rule::DateTimeOfDay,
        "date-time-of-day",
        "time of day dropped",
        ex("2022-08-26 14:00", "2022-08-26"),
    ),
    (
        Rule::DatePartOfPeriod,
        "date-part",
        "early, mid, late: a third of the year or month, approximate",
        ex("late 2022", "2022-09~/2022-12~"),
    ),
    (
        Rule::DateOngoing,
        "date-ongoing",
        "ongoing: open end",
        ex("since Aug 2022", "2022-08/.."),
    ),
    (
        Rule::DateSerial1900,
        "date-serial-1900",
        "spreadsheet day number, 1900 date system",
        given(Given::Serial1900, "44805", "2022-09-01"),
    ),
    (
        Rule::DateSerial1904,
        "date-serial-1904",
        "spreadsheet day number, 1904 date system",
        given(Given::Serial1904, "43343", "2022-09-01"),
    ),
    (
        Rule::CountAtLeast,
        "count-at-least",
        "a lower bound",
        ex("30+", "30 with count_note \"at least\""),
    ),
    (
        Rule::CountApproximate,
        "count-approximately",
        "an approximate figure",
        ex("~100", "100 with count_note \"approximately\""),
    ),
    (
        Rule::CountUnknown,
        "count-unknown",
        "unknown: left blank",
        ex("unknown", ""),
    ),
    (
        Rule::CountWithNote,
        "count-with-note",
        "the rest goes to count_note",
        ex("7 (incl. 2 minors)", "7 with count_note \"incl. 2 minors\""),
    ),
    (
        Rule::CountRange,
        "count-range",
        "a range: the lower figure",
        ex("40-50", "40 with count_note \"40-50\""),
    ),
    (
        Rule::CountThousands,
        "count-thousands",
        "thousands separator",
        given(Given::ThousandsComma, "1,310", "1310"),
    ),
    (
        Rule::CountWords,
        "count-words",
        "number in words",
        ex("twelve", "12"),
    ),
    (
        Rule::CountPlain,
        "count-plain",
        "plain number",
        ex("007", "7"),
    ),
    (
        Rule::NationalityCodeCase,
        "nationality-code-case",
        "code in capitals",
        ex("cn", "CN"),
    ),
    (
        Rule::NationalityAlpha3,
        "nationality-alpha3",
        "ISO alpha-3 code",
        ex("CHN", "CN"),
    ),
    (
        Rule::NationalityName,
        "nationality-name",
        "country name",
        ex("Sri Lanka", "LK"),
    ),
    (
        Rule::NationalityDemonym,
        "nationality-demonym",
        "English demonym",
        ex("Chinese", "CN"),
    ),
    (
        Rule::NationalityCount,
        "nationality-count",
        "count written with the name",
        ex("CN (62)", "CN:62"),
    ),
    (
        Rule::NationalitySeparator,
        "nationality-separator",
        "separated by `;`",
        ex("CN, VN", "CN;VN"),
    ),
    (
        Rule::NationalityRepeated,
        "nationality-repeated",
        "listed twice, kept once",
        ex("CN;CN", "CN"),
    ),
    (
        Rule::TypeName,
        "type-name",
        "type name",
        ex("Trafficking route", "trafficking_route"),
    ),
    (
        Rule::TypeSynonym,
        "type-synonym",
        "synonym",
        ex("Police raid", "raid"),
    ),
    (
        Rule::TypeTraffickingRoute,
        "type-trafficking-route",
        "trafficking, with an origin and a destination",
        given(Given::Route, "Trafficking", "trafficking_route"),
    ),
];

impl Rule {
    /// Every rule, in the order docs/readings.md lists them.
    pub const ALL: [Rule; 37] = {
        let mut all = [Rule::DateEdtf; 37];
        let mut i = 0;
        while i < 37 {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static (Rule, &'static str, &'static str, Example) {
        // TABLE is in declaration order (a test checks it), so the discriminant is the row.
        &TABLE[self as usize]
    }

    /// The stable id, e.g. `date-month-name`.
    pub fn id(self) -> &'static str {
        self.row().1
    }

    /// What a note says in brackets, e.g. `English month name`.
    pub fn label(self) -> &'static str {
        self.row().2
    }

    /// The worked example docs/readings.md shows and the tests check.
    pub fn example(self) -> Example {
        self.row().3
    }

    /// The kind of cell the rule reads.
    pub fn kind(self) -> RuleKind {
        match self.id().split('-').next() {
            Some("date") => RuleKind::Date,
            Some("count") => RuleKind::Count,
            Some("nationality") => RuleKind::Nationality,
            _ => RuleKind::Type,
        }
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
