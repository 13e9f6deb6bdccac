//! Place-name normalisation: the keys the resolver looks a name up by.
//!
//! People type the same place many ways: `Kâmpóng Saôm`, `kampong-som`, `KAMPONG  SOM`,
//! `Preah Sihanouk Province`, `ខេត្តព្រះសីហនុ`. A key folds case and Latin diacritics, drops
//! punctuation and spaces, and keeps Khmer script as written. Generic words (`province`,
//! `krong`, `SEZ` ...) are split off into a [`KindHint`], so that `Battambang province` can
//! pick the province even though plain `Battambang` means the town.
//!
//! A second, looser key folds romanisation: the national list writes `Veal Veaeng`,
//! `Anlung Veaeng`, `Memut`, `Kaoh Kong` and `Paoy Paet` where people write `Veal Veng`,
//! `Anlong Veng`, `Memot`, `Koh Kong` and `Poipet`. [`fold_romanisation`] states the rule.

use unicode_normalization::UnicodeNormalization;

/// What a generic word in the query says about the kind of place meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindHint {
    /// `province`, `khaet`, `ខេត្ត`.
    Province,
    /// `city`, `town`, `krong`, `municipality`, `ក្រុង`.
    Town,
    /// `district`, `srok`, `khan`, `ស្រុក`.
    District,
    /// `commune`, `sangkat`, `khum`.
    Commune,
    /// `SEZ`, `special economic zone`, `economic zone`, `zone`.
    EconomicZone,
    /// `checkpoint`, `border crossing`, `border gate`.
    Crossing,
    /// `compound`.
    Compound,
    /// `village`, `phum`, `ភូមិ`.
    Village,
}

/// A normalised name: the full key, and the key with generic words removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    /// Every token, folded and concatenated: `Kâmpóng Saôm` gives `kampongsaom`.
    pub full: String,
    /// The tokens that are not generic words; `None` when that is the same as `full` or empty.
    pub core: Option<String>,
    /// The last generic word's hint, if any.
    pub hint: Option<KindHint>,
    /// `full` with romanisation folded (see [`fold_romanisation`]).
    pub folded: String,
    /// `core` with romanisation folded, when there is a core.
    pub folded_core: Option<String>,
}

/// Generic words, one token each. Multi-word phrases are listed in [`GENERIC_PHRASES`].
const GENERIC_WORDS: &[(&str, Option<KindHint>)] = &[
    ("province", Some(KindHint::Province)),
    ("provincial", Some(KindHint::Province)),
    ("khaet", Some(KindHint::Province)),
    ("khet", Some(KindHint::Province)),
    ("khett", Some(KindHint::Province)),
    ("city", Some(KindHint::Town)),
    ("town", Some(KindHint::Town)),
    ("krong", Some(KindHint::Town)),
    ("municipality", Some(KindHint::Town)),
    ("district", Some(KindHint::District)),
    ("srok", Some(KindHint::District)),
    ("khan", Some(KindHint::District)),
    ("commune", Some(KindHint::Commune)),
    ("sangkat", Some(KindHint::Commune)),
    ("khum", Some(KindHint::Commune)),
    ("sez", Some(KindHint::EconomicZone)),
    ("zone", Some(KindHint::EconomicZone)),
    ("checkpoint", Some(KindHint::Crossing)),
    ("compound", Some(KindHint::Compound)),
    ("village", Some(KindHint::Village)),
    ("phum", Some(KindHint::Village)),
    ("phoum", Some(KindHint::Village)),
    ("the", None),
];

/// Generic phrases of several tokens, matched before single words.
const GENERIC_PHRASES: &[(&[&str], KindHint)] = &[
    (&["special", "economic", "zone"], KindHint::EconomicZone),
    (&["economic", "zone"], KindHint::EconomicZone),
    (&["border", "crossing"], KindHint::Crossing),
    (&["border", "checkpoint"], KindHint::Crossing),
    (&["border", "gate"], KindHint::Crossing),
    (&["check", "point"], KindHint::Crossing),
];

/// Khmer generic prefixes, written without a space before the name.
const KHMER_PREFIXES: &[(&str, Option<KindHint>)] = &[
    ("ខេត្ត", Some(KindHint::Province)),
    ("ក្រុង", Some(KindHint::Town)),
    ("ស្រុក", Some(KindHint::District)),
    ("ខណ្ឌ", Some(KindHint::District)),
    ("ឃុំ", Some(KindHint::Commune)),
    ("សង្កាត់", Some(KindHint::Commune)),
    ("ភូមិ", Some(KindHint::Village)),
    ("រាជធានី", None),
];

