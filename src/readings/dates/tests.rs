use super::*;

fn context(order: Option<DateOrder>) -> DateContext {
    DateContext {
        order: order.map(|order| SettledOrder {
            order,
            by: OrderSource::Flag,
        }),
    }
}

/// Reads `cell` and returns its EDTF and the ids of the rules applied.
fn read(cell: &str, order: Option<DateOrder>) -> Result<(String, String), ReadingError> {
    let reading = read_date(cell, &context(order))?;
    let rules = reading
        .note
        .as_ref()
        .map(Note::rule_ids)
        .unwrap_or_default();
    assert_eq!(
        reading.value.text(),
        reading.value.edtf(),
        "{cell}: value text is canonical"
    );
    Ok((reading.value.edtf(), rules))
}

fn ok(cell: &str) -> (String, String) {
    read(cell, None).unwrap_or_else(|e| panic!("{cell}: {e} ({})", e.hint))
}

#[test]
fn canonical_edtf_is_taken_as_it_is_with_no_note() {
    for cell in [
        "2022",
        "2022-08",
        "2022-08-26",
        "2022-08/2022-10",
        "2020~",
        "2022-08-26?",
        "../2022-10",
        "2022-08/",
        "2022-08-18/..",
    ] {
        let reading = read_date(cell, &DateContext::default()).expect(cell);
        assert_eq!(reading.value.edtf(), cell);
        assert_eq!(reading.note, None, "{cell}");
    }
    assert_eq!(ok("2022-08-XX"), ("2022-08".into(), "date-edtf".into()));
    assert_eq!(
        ok(" 2022-08 ").1,
        "",
        "surrounding spaces are not a reading"
    );
}

