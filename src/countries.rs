//! ISO 3166-1 countries: their codes, the English names people write for them and the
//! demonyms ("Chinese", "Sri Lankan") that stand for their nationals.
//!
//! The codes are ISO's officially assigned ones (as published in Debian's iso-codes), so that a
//! nationality need not be in the gazetteer to be valid: a Czech victim is a fact even if no
//! event is placed in Czechia. The tables live in `src/countries/*.tsv`; `SOURCE.md` there says
//! where each row comes from and under which licence, and `build.py` regenerates them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Every officially assigned ISO 3166-1 alpha-2 code, sorted.
const ALPHA2: &[&str] = &[
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case).
pub fn is_alpha2(code: &str) -> bool {
    ALPHA2.binary_search(&code).is_ok()
}

/// ISO 3166-1: alpha-2, alpha-3, numeric, short name, official name, common name.
const ISO: &str = include_str!("countries/iso3166-1.tsv");
/// English names ISO does not give (`Vietnam`, `UK`, `Burma`), and names shared by two countries.
const NAMES: &str = include_str!("countries/names.tsv");
/// Demonyms, by country.
const DEMONYMS: &str = include_str!("countries/demonyms.tsv");

/// One ISO 3166-1 country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// The alpha-2 code, the one tonle writes: `KH`.
    pub alpha2: &'static str,
    /// The alpha-3 code, which some sheets use: `KHM`.
    pub alpha3: &'static str,
    /// ISO's English short name, for messages: `Cambodia`.
    pub name: &'static str,
    /// The name people usually write, when ISO's differs (`Vietnam` for `Viet Nam`).
    pub common_name: Option<&'static str>,
}

impl Country {
    /// The name for messages: the common name where ISO gives one, else the short name.
    pub fn label(&self) -> &'static str {
        self.common_name.unwrap_or(self.name)
    }
}

/// Whether a word names a country or its people, which decides how a reading is described.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WordKind {
    /// A country's name: `Sri Lanka`.
    Name,
    /// A word for its nationals: `Sri Lankan`.
    Demonym,
}

/// A name or demonym, folded (see [`fold`]), with every country it can stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as the table writes it, for messages.
    pub written: &'static str,
    /// Name or demonym.
    pub kind: WordKind,
    /// The alpha-2 codes it stands for, sorted: more than one (`Korean`) means the word
    /// alone cannot say which country.
    pub codes: Vec<&'static str>,
}

struct Tables {
    countries: Vec<Country>,
    words: BTreeMap<String, Word>,
    longest: usize,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(build)
}

/// The data rows of an embedded table, split on tabs.
fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
}

fn build() -> Tables {
    let countries: Vec<Country> = rows(ISO)
        .filter(|r| r.len() == 6)
        .map(|r| Country {
            alpha2: r[0],
            alpha3: r[1],
            name: r[3],
            common_name: Some(r[5]).filter(|n| !n.is_empty()),
        })
        .collect();
    let mut words = BTreeMap::new();
    let mut add = |written: &'static str, kind, code: &'static str| {
        let key = fold(written);
        if key.is_empty() {
            return;
        }
        let word = words.entry(key).or_insert(Word {
            written,
            kind,
            codes: Vec::new(),
        });
        word.kind = word.kind.min(kind);
        if !word.codes.contains(&code) {
            word.codes.push(code);
            word.codes.sort_unstable();
        }
    };
    for r in rows(ISO).filter(|r| r.len() == 6) {
        for name in [r[3], r[4], r[5]] {
            add(name, WordKind::Name, r[0]);
        }
        if let Some(inverted) = inverted(r[3]) {
            add(inverted, WordKind::Name, r[0]);
        }
    }
    for r in rows(NAMES).filter(|r| r.len() == 3) {
        add(r[1], WordKind::Name, r[0]);
    }
    for r in rows(DEMONYMS).filter(|r| r.len() == 3) {
        add(r[1], WordKind::Demonym, r[0]);
    }
    let longest = words
        .keys()
        .map(|k| k.split(' ').count())
        .max()
        .unwrap_or(1);
    Tables {
        countries,
        words,
        longest,
    }
}

/// ISO's inverted names in natural order: `Congo, The Democratic Republic of the` as
/// `The Democratic Republic of the Congo`. The string is leaked once per such name (about
/// twenty, for the life of the program) so that every word in the table is `'static`.
fn inverted(name: &str) -> Option<&'static str> {
    let (head, tail) = name.split_once(", ")?;
    (tail.ends_with(" of") || tail.ends_with(" of the"))
        .then(|| &*Box::leak(format!("{tail} {head}").into_boxed_str()))
}

/// Every country, in alpha-2 order.
pub fn countries() -> &'static [Country] {
    &tables().countries
}

/// The country with this alpha-2 code (upper case).
pub fn by_alpha2(code: &str) -> Option<&'static Country> {
    let all = countries();
    all.binary_search_by(|c| c.alpha2.cmp(code))
        .ok()
        .map(|i| &all[i])
}

/// The country with this alpha-3 code (upper case).
pub fn by_alpha3(code: &str) -> Option<&'static Country> {
    countries().iter().find(|c| c.alpha3 == code)
}

/// The name or demonym with this folded key (see [`fold`]).
pub fn word(key: &str) -> Option<&'static Word> {
    tables().words.get(key)
}

/// Every name and demonym by folded key, in key order: what a did-you-mean compares with.
pub fn words() -> impl Iterator<Item = (&'static str, &'static Word)> {
    tables().words.iter().map(|(k, w)| (k.as_str(), w))
}