/// Normalises a place name into its lookup keys.
pub fn name_key(text: &str) -> NameKey {
    let tokens = tokens(text);
    let full: String = tokens.concat();
    let mut core = String::with_capacity(full.len());
    let mut core_tokens: Vec<&str> = Vec::with_capacity(tokens.len());
    let mut hint = None;
    let mut i = 0;
    'outer: while i < tokens.len() {
        for (phrase, phrase_hint) in GENERIC_PHRASES {
            if tokens[i..].starts_with_str(phrase) {
                hint = Some(*phrase_hint);
                i += phrase.len();
                continue 'outer;
            }
        }
        let token = tokens[i].as_str();
        if let Some((_, word_hint)) = GENERIC_WORDS.iter().find(|(w, _)| *w == token) {
            hint = word_hint.or(hint);
        } else if let Some((rest, prefix_hint)) = strip_khmer_prefix(token) {
            hint = prefix_hint.or(hint);
            core.push_str(rest);
            core_tokens.push(rest);
        } else {
            core.push_str(token);
            core_tokens.push(token);
        }
        i += 1;
    }
    let core = (!core.is_empty() && core != full).then_some(core);
    let folded = fold_romanisation(tokens.iter().map(String::as_str));
    let folded_core = core
        .as_ref()
        .map(|_| fold_romanisation(core_tokens.iter().copied()));
    NameKey {
        full,
        core,
        hint,
        folded,
        folded_core,
    }
}

/// Folds the romanisations of one Khmer name into one key. Applied to folded tokens (lower
/// case, no diacritics), each Latin token in turn:
///
/// 1. `y` after the first letter is `i` (`Paoy` = `Poi`, `Chrey` = `Chrei`, `Thmey` = `Thmei`);
/// 2. a final `aev` is `eo` (`Takaev` = `Takeo`, `Kaev Seima` = `Keo Seima`);
/// 3. each run of vowels is mapped: `u`, `ou`, `uo`, `ue`, `eu`, `oe`, `oeu`, `ueu`, `ao`,
///    `au` become `o` (`Thum` = `Thom`, `Memut` = `Memot`, `Anlung` = `Anlong`, `Stueng` =
///    `Stung` = `Steung` = `Stoeng`, `Kaoh` = `Koh`, `Tboung` = `Tbong`); `ae` and `eae`
///    become `e` (`Veaeng` = `Veng`, `Paet` = `Pet`, `Traeng` = `Treng`); every other run
///    (`ea`, `ie`, `ei`, `oa`, a doubled vowel ...) is kept, so that a typo such as
///    `Thmor Daa` stays a miss;
/// 4. a final `b` is `p` (`Siem Reab` = `Siem Reap`, `Kaeb` = `Kep`);
/// 5. an `r` after `o` and before a consonant or the end is dropped, as French-style
///    spellings write it silent (`Dangkor` = `Dangkao`, `Toul Kork` = `Tuol Kouk`);
///
/// then the tokens are joined. Consonants are left alone (a doubled consonant is kept), so a
/// typo such as `Sihanoukvile` stays a miss with suggestions rather than a silent match.
/// Khmer tokens keep their letters, with the subscript DA (`្ដ`) read as the subscript TA
/// (`្ត`) it is commonly typed as (`កណ្ដាល` = `កណ្តាល`).
pub fn fold_romanisation<'a>(tokens: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for token in tokens {
        if token.is_ascii() {
            fold_latin(token, &mut out);
        } else {
            out.push_str(&token.replace("\u{17d2}\u{178a}", "\u{17d2}\u{178f}"));
        }
    }
    out
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn fold_vowels(run: &[u8]) -> &[u8] {
    match run {
        b"u" | b"ou" | b"uo" | b"ue" | b"eu" | b"oe" | b"oeu" | b"ueu" | b"ao" | b"au" | b"aou" => {
            b"o"
        }
        b"ae" | b"eae" => b"e",
        other => other,
    }
}

fn fold_latin(token: &str, out: &mut String) {
    let mut bytes: Vec<u8> = token.bytes().collect();
    for b in bytes.iter_mut().skip(1) {
        if *b == b'y' {
            *b = b'i';
        }
    }
    if bytes.ends_with(b"aev") {
        let n = bytes.len();
        bytes.splice(n - 3.., *b"eo");
    }
    let mut folded: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && is_vowel(bytes[i]) {
            i += 1;
        }
        if i > start {
            folded.extend_from_slice(fold_vowels(&bytes[start..i]));
        } else {
            folded.push(bytes[i]);
            i += 1;
        }
    }
    if folded.len() > 1 && folded.last() == Some(&b'b') {
        folded.pop();
        folded.push(b'p');
    }
    let mut kept: Vec<u8> = Vec::with_capacity(folded.len());
    for (i, &b) in folded.iter().enumerate() {
        let after_o = i > 0 && folded[i - 1] == b'o';
        let before_consonant = folded.get(i + 1).is_none_or(|n| !is_vowel(*n));
        if !(b == b'r' && after_o && before_consonant) {
            kept.push(b);
        }
    }
    // Only ASCII bytes went in and ASCII bytes came out.
    out.push_str(std::str::from_utf8(&kept).unwrap_or_default());
}

