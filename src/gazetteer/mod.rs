//! The gazetteer: Cambodia's 25 province-level units, the zones below them that the reporting
//! names (towns, districts, communes, economic zones, crossings, compounds), and the countries
//! that events name as origins and destinations.
//!
//! The data is plain CSV in `gazetteer/`, embedded in the binary; a folder given with
//! `--gazetteer` adds rows or replaces rows with the same `id`. Loading validates every row and
//! builds the name index that [`Gazetteer::resolve`] looks names up in.

mod admin;
mod build;
mod explain;
mod files;
mod index;
mod kinds;
mod load;
pub mod normalize;
mod resolve;

pub use kinds::{PlaceKind, PointPrecision};
pub use load::LoadError;
pub use resolve::{Match, ResolveError, Rule, Via};

use index::NameIndex;
use std::collections::HashMap;

/// An index into the gazetteer's places: cheap to copy and to store per event.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct PlaceIdx(u32);

impl PlaceIdx {
    fn get(self) -> usize {
        self.0 as usize
    }
}

/// One place in the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Stable slug, e.g. `preah-sihanouk`.
    pub id: String,
    /// What sort of place it is.
    pub kind: PlaceKind,
    /// Common English name.
    pub name: String,
    /// Name in Khmer script, where known.
    pub name_km: String,
    /// Other spellings and former names (for an official unit known by another name, its
    /// name in the national list is one of them).
    pub aliases: Vec<String>,
    /// The province-level unit it lies in (itself, for a province); `None` for a country and
    /// for a place abroad.
    pub province: Option<PlaceIdx>,
    /// The unit it lies directly in: the district of a commune, the commune of a village, the
    /// province of a district or of a zone (or the unit its `within` names), the country of a
    /// place abroad; `None` for provinces and countries.
    pub parent: Option<PlaceIdx>,
    /// ISO 3166-1 alpha-2 of the country it lies in.
    pub country: String,
    /// ISO 3166-2 code: a province's own; for a place abroad, its first-level division's.
    pub iso_3166_2: String,
    /// OCHA P-code (provinces only).
    pub pcode: String,
    /// The national (MEF/NCDD) code: two digits for a province, four for a district, six for
    /// a commune, eight for a village; empty for other places.
    pub code: String,
    /// The seat town's name (provinces only).
    pub seat: String,
    /// WGS84 latitude of the place's point.
    pub lat: f64,
    /// WGS84 longitude of the place's point.
    pub lon: f64,
    /// How good that point is.
    pub precision: PointPrecision,
    /// Where the facts come from.
    pub source: String,
    /// Anything a user of the point should know.
    pub note: String,
    /// The file and line the row came from, for error messages.
    pub origin: (String, u64),
}

impl Place {
    /// Geo precision: 1 site, zone or village, 2 town, commune or district, 3 province,
    /// 4 country. A zone whose point is only its town's counts as the town.
    pub fn geo_precision(&self) -> u8 {
        self.kind.level().max(self.precision.level())
    }

    /// Whether the place is a unit of the national administrative list (a district, commune
    /// or village with a national code), as opposed to a hand-curated place.
    pub fn is_official_unit(&self) -> bool {
        self.code.len() >= 4
    }

    /// Whether the place belongs on a map of places in Cambodia (`places.geojson`): the
    /// provinces, and every other place in Cambodia whose point stands for the place itself or
    /// at worst for its town or district. A place whose point is only its province's seat is
    /// left off, so that hundreds of communes never pile up on a seat town looking like
    /// places there; they stay in `tonle gazetteer list`, with `precision` `province`.
    pub fn on_places_map(&self) -> bool {
        self.country == "KH"
            && match self.kind {
                PlaceKind::Province => true,
                PlaceKind::Country => false,
                _ => self.geo_precision() <= 2,
            }
    }
}

/// A loaded, validated gazetteer with its name index.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Every id, the official units' generated ids included.
    by_id: HashMap<String, PlaceIdx>,
    /// National codes of provinces and official units.
    by_code: HashMap<String, PlaceIdx>,
    /// The name keys.
    index: NameIndex,
    /// For each province, its seat town's zone, where the gazetteer has one.
    seat_zone: HashMap<PlaceIdx, PlaceIdx>,
}

impl Gazetteer {
    /// The place at an index.
    pub fn place(&self, idx: PlaceIdx) -> &Place {
        &self.places[idx.get()]
    }

    /// Every place with its index: provinces (by ISO number), zones (by id), official units
    /// (by code), then countries (by id).
    pub fn places(&self) -> impl Iterator<Item = (PlaceIdx, &Place)> {
        self.places
            .iter()
            .enumerate()
            .map(|(i, p)| (PlaceIdx(u32::try_from(i).unwrap_or(u32::MAX)), p))
    }

    /// The province-level units, by ISO number.
    pub fn provinces(&self) -> impl Iterator<Item = (PlaceIdx, &Place)> {
        self.places().filter(|(_, p)| p.kind == PlaceKind::Province)
    }

    /// The place with this exact id.
    pub fn by_id(&self, id: &str) -> Option<PlaceIdx> {
        self.by_id.get(id).copied()
    }

    /// The province or official unit with this national code (`08`, `0812`, `081205`).
    pub fn by_code(&self, code: &str) -> Option<PlaceIdx> {
        self.by_code.get(code).copied()
    }

    /// The province a place lies in.
    pub fn province_of(&self, idx: PlaceIdx) -> Option<&Place> {
        self.place(idx).province.map(|p| self.place(p))
    }

    /// The district a place lies in (itself, for a district), if the gazetteer knows it.
    pub fn district_of(&self, idx: PlaceIdx) -> Option<&Place> {
        self.ancestors(idx)
            .map(|a| self.place(a))
            .find(|p| p.code.len() == 4)
    }

    /// The place itself, then the units it lies in, innermost first.
    pub fn ancestors(&self, idx: PlaceIdx) -> impl Iterator<Item = PlaceIdx> + '_ {
        // A parent is always another place, and the loader refuses cycles, so the walk ends;
        // the bound is a second guard.
        std::iter::successors(Some(idx), |p| self.place(*p).parent).take(8)
    }

    /// Whether `inner` lies in `outer` (or is it).
    pub fn lies_in(&self, inner: PlaceIdx, outer: PlaceIdx) -> bool {
        self.ancestors(inner).any(|a| a == outer) || self.place(inner).province == Some(outer)
    }

    /// A one-line description for messages: `Sihanoukville (sihanoukville, city in Preah
    /// Sihanouk)`, `Chrey Thum (chrey-thum-200406, commune in Romeas Haek, Svay Rieng)`.
    pub fn describe(&self, idx: PlaceIdx) -> String {
        let place = self.place(idx);
        let within: Vec<&str> = self
            .ancestors(idx)
            .skip(1)
            .map(|a| self.place(a))
            .filter(|a| a.kind != PlaceKind::Country || place.country != "KH")
            .map(|a| a.name.as_str())
            .collect();
        if within.is_empty() {
            format!("{} ({}, {})", place.name, place.id, place.kind.as_str())
        } else {
            format!(
                "{} ({}, {} in {})",
                place.name,
                place.id,
                place.kind.as_str(),
                within.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests;
