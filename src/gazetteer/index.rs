//! The name index: every id, name, Khmer name and alias of every place under its keys, and the
//! load-time checks that need it (seat towns, names shared by hand-curated places).

use super::normalize::name_key;
use super::{Gazetteer, Place, PlaceIdx, PlaceKind, Via};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The places a key belongs to, each with the name that gave the key. Almost every key has
/// one place, held inline: a large override folder then costs no allocation per key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Entries {
    One((PlaceIdx, Via)),
    Many(Vec<(PlaceIdx, Via)>),
}

impl std::ops::Deref for Entries {
    type Target = [(PlaceIdx, Via)];

    fn deref(&self) -> &Self::Target {
        match self {
            Entries::One(entry) => std::slice::from_ref(entry),
            Entries::Many(entries) => entries,
        }
    }
}

impl Entries {
    fn push(&mut self, entry: (PlaceIdx, Via)) {
        match self {
            Entries::One(first) => *self = Entries::Many(vec![*first, entry]),
            Entries::Many(entries) => entries.push(entry),
        }
    }
}

/// A map keyed by name keys, hashed with FxHash's multiply-rotate (Firefox, rustc): several
/// times faster than SipHash on short keys, and a gazetteer folder is the user's own file,
/// not an attacker's.
pub(super) type KeyMap<V> = HashMap<String, V, BuildHasherDefault<FxHasher>>;

/// The hasher of [`KeyMap`].
#[derive(Default)]
pub(super) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.write(&[byte]);
    }

    /// Mixed once more (MurmurHash3's finaliser): the multiply above carries a byte's change
    /// only towards the high bits, while the table picks buckets by the low ones, so names
    /// differing in their middle bytes (`Zone 10001`, `Zone 10002` ...) shared buckets and a
    /// large override took quadratic time to index.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Keys to places, in the three tiers the resolver tries in turn.
#[derive(Debug, Clone, Default)]
pub(super) struct NameIndex {
    /// Full keys of every id, name, Khmer name and alias.
    pub primary: KeyMap<Entries>,
    /// Keys with generic words removed, for names that had some (never a primary key).
    pub secondary: KeyMap<Entries>,
    /// Romanisation-folded full and core keys.
    pub folded: KeyMap<Entries>,
    /// Every primary and secondary key with its places, sorted, for suggestions on a miss;
    /// built on the first miss, so that a run without one never pays for it.
    suggestable: std::sync::OnceLock<Vec<(String, Entries)>>,
    /// Secondary keys shared by hand-curated places but shadowed by a primary key (an
    /// official unit's name): still checked, as the curated names clash among themselves.
    pub shadowed_clashes: Vec<(String, Entries)>,
}

/// A place's names, each with how it matched. Names before the id, so that a lookup reports
/// the name a person would recognise.
fn names_of(place: &Place) -> impl Iterator<Item = (Via, &str)> {
    [
        (Via::Name, place.name.as_str()),
        (Via::NameKm, place.name_km.as_str()),
    ]
    .into_iter()
    .chain(
        place
            .aliases
            .iter()
            .enumerate()
            .map(|(i, a)| (Via::Alias(i), a.as_str())),
    )
    .chain(std::iter::once((Via::Id, place.id.as_str())))
}

fn idx(i: usize) -> PlaceIdx {
    PlaceIdx(u32::try_from(i).unwrap_or(u32::MAX))
}

fn insert_once(index: &mut KeyMap<Entries>, key: String, idx: PlaceIdx, via: Via) {
    match index.entry(key) {
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(Entries::One((idx, via)));
        }
        std::collections::hash_map::Entry::Occupied(mut slot) => {
            if !slot.get().iter().any(|(p, _)| *p == idx) {
                slot.get_mut().push((idx, via));
            }
        }
    }
}

impl NameIndex {
    /// Indexes every name of every place.
    pub(super) fn build<'a>(places: impl Iterator<Item = (PlaceIdx, &'a Place)>) -> NameIndex {
        let mut index = NameIndex::default();
        for (idx, place) in places {
            for (via, text) in names_of(place) {
                let key = name_key(text);
                if key.full.is_empty() {
                    continue;
                }
                insert_once(&mut index.primary, key.full, idx, via);
                if let Some(core) = key.core {
                    insert_once(&mut index.secondary, core, idx, via);
                }
                insert_once(&mut index.folded, key.folded, idx, via);
                if let Some(core) = key.folded_core.filter(|c| !c.is_empty()) {
                    insert_once(&mut index.folded, core, idx, via);
                }
            }
        }
        let primary = &index.primary;
        let mut shadowed = Vec::new();
        index.secondary.retain(|key, entries| {
            let keep = !primary.contains_key(key);
            if !keep && entries.len() > 1 {
                shadowed.push((key.clone(), entries.clone()));
            }
            keep
        });
        index.shadowed_clashes = shadowed;
        index
    }

    /// The keys that begin with `first`, sorted, with their places.
    pub(super) fn starting_with(&self, first: char) -> &[(String, Entries)] {
        let all = self.suggestable.get_or_init(|| {
            let mut keys: Vec<(String, Entries)> = self
                .primary
                .iter()
                .chain(&self.secondary)
                .map(|(k, e)| (k.clone(), e.clone()))
                .collect();
            keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            keys
        });
        let mut buf = [0; 4];
        let prefix = first.encode_utf8(&mut buf).as_bytes();
        let start = all.partition_point(|(k, _)| k.as_bytes() < prefix);
        let len = all[start..].partition_point(|(k, _)| k.as_bytes().starts_with(prefix));
        &all[start..start + len]
    }
}

