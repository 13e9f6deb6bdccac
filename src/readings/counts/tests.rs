use super::*;

fn comma() -> CountContext {
    CountContext {
        thousands: Some(SettledThousands {
            separator: Thousands::Comma,
            by: ThousandsSource::Flag,
        }),
    }
}

/// value, count_note and rule ids of a reading.
fn read(
    cell: &str,
    context: &CountContext,
) -> Result<(Option<u64>, Option<String>, String), ReadingError> {
    let r = read_count(cell, context)?;
    Ok((
        r.value.value,
        r.value.note,
        r.note.map(|n| n.rule_ids()).unwrap_or_default(),
    ))
}

const FORMS: &[(&str, Option<u64>, Option<&str>, &str)] = &[
    ("30", Some(30), None, ""),
    ("0", Some(0), None, ""),
    ("", None, None, ""),
    ("30+", Some(30), Some("at least"), "count-at-least"),
    ("30 +", Some(30), Some("at least"), "count-at-least"),
    ("over 30", Some(30), Some("at least"), "count-at-least"),
    ("Over 30", Some(30), Some("at least"), "count-at-least"),
    ("more than 30", Some(30), Some("at least"), "count-at-least"),
    ("at least 30", Some(30), Some("at least"), "count-at-least"),
    (">30", Some(30), Some("at least"), "count-at-least"),
    ("30 or more", Some(30), Some("at least"), "count-at-least"),
    ("30 plus", Some(30), Some("at least"), "count-at-least"),
    (
        "no fewer than 30",
        Some(30),
        Some("at least"),
        "count-at-least",
    ),
    ("\u{2265}30", Some(30), Some("at least"), "count-at-least"),
    (
        "nearly 100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    (
        "estimated 100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    (
        "c. 100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    ("nobody", Some(0), None, "count-words"),
    ("a thousand", Some(1000), None, "count-words"),
    ("Not reported", None, None, "count-unknown"),
    (
        "~100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    (
        "about 100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    (
        "around 100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    (
        "approx. 100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    (
        "approximately 100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    (
        "some 100",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    (
        "100 or so",
        Some(100),
        Some("approximately"),
        "count-approximately",
    ),
    ("unknown", None, None, "count-unknown"),
    ("Unknown", None, None, "count-unknown"),
    ("n/a", None, None, "count-unknown"),
    ("N/A", None, None, "count-unknown"),
    ("-", None, None, "count-unknown"),
    ("\u{2013}", None, None, "count-unknown"),
    ("?", None, None, "count-unknown"),
    ("tbc", None, None, "count-unknown"),
    ("TBC", None, None, "count-unknown"),
    (
        "7 (incl. 2 minors)",
        Some(7),
        Some("incl. 2 minors"),
        "count-with-note",
    ),
    (
        "7, including 2 Thai minors",
        Some(7),
        Some("including 2 Thai minors"),
        "count-with-note",
    ),
    ("12 women", Some(12), Some("women"), "count-with-note"),
    (
        "3 (2 women, 1 man)",
        Some(3),
        Some("2 women, 1 man"),
        "count-with-note",
    ),
    (
        "30+ (incl. 5 children)",
        Some(30),
        Some("at least; incl. 5 children"),
        "count-at-least+count-with-note",
    ),
    ("40-50", Some(40), Some("40-50"), "count-range"),
    ("40 - 50", Some(40), Some("40-50"), "count-range"),
    ("40\u{2013}50", Some(40), Some("40-50"), "count-range"),
    ("4 or 5", Some(4), Some("4-5"), "count-range"),
    ("40 to 50", Some(40), Some("40-50"), "count-range"),
    (
        "about 40-50",
        Some(40),
        Some("approximately; 40-50"),
        "count-approximately+count-range",
    ),
    ("1,310,000", Some(1_310_000), None, "count-thousands"),
    ("1.310.000", Some(1_310_000), None, "count-thousands"),
    ("1 310", Some(1310), None, "count-thousands"),
    ("1\u{a0}310", Some(1310), None, "count-thousands"),
    ("1'310", Some(1310), None, "count-thousands"),
    ("twelve", Some(12), None, "count-words"),
    ("Twelve", Some(12), None, "count-words"),
    ("twenty-five", Some(25), None, "count-words"),
    ("a dozen", Some(12), None, "count-words"),
    (
        "about a dozen",
        Some(12),
        Some("approximately"),
        "count-approximately+count-words",
    ),
    ("none", Some(0), None, "count-words"),
    ("007", Some(7), None, "count-plain"),
    ("30.0", Some(30), None, "count-plain"),
];

#[test]
fn every_written_form_reads_by_its_rule() {
    let wrong: Vec<String> = FORMS
        .iter()
        .filter_map(|&(cell, value, note, rules)| {
            let got = read(cell, &CountContext::default()).map_err(|e| format!("{e} ({})", e.hint));
            let want = Ok((value, note.map(str::to_owned), rules.to_owned()));
            (got != want).then(|| format!("{cell}: {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn notes_say_the_value_and_the_count_note() {
    let note = |cell: &str| {
        read_count(cell, &CountContext::default())
            .expect(cell)
            .note
            .expect("a note")
            .text()
    };
    assert_eq!(
        note("30+"),
        "read \"30+\" as 30 with count_note \"at least\" (a lower bound: \"+\")"
    );
    assert_eq!(note("n/a"), "read \"n/a\" as blank (unknown: left blank)");
    assert_eq!(
        note("7 (incl. 2 minors)"),
        "read \"7 (incl. 2 minors)\" as 7 with count_note \"incl. 2 minors\" (the rest goes to count_note)"
    );
}

#[test]
fn thousands_need_a_settled_separator_or_are_errors_giving_both_readings() {
    let e = read("1,310", &CountContext::default()).expect_err("ambiguous");
    assert_eq!(e.code, "ambiguous-count");
    assert_eq!(e.readings, vec!["1310", "1.310"]);
    assert_eq!(
        e.message,
        "`1,310` could be 1310 (`,` between thousands) or 1.310 (a decimal comma)"
    );
    assert!(e.hint.contains("--thousands ,"), "{}", e.hint);
    assert_eq!(read("1,310", &comma()).expect("settled").0, Some(1310));
    let note = read_count("1,310", &comma())
        .expect("settled")
        .note
        .expect("a note");
    assert_eq!(
        note.text(),
        "read \"1,310\" as 1310 (thousands separator: --thousands ,)"
    );
    assert_eq!(
        read("1.310", &comma()).map_err(|e| e.code),
        Err("bad-count")
    );
    let dot = CountContext {
        thousands: Some(SettledThousands {
            separator: Thousands::Dot,
            by: ThousandsSource::Cell("2.500.000".into()),
        }),
    };
    assert_eq!(
        read("1.310", &dot).expect("settled by a cell").0,
        Some(1310)
    );
    assert_eq!(read("1,310", &dot).map_err(|e| e.code), Err("bad-count"));
    assert_eq!(read("30.0", &dot).map_err(|e| e.code), Err("bad-count"));
}

#[test]
fn a_column_settles_its_thousands_separator() {
    let infer = |cells: &[&str]| infer_thousands(cells.iter().copied());
    assert_eq!(infer(&["12", "30+", ""]), ThousandsInference::NotNeeded);
    assert_eq!(
        infer(&["1,310", "2,500,000"]),
        ThousandsInference::Settled {
            separator: Thousands::Comma,
            cell: "2,500,000".into()
        }
    );
    assert_eq!(
        infer(&["1,310", "12.5"]),
        ThousandsInference::Settled {
            separator: Thousands::Comma,
            cell: "12.5".into()
        }
    );
    assert_eq!(
        infer(&["1.310", "2,5"]),
        ThousandsInference::Settled {
            separator: Thousands::Dot,
            cell: "2,5".into()
        }
    );
    assert_eq!(
        infer(&["1,310.5"]),
        ThousandsInference::Settled {
            separator: Thousands::Comma,
            cell: "1,310.5".into()
        }
    );
    assert_eq!(
        infer(&["1,310", "about 2,000"]),
        ThousandsInference::Ambiguous {
            cell: "1,310".into()
        }
    );
    assert_eq!(
        infer(&["1,310,000", "1.310.000"]),
        ThousandsInference::Conflict {
            comma: "1,310,000".into(),
            dot: "1.310.000".into()
        }
    );
    let settled = settle_thousands(None, &infer(&["1,310", "2,500,000"]))
        .expect("settled")
        .expect("some");
    assert_eq!(settled.by, ThousandsSource::Cell("2,500,000".into()));
    assert_eq!(settle_thousands(None, &infer(&["1,310"])), Ok(None));
    assert_eq!(
        settle_thousands(Some(Thousands::Dot), &infer(&["1,310,000"]))
            .map(|s| s.map(|s| s.separator)),
        Ok(Some(Thousands::Dot))
    );
    assert_eq!(
        settle_thousands(None, &infer(&["1,310,000", "1.310.000"])).map_err(|e| e.code),
        Err("conflicting-thousands")
    );
    assert_eq!(Thousands::from_flag(","), Ok(Thousands::Comma));
    assert_eq!(Thousands::from_flag("."), Ok(Thousands::Dot));
    assert!(Thousands::from_flag(";").is_err());
}

#[test]
fn vague_bounded_and_malformed_counts_say_what_to_write() {
    for (cell, code, says) in [
        ("dozens", "vague-count", "24 with count_note \"dozens\""),
        ("Hundreds", "vague-count", "200"),
        ("several", "vague-count", "lowest"),
        ("dozens of workers", "vague-count", "dozens"),
        ("up to 50", "bad-count", "at most 50"),
        ("under 50", "bad-count", "count_note"),
        ("-5", "bad-count", "0 or more"),
        ("2.5", "bad-count", "whole number"),
        ("1,5", "bad-count", "whole number"),
        ("50-40", "bad-count", "lower figure first"),
        ("7 2", "bad-count", "not a count"),
        ("100s", "vague-count", "hundreds"),
        ("12abc", "bad-count", "not a count"),
        ("abc", "bad-count", "forms read"),
        ("99999999999999999999999", "bad-count", "whole number"),
    ] {
        let e = read(cell, &CountContext::default()).expect_err(cell);
        assert_eq!(e.code, code, "{cell}: {e}");
        assert!(
            e.hint.contains(says) || e.message.contains(says),
            "{cell}: {e} ({})",
            e.hint
        );
    }
}

#[test]
fn spreadsheet_numbers_must_be_whole() {
    let value = |v: f64| read_count_number(v).map(|r| r.value.value);
    assert_eq!(value(30.0), Ok(Some(30)));
    assert_eq!(value(0.0), Ok(Some(0)));
    assert_eq!(value(2.5).map_err(|e| e.code), Err("bad-count"));
    assert!(value(-3.0)
        .expect_err("negative")
        .message
        .contains("negative"));
    assert!(value(f64::NAN).is_err() && value(f64::INFINITY).is_err() && value(1e300).is_err());
    assert_eq!(read_count_number(12.0).expect("whole").note, None);
}

#[test]
fn count_notes_merge_once() {
    assert_eq!(merge_count_note("", "at least"), "at least");
    assert_eq!(
        merge_count_note("victims per police", "at least"),
        "victims per police; at least"
    );
    assert_eq!(merge_count_note("x; at least", "at least"), "x; at least");
    assert_eq!(merge_count_note("x", ""), "x");
}

fn cell() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        "[0-9]{1,7}",
        proptest::sample::select(vec![
            "over",
            "about",
            "~",
            "+",
            "or",
            "more",
            "to",
            "twenty",
            "-",
            "five",
            "a dozen",
            "unknown",
            "(incl. 2 minors)",
            "some",
            "n/a",
            "dozens",
        ])
        .prop_map(str::to_owned),
        "[ ,.'\u{a0}-]",
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|p| p.concat())
}

proptest::proptest! {
    /// Any cell reads or errs, never panics; the canonical output reads as itself with no
    /// note, whatever the column's separator.
    #[test]
    fn any_cell_reads_or_errs_and_readings_are_fixed_points(text in cell(), settled in 0u8..3) {
        let context = match settled {
            0 => CountContext::default(),
            1 => comma(),
            _ => CountContext { thousands: Some(SettledThousands { separator: Thousands::Dot, by: ThousandsSource::Flag }) },
        };
        if let Ok(reading) = read_count(&text, &context) {
            let canonical = reading.value.value.map(|v| v.to_string()).unwrap_or_default();
            let again = read_count(&canonical, &CountContext::default()).expect("canonical");
            proptest::prop_assert_eq!(again.note, None, "{} -> {}", text, canonical);
            proptest::prop_assert_eq!(again.value.value, reading.value.value);
            proptest::prop_assert_eq!(again.value.note, None);
        }
    }

    #[test]
    fn any_unicode_reads_or_errs(text in "\\PC{0,30}") {
        let _ = read_count(&text, &CountContext::default());
    }

    #[test]
    fn any_number_reads_or_errs(v in proptest::num::f64::ANY) {
        if let Ok(r) = read_count_number(v) {
            let again = read_count(&r.value.value.map(|v| v.to_string()).unwrap_or_default(), &CountContext::default()).expect("canonical");
            proptest::prop_assert_eq!(again.note, None);
        }
    }
}
