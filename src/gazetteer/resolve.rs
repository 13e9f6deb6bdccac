//! Turning what a person typed into a place.
//!
//! Order of lookup, first hit wins:
//! 1. the exact `id`;
//! 2. the full normalised key against every id, name, Khmer name and alias;
//! 3. the key without generic words (`Preah Sihanouk province` -> `preahsihanouk`) against the
//!    same, then against names that themselves had generic words removed;
//! 4. the romanisation-folded key (`Anlung Veaeng` = `Anlong Veng`) against the folded keys of
//!    every name.
//!
//! A name may carry the units it lies in after commas (`Chrey Thum, Kandal`, `Thma Da,
//! Veal Veng, Pursat`); [`Gazetteer::resolve_in`] takes the unit as an index. When a key
//! belongs to several places, these rules decide, in turn: the containing unit keeps the
//! places inside it; a generic word in the query (`province`, `city`, `SEZ` ...) keeps those of
//! that kind (a town word on a province's name means its seat town); a province and its own
//! seat town give the town; a unit and units inside it named after it give the unit (`Bavet`
//! is the town, not its sangkat); one province, district-level unit or town among smaller
//! places gives it (`Siem Reap` is not the commune of that name in Kandal). Anything still
//! ambiguous is an error listing the candidates with the units they lie in. Suggestions are
//! computed only on a miss.

use super::index::Entries;
use super::normalize::{name_key, KindHint, NameKey};
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
    /// A town word on a province's name (`Koh Kong city`): the province's seat town.
    SeatOfProvince,
    /// A unit and units inside it share the name: the unit was taken.
    Containing,
    /// One province, district-level unit or town among smaller places: it was taken.
    LargerUnit,
    /// The unit the query named (`..., Kandal`) or the caller gave kept one place.
    Within,
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
    /// Places have this name, but none lies in the unit the name was qualified with.
    Outside {
        /// The unit.
        within: PlaceIdx,
        /// The places of that name, in gazetteer order.
        candidates: Vec<PlaceIdx>,
    },
}

impl Gazetteer {
    /// Resolves a place name as a person typed it.
    pub fn resolve(&self, query: &str) -> Result<Match, ResolveError> {
        self.resolve_within(query, None)
    }

    /// Resolves a place name among the places that lie in `within` (a province, district,
    /// commune or country): for a sheet's `Province` column, or any name known to be there.
    pub fn resolve_in(&self, query: &str, within: PlaceIdx) -> Result<Match, ResolveError> {
        self.resolve_within(query, Some(within))
    }

    fn resolve_within(&self, query: &str, within: Option<PlaceIdx>) -> Result<Match, ResolveError> {
        let query = query.trim();
        let (name, result) = match self.resolve_name(query, within) {
            Err(ResolveError::NotFound { .. }) => match query.split_once(',') {
                Some((name, rest)) if !name.trim().is_empty() => {
                    let outer = self.resolve_within(rest, within)?.place;
                    (name.trim(), self.resolve_qualified(name.trim(), outer))
                }
                _ => (
                    query,
                    Err(ResolveError::NotFound {
                        suggestions: Vec::new(),
                    }),
                ),
            },
            other => (query, other),
        };
        // Suggestions are computed once, for the name that missed.
        match result {
            Err(ResolveError::NotFound { .. }) => Err(ResolveError::NotFound {
                suggestions: self.suggest(&name_key(name).full),
            }),
            other => other,
        }
    }

    /// A name after which the query named `outer`: `Svay Rieng` alone is the seat town, but
    /// after a comma it may be the province the name lies in.
    fn resolve_qualified(&self, name: &str, outer: PlaceIdx) -> Result<Match, ResolveError> {
        match self.resolve_name(name, Some(outer)) {
            Err(ResolveError::Outside { .. }) if self.is_seat(outer) => {
                let province = self.place(outer).province.unwrap_or(outer);
                self.resolve_name(name, Some(province))
            }
            other => other,
        }
    }

