//! Every accepted form, every refusal, labels, overlaps, and the canonical round trip.

use super::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn bounds(text: &str) -> (Option<String>, Option<String>, &'static str, &'static str) {
    let d = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    (
        d.start_day().map(|d| d.to_string()),
        d.end_day().map(|d| d.to_string()),
        d.precision().as_str(),
        d.qualifier().as_str(),
    )
}

#[allow(clippy::unnecessary_wraps)] // compared with Option bounds
fn s(x: &str) -> Option<String> {
    Some(x.to_owned())
}

#[test]
fn every_accepted_form_maps_to_its_bounds() {
    assert_eq!(
        bounds("2022"),
        (s("2022-01-01"), s("2022-12-31"), "year", "")
    );
    assert_eq!(
        bounds("2022-08"),
        (s("2022-08-01"), s("2022-08-31"), "month", "")
    );
    assert_eq!(
        bounds("2024-02"),
        (s("2024-02-01"), s("2024-02-29"), "month", "")
    );
    assert_eq!(
        bounds("2022-08-26"),
        (s("2022-08-26"), s("2022-08-26"), "day", "")
    );
    assert_eq!(
        bounds("2022-08/2022-10"),
        (s("2022-08-01"), s("2022-10-31"), "month", "")
    );
    assert_eq!(
        bounds("2022-08-18/2022-10-19"),
        (s("2022-08-18"), s("2022-10-19"), "day", "")
    );
    assert_eq!(
        bounds("2022-08-18/2022-10"),
        (s("2022-08-18"), s("2022-10-31"), "month", "")
    );
    assert_eq!(bounds("../2022-10"), (None, s("2022-10-31"), "month", ""));
    assert_eq!(bounds("2022-08/.."), (s("2022-08-01"), None, "month", ""));
    assert_eq!(bounds("2022-08/"), (s("2022-08-01"), None, "month", ""));
    assert_eq!(bounds("/2022"), (None, s("2022-12-31"), "year", ""));
    assert_eq!(
        bounds("2022-08?"),
        (s("2022-08-01"), s("2022-08-31"), "month", "uncertain")
    );
    assert_eq!(
        bounds("2022~"),
        (s("2022-01-01"), s("2022-12-31"), "year", "approximate")
    );
    assert_eq!(
        bounds("2022-08-26%"),
        (
            s("2022-08-26"),
            s("2022-08-26"),
            "day",
            "uncertain-approximate"
        )
    );
    assert_eq!(
        bounds("2022-08~/2022-10?"),
        (
            s("2022-08-01"),
            s("2022-10-31"),
            "month",
            "uncertain-approximate"
        )
    );
    assert_eq!(
        bounds("2022-08-XX"),
        (s("2022-08-01"), s("2022-08-31"), "month", "")
    );
    assert_eq!(
        bounds("2022-XX"),
        (s("2022-01-01"), s("2022-12-31"), "year", "")
    );
    assert_eq!(
        bounds(" 2022-08 "),
        (s("2022-08-01"), s("2022-08-31"), "month", "")
    );
}

#[test]
fn open_and_unknown_ends_are_kept_apart() {
    let open = parse("2022-08/..").expect("valid");
    assert_eq!(open.end(), End::Open);
    assert_eq!(open.label(), "August 2022 - ongoing");
    let unknown = parse("2022-08/").expect("valid");
    assert_eq!(unknown.end(), End::Unknown);
    assert_eq!(unknown.label(), "August 2022 - ?");
}

#[test]
fn labels_follow_precision_and_qualifier() {
    let label = |t: &str| parse(t).expect("valid").label();
    assert_eq!(label("2022"), "2022");
    assert_eq!(label("2022-08"), "August 2022");
    assert_eq!(label("2022-08~"), "c. August 2022");
    assert_eq!(label("2022-08-26?"), "26 August 2022?");
    assert_eq!(
        label("2022-08-18/2022-10-19"),
        "18 August 2022 - 19 October 2022"
    );
    assert_eq!(label("../2022-10"), "? - October 2022");
}

#[test]
fn impossible_and_malformed_dates_are_errors() {
    for bad in [
        "",
        "2022-02-30",
        "2021-02-29",
        "2022-13",
        "2022-00",
        "2022-08-00",
        "2022-08-32",
        "22",
        "20220",
        "2022-8",
        "2022-08-1",
        "2022/08/26",
        "26/08/2022",
        "Aug 2022",
        "2022-08-26T10:00",
        "2022-08-26-01",
        "2022--08",
        "2022-08-",
        "../..",
        "/",
        "2022-10/2022-08",
        "2022-08-26/2022-08-25",
        "2022??",
        "?",
        "~2022",
        "2022 08",
        "-2022",
        "2022-XX-15",
    ] {
        assert!(parse(bad).is_err(), "`{bad}` should be rejected");
    }
    assert_eq!(
        parse("2022-10/2022-08").expect_err("reversed").message,
        "the interval `2022-10/2022-08` ends before it starts"
    );
    assert_eq!(
        parse("2022-02-30").expect_err("no such day").message,
        "`2022-02-30` is not a day of the calendar: February 2022 has 28 days"
    );
}