impl Gazetteer {
    /// A province's seat zone is a capital, city or town in it whose name or alias is the
    /// province's `seat`.
    pub(super) fn find_seats(places: &[Place]) -> HashMap<PlaceIdx, PlaceIdx> {
        let seat_keys: HashMap<PlaceIdx, String> = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == PlaceKind::Province && !p.seat.is_empty())
            .map(|(i, p)| (idx(i), name_key(&p.seat).full))
            .collect();
        let mut seats = HashMap::new();
        for (i, zone) in places.iter().enumerate() {
            let town = matches!(
                zone.kind,
                PlaceKind::Capital | PlaceKind::City | PlaceKind::Town
            );
            let Some(seat) = zone
                .province
                .and_then(|p| seat_keys.get(&p))
                .filter(|_| town)
            else {
                continue;
            };
            if std::iter::once(&zone.name)
                .chain(&zone.aliases)
                .any(|n| name_key(n).full == *seat)
            {
                if let Some(province) = zone.province {
                    seats.entry(province).or_insert(idx(i));
                }
            }
        }
        seats
    }

    /// A province and its seat town that share a name share its spellings too, so that every
    /// spelling of `Kratie` or `Stung Treng` gives the same place (the town, by the seat rule).
    pub(super) fn share_seat_spellings(places: &mut [Place], seats: &HashMap<PlaceIdx, PlaceIdx>) {
        let mut pairs: Vec<(PlaceIdx, PlaceIdx)> = seats.iter().map(|(p, s)| (*p, *s)).collect();
        pairs.sort();
        for (province, seat) in pairs {
            let (province, seat) = (province.get(), seat.get());
            if name_key(&places[province].name).full != name_key(&places[seat].name).full {
                continue;
            }
            let known: Vec<String> = std::iter::once(&places[seat].name)
                .chain(&places[seat].aliases)
                .map(|n| name_key(n).full)
                .collect();
            let extra: Vec<String> = places[province]
                .aliases
                .iter()
                .filter(|a| !known.contains(&name_key(a).full))
                .cloned()
                .collect();
            places[seat].aliases.extend(extra);
        }
    }

    /// Hand-curated places may share a name only where the resolver's rules decide between
    /// them; official units (and a curated place and an official unit) may share names, which
    /// the resolver then reports as ambiguous with its candidates.
    pub(super) fn check_collisions(&self, diagnostics: &mut Vec<Diagnostic>) {
        let shadowed = self.index.shadowed_clashes.iter().map(|(k, e)| (k, e));
        let mut clashes: Vec<(&String, &Entries)> = self
            .index
            .primary
            .iter()
            .chain(&self.index.secondary)
            .chain(shadowed)
            .filter(|(_, entries)| {
                entries
                    .iter()
                    .filter(|(p, _)| !self.place(*p).is_official_unit())
                    .count()
                    > 1
            })
            .collect();
        clashes.sort();
        for (key, entries) in clashes {
            let curated: Vec<PlaceIdx> = entries
                .iter()
                .map(|(p, _)| *p)
                .filter(|p| !self.place(*p).is_official_unit())
                .collect();
            // Decided by any rule but size: two curated places are never told apart by which
            // is the larger.
            match self.decide(curated.clone(), None, None) {
                Ok((_, rule)) if rule != Some(super::Rule::LargerUnit) => continue,
                _ => {}
            }
            let Some(last) = curated.iter().max_by_key(|p| &self.place(**p).origin) else {
                continue;
            };
            let place = self.place(*last);
            let names: Vec<String> = curated.iter().map(|p| self.describe(*p)).collect();
            diagnostics.push(
                Diagnostic::line(
                    &place.origin.0,
                    place.origin.1,
                    Code::AmbiguousName,
                    format!(
                        "the name `{key}` (normalised) belongs to {}",
                        names.join(" and ")
                    ),
                )
                .with_hint("remove the alias from one of them, or give it a more specific name"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    /// Keys that differ only in their middle bytes land in as many buckets as random hashes
    /// would: hashbrown picks a bucket by the low bits, so 100,000 keys into 2^17 buckets
    /// should fill about 70 % of them. Without the final mixing they filled under 1 %, and
    /// indexing a 100,000-zone override took quadratic time (issue 13, item 7).
    #[test]
    fn similar_keys_spread_over_the_buckets() {
        let hasher = BuildHasherDefault::<FxHasher>::default();
        for pattern in ["zone number {}", "{} zone", "kh-zone-{}-site"] {
            let buckets: std::collections::BTreeSet<u64> = (0..100_000)
                .map(|i| hasher.hash_one(pattern.replace("{}", &i.to_string())) & 0x1_ffff)
                .collect();
            assert!(
                buckets.len() > 60_000,
                "{pattern}: {} buckets",
                buckets.len()
            );
        }
    }
}