    fn resolve_name(&self, query: &str, within: Option<PlaceIdx>) -> Result<Match, ResolveError> {
        if let Some(&place) = self.by_id.get(query) {
            if within.is_some_and(|w| !self.lies_in(place, w)) {
                return Err(ResolveError::Outside {
                    within: within.unwrap_or(place),
                    candidates: vec![place],
                });
            }
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
        let mut outside: Option<ResolveError> = None;
        let mut unfit = None;
        for (entries, hint) in self.tiers(&key) {
            // A kind word that fits nothing here may fit a looser key's places.
            if let Some(hint) = hint {
                if !entries
                    .iter()
                    .any(|(p, _)| kind_fits(self.place(*p).kind, hint))
                {
                    unfit.get_or_insert((entries, Some(hint)));
                    continue;
                }
            }
            match self.decide_entries(entries, hint, within) {
                Err(e @ ResolveError::Outside { .. }) => {
                    outside.get_or_insert(e);
                }
                other => return other,
            }
        }
        if let Some((entries, hint)) = unfit {
            match self.decide_entries(entries, hint, within) {
                Err(e @ ResolveError::Outside { .. }) => {
                    outside.get_or_insert(e);
                }
                other => return other,
            }
        }
        Err(outside.unwrap_or(ResolveError::NotFound {
            suggestions: Vec::new(),
        }))
    }

    fn decide_entries(
        &self,
        entries: &Entries,
        hint: Option<KindHint>,
        within: Option<PlaceIdx>,
    ) -> Result<Match, ResolveError> {
        let candidates: Vec<PlaceIdx> = entries.iter().map(|(p, _)| *p).collect();
        let (place, rule) = self.decide(candidates, hint, within)?;
        let via = entries
            .iter()
            .find(|(p, _)| *p == place)
            .map_or(Via::Name, |(_, via)| *via);
        Ok(Match { place, via, rule })
    }

    /// Whether a place is its province's seat town.
    fn is_seat(&self, idx: PlaceIdx) -> bool {
        self.place(idx)
            .province
            .is_some_and(|p| self.seat_zone.get(&p) == Some(&idx))
    }

    /// The index entries a key hits, tier by tier, each with the kind hint that applies.
    fn tiers<'a>(
        &'a self,
        key: &'a NameKey,
    ) -> impl Iterator<Item = (&'a Entries, Option<KindHint>)> {
        let index = &self.index;
        let core = key.core.as_ref();
        let folded_core = key.folded_core.as_ref();
        [
            index.primary.get(&key.full).map(|e| (e, None)),
            core.and_then(|c| index.primary.get(c))
                .map(|e| (e, key.hint)),
            core.and_then(|c| index.secondary.get(c))
                .map(|e| (e, key.hint)),
            index.secondary.get(&key.full).map(|e| (e, key.hint)),
            index.folded.get(&key.folded).map(|e| (e, None)),
            folded_core
                .and_then(|c| index.folded.get(c))
                .map(|e| (e, key.hint)),
        ]
        .into_iter()
        .flatten()
    }

    /// Picks one place among those sharing a name, or says it cannot.
    pub(super) fn decide(
        &self,
        mut candidates: Vec<PlaceIdx>,
        hint: Option<KindHint>,
        within: Option<PlaceIdx>,
    ) -> Result<(PlaceIdx, Option<Rule>), ResolveError> {
        let mut rule = None;
        if let Some(w) = within {
            let all = candidates.clone();
            candidates.retain(|p| self.lies_in(*p, w));
            if candidates.is_empty() {
                let mut candidates = all;
                candidates.sort();
                return Err(ResolveError::Outside {
                    within: w,
                    candidates,
                });
            }
            if candidates.len() < all.len() {
                rule = Some(Rule::Within);
            }
        }
        if candidates.len() == 1 && hint != Some(KindHint::Town) {
            return Ok((candidates[0], rule));
        }
        let steps: [Step; 4] = [
            Gazetteer::by_kind_word,
            Gazetteer::by_seat_town,
            Gazetteer::by_containing,
            Gazetteer::by_larger_unit,
        ];
        for (i, step) in steps.into_iter().enumerate() {
            // A town word on one province's name still means its seat town.
            if candidates.len() > 1 || i == 0 {
                rule = step(self, &mut candidates, hint).or(rule);
            }
        }
        if let [one] = candidates.as_slice() {
            Ok((*one, rule))
        } else {
            candidates.sort();
            Err(ResolveError::Ambiguous { candidates })
        }
    }

