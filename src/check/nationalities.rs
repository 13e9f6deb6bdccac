//! Nationalities: ISO 3166-1 alpha-2 codes with optional counts, `CN:62;VN:9`, kept canonical.

use super::Problem;
use crate::diagnostics::Code;
use crate::events::TextBuilder;
use crate::gazetteer::{Gazetteer, PlaceKind};
use std::fmt::Write as _;

/// Writes the nationalities, canonical, as the builder's current field; each bad item is a
/// problem. The gazetteer turns a country written by name into a hint with its code.
pub fn nationalities(
    text: &str,
    out: &mut TextBuilder,
    gazetteer: &Gazetteer,
    problem: &mut dyn FnMut(Problem),
) {
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (code, count) = match part.split_once(':') {
            Some((code, count)) => (code.trim(), Some(count.trim())),
            None => (part, None),
        };
        if !crate::countries::is_alpha2(code) {
            problem(
                Problem::new(
                    Code::BadNationality,
                    format!("`{code}` is not an ISO 3166-1 alpha-2 country code"),
                )
                .hint(hint(code, gazetteer)),
            );
            continue;
        }
        let count = match count.map(str::parse::<u64>) {
            None => None,
            Some(Ok(n)) => Some(n),
            Some(Err(_)) => {
                problem(
                    Problem::new(
                        Code::BadCount,
                        format!("the count for {code} in `{part}` is not a whole number"),
                    )
                    .hint("write CODE:COUNT, e.g. CN:62"),
                );
                continue;
            }
        };
        out.item(code);
        if let Some(count) = count {
            // Writing to a String cannot fail.
            let _ = write!(out, ":{count}");
        }
    }
    out.end();
}

/// What would be right instead of `code`: capitals, or the code of a country named in full.
fn hint(code: &str, gazetteer: &Gazetteer) -> String {
    let upper = code.to_ascii_uppercase();
    if crate::countries::is_alpha2(&upper) {
        return format!("write country codes in capitals: `{upper}`");
    }
    let country = gazetteer
        .resolve(code)
        .ok()
        .map(|m| gazetteer.place(m.place))
        .filter(|p| p.kind == PlaceKind::Country);
    match country {
        Some(country) => format!(
            "write the ISO 3166-1 alpha-2 code: `{}` for {}",
            country.country, country.name
        ),
        None => "ISO 3166-1 alpha-2 codes separated by `;`, with optional counts: CN:62;VN:9;KH:13"
            .to_owned(),
    }
}
