use super::*;
use crate::events::EventType;

fn read(cell: &str, route: bool) -> Result<(&'static str, String), ReadingError> {
    let r = read_type(cell, route)?;
    Ok((r.value, r.note.map(|n| n.rule_ids()).unwrap_or_default()))
}

#[test]
fn the_names_are_the_event_types() {
    let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(names, NAMES);
    let order: Vec<&str> = SYNONYMS.iter().map(|(n, _)| *n).collect();
    assert_eq!(order, NAMES);
}

#[test]
fn every_synonym_is_listed_once_and_folded() {
    let mut all: Vec<&str> = SYNONYMS
        .iter()
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    for s in &all {
        assert_eq!(fold(s), *s, "{s} is written folded");
        assert!(!NEUTRAL.contains(s), "{s} is both a synonym and neutral");
    }
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n, "a synonym names one type");
    for (name, synonyms) in SYNONYMS {
        for s in synonyms {
            let route = name == "trafficking_route";
            assert_eq!(read(s, route).map(|r| r.0), Ok(name), "{s}");
        }
    }
}

const FORMS: &[(&str, bool, &str, &str)] = &[
    ("raid", false, "raid", ""),
    ("trafficking_route", true, "trafficking_route", ""),
    ("Raid", false, "raid", "type-name"),
    ("RAID", false, "raid", "type-name"),
    ("Trafficking route", false, "trafficking_route", "type-name"),
    ("trafficking-route", false, "trafficking_route", "type-name"),
    ("Police raid", false, "raid", "type-synonym"),
    ("Police Raid", false, "raid", "type-synonym"),
    ("Crackdown", false, "raid", "type-synonym"),
    ("Raid on compound", false, "raid", "type-synonym"),
    ("Raid on KK Park compound", false, "raid", "type-synonym"),
    ("Trafficking raid", false, "raid", "type-synonym"),
    ("Arrests", false, "arrest", "type-synonym"),
    ("Mass arrests", false, "arrest", "type-synonym"),
    ("Detention", false, "arrest", "type-synonym"),
    ("Rescue operation", false, "rescue", "type-synonym"),
    ("Victims rescued", false, "rescue", "type-synonym"),
    ("Repatriated", false, "repatriation", "type-synonym"),
    ("Deported", false, "deportation", "type-synonym"),
    ("Relocation", false, "relocation", "type-name"),
    ("Moved operations", false, "relocation", "type-synonym"),
    (
        "Trafficking",
        true,
        "trafficking_route",
        "type-trafficking-route",
    ),
    (
        "Human trafficking",
        true,
        "trafficking_route",
        "type-trafficking-route",
    ),
    ("Shut down", false, "closure", "type-synonym"),
    ("Closed", false, "closure", "type-synonym"),
    ("Statistics", false, "report", "type-synonym"),
    ("Study", false, "report", "type-synonym"),
    ("Law", false, "policy", "type-synonym"),
    ("Ranking", false, "policy", "type-synonym"),
    ("TIP report", false, "policy", "type-synonym"),
    ("Press conference", false, "statement", "type-synonym"),
    (
        "Police press conference",
        false,
        "statement",
        "type-synonym",
    ),
    ("Said", false, "statement", "type-synonym"),
    ("Protest", false, "protest", "type-name"),
    ("Demonstration", false, "protest", "type-synonym"),
    ("Court case", false, "trial", "type-synonym"),
    ("Trial", false, "trial", "type-name"),
    ("Sentenced", false, "trial", "type-synonym"),
    ("Convicted", false, "trial", "type-synonym"),
    ("Death", false, "incident", "type-synonym"),
];

#[test]
fn every_written_form_reads_by_its_rule() {
    let wrong: Vec<String> = FORMS
        .iter()
        .filter_map(|&(cell, route, name, rules)| {
            let got = read(cell, route).map_err(|e| format!("{e} ({})", e.hint));
            (got != Ok((name, rules.to_owned()))).then(|| format!("{cell}: {got:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn notes_name_the_synonym() {
    let note = read_type("Police raid", false)
        .expect("raid")
        .note
        .expect("a note");
    assert_eq!(
        note.text(),
        "read \"Police raid\" as raid (synonym: \"police raid\")"
    );
    let note = read_type("Trafficking", true)
        .expect("route")
        .note
        .expect("a note");
    assert_eq!(
        note.text(),
        "read \"Trafficking\" as trafficking_route (trafficking, with an origin and a destination: \"trafficking\")"
    );
}

#[test]
fn police_is_never_a_misspelt_policy() {
    for cell in [
        "Police raid",
        "police raids",
        "Police",
        "Police operation",
        "Police officers",
    ] {
        match read_type(cell, false) {
            Ok(r) => assert_eq!(r.value, "raid", "{cell}"),
            Err(e) => assert!(!e.hint.contains("`policy`"), "{cell}: {}", e.hint),
        }
    }
    let e = read_type("Police", false).expect_err("who, not what");
    assert!(
        e.hint.starts_with("`Police` says who or where"),
        "{}",
        e.hint
    );
}

#[test]
fn unknown_and_mixed_types_say_what_to_write() {
    let e = read_type("Raod", false).expect_err("typo");
    assert_eq!(e.code, "unknown-type");
    assert!(e.hint.starts_with("did you mean `raid`"), "{}", e.hint);
    let e = read_type("Arested", false).expect_err("typo");
    assert!(
        e.hint.starts_with("did you mean `arrest` (\"arrested\")"),
        "{}",
        e.hint
    );
    let e = read_type("Polcy", false).expect_err("typo");
    assert!(e.hint.starts_with("did you mean `policy`"), "{}", e.hint);
    let e = read_type("Raid and rescue", false).expect_err("two types");
    assert_eq!(e.code, "ambiguous-type");
    assert_eq!(e.readings, vec!["raid", "rescue"]);
    let e = read_type("Trafficking", false).expect_err("no route");
    assert!(
        e.message.contains("origin and a destination"),
        "{}",
        e.message
    );
    assert_eq!(
        read_type("", false).map_err(|e| e.code),
        Err("missing-value")
    );
    let e = read_type("Xyzzy", false).expect_err("nothing like it");
    assert!(e.hint.starts_with("one of: raid, arrest"), "{}", e.hint);
}

proptest::proptest! {
    /// Any cell reads or errs, never panics; what it reads as reads as itself, no note.
    #[test]
    fn any_cell_reads_or_errs_and_readings_are_fixed_points(text in "\\PC{0,30}", route in proptest::bool::ANY) {
        if let Ok(r) = read_type(&text, route) {
            let again = read_type(r.value, route).expect("a type name");
            proptest::prop_assert_eq!(again.note, None);
            proptest::prop_assert!(EventType::parse(r.value).is_some());
        }
    }

    #[test]
    fn synonym_sentences_read_or_err(words in proptest::collection::vec(proptest::sample::select(vec!["police", "raid", "arrests", "of", "trafficking", "court", "press", "conference", "xyz", "on"]), 0..5), route in proptest::bool::ANY) {
        let _ = read_type(&words.join(" "), route);
    }
}
