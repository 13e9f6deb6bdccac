use super::*;

/// The canonical form and rule ids of a reading.
fn read(cell: &str) -> Result<(String, String), ReadingError> {
    let r = read_nationalities(cell)?;
    Ok((
        canonical(&r.value),
        r.note.map(|n| n.rule_ids()).unwrap_or_default(),
    ))
}

const FORMS: &[(&str, &str, &str)] = &[
    ("", "", ""),
    ("CN", "CN", ""),
    ("CN:62;VN:9", "CN:62;VN:9", ""),
    ("KH;TH", "KH;TH", ""),
    ("cn", "CN", "nationality-code-case"),
    ("Cn;vn", "CN;VN", "nationality-code-case"),
    ("CHN", "CN", "nationality-alpha3"),
    (
        "chn, vnm",
        "CN;VN",
        "nationality-alpha3+nationality-separator",
    ),
    ("LAO", "LA", "nationality-alpha3"),
    ("Sri Lanka", "LK", "nationality-name"),
    ("China", "CN", "nationality-name"),
    ("Vietnam", "VN", "nationality-name"),
    ("Viet Nam", "VN", "nationality-name"),
    ("Burma", "MM", "nationality-name"),
    ("Korea, Republic of", "KR", "nationality-name"),
    ("Trinidad and Tobago", "TT", "nationality-name"),
    ("Bosnia & Herzegovina", "BA", "nationality-name"),
    ("The Gambia", "GM", "nationality-name"),
    ("Côte d'Ivoire", "CI", "nationality-name"),
    ("U.S.", "US", "nationality-name"),
    ("UK", "GB", "nationality-name"),
    ("Chinese", "CN", "nationality-demonym"),
    ("Indonesian", "ID", "nationality-demonym"),
    ("Thai", "TH", "nationality-demonym"),
    ("Sri Lankan", "LK", "nationality-demonym"),
    (
        "Kenyan, Ugandan",
        "KE;UG",
        "nationality-demonym+nationality-separator",
    ),
    (
        "Malaysian; Vietnamese",
        "MY;VN",
        "nationality-demonym+nationality-separator",
    ),
    ("Filipino", "PH", "nationality-demonym"),
    ("Filipinos", "PH", "nationality-demonym"),
    ("Indonesians", "ID", "nationality-demonym"),
    ("Sri Lankans", "LK", "nationality-demonym"),
    ("PRC", "CN", "nationality-name"),
    ("Taiwanese", "TW", "nationality-demonym"),
    ("Burmese", "MM", "nationality-demonym"),
    ("Myanmar", "MM", "nationality-name"),
    ("Lao", "LA", "nationality-demonym"),
    ("Laotian", "LA", "nationality-demonym"),
    (
        "Bangladeshi and Nepali",
        "BD;NP",
        "nationality-demonym+nationality-separator",
    ),
    ("Nepalese", "NP", "nationality-demonym"),
    (
        "Pakistani & Indian",
        "PK;IN",
        "nationality-demonym+nationality-separator",
    ),
    ("South Korean", "KR", "nationality-demonym"),
    ("North Korean", "KP", "nationality-demonym"),
    (
        "Chinese/Vietnamese",
        "CN;VN",
        "nationality-demonym+nationality-separator",
    ),
    ("Chinese nationals", "CN", "nationality-demonym"),
    (
        "62 Chinese",
        "CN:62",
        "nationality-demonym+nationality-count",
    ),
    (
        "Chinese (62)",
        "CN:62",
        "nationality-demonym+nationality-count",
    ),
    ("CN (62)", "CN:62", "nationality-count"),
    (
        "Chinese 62",
        "CN:62",
        "nationality-demonym+nationality-count",
    ),
    (
        "Chinese: 62",
        "CN:62",
        "nationality-demonym+nationality-count",
    ),
    ("Chinese:62", "CN:62", "nationality-demonym"),
    ("Hongkonger", "HK", "nationality-demonym"),
    ("USA", "US", "nationality-alpha3"),
    ("Saint Vincent and the Grenadines", "VC", "nationality-name"),
    (
        "St Vincent and the Grenadines & Sri Lankan",
        "VC;LK",
        "nationality-name+nationality-demonym+nationality-separator",
    ),
    ("CN: 62", "CN:62", "nationality-count"),
    ("CN:62, VN:9", "CN:62;VN:9", "nationality-separator"),
    ("CN:62; VN:9", "CN:62;VN:9", "nationality-separator"),
    (
        "62 Chinese, 9 Vietnamese",
        "CN:62;VN:9",
        "nationality-demonym+nationality-count+nationality-separator",
    ),
    (
        "62 Chinese 9 Vietnamese",
        "CN:62;VN:9",
        "nationality-demonym+nationality-count+nationality-separator",
    ),
    (
        "Chinese (62) and Vietnamese (9)",
        "CN:62;VN:9",
        "nationality-demonym+nationality-count+nationality-separator",
    ),
    (
        "62 Chinese nationals and 9 Thai citizens",
        "CN:62;TH:9",
        "nationality-demonym+nationality-count+nationality-separator",
    ),
    (
        "Burmese/Myanmar",
        "MM",
        "nationality-demonym+nationality-name+nationality-repeated+nationality-separator",
    ),
    ("CN;CN", "CN", "nationality-repeated"),
    ("CN;CN:5", "CN:5", "nationality-repeated"),
    ("CN;", "CN", "nationality-separator"),
];

