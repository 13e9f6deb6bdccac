//! Reading an event type as an analyst writes it (`Police raid`, `Crackdown`, `Arrests`,
//! `Sentenced`, `Press conference`) into one of tonle's fourteen type names, by a documented
//! synonym table. Words are matched before letters: `Police raid` is a raid because it says
//! "raid", and `police` alone is a known word that names no type, so it is never answered
//! "did you mean `policy`".

use super::{Applied, Note, Reading, ReadingError, Rule};

/// The type names, as `crate::events::EventType::as_str` writes them (a test checks).
pub const NAMES: [&str; 14] = [
    "raid",
    "arrest",
    "rescue",
    "repatriation",
    "deportation",
    "relocation",
    "trafficking_route",
    "closure",
    "report",
    "policy",
    "statement",
    "protest",
    "trial",
    "incident",
];

/// For each type, the words and phrases (folded: lower case, single spaces) read as it. A
/// phrase is matched before the words in it (`tip report` is policy, not report).
pub const SYNONYMS: [(&str, &[&str]); 14] = [
    (
        "raid",
        &[
            "raid",
            "raids",
            "raided",
            "police raid",
            "raid on compound",
            "crackdown",
            "crackdowns",
            "crack down",
            "bust",
            "busted",
            "sweep",
            "swoop",
            "storming",
            "stormed",
            "search",
            "inspection",
            "inspections",
        ],
    ),
    (
        "arrest",
        &[
            "arrest",
            "arrests",
            "arrested",
            "detention",
            "detentions",
            "detained",
            "detain",
            "apprehended",
            "apprehension",
            "custody",
            "nabbed",
        ],
    ),
    (
        "rescue",
        &[
            "rescue",
            "rescues",
            "rescued",
            "rescue operation",
            "freed",
            "liberated",
            "extracted",
            "extraction",
        ],
    ),
    (
        "repatriation",
        &[
            "repatriation",
            "repatriations",
            "repatriated",
            "repatriate",
            "returned",
            "return",
            "returns",
            "returnees",
            "sent home",
            "returned home",
        ],
    ),
    (
        "deportation",
        &[
            "deportation",
            "deportations",
            "deported",
            "deport",
            "deports",
            "expelled",
            "expulsion",
            "expulsions",
        ],
    ),
    (
        "relocation",
        &[
            "relocation",
            "relocations",
            "relocated",
            "relocate",
            "relocating",
            "moved",
            "moved operations",
            "moving operations",
            "moved out",
        ],
    ),
    (
        "trafficking_route",
        &[
            "trafficking",
            "trafficked",
            "smuggling",
            "smuggled",
            "route",
            "routes",
            "transported",
        ],
    ),
    (
        "closure",
        &[
            "closure",
            "closures",
            "closed",
            "closed down",
            "shut",
            "shut down",
            "shutdown",
            "shuttered",
        ],
    ),
    (
        "report",
        &[
            "report",
            "reports",
            "statistics",
            "stats",
            "study",
            "survey",
            "research",
            "data",
            "figures",
            "findings",
            "analysis",
            "census",
            "estimate",
            "estimates",
        ],
    ),
    (
        "policy",
        &[
            "policy",
            "policies",
            "law",
            "laws",
            "legislation",
            "bill",
            "decree",
            "sub decree",
            "regulation",
            "regulations",
            "directive",
            "ranking",
            "rankings",
            "ranked",
            "downgrade",
            "downgraded",
            "upgraded",
            "tier",
            "watch list",
            "watchlist",
            "tip report",
            "tip ranking",
            "sanction",
            "sanctions",
            "sanctioned",
            "agreement",
            "mou",
            "memorandum",
            "treaty",
            "ban",
            "banned",
            "action plan",
        ],
    ),
    (
        "statement",
        &[
            "statement",
            "statements",
            "said",
            "says",
            "say",
            "announcement",
            "announced",
            "announces",
            "speech",
            "remarks",
            "interview",
            "comment",
            "comments",
            "warned",
            "warning",
            "press conference",
            "press release",
            "pledged",
            "vowed",
            "denied",
        ],
    ),
    (
        "protest",
        &[
            "protest",
            "protests",
            "protested",
            "protesters",
            "demonstration",
            "demonstrations",
            "demonstrators",
            "rally",
            "rallies",
            "march",
            "petition",
        ],
    ),
    (
        "trial",
        &[
            "trial",
            "trials",
            "court",
            "court case",
            "sentenced",
            "sentence",
            "sentencing",
            "convicted",
            "conviction",
            "verdict",
            "hearing",
            "prosecution",
            "prosecuted",
            "charged",
            "charges",
            "indicted",
            "indictment",
            "acquitted",
            "acquittal",
            "appeal",
            "lawsuit",
            "jailed",
            "imprisoned",
        ],
    ),
    (
        "incident",
        &[
            "incident",
            "incidents",
            "death",
            "deaths",
            "died",
            "killed",
            "killing",
            "murder",
            "murdered",
            "assault",
            "assaulted",
            "abuse",
            "abused",
            "torture",
            "tortured",
            "beating",
            "beaten",
            "escape",
            "escaped",
            "suicide",
            "injured",
            "kidnapping",
            "kidnapped",
            "abduction",
            "abducted",
            "shooting",
            "other",
        ],
    ),
];