#[test]
fn overlap_treats_missing_bounds_as_unbounded() {
    let d = parse("2022-08/2022-10").expect("valid");
    assert!(d.overlaps(Some(day("2022-10-31")), None));
    assert!(!d.overlaps(Some(day("2022-11-01")), None));
    assert!(!d.overlaps(None, Some(day("2022-07-31"))));
    assert!(parse("../2022-10")
        .expect("valid")
        .overlaps(None, Some(day("1990-01-01"))));
}

#[test]
fn an_open_start_is_mapped_to_the_start_of_its_ends_period() {
    let d = parse("/2022-09").expect("valid");
    assert_eq!(d.start_day(), None);
    assert_eq!(d.map_start(), day("2022-09-01"));
    assert!(d.open_start());
    let d = parse("2022-08-18/..").expect("valid");
    assert_eq!(d.map_start(), day("2022-08-18"));
    assert!(!d.open_start());
}

#[test]
fn plain_days_for_flags() {
    assert_eq!(parse_day("2022-08-01"), Ok(day("2022-08-01")));
    assert!(parse_day("2022-08").is_err());
    assert!(parse_day("2022-08-01?").is_err());
}

/// What a value means: its days, precision, qualifier and shape.
fn meaning(d: &EventDate) -> impl PartialEq + std::fmt::Debug {
    (
        d.start_day(),
        d.end_day(),
        d.map_start(),
        d.open_start(),
        d.precision(),
        d.qualifier(),
        d.is_interval(),
        d.start(),
        d.end(),
    )
}

fn edtf_end() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let date = (
        1000i32..3000,
        proptest::option::of((1u32..=13, proptest::option::of(1u32..=32))),
        proptest::sample::select(vec!["", "?", "~", "%"]),
        any::<bool>(),
    )
        .prop_map(|(y, md, q, xx)| {
            let mut t = format!("{y:04}");
            if let Some((m, d)) = md {
                if xx && d.is_none() {
                    t.push_str("-XX");
                } else {
                    let _ = write!(t, "-{m:02}");
                }
                match d {
                    Some(_) if xx => t.push_str("-XX"),
                    Some(d) => {
                        let _ = write!(t, "-{d:02}");
                    }
                    None => {}
                }
            }
            t + q
        });
    prop_oneof![8 => date, 1 => Just("..".to_owned()), 1 => Just(String::new())]
}

proptest::proptest! {
    /// Any EDTF value that parses round-trips through its canonical form to the same start,
    /// end, precision and qualifier (the canonical form is a fixed point).
    #[test]
    fn parsed_values_round_trip_through_canonical_edtf(
        a in edtf_end(),
        b in edtf_end(),
        interval in proptest::bool::ANY,
    ) {
        let text = if interval { format!("{a}/{b}") } else { a };
        if let Ok(date) = parse(&text) {
            let canonical = date.edtf();
            let again = parse(&canonical)
                .unwrap_or_else(|e| panic!("{text} -> {canonical}: {e}"));
            proptest::prop_assert_eq!(meaning(&date), meaning(&again), "{} -> {}", text, canonical);
            proptest::prop_assert_eq!(again.edtf(), canonical);
        }
    }

    /// Any text at all: it parses or is refused, and what parses round-trips too.
    #[test]
    fn any_text_parses_or_is_refused_and_round_trips(text in "[0-9X?~%./ -]{0,24}") {
        if let Ok(date) = parse(&text) {
            let again = parse(&date.edtf());
            proptest::prop_assert!(again.is_ok(), "{} -> {}", text, date.edtf());
            proptest::prop_assert_eq!(meaning(&date), meaning(&again.expect("checked")));
        }
    }
}

#[test]
fn month_lengths_follow_the_gregorian_calendar() {
    for year in [1900, 2000, 2021, 2024, 2100] {
        for month in 1..=12 {
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            let last = next.and_then(|d| d.pred_opt()).expect("a day");
            assert_eq!(days_in_month(year, month), last.day(), "{year}-{month}");
        }
    }
}

/// Years outside [`super::YEARS`] are refused wherever they are: a date, either end of an
/// interval, a full day; the edges themselves are read.
#[test]
fn years_outside_what_the_clients_carry_are_refused() {
    let checked = |text: &str| parse(text).and_then(|d| super::check_years(text, &d));
    for good in ["1900", "2100-12-31", "1900-01/2100", "../2022", "2022/"] {
        assert_eq!(checked(good), Ok(()), "{good}");
    }
    for bad in [
        "9999",
        "0000-01-01",
        "1899-12-31",
        "2101",
        "2022/9999",
        "0001/..",
    ] {
        let error = checked(bad).expect_err(bad);
        assert!(
            error.message.contains("tonle reads years 1900 to 2100"),
            "{}",
            error.message
        );
    }
    assert!(parse_day("9999-01-01").is_err());
    assert!(parse_day("2022-01-01").is_ok());
}