#[test]
fn every_written_form_reads_by_its_rule() {
    let wrong: Vec<String> = FORMS
        .iter()
        .filter_map(|&(cell, out, rules)| {
            let got = read(cell).map_err(|e| format!("{e} ({})", e.hint));
            (got != Ok((out.to_owned(), rules.to_owned()))).then(|| format!("{cell}: {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn notes_say_which_word_was_which_country() {
    let note = read_nationalities("62 Chinese, Vietnamese (9)")
        .expect("reads")
        .note
        .expect("a note");
    assert_eq!(
        note.text(),
        "read \"62 Chinese, Vietnamese (9)\" as CN:62;VN:9 (English demonym: Chinese = CN, Vietnamese = VN; count written with the name; separated by `;`)"
    );
}

#[test]
fn words_for_two_countries_are_errors_giving_both() {
    let e = read("Korean").expect_err("which Korea?");
    assert_eq!(e.code, "ambiguous-nationality");
    assert_eq!(e.readings, vec!["KP", "KR"]);
    assert_eq!(
        e.message,
        "`Korean` could be KP (North Korea) or KR (South Korea)"
    );
    assert!(e.hint.contains("KP or KR"), "{}", e.hint);
    assert_eq!(
        read("Congolese").map_err(|e| e.readings),
        Err(vec!["CD".to_owned(), "CG".to_owned()])
    );
    assert_eq!(
        read("Dominican").map_err(|e| e.code),
        Err("ambiguous-nationality")
    );
    assert_eq!(
        read("Korea").map_err(|e| e.code),
        Err("ambiguous-nationality")
    );
}

#[test]
fn unknown_words_get_a_did_you_mean() {
    let e = read("Chinnese, VN").expect_err("typo");
    assert_eq!(e.code, "unknown-nationality");
    assert_eq!(
        e.message,
        "`Chinnese` in `Chinnese, VN` is not a country, nationality or ISO code tonle knows"
    );
    assert!(
        e.hint.starts_with("did you mean `Chinese` (CN)?"),
        "{}",
        e.hint
    );
    assert!(read("Vietnamise").expect_err("typo").hint.contains("(VN)?"));
    assert!(read("Phillipines").expect_err("typo").hint.contains("(PH)"));
    let e = read("Rohingya").expect_err("not a country");
    assert!(e.hint.contains("description or tags"), "{}", e.hint);
    assert_eq!(read("XX").map_err(|e| e.code), Err("unknown-nationality"));
}

#[test]
fn malformed_cells_say_what_to_write() {
    for (cell, says) in [
        ("30+ Chinese", "exact"),
        ("Chinese (30+)", "where a country"),
        ("62", "no country"),
        ("62 Chinese (62)", "two counts"),
        ("CN:3;CN:4", "different counts"),
        ("CN:99999999999999999999999", "too large"),
        ("CN (62", "where a country"),
    ] {
        let e = read(cell).expect_err(cell);
        assert!(
            e.message.contains(says) || e.hint.contains(says),
            "{cell}: {e} ({})",
            e.hint
        );
    }
}

fn cell() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        "[0-9]{1,3}",
        "[A-Za-z]{2,3}",
        proptest::sample::select(vec![
            "Chinese",
            "Sri Lanka",
            "Korean",
            "Korea, Republic of",
            "and",
            "&",
            "Indonesians",
            "nationals",
            "Trinidad and Tobago",
            "the",
            "CN:62",
            "(",
            ")",
            ":",
            "+",
        ])
        .prop_map(str::to_owned),
        "[ ,;/|-]",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|p| p.concat())
}

proptest::proptest! {
    /// Any cell reads or errs, never panics; the canonical output reads as itself, no note.
    #[test]
    fn any_cell_reads_or_errs_and_readings_are_fixed_points(text in cell()) {
        if let Ok(reading) = read_nationalities(&text) {
            let out = canonical(&reading.value);
            let again = read_nationalities(&out).expect("canonical");
            proptest::prop_assert_eq!(again.note, None, "{} -> {}", text, out);
            proptest::prop_assert_eq!(again.value, reading.value);
        }
    }

    #[test]
    fn any_unicode_reads_or_errs(text in "\\PC{0,30}") {
        let _ = read_nationalities(&text);
    }
}