/// Words that name no type: who acted, where, and the subject of the reporting. Known so
/// that they are never matched by letters (`police` is not a misspelt `policy`).
pub const NEUTRAL: [&str; 46] = [
    "police",
    "officers",
    "officials",
    "authorities",
    "authority",
    "government",
    "ministry",
    "task",
    "force",
    "operation",
    "operations",
    "joint",
    "mass",
    "major",
    "large",
    "new",
    "alleged",
    "suspected",
    "human",
    "online",
    "scam",
    "scams",
    "fraud",
    "compound",
    "compounds",
    "site",
    "sites",
    "casino",
    "casinos",
    "centre",
    "center",
    "workers",
    "victims",
    "people",
    "case",
    "cases",
    "forced",
    "labour",
    "labor",
    "of",
    "on",
    "at",
    "in",
    "the",
    "by",
    "and",
];

/// Words that only qualify another (`trafficking raid` is a raid): they name a type only
/// when the cell names no other.
const MODIFIERS: [&str; 4] = ["trafficking", "trafficked", "smuggling", "smuggled"];

fn fold(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The type a synonym stands for.
fn synonym(phrase: &str) -> Option<&'static str> {
    SYNONYMS
        .iter()
        .find(|(_, words)| words.contains(&phrase))
        .map(|(name, _)| *name)
}

/// Reads a type cell. `has_route` says whether the row has both an origin and a destination,
/// which makes `Trafficking` a trafficking_route. A type name as files write it (`raid`) comes
/// back with no note.
pub fn read_type(cell: &str, has_route: bool) -> Result<Reading<&'static str>, ReadingError> {
    let cell = cell.trim();
    if let Some(name) = NAMES.iter().find(|n| **n == cell) {
        return Ok(Reading::unchanged(*name));
    }
    let folded = fold(cell);
    if folded.is_empty() {
        return Err(ReadingError::new(
            "missing-value",
            "the type is empty",
            format!("every event needs one of: {}", NAMES.join(", ")),
        ));
    }
    if let Some(name) = NAMES.iter().find(|n| n.replace('_', " ") == folded) {
        return Ok(note(cell, name, Applied::rule(Rule::TypeName)));
    }
    let found = matches(&folded);
    let mut kinds: Vec<&'static str> = found.iter().map(|(_, t)| *t).collect();
    kinds.dedup();
    if kinds.len() > 1 {
        kinds.retain(|t| {
            *t != "trafficking_route"
                || found
                    .iter()
                    .any(|(w, t2)| *t2 == *t && !MODIFIERS.contains(w))
        });
    }
    let said: Vec<String> = found.iter().map(|(w, _)| format!("\"{w}\"")).collect();
    match kinds.as_slice() {
        [] => Err(unknown(cell, &folded)),
        ["trafficking_route"] if !has_route => Err(ReadingError::new(
            "unknown-type",
            format!("`{cell}` is read as trafficking_route only on a row with an origin and a destination, and this row has none"),
            "give the row an origin and a destination, or name what happened: rescue, arrest, raid, incident, ...",
        )),
        ["trafficking_route"] => Ok(note(cell, "trafficking_route", Applied::with(Rule::TypeTraffickingRoute, said.join(", ")))),
        [one] => Ok(note(cell, one, Applied::with(Rule::TypeSynonym, said.join(", ")))),
        several => Err(ReadingError::new(
            "ambiguous-type",
            format!("`{cell}` names more than one type: {}", several.join(" and ")),
            format!("an event has one type: write the main one ({}), and the rest in the title or description", several.join(" or ")),
        )
        .with_readings(several.iter().map(|s| (*s).to_owned()).collect())),
    }
}

