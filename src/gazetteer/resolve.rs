//! Turning what a person typed into a place.
//!
//! Order of lookup, first hit wins:
//! 1. the exact `id`;
//! 2. the full normalised key against every id, name, Khmer name and alias;
//! 3. the key without generic words (`Preah Sihanouk province` -> `preahsihanouk`) against the
//!    same, then against names that themselves had generic words removed.
//!
//! When a key belongs to several places, a generic word in the query (`province`, `city`,
//! `SEZ` ...) keeps those of that kind; then, if a province and its own seat town remain
//! (`Siem Reap`, `Sihanoukville`, `Battambang`), the town wins as the more specific place.
//! Anything still ambiguous is an error listing the candidates. Suggestions are computed only
//! on a miss.

use super::normalize::{name_key, KindHint};
use super::{Gazetteer, PlaceIdx, PlaceKind};
use std::fmt;

/// Which of a place's names matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    /// Its id.
    Id,
    /// Its English name.
    Name,
    /// Its Khmer name.
    NameKm,
    /// Its alias at this position.
    Alias(usize),
}

/// A rule that decided between places sharing a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A generic word in the query picked the kind of place.
    KindWord,
    /// A province and its own seat town share the name: the town was taken.
    SeatTown,
}

/// A successful resolution: the place, which of its names matched, and any rule applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// The place.
    pub place: PlaceIdx,
    /// Which of its names matched.
    pub via: Via,
    /// The rule that decided between places sharing the name, if one was needed.
    pub rule: Option<Rule>,
}

/// Why a name did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The name is empty (or only punctuation and generic words).
    Empty,
    /// No place has this name; up to three similar places.
    NotFound {
        /// The closest places, best first.
        suggestions: Vec<PlaceIdx>,
    },
    /// Several places have this name and no rule decides.
    Ambiguous {
        /// The places, in gazetteer order.
        candidates: Vec<PlaceIdx>,
    },
}

impl Gazetteer {
    /// Resolves a place name as a person typed it.
    pub fn resolve(&self, query: &str) -> Result<Match, ResolveError> {
        let query = query.trim();
        if let Some(&place) = self.by_id.get(query) {
            let via = if self.place(place).name == query {
                Via::Name
            } else {
                Via::Id
            };
            return Ok(Match {
                place,
                via,
                rule: None,
            });
        }
        let key = name_key(query);
        if key.full.is_empty() {
            return Err(ResolveError::Empty);
        }
        let hit = self
            .primary
            .get(&key.full)
            .map(|e| (e, None))
            .or_else(|| {
                let core = key.core.as_ref()?;
                self.primary
                    .get(core)
                    .or_else(|| self.secondary.get(core))
                    .map(|e| (e, key.hint))
            })
            .or_else(|| self.secondary.get(&key.full).map(|e| (e, key.hint)));
        let Some((entries, hint)) = hit else {
            return Err(ResolveError::NotFound {
                suggestions: self.suggest(&key.full),
            });
        };
        let candidates: Vec<PlaceIdx> = entries.iter().map(|(p, _)| *p).collect();
        let (place, rule) = self.decide(candidates, hint)?;
        let via = entries
            .iter()
            .find(|(p, _)| *p == place)
            .map_or(Via::Name, |(_, via)| *via);
        Ok(Match { place, via, rule })
    }

    /// Picks one place among those sharing a name, or says it cannot.
    pub(super) fn decide(
        &self,
        mut candidates: Vec<PlaceIdx>,
        hint: Option<KindHint>,
    ) -> Result<(PlaceIdx, Option<Rule>), ResolveError> {
        if candidates.len() == 1 {
            return Ok((candidates[0], None));
        }
        let mut rule = None;
        if let Some(hint) = hint {
            let of_kind: Vec<PlaceIdx> = candidates
                .iter()
                .copied()
                .filter(|p| kind_fits(self.place(*p).kind, hint))
                .collect();
            if !of_kind.is_empty() && of_kind.len() < candidates.len() {
                candidates = of_kind;
                rule = Some(Rule::KindWord);
            }
        }
        if candidates.len() > 1 {
            let before = candidates.len();
            let all = candidates.clone();
            candidates.retain(|p| self.seat_zone.get(p).is_none_or(|seat| !all.contains(seat)));
            if candidates.len() < before {
                rule = Some(Rule::SeatTown);
            }
        }
        if let [one] = candidates.as_slice() {
            Ok((*one, rule))
        } else {
            candidates.sort();
            Err(ResolveError::Ambiguous { candidates })
        }
    }

