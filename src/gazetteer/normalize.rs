//! Place-name normalisation: the key the resolver looks a name up by.
//!
//! People type the same place many ways: `Kâmpóng Saôm`, `kampong-som`, `KAMPONG  SOM`,
//! `Preah Sihanouk Province`, `ខេត្តព្រះសីហនុ`. A key folds case and Latin diacritics, drops
//! punctuation and spaces, and keeps Khmer script as written. Generic words (`province`,
//! `krong`, `SEZ` ...) are split off into a [`KindHint`], so that `Battambang province` can
//! pick the province even though plain `Battambang` means the town.

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
    ("រាជធានី", None),
];

/// Normalises a place name into its lookup keys.
pub fn name_key(text: &str) -> NameKey {
    let tokens = tokens(text);
    let full: String = tokens.concat();
    let mut core = String::with_capacity(full.len());
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
        } else {
            core.push_str(token);
        }
        i += 1;
    }
    let core = (!core.is_empty() && core != full).then_some(core);
    NameKey { full, core, hint }
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