fn note(cell: &str, name: &'static str, applied: Applied) -> Reading<&'static str> {
    Reading {
        value: name,
        note: Some(Note::new(cell, name, vec![applied])),
    }
}

/// Every synonym in the folded cell, with its type, in the order of the types; phrases are
/// matched first and their words taken out.
fn matches(folded: &str) -> Vec<(&'static str, &'static str)> {
    let mut words: Vec<Option<&str>> = folded.split(' ').map(Some).collect();
    let mut found = Vec::new();
    for (name, synonyms) in SYNONYMS {
        for phrase in synonyms.iter().filter(|p| p.contains(' ')) {
            let parts: Vec<&str> = phrase.split(' ').collect();
            for start in 0..words.len().saturating_sub(parts.len() - 1) {
                let window = &words[start..start + parts.len()];
                if window.iter().zip(&parts).all(|(w, p)| *w == Some(p)) {
                    found.push((*phrase, name));
                    words[start..start + parts.len()].fill(None);
                }
            }
        }
    }
    for word in words.into_iter().flatten() {
        let single = SYNONYMS.iter().find_map(|(name, synonyms)| {
            synonyms.iter().find(|s| **s == word).map(|s| (*s, *name))
        });
        if let Some(hit) = single {
            found.push(hit);
        }
    }
    found.sort_by_key(|(_, name)| NAMES.iter().position(|n| n == name));
    found
}

/// The error for a cell that names no type, with a suggestion from words before letters.
fn unknown(cell: &str, folded: &str) -> ReadingError {
    let words: Vec<&str> = folded.split(' ').filter(|w| !NEUTRAL.contains(w)).collect();
    let vocabulary = SYNONYMS
        .iter()
        .flat_map(|(_, s)| s.iter().copied())
        .chain(NAMES);
    let best = words
        .iter()
        .flat_map(|w| {
            vocabulary
                .clone()
                .map(move |v| (strsim::jaro_winkler(w, &v.replace('_', " ")), v))
        })
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .and_then(|(_, v)| {
            NAMES
                .iter()
                .find(|n| **n == v)
                .copied()
                .or_else(|| synonym(v))
                .map(|t| (v, t))
        });
    let list = NAMES.join(", ");
    let hint = match best {
        Some((word, name)) if word == name => {
            format!("did you mean `{name}`? The types are: {list}")
        }
        Some((word, name)) => format!("did you mean `{name}` (\"{word}\")? The types are: {list}"),
        None if words.is_empty() => {
            format!("`{cell}` says who or where, not what happened: one of {list}")
        }
        None => format!("one of: {list} (synonyms in docs/readings.md)"),
    };
    ReadingError::new("unknown-type", format!("unknown event type `{cell}`"), hint)
}

#[cfg(test)]
mod tests;
