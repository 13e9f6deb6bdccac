//! The gazetteer: Cambodia's 25 province-level units, the zones below them that the reporting
//! names (towns, districts, communes, economic zones, crossings, compounds), and the countries
//! that events name as origins and destinations.
//!
//! The data is plain CSV in `gazetteer/`, embedded in the binary; a folder given with
//! `--gazetteer` adds rows or replaces rows with the same `id`. Loading validates every row and
//! builds the name index that [`Gazetteer::resolve`] looks names up in.

mod load;
pub mod normalize;
mod resolve;

pub use load::LoadError;
pub use resolve::{Match, ResolveError, Rule, Via};

use std::collections::HashMap;

/// An index into the gazetteer's places: cheap to copy and to store per event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceIdx(u32);

impl PlaceIdx {
    fn get(self) -> usize {
        self.0 as usize
    }
}

/// What sort of place a row is. The order is from the largest to the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A country (ISO 3166-1).
    Country,
    /// A province-level unit (ISO 3166-2:KH), Phnom Penh included.
    Province,
    /// The capital city.
    Capital,
    /// A city (krong).
    City,
    /// A town.
    Town,
    /// A district (srok, khan).
    District,
    /// A commune (khum, sangkat).
    Commune,
    /// A special economic zone.
    Sez,
    /// A border crossing or checkpoint.
    BorderCrossing,
    /// A scam or casino compound.
    Compound,
    /// A site people were moved to.
    RelocationSite,
    /// Any other named site.
    Site,
}

impl PlaceKind {
    /// Every kind, in order.
    pub const ALL: [PlaceKind; 12] = [
        PlaceKind::Country,
        PlaceKind::Province,
        PlaceKind::Capital,
        PlaceKind::City,
        PlaceKind::Town,
        PlaceKind::District,
        PlaceKind::Commune,
        PlaceKind::Sez,
        PlaceKind::BorderCrossing,
        PlaceKind::Compound,
        PlaceKind::RelocationSite,
        PlaceKind::Site,
    ];

    /// The name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Province => "province",
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
            PlaceKind::Town => "town",
            PlaceKind::District => "district",
            PlaceKind::Commune => "commune",
            PlaceKind::Sez => "sez",
            PlaceKind::BorderCrossing => "border_crossing",
            PlaceKind::Compound => "compound",
            PlaceKind::RelocationSite => "relocation_site",
            PlaceKind::Site => "site",
        }
    }

    /// Parses the name used in files.
    pub fn parse(text: &str) -> Option<PlaceKind> {
        PlaceKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The ACLED/GDELT-style level this kind of place stands for:
    /// 1 site or zone, 2 town, commune or district, 3 province, 4 country.
    fn level(self) -> u8 {
        match self {
            PlaceKind::Country => 4,
            PlaceKind::Province => 3,
            PlaceKind::Capital
            | PlaceKind::City
            | PlaceKind::Town
            | PlaceKind::District
            | PlaceKind::Commune => 2,
            PlaceKind::Sez
            | PlaceKind::BorderCrossing
            | PlaceKind::Compound
            | PlaceKind::RelocationSite
            | PlaceKind::Site => 1,
        }
    }
}

/// How good a place's point is: a guessed point is never presented as exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PointPrecision {
    /// The point is the place itself.
    Exact,
    /// Near the place, within a few kilometres.
    Approximate,
    /// The point of the town the place is in.
    Town,
    /// The point of the district (its seat) the place is in.
    District,
    /// The point of the province (its seat) the place is in.
    Province,
    /// A representative point of a country.
    Country,
}

impl PointPrecision {
    /// The values a zone row may use.
    pub const ZONE_VALUES: [PointPrecision; 5] = [
        PointPrecision::Exact,
        PointPrecision::Approximate,
        PointPrecision::Town,
        PointPrecision::District,
        PointPrecision::Province,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            PointPrecision::Exact => "exact",
            PointPrecision::Approximate => "approximate",
            PointPrecision::Town => "town",
            PointPrecision::District => "district",
            PointPrecision::Province => "province",
            PointPrecision::Country => "country",
        }
    }

    /// Parses a zone row's `precision`.
    pub fn parse(text: &str) -> Option<PointPrecision> {
        PointPrecision::ZONE_VALUES
            .into_iter()
            .find(|p| p.as_str() == text)
    }

    fn level(self) -> u8 {
        match self {
            PointPrecision::Exact | PointPrecision::Approximate => 1,
            PointPrecision::Town | PointPrecision::District => 2,
            PointPrecision::Province => 3,
            PointPrecision::Country => 4,
        }
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
    /// Other spellings and former names.
    pub aliases: Vec<String>,
    /// The province-level unit it lies in (itself, for a province); `None` for a country.
    pub province: Option<PlaceIdx>,
    /// ISO 3166-1 alpha-2 of the country it lies in.
    pub country: String,
    /// ISO 3166-2 code (provinces only).
    pub iso_3166_2: String,
    /// OCHA P-code (provinces only).
    pub pcode: String,
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
    /// Geo precision: 1 site or zone, 2 town, commune or district, 3 province, 4 country.
    /// A zone whose point is only its town's counts as the town.
    pub fn geo_precision(&self) -> u8 {
        self.kind.level().max(self.precision.level())
    }
}

/// A loaded, validated gazetteer with its name index.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_id: HashMap<String, PlaceIdx>,
    /// Full name keys of every id, name, Khmer name and alias.
    primary: HashMap<String, Vec<(PlaceIdx, Via)>>,
    /// Keys with generic words removed, for names that had some.
    secondary: HashMap<String, Vec<(PlaceIdx, Via)>>,
    /// For each province, its seat town's zone, where the gazetteer has one.
    seat_zone: HashMap<PlaceIdx, PlaceIdx>,
}

impl Gazetteer {
    /// The place at an index.
    pub fn place(&self, idx: PlaceIdx) -> &Place {
        &self.places[idx.get()]
    }

    /// Every place with its index, provinces first (by ISO number), then zones, then countries.
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

    /// The province a place lies in.
    pub fn province_of(&self, idx: PlaceIdx) -> Option<&Place> {
        self.place(idx).province.map(|p| self.place(p))
    }

    /// A one-line description for messages: `Sihanoukville (sihanoukville, city in Preah Sihanouk)`.
    pub fn describe(&self, idx: PlaceIdx) -> String {
        let place = self.place(idx);
        match self.province_of(idx) {
            Some(province) if place.kind != PlaceKind::Province => format!(
                "{} ({}, {} in {})",
                place.name,
                place.id,
                place.kind.as_str(),
                province.name
            ),
            _ => format!("{} ({}, {})", place.name, place.id, place.kind.as_str()),
        }
    }
}