/// The most words any name or demonym has (`Saint Vincent and the Grenadines`), which bounds
/// how far a reader looks ahead.
pub fn longest_word_count() -> usize {
    tables().longest
}

/// The key names are compared by: lower case, Latin diacritics removed, `.` and apostrophes
/// dropped (`U.S.` is `us`, `Côte d'Ivoire` is `cote divoire`), `&` as `and`, other
/// punctuation as a space, and a leading `the` dropped (`The Gambia` is `gambia`).
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        match c {
            '.' | '\'' | '\u{2019}' | '\u{02bc}' => {}
            '&' => out.push_str(" and "),
            c if unicode_normalization::char::is_combining_mark(c) => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    let folded = out.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_assigned_codes_only() {
        assert!(
            ALPHA2.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary search"
        );
        assert_eq!(ALPHA2.len(), 249);
        assert!(is_alpha2("KH") && is_alpha2("CN") && is_alpha2("TW"));
        assert!(!is_alpha2("kh") && !is_alpha2("XX") && !is_alpha2("UK") && !is_alpha2("KHM"));
    }

    #[test]
    fn the_iso_table_has_exactly_the_assigned_codes() {
        let codes: Vec<&str> = countries().iter().map(|c| c.alpha2).collect();
        assert_eq!(codes, ALPHA2);
        assert_eq!(by_alpha3("KHM").map(|c| c.alpha2), Some("KH"));
        assert_eq!(by_alpha2("VN").map(Country::label), Some("Vietnam"));
        assert_eq!(by_alpha2("KH").map(|c| c.alpha3), Some("KHM"));
        assert!(by_alpha2("UK").is_none() && by_alpha3("XYZ").is_none());
    }

    #[test]
    fn every_row_of_every_table_is_read() {
        for (table, columns) in [(ISO, 6), (NAMES, 3), (DEMONYMS, 3)] {
            for r in rows(table) {
                assert_eq!(r.len(), columns, "{r:?}");
                assert!(is_alpha2(r[0]), "{r:?}");
            }
        }
    }

    #[test]
    fn folding_ignores_case_accents_dots_and_a_leading_the() {
        assert_eq!(fold("Côte d'Ivoire"), "cote divoire");
        assert_eq!(fold("U.S.A."), "usa");
        assert_eq!(fold("The Gambia"), "gambia");
        assert_eq!(fold("Trinidad & Tobago"), "trinidad and tobago");
        assert_eq!(fold("  Korea,  Republic of "), "korea republic of");
        assert_eq!(fold("Guinea-Bissau"), "guinea bissau");
    }

    #[test]
    fn names_and_demonyms_of_the_region_resolve() {
        let codes = |w: &str| word(&fold(w)).map(|w| w.codes.clone());
        for (written, code) in [
            ("Chinese", "CN"),
            ("Vietnam", "VN"),
            ("Viet Nam", "VN"),
            ("Vietnamese", "VN"),
            ("Thai", "TH"),
            ("Indonesian", "ID"),
            ("Sri Lankan", "LK"),
            ("Kenyan", "KE"),
            ("Ugandan", "UG"),
            ("Malaysian", "MY"),
            ("Filipino", "PH"),
            ("Taiwanese", "TW"),
            ("Burmese", "MM"),
            ("Myanmar", "MM"),
            ("Burma", "MM"),
            ("Lao", "LA"),
            ("Laotian", "LA"),
            ("Laos", "LA"),
            ("Bangladeshi", "BD"),
            ("Nepali", "NP"),
            ("Nepalese", "NP"),
            ("Pakistani", "PK"),
            ("Indian", "IN"),
            ("South Korean", "KR"),
            ("North Korea", "KP"),
            ("Korea, Republic of", "KR"),
            ("Republic of Korea", "KR"),
            ("Cambodian", "KH"),
            ("Khmer", "KH"),
            ("Hong Kong", "HK"),
            ("UK", "GB"),
            ("British", "GB"),
            ("United States of America", "US"),
            ("Ivory Coast", "CI"),
            ("Democratic Republic of the Congo", "CD"),
            ("Tanzania, United Republic of", "TZ"),
        ] {
            assert_eq!(codes(written), Some(vec![code]), "{written}");
        }
    }

    #[test]
    fn the_only_words_for_several_countries_are_the_known_ones() {
        let ambiguous: Vec<(&str, Vec<&str>)> = words()
            .filter(|(_, w)| w.codes.len() > 1)
            .map(|(k, w)| (k, w.codes.clone()))
            .collect();
        assert_eq!(
            ambiguous,
            vec![
                ("congo", vec!["CD", "CG"]),
                ("congolese", vec!["CD", "CG"]),
                ("dominican", vec!["DM", "DO"]),
                ("korea", vec!["KP", "KR"]),
                ("korean", vec!["KP", "KR"]),
            ]
        );
    }

    #[test]
    fn every_populated_country_has_a_demonym() {
        let with_demonym: std::collections::BTreeSet<&str> = words()
            .filter(|(_, w)| w.kind == WordKind::Demonym)
            .flat_map(|(_, w)| w.codes.iter().copied())
            .collect();
        // Countries of the region's reporting, and every member of the UN in Asia.
        for code in [
            "KH", "CN", "VN", "TH", "LA", "MM", "MY", "ID", "PH", "SG", "TW", "HK", "MO", "KR",
            "KP", "JP", "IN", "BD", "PK", "NP", "LK", "KE", "UG", "NG", "ET", "MN", "RU", "UZ",
            "KZ", "KG", "TJ", "TL", "BN",
        ] {
            assert!(with_demonym.contains(code), "{code}");
        }
    }
}