fn strip_khmer_prefix(token: &str) -> Option<(&str, Option<KindHint>)> {
    KHMER_PREFIXES.iter().find_map(|(prefix, hint)| {
        token
            .strip_prefix(prefix)
            .filter(|rest| !rest.is_empty())
            .map(|rest| (rest, *hint))
    })
}

trait StartsWithStr {
    fn starts_with_str(&self, phrase: &[&str]) -> bool;
}

impl StartsWithStr for [String] {
    fn starts_with_str(&self, phrase: &[&str]) -> bool {
        self.len() >= phrase.len() && self.iter().zip(phrase).all(|(t, p)| t == p)
    }
}

/// Splits a name into folded tokens: lower case, Latin diacritics removed, punctuation as
/// separators, Khmer kept (its vowel signs and the coeng are part of the word).
fn tokens(text: &str) -> Vec<String> {
    if text.is_ascii() {
        // Most names: nothing to decompose.
        return text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.nfkd() {
        match c {
            // Combining diacritical marks (the accents NFKD splits off Latin letters), and the
            // zero-width characters that Khmer text often carries between words.
            '\u{0300}'..='\u{036f}' | '\u{200b}'..='\u{200d}' | '\u{feff}' => {}
            'œ' | 'Œ' => current.push_str("oe"),
            'æ' | 'Æ' => current.push_str("ae"),
            'đ' | 'Đ' => current.push('d'),
            'ø' | 'Ø' => current.push('o'),
            'ł' | 'Ł' => current.push('l'),
            'ß' => current.push_str("ss"),
            // Khmer letters, vowel signs and coeng; U+17D4..U+17DA is Khmer punctuation.
            '\u{1780}'..='\u{17d3}' | '\u{17dc}'..='\u{17dd}' | '\u{17e0}'..='\u{17e9}' => {
                current.push(c);
            }
            c if c.is_alphanumeric() => current.extend(c.to_lowercase()),
            _ => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(s: &str) -> String {
        name_key(s).full
    }

    #[test]
    fn folds_case_diacritics_spaces_and_punctuation() {
        assert_eq!(full("Kâmpóng Saôm"), "kampongsaom");
        assert_eq!(full("  KAMPONG-SOM "), "kampongsom");
        assert_eq!(full("O'Smach"), "osmach");
        assert_eq!(full("Stœng Trêng"), "stoengtreng");
        assert_eq!(full("Kratié"), "kratie");
        assert_eq!(full("Mondul Kiri"), full("Mondulkiri"));
        assert_eq!(full("Việt Nam"), "vietnam");
    }

    #[test]
    fn keeps_khmer_script_and_drops_zero_width_spaces() {
        assert_eq!(full("ព្រះសីហនុ"), "ព្រះសីហនុ");
        assert_eq!(full("ព្រះ\u{200b}សីហនុ"), "ព្រះសីហនុ");
        assert_eq!(full("ព្រះសីហនុ។"), "ព្រះសីហនុ");
    }

    #[test]
    fn generic_words_become_hints() {
        let key = name_key("Preah Sihanouk Province");
        assert_eq!(key.full, "preahsihanoukprovince");
        assert_eq!(key.core.as_deref(), Some("preahsihanouk"));
        assert_eq!(key.hint, Some(KindHint::Province));

        let key = name_key("Thmor Da Special Economic Zone");
        assert_eq!(key.core.as_deref(), Some("thmorda"));
        assert_eq!(key.hint, Some(KindHint::EconomicZone));

        assert_eq!(name_key("Krong Bavet").hint, Some(KindHint::Town));
        assert_eq!(
            name_key("Veal Veng district").hint,
            Some(KindHint::District)
        );
        assert_eq!(
            name_key("O'Smach border crossing").core.as_deref(),
            Some("osmach")
        );
    }

    #[test]
    fn khmer_prefixes_become_hints() {
        let key = name_key("ខេត្តព្រះសីហនុ");
        assert_eq!(key.core.as_deref(), Some("ព្រះសីហនុ"));
        assert_eq!(key.hint, Some(KindHint::Province));
        assert_eq!(name_key("ក្រុងព្រះសីហនុ").hint, Some(KindHint::Town));
    }

    #[test]
    fn a_name_of_only_generic_words_has_no_core() {
        let key = name_key("Province");
        assert_eq!(key.full, "province");
        assert_eq!(key.core, None);
        assert_eq!(name_key("").full, "");
    }
}
