//! What sort of place a row is, and how good its point is.

/// What sort of place a row is. The order is from the largest to the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A country (ISO 3166-1).
    Country,
    /// A province-level unit (ISO 3166-2:KH), Phnom Penh included.
    Province,
    /// A first-level division of another country (a Thai changwat, a Lao khoueng, a
    /// Vietnamese tinh), for routes that cross the border.
    Region,
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
    /// A village (phum).
    Village,
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
    pub const ALL: [PlaceKind; 14] = [
        PlaceKind::Country,
        PlaceKind::Province,
        PlaceKind::Region,
        PlaceKind::Capital,
        PlaceKind::City,
        PlaceKind::Town,
        PlaceKind::District,
        PlaceKind::Commune,
        PlaceKind::Village,
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
            PlaceKind::Region => "region",
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
            PlaceKind::Town => "town",
            PlaceKind::District => "district",
            PlaceKind::Commune => "commune",
            PlaceKind::Village => "village",
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
    /// 1 site, zone or village, 2 town, commune or district, 3 province or region, 4 country.
    pub(super) fn level(self) -> u8 {
        match self {
            PlaceKind::Country => 4,
            PlaceKind::Province | PlaceKind::Region => 3,
            PlaceKind::Capital
            | PlaceKind::City
            | PlaceKind::Town
            | PlaceKind::District
            | PlaceKind::Commune => 2,
            PlaceKind::Village
            | PlaceKind::Sez
            | PlaceKind::BorderCrossing
            | PlaceKind::Compound
            | PlaceKind::RelocationSite
            | PlaceKind::Site => 1,
        }
    }

    /// How large a unit a bare name most likely means, for the resolver's last rule: a
    /// province first, then a district-level unit or town, then anything smaller. A country
    /// never wins that way: its aliases (`KOR`, `THA`) are codes, not a reading of a place
    /// name that a commune shares.
    pub(super) fn rank(self) -> u8 {
        match self {
            PlaceKind::Country => 0,
            PlaceKind::Province | PlaceKind::Region => 3,
            PlaceKind::Capital | PlaceKind::City | PlaceKind::Town | PlaceKind::District => 2,
            _ => 1,
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

    pub(super) fn level(self) -> u8 {
        match self {
            PointPrecision::Exact | PointPrecision::Approximate => 1,
            PointPrecision::Town | PointPrecision::District => 2,
            PointPrecision::Province => 3,
            PointPrecision::Country => 4,
        }
    }
}