/// Every written form, what it reads as, and the rules applied.
const FORMS: &[(&str, &str, &str)] = &[
    // day first / month first, settled by the cell itself
    ("15/09/2022", "2022-09-15", "date-day-first"),
    ("15.09.2022", "2022-09-15", "date-day-first"),
    ("15-9-2022", "2022-09-15", "date-day-first"),
    ("09/15/2022", "2022-09-15", "date-month-first"),
    ("05/05/2022", "2022-05-05", "date-day-month-equal"),
    // year first, year and month
    ("2022/08/26", "2022-08-26", "date-year-first"),
    ("2022.8.26", "2022-08-26", "date-year-first"),
    ("2022-8-26", "2022-08-26", "date-year-first"),
    ("20220826", "2022-08-26", "date-year-first"),
    ("2023/02", "2023-02", "date-year-month"),
    ("2023/2", "2023-02", "date-year-month"),
    ("2023-2", "2023-02", "date-year-month"),
    ("02/2023", "2023-02", "date-month-year"),
    ("2.2023", "2023-02", "date-month-year"),
    // English month names
    ("Sept 2022", "2022-09", "date-month-name"),
    ("Sep. 2022", "2022-09", "date-month-name"),
    ("September 2022", "2022-09", "date-month-name"),
    ("SEPTEMBER 2022", "2022-09", "date-month-name"),
    ("Sep-2022", "2022-09", "date-month-name"),
    ("2022 Sep", "2022-09", "date-month-name"),
    ("18 Aug 2022", "2022-08-18", "date-month-name"),
    ("30 Jan 2023", "2023-01-30", "date-month-name"),
    ("18th August 2022", "2022-08-18", "date-month-name"),
    ("18-Aug-2022", "2022-08-18", "date-month-name"),
    ("18 Aug, 2022", "2022-08-18", "date-month-name"),
    ("August 18, 2022", "2022-08-18", "date-month-name"),
    ("Aug 18th 2022", "2022-08-18", "date-month-name"),
    ("1 May 2023", "2023-05-01", "date-month-name"),
    // quarters
    ("Q3 2022", "2022-07/2022-09", "date-quarter"),
    ("q1 2023", "2023-01/2023-03", "date-quarter"),
    ("2022-Q4", "2022-10/2022-12", "date-quarter"),
    ("2022 Q2", "2022-04/2022-06", "date-quarter"),
    ("H1 2022", "2022-01/2022-06", "date-half"),
    ("H2 2022", "2022-07/2022-12", "date-half"),
    (
        "early 2023 (approx.)",
        "2023-01~/2023-04~",
        "date-approximate+date-part",
    ),
    ("2022 (unconfirmed)", "2022?", "date-uncertain"),
    ("Aug 2022 (?)", "2022-08?", "date-uncertain+date-month-name"),
    // approximate
    ("c. 2020", "2020~", "date-approximate"),
    ("c.2020", "2020~", "date-approximate"),
    ("C. 2020", "2020~", "date-approximate"),
    ("ca. 2020", "2020~", "date-approximate"),
    ("circa 2020", "2020~", "date-approximate"),
    ("about 2020", "2020~", "date-approximate"),
    ("around 2020", "2020~", "date-approximate"),
    ("approx. 2020", "2020~", "date-approximate"),
    ("~2020", "2020~", "date-approximate"),
    (
        "c. Aug 2022",
        "2022-08~",
        "date-approximate+date-month-name",
    ),
    ("Aug 2022?", "2022-08?", "date-uncertain+date-month-name"),
    // ranges
    ("2020-2022", "2020/2022", "date-range"),
    ("2020 - 2022", "2020/2022", "date-range"),
    ("2020\u{2013}2022", "2020/2022", "date-range"),
    ("2020 to 2022", "2020/2022", "date-range"),
    ("2022-08 / 2022-10", "2022-08/2022-10", "date-range"),
    ("between 2020 and 2022", "2020/2022", "date-range"),
    (
        "from Jan to Mar 2023",
        "2023-01/2023-03",
        "date-month-name+date-range",
    ),
    (
        "Jan-Mar 2023",
        "2023-01/2023-03",
        "date-month-name+date-range",
    ),
    (
        "Jan - Mar 2023",
        "2023-01/2023-03",
        "date-month-name+date-range",
    ),
    (
        "Nov 2022-Feb 2023",
        "2022-11/2023-02",
        "date-month-name+date-range",
    ),
    (
        "2022-08-18 - 2022-09-10",
        "2022-08-18/2022-09-10",
        "date-range",
    ),
    (
        "2022-08-18-2022-09-10",
        "2022-08-18/2022-09-10",
        "date-range",
    ),
    (
        "18-20 Aug 2022",
        "2022-08-18/2022-08-20",
        "date-month-name+date-range",
    ),
    (
        "Aug 18-20, 2022",
        "2022-08-18/2022-08-20",
        "date-month-name+date-range",
    ),
    (
        "18 Aug - 2 Sep 2022",
        "2022-08-18/2022-09-02",
        "date-month-name+date-range",
    ),
    (
        "Q3 2022 - Q1 2023",
        "2022-07/2023-03",
        "date-quarter+date-range",
    ),
    ("c. 2020-2022", "2020~/2022~", "date-approximate+date-range"),
    (
        "15/09/2022 - 20/09/2022",
        "2022-09-15/2022-09-20",
        "date-day-first+date-range",
    ),
    // weeks, times, thirds, open ends
    (
        "week of 12 Sep 2022",
        "2022-09-12/2022-09-18",
        "date-week+date-month-name",
    ),
    ("Week of 2022-09-12", "2022-09-12/2022-09-18", "date-week"),
    (
        "week commencing 26 Dec 2022",
        "2022-12-26/2023-01-01",
        "date-week+date-month-name",
    ),
    ("2022-08-26 14:00", "2022-08-26", "date-time-of-day"),
    ("2022-08-26T14:00:00Z", "2022-08-26", "date-time-of-day"),
    (
        "2022-08-26T14:00:00.123+07:00",
        "2022-08-26",
        "date-time-of-day",
    ),
    (
        "26/08/2022 2:30 pm",
        "2022-08-26",
        "date-time-of-day+date-day-first",
    ),
    (
        "18 Aug 2022 at 09:15",
        "2022-08-18",
        "date-time-of-day+date-month-name",
    ),
    ("early 2022", "2022-01~/2022-04~", "date-part"),
    ("mid-2022", "2022-05~/2022-08~", "date-part"),
    ("Mid 2022", "2022-05~/2022-08~", "date-part"),
    ("late 2022", "2022-09~/2022-12~", "date-part"),
    ("end of 2022", "2022-09~/2022-12~", "date-part"),
    (
        "early August 2022",
        "2022-08-01~/2022-08-10~",
        "date-part+date-month-name",
    ),
    (
        "mid-Aug 2022",
        "2022-08-11~/2022-08-20~",
        "date-part+date-month-name",
    ),
    (
        "late Feb 2024",
        "2024-02-21~/2024-02-29~",
        "date-part+date-month-name",
    ),
    (
        "late 2022 - early 2023",
        "2022-09~/2023-04~",
        "date-part+date-range",
    ),
    (
        "since Aug 2022",
        "2022-08/..",
        "date-month-name+date-ongoing",
    ),
    (
        "Aug 2022 - present",
        "2022-08/..",
        "date-month-name+date-ongoing",
    ),
    ("2022 onwards", "2022/..", "date-ongoing"),
    (
        "Aug 2022 - today",
        "2022-08/..",
        "date-month-name+date-ongoing",
    ),
    (
        "week beginning 12 Sep 2022",
        "2022-09-12/2022-09-18",
        "date-week+date-month-name",
    ),
    ("beginning of 2023", "2023-01~/2023-04~", "date-part"),
    ("middle of 2023", "2023-05~/2023-08~", "date-part"),
];