    /// A generic word keeps the places of its kind; a town word on a province's name means
    /// the province's seat town.
    fn by_kind_word(&self, candidates: &mut Vec<PlaceIdx>, hint: Option<KindHint>) -> Option<Rule> {
        let hint = hint?;
        let of_kind: Vec<PlaceIdx> = candidates
            .iter()
            .copied()
            .filter(|p| kind_fits(self.place(*p).kind, hint))
            .collect();
        if !of_kind.is_empty() && of_kind.len() < candidates.len() {
            *candidates = of_kind;
            return Some(Rule::KindWord);
        }
        if of_kind.is_empty() && hint == KindHint::Town {
            let seats: Vec<PlaceIdx> = candidates
                .iter()
                .filter_map(|p| self.seat_zone.get(p).copied())
                .collect();
            if seats.len() == 1 {
                *candidates = seats;
                return Some(Rule::SeatOfProvince);
            }
        }
        None
    }

    /// A province and its own seat town: the town.
    fn by_seat_town(&self, candidates: &mut Vec<PlaceIdx>, _: Option<KindHint>) -> Option<Rule> {
        let all = candidates.clone();
        candidates.retain(|p| self.seat_zone.get(p).is_none_or(|seat| !all.contains(seat)));
        (candidates.len() < all.len()).then_some(Rule::SeatTown)
    }

    /// One candidate that contains all the others: it.
    fn by_containing(&self, candidates: &mut Vec<PlaceIdx>, _: Option<KindHint>) -> Option<Rule> {
        let outer = candidates
            .iter()
            .copied()
            .find(|o| candidates.iter().all(|p| self.lies_in(*p, *o)))?;
        *candidates = vec![outer];
        Some(Rule::Containing)
    }

    /// One candidate of the largest rank, when that rank is a district's or more: it.
    fn by_larger_unit(&self, candidates: &mut Vec<PlaceIdx>, _: Option<KindHint>) -> Option<Rule> {
        let rank = |p: &PlaceIdx| self.place(*p).kind.rank();
        let top = candidates.iter().map(rank).max()?;
        let largest: Vec<PlaceIdx> = candidates
            .iter()
            .copied()
            .filter(|p| rank(p) == top)
            .collect();
        if top < 2 || largest.len() != 1 {
            return None;
        }
        *candidates = largest;
        Some(Rule::LargerUnit)
    }
}

/// One of the rules `decide` applies in turn: it narrows the candidates and names itself.
type Step = fn(&Gazetteer, &mut Vec<PlaceIdx>, Option<KindHint>) -> Option<Rule>;

fn kind_fits(kind: PlaceKind, hint: KindHint) -> bool {
    match hint {
        KindHint::Province => matches!(kind, PlaceKind::Province | PlaceKind::Region),
        KindHint::Town => matches!(kind, PlaceKind::Capital | PlaceKind::City | PlaceKind::Town),
        KindHint::District => kind == PlaceKind::District,
        KindHint::Commune => kind == PlaceKind::Commune,
        KindHint::Village => kind == PlaceKind::Village,
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
        assert_eq!(resolve(&g, "Pouthisat province"), "pursat");
        assert_eq!(
            resolve(&g, "Pouthisat"),
            "pursat-city",
            "a seat town that shares its province's name shares its spellings"
        );
        assert_eq!(resolve(&g, "Sihanoukville SEZ"), "sihanoukville-sez");
        assert_eq!(resolve(&g, "O'Smach"), "o-smach");
        assert_eq!(resolve(&g, "Ou Smach checkpoint"), "o-smach");
        assert_eq!(resolve(&g, "  Poi-Pet  "), "poipet");
        assert_eq!(resolve(&g, "Kratié province"), "kratie");
        assert_eq!(resolve(&g, "Kratié"), "kratie-city");
        assert_eq!(resolve(&g, "Tbong Khmum"), "tbong-khmum");
        assert_eq!(resolve(&g, "Lao PDR"), "laos");
    }

    #[test]
    fn a_miss_suggests_the_closest_names() {
        let g = gazetteer();
        let Err(ResolveError::NotFound { suggestions }) = g.resolve("Sihanoukvlle") else {
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