    /// Up to three places whose names are closest to the key, best first.
    fn suggest(&self, key: &str) -> Vec<PlaceIdx> {
        // Per place: the best score, and at that score whether it was the place's own name
        // (a name beats an alias on a tie: `Sihanoukvile` suggests the town first).
        let mut best: Vec<(f64, bool, PlaceIdx)> = Vec::new();
        for (name, entries) in self.primary.iter().chain(&self.secondary) {
            let score = strsim::jaro_winkler(key, name);
            if score < 0.8 {
                continue;
            }
            for (place, via) in entries {
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
                Some(format!(
                    "write the id of the one you mean: {}",
                    self.list(candidates, ", ")
                )),
            ),
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
        match m.rule {
            None => via,
            Some(Rule::KindWord) => format!("{via}, of the kind the query names"),
            Some(Rule::SeatTown) => {
                format!("{via}; a province and its seat town share the name, and the town is the more specific")
            }
        }
    }
}

fn kind_fits(kind: PlaceKind, hint: KindHint) -> bool {
    match hint {
        KindHint::Province => kind == PlaceKind::Province,
        KindHint::Town => matches!(kind, PlaceKind::Capital | PlaceKind::City | PlaceKind::Town),
        KindHint::District => kind == PlaceKind::District,
        KindHint::Commune => kind == PlaceKind::Commune,
        KindHint::EconomicZone => kind == PlaceKind::Sez,
        KindHint::Crossing => kind == PlaceKind::BorderCrossing,
        KindHint::Compound => kind == PlaceKind::Compound,
    }
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Via::Id => f.write_str("id"),
            Via::Name => f.write_str("name"),
            Via::NameKm => f.write_str("name_km"),
            Via::Alias(_) => f.write_str("alias"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        Gazetteer::builtin().expect("the built-in gazetteer is valid")
    }

    fn resolve(g: &Gazetteer, q: &str) -> String {
        match g.resolve(q) {
            Ok(m) => g.place(m.place).id.clone(),
            Err(e) => format!("{e:?}"),
        }
    }

    #[test]
    fn resolves_every_common_spelling_of_sihanoukville() {
        let g = gazetteer();
        for q in [
            "Sihanoukville",
            "sihanoukville",
            "Kampong Som",
            "Kompong Som",
            "Kâmpóng Saôm",
            "KAMPONG-SOM",
            "ក្រុងព្រះសីហនុ",
            "Krong Preah Sihanouk",
            "Sihanoukville city",
        ] {
            assert_eq!(resolve(&g, q), "sihanoukville", "query {q}");
        }
        for q in [
            "Preah Sihanouk",
            "preah-sihanouk",
            "Preah Sihanouk Province",
            "ព្រះសីហនុ",
            "ខេត្តព្រះសីហនុ",
            "Khaet Preah Sihanouk",
            "Sihanoukville province",
            "Kampong Som province",
        ] {
            assert_eq!(resolve(&g, q), "preah-sihanouk", "query {q}");
        }
    }

    #[test]
    fn a_province_and_its_seat_town_resolve_to_the_town() {
        let g = gazetteer();
        for (q, town) in [
            ("Siem Reap", "siem-reap-city"),
            ("Battambang", "battambang-city"),
            ("Phnom Penh", "phnom-penh-city"),
        ] {
            let m = g.resolve(q).expect("resolves");
            assert_eq!(g.place(m.place).id, town);
            assert_eq!(m.rule, Some(Rule::SeatTown));
        }
        assert_eq!(resolve(&g, "Siem Reap province"), "siem-reap");
        assert_eq!(
            resolve(&g, "siem-reap"),
            "siem-reap",
            "an exact id is never re-read as a name"
        );
    }

    #[test]
    fn generic_words_are_optional() {
        let g = gazetteer();
        assert_eq!(
            resolve(&g, "Thmor Da Special Economic Zone"),
            "thmor-da-sez"
        );
        assert_eq!(resolve(&g, "Thmor Da SEZ"), "thmor-da-sez");
        assert_eq!(resolve(&g, "thmor da"), "thmor-da-sez");
        assert_eq!(resolve(&g, "Veal Veng district"), "veal-veng");
        assert_eq!(resolve(&g, "Srok Veal Veng"), "veal-veng");
        assert_eq!(resolve(&g, "Pursat Province"), "pursat");
        assert_eq!(resolve(&g, "Pouthisat"), "pursat");
        assert_eq!(resolve(&g, "Sihanoukville SEZ"), "sihanoukville-sez");
        assert_eq!(resolve(&g, "O'Smach"), "o-smach");
        assert_eq!(resolve(&g, "Ou Smach checkpoint"), "o-smach");
        assert_eq!(resolve(&g, "  Poi-Pet  "), "poipet");
        assert_eq!(resolve(&g, "Kratié"), "kratie");
        assert_eq!(resolve(&g, "Tbong Khmum"), "tbong-khmum");
        assert_eq!(resolve(&g, "Lao PDR"), "laos");
    }

    #[test]
    fn a_miss_suggests_the_closest_names() {
        let g = gazetteer();
        let Err(ResolveError::NotFound { suggestions }) = g.resolve("Sihanoukvile") else {
            panic!("expected a miss");
        };
        assert_eq!(g.place(suggestions[0]).id, "sihanoukville");
        assert!(suggestions.len() <= 3);
        let Err(ResolveError::NotFound { suggestions }) = g.resolve("Qwxz Zzq") else {
            panic!("expected a miss");
        };
        assert!(suggestions.is_empty());
        assert_eq!(g.resolve(" , "), Err(ResolveError::Empty));
    }

    #[test]
    fn an_undecidable_name_lists_its_candidates() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("zones.csv"),
            "id,kind,name,province,lat,lon,precision\nsamraong-takeo,town,Samraong,takeo,10.9,104.7,town\nsamraong-om,town,Samraong,oddar-meanchey,14.18,103.5,town\n",
        )
        .expect("write");
        match Gazetteer::load(Some(dir.path())) {
            Err(super::super::LoadError::Invalid(d)) => {
                assert_eq!(d.len(), 1, "{d:?}");
                assert_eq!(d[0].code.as_str(), "ambiguous-name");
                assert!(d[0].message.contains("samraong-takeo"), "{}", d[0].message);
            }
            other => panic!("expected a collision error, got {other:?}"),
        }
    }
}