#[test]
fn every_written_form_reads_by_its_rule() {
    let wrong: Vec<String> = FORMS
        .iter()
        .filter_map(|&(cell, edtf, rules)| {
            let got = read(cell, None).map_err(|e| format!("{e} ({})", e.hint));
            (got != Ok((edtf.to_owned(), rules.to_owned()))).then(|| format!("{cell}: {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_order_comes_from_the_flag_or_the_column() {
    let day = Some(DateOrder::DayFirst);
    let month = Some(DateOrder::MonthFirst);
    assert_eq!(read("05/04/2023", day).expect("day first").0, "2023-04-05");
    assert_eq!(read("5.4.2023", day).expect("day first").0, "2023-04-05");
    assert_eq!(
        read("05/04/2023", month).expect("month first").0,
        "2023-05-04"
    );
    let settled = DateContext {
        order: Some(SettledOrder {
            order: DateOrder::DayFirst,
            by: OrderSource::Cell("15/09/2022".into()),
        }),
    };
    let reading = read_date("05/04/2023", &settled).expect("settled by the column");
    assert_eq!(
        reading.note.expect("a note").text(),
        "read \"05/04/2023\" as 2023-04-05 (day first: the column has 15/09/2022)"
    );
    let flagged = read_date("05/04/2023", &context(day)).expect("flag");
    assert_eq!(
        flagged.note.expect("a note").text(),
        "read \"05/04/2023\" as 2023-04-05 (day first: --day-first)"
    );
    let own = read_date("15/09/2022", &DateContext::default()).expect("own cell");
    assert_eq!(
        own.note.expect("a note").text(),
        "read \"15/09/2022\" as 2022-09-15 (day first: 15 cannot be a month)"
    );
}

#[test]
fn an_ambiguous_cell_is_an_error_giving_both_readings() {
    let e = read("05/04/2023", None).expect_err("ambiguous");
    assert_eq!(e.code, "ambiguous-date");
    assert_eq!(e.readings, vec!["2023-04-05", "2023-05-04"]);
    assert_eq!(
        e.message,
        "`05/04/2023` could be 5 April 2023 (2023-04-05, day first) or 4 May 2023 (2023-05-04, month first)"
    );
    assert!(
        e.hint.contains("--day-first") && e.hint.contains("--month-first"),
        "{}",
        e.hint
    );
    let e = read("Sep-22", None).expect_err("two-digit year or day");
    assert_eq!(e.code, "ambiguous-date");
    assert!(
        e.message.contains("September 2022") && e.message.contains("22 September"),
        "{}",
        e.message
    );
    let e = read("44805", None).expect_err("a lost day number");
    assert_eq!(e.readings, vec!["2022-09-01", "2026-09-02"]);
    let e = read("15/09/2022", Some(DateOrder::MonthFirst)).expect_err("against the flag");
    assert_eq!(
        e.message,
        "`15/09/2022` cannot be read month first (--month-first): 15 is not a month"
    );
}

#[test]
fn impossible_and_unreadable_cells_say_what_would_be_right() {
    let mut wrong = Vec::new();
    for (cell, code, says) in [
        ("", "missing-value", "empty"),
        ("31/02/2022", "bad-date", "February 2022 has 28 days"),
        ("2022/13", "bad-date", "month 13"),
        ("13/13/2022", "bad-date", "neither 13 nor 13"),
        ("15/09/22", "bad-date", "two-digit year"),
        ("18-Aug-22", "bad-date", "two-digit year"),
        ("Aug 5", "bad-date", "no year"),
        ("18 Aug", "bad-date", "no year"),
        (
            "Aug 18",
            "ambiguous-date",
            "August 2018 (a two-digit year) or 18 August",
        ),
        ("20, 2022", "bad-date", "not a date tonle can read"),
        ("Jan-Mar", "bad-date", "no year"),
        ("Nov - Feb 2023", "bad-date", "ends before it starts"),
        ("summer 2022", "bad-date", "season"),
        ("2019-20", "bad-date", "nor a range of years"),
        ("Q5 2022", "bad-date", "not a date tonle can read"),
        ("H3 2022", "bad-date", "not a date tonle can read"),
        ("unknown", "bad-date", "not a date tonle can read"),
        ("early 18 Aug 2022", "bad-date", "of a year or a month only"),
        ("0500", "year-out-of-range", "the year 500"),
        ("9999", "year-out-of-range", "the year 9999"),
        ("2202-08", "year-out-of-range", "the year 2202"),
        ("15 Aug 1850", "year-out-of-range", "1850"),
        ("2022-08-26 25:00", "bad-date", "not a date"),
    ] {
        match read(cell, None) {
            Err(e) if e.code == code && e.message.contains(says) && !e.hint.is_empty() => {}
            other => wrong.push(format!("{cell}: {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn spreadsheet_day_numbers_in_both_systems() {
    let day = |serial: f64, system| read_serial(serial, system).map(|r| r.value.edtf());
    assert_eq!(
        day(44805.0, SerialSystem::Excel1900),
        Ok("2022-09-01".into())
    );
    assert_eq!(
        day(43343.0, SerialSystem::Excel1904),
        Ok("2022-09-01".into())
    );
    assert_eq!(day(61.0, SerialSystem::Excel1900), Ok("1900-03-01".into()));
    assert_eq!(day(59.0, SerialSystem::Excel1900), Ok("1900-02-28".into()));
    assert_eq!(day(1.0, SerialSystem::Excel1900), Ok("1900-01-01".into()));
    assert!(
        day(60.0, SerialSystem::Excel1900).is_err(),
        "29 February 1900 never was"
    );
    assert!(day(0.0, SerialSystem::Excel1900).is_err());
    assert!(day(-1.0, SerialSystem::Excel1900).is_err());
    assert!(day(f64::NAN, SerialSystem::Excel1900).is_err());
    assert!(day(f64::INFINITY, SerialSystem::Excel1904).is_err());
    assert_eq!(
        day(0.0, SerialSystem::Excel1904).map_err(|e| e.code),
        Ok("1904-01-01".into())
    );
    assert_eq!(
        day(2_958_465.0, SerialSystem::Excel1900).map_err(|e| e.code),
        Err("year-out-of-range")
    );
    let noon = read_serial(44805.5, SerialSystem::Excel1900).expect("noon");
    assert_eq!(
        noon.note.expect("a note").text(),
        "read \"44805.5\" as 2022-09-01 (spreadsheet day number, 1900 date system; time of day dropped: 12:00)"
    );
}

#[test]
fn a_column_settles_its_order_or_names_the_flags() {
    let infer = |cells: &[&str]| infer_order(cells.iter().copied());
    assert_eq!(infer(&["2022-08", "Sept 2022"]), OrderInference::NotNeeded);
    assert_eq!(
        infer(&["05/04/2023", "15/09/2022", "01/02/2023"]),
        OrderInference::Settled {
            order: DateOrder::DayFirst,
            cell: "15/09/2022".into()
        }
    );
    assert_eq!(
        infer(&["05/04/2023", "09/15/2022"]),
        OrderInference::Settled {
            order: DateOrder::MonthFirst,
            cell: "09/15/2022".into()
        }
    );
    assert_eq!(
        infer(&["05/04/2023", "06/04/2023 - 07/04/2023", "05/05/2023"]),
        OrderInference::Ambiguous {
            cell: "05/04/2023".into(),
            cells: 2
        }
    );
    assert_eq!(
        infer(&["15/09/2022", "09/15/2022"]),
        OrderInference::Conflict {
            day_first: "15/09/2022".into(),
            month_first: "09/15/2022".into()
        }
    );
    assert_eq!(
        infer(&["2022-08-26-2022-09-10"]),
        OrderInference::NotNeeded,
        "no day-month pair"
    );
    let ambiguous = infer(&["05/04/2023", "06/04/2023"]);
    let e = settle_order(None, &ambiguous).expect_err("needs a flag");
    assert_eq!(e.code, "ambiguous-date-order");
    assert!(
        e.message.contains("`05/04/2023` and 1 more"),
        "{}",
        e.message
    );
    assert!(e.hint.contains("--day-first") && e.hint.contains("--month-first"));
    assert_eq!(
        settle_order(Some(DateOrder::MonthFirst), &ambiguous),
        Ok(Some(SettledOrder {
            order: DateOrder::MonthFirst,
            by: OrderSource::Flag
        }))
    );
    let conflict = infer(&["15/09/2022", "09/15/2022"]);
    assert_eq!(
        settle_order(None, &conflict).map_err(|e| e.code),
        Err("conflicting-date-order")
    );
    assert_eq!(settle_order(None, &OrderInference::NotNeeded), Ok(None));
}

/// Any cell a reading rule may meet: digits, month names, separators and the words rules use.
fn cell() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        "[0-9]{1,8}",
        proptest::sample::select(vec![
            "Jan", "Sept", "August", "Q", "q3", "c.", "circa", "about", "early", "mid", "late",
            "week of", "since", "between", "and", "to", "present", "T", "14:00", "pm", "th",
        ])
        .prop_map(str::to_owned),
        "[-/. ,:?~%\u{2013}]",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

proptest::proptest! {
    /// Any string gives a reading or an error, never a panic; a reading is canonical EDTF in
    /// the year range, and reading it again changes nothing and needs no note.
    #[test]
    fn any_cell_reads_or_errs_and_readings_are_fixed_points(text in cell(), order in proptest::option::of(proptest::bool::ANY)) {
        let order = order.map(|d| if d { DateOrder::DayFirst } else { DateOrder::MonthFirst });
        if let Ok(reading) = read_date(&text, &context(order)) {
            let canonical = reading.value.edtf();
            let again = read_date(&canonical, &DateContext::default());
            proptest::prop_assert!(again.is_ok(), "{} -> {}", text, canonical);
            let again = again.expect("checked");
            proptest::prop_assert_eq!(again.note, None, "{} -> {}", text, canonical);
            proptest::prop_assert_eq!(again.value.edtf(), canonical);
        }
    }

    /// Arbitrary Unicode too.
    #[test]
    fn any_unicode_reads_or_errs(text in "\\PC{0,30}") {
        let _ = read_date(&text, &DateContext::default());
    }

    /// Spreadsheet numbers of every kind read or err, and readings are fixed points.
    #[test]
    fn any_serial_reads_or_errs(serial in proptest::num::f64::ANY, system in proptest::bool::ANY) {
        let system = if system { SerialSystem::Excel1904 } else { SerialSystem::Excel1900 };
        if let Ok(reading) = read_serial(serial, system) {
            let again = read_date(&reading.value.edtf(), &DateContext::default()).expect("canonical");
            proptest::prop_assert_eq!(again.note, None);
        }
    }
}
