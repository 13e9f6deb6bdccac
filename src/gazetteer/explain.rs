//! Saying what the resolver did: the error messages with their hints, "did you mean"
//! suggestions on a miss, and which name matched.

use super::resolve::{Match, ResolveError, Rule, Via};
use super::{Gazetteer, PlaceIdx};

impl Gazetteer {
    /// Up to three places whose names are closest to the key, best first.
    pub(super) fn suggest(&self, key: &str) -> Vec<PlaceIdx> {
        // Per place: the best score, and at that score whether it was the place's own name
        // (a name beats an alias on a tie: `Sihanoukvile` suggests the town first).
        let mut best: Vec<(f64, bool, PlaceIdx)> = Vec::new();
        // Only names that begin with the same letter: among thousands of names, one that does
        // not even start alike is noise, and the rest need not be scored.
        let Some(first) = key.chars().next() else {
            return Vec::new();
        };
        for (name, entries) in self.index.starting_with(first) {
            let score = strsim::jaro_winkler(key, name);
            if score < 0.8 {
                continue;
            }
            for (place, via) in entries.iter() {
                let own = matches!(via, Via::Name | Via::NameKm);
                match best.iter_mut().find(|(.., p)| p == place) {
                    Some(entry) if (score, own) > (entry.0, entry.1) => {
                        *entry = (score, own, *place);
                    }
                    Some(_) => {}
                    None => best.push((score, own, *place)),
                }
            }
        }
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        best.into_iter().take(3).map(|(.., p)| p).collect()
    }

    /// Formats a resolution error for a message line, naming the candidates by id.
    pub fn explain(&self, query: &str, error: &ResolveError) -> (String, Option<String>) {
        match error {
            ResolveError::Empty => (
                "the place is empty".to_owned(),
                Some("give a gazetteer name, alias or id, e.g. `Sihanoukville`".to_owned()),
            ),
            ResolveError::NotFound { suggestions } if suggestions.is_empty() => (
                format!("no place in the gazetteer is called `{query}`"),
                Some("check the spelling with `tonle gazetteer list`, or add the place to a --gazetteer folder".to_owned()),
            ),
            ResolveError::NotFound { suggestions } => (
                format!("no place in the gazetteer is called `{query}`"),
                Some(format!("did you mean {}?", self.list(suggestions, " or "))),
            ),
            ResolveError::Ambiguous { candidates } => (
                format!("`{query}` could be any of {} places", candidates.len()),
                Some(self.ambiguity_hint(query, candidates)),
            ),
            ResolveError::Outside { within, candidates } => (
                format!(
                    "no place called `{}` lies in {}",
                    query.split(',').next().unwrap_or(query).trim(),
                    self.place(*within).name
                ),
                Some(format!(
                    "the gazetteer has {}; check the name and the unit it is in",
                    self.list(candidates, ", ")
                )),
            ),
        }
    }

    /// How to say which place is meant: the query with the province (or the district and
    /// province) of the first candidate that makes it unique, then every candidate's id.
    fn ambiguity_hint(&self, query: &str, candidates: &[PlaceIdx]) -> String {
        let name = query.split(',').next().unwrap_or(query).trim();
        let example = candidates.iter().find_map(|c| {
            let units: Vec<PlaceIdx> = self.ancestors(*c).skip(1).collect();
            // The coarsest unit first: the province, then the district, then the commune.
            (1..=units.len()).find_map(|n| {
                let within = &units[units.len() - n..];
                let qualified = std::iter::once(name)
                    .chain(within.iter().map(|u| self.place(*u).name.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                (self.resolve(&qualified).ok()?.place == *c).then_some(qualified)
            })
        });
        let ids = self.list(candidates, ", ");
        match example {
            Some(example) => format!(
                "add the province or district after a comma, e.g. `{example}`, or write the id of the one you mean: {ids}"
            ),
            None => format!("write the id of the one you mean: {ids}"),
        }
    }

    fn list(&self, places: &[PlaceIdx], sep: &str) -> String {
        places
            .iter()
            .map(|p| format!("`{}`", self.describe(*p)))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// Which name matched, in words, for `gazetteer lookup`.
    pub fn matched_name(&self, m: &Match) -> String {
        let place = self.place(m.place);
        let via = match m.via {
            Via::Id => format!("id `{}`", place.id),
            Via::Name => format!("name `{}`", place.name),
            Via::NameKm => format!("Khmer name `{}`", place.name_km),
            Via::Alias(i) => format!(
                "alias `{}`",
                place.aliases.get(i).map_or("", String::as_str)
            ),
        };
        let rule = match m.rule {
            None => return via,
            Some(Rule::KindWord) => "of the kind the query names",
            Some(Rule::SeatTown) => {
                "a province and its seat town share the name, and the town is the more specific"
            }
            Some(Rule::SeatOfProvince) => "a town word on a province's name means its seat town",
            Some(Rule::Containing) => {
                "units inside it share the name, and the containing unit is taken"
            }
            Some(Rule::LargerUnit) => {
                "smaller places share the name; write them with their province to mean one"
            }
            Some(Rule::Within) => "the one in the unit named",
        };
        format!("{via}; {rule}")
    }
}
