//! The story page's map: the shipped province outlines (`crate::boundaries`) with the
//! gazetteer's names, and the countries, each outline as MultiPolygon coordinates.
//!
//! The countries are every shipped outline plus every country an event names, with no polygons
//! where none is shipped; Cambodia is listed for its name only, since its provinces draw it.

use crate::boundaries::{self, Outline};
use crate::countries;
use crate::gazetteer::{Gazetteer, PlaceKind};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The map block of the page's data.
#[derive(Debug, Serialize)]
pub struct MapData<'a> {
    /// The first view: Cambodia's outlines, `[west, south, east, north]`.
    bbox: [f64; 4],
    provinces: Vec<Province<'a>>,
    countries: Vec<Country<'a>>,
}

#[derive(Debug, Serialize)]
struct Province<'a> {
    id: &'a str,
    name: &'a str,
    name_km: Option<&'a str>,
    iso_3166_2: &'a str,
    polygons: &'a [Vec<Vec<[f64; 2]>>],
}

#[derive(Debug, Serialize)]
struct Country<'a> {
    iso_a2: &'a str,
    name: &'a str,
    polygons: &'a [Vec<Vec<[f64; 2]>>],
}

/// The country Cambodia's provinces draw.
const HOME: &str = "KH";

impl<'a> MapData<'a> {
    /// The outlines, and every country in `named` (ISO alpha-2 codes of the events' places).
    pub fn new(gazetteer: &'a Gazetteer, named: &'a BTreeSet<String>) -> Self {
        let provinces: Vec<Province> = boundaries::provinces()
            .iter()
            .filter_map(|outline| {
                let place = gazetteer.place(gazetteer.by_id(outline.id.as_deref()?)?);
                Some(Province {
                    id: &place.id,
                    name: &place.name,
                    name_km: Some(place.name_km.as_str()).filter(|n| !n.is_empty()),
                    iso_3166_2: &outline.code,
                    polygons: &outline.polygons,
                })
            })
            .collect();
        MapData {
            bbox: bbox(boundaries::provinces()),
            provinces,
            countries: countries(gazetteer, named),
        }
    }
}

/// The shipped country outlines and the named countries, by code.
fn countries<'a>(gazetteer: &'a Gazetteer, named: &'a BTreeSet<String>) -> Vec<Country<'a>> {
    let names: BTreeMap<&str, &str> = gazetteer
        .places()
        .filter(|(_, p)| p.kind == PlaceKind::Country)
        .map(|(_, p)| (p.country.as_str(), p.name.as_str()))
        .collect();
    let name_of = |code: &'a str, fallback: &'a str| -> &'a str {
        names
            .get(code)
            .copied()
            .or_else(|| countries::by_alpha2(code).map(countries::Country::label))
            .unwrap_or(fallback)
    };
    let mut out: BTreeMap<&str, Country> = BTreeMap::new();
    for outline in boundaries::countries() {
        let code = outline.code.as_str();
        let polygons: &[_] = if code == HOME { &[] } else { &outline.polygons };
        out.insert(
            code,
            Country {
                iso_a2: code,
                name: name_of(code, &outline.name),
                polygons,
            },
        );
    }
    for code in named {
        out.entry(code).or_insert_with(|| Country {
            iso_a2: code,
            name: name_of(code, code),
            polygons: &[],
        });
    }
    out.into_values().collect()
}

/// The box around the outlines, widened to the next tenth of a degree.
fn bbox(outlines: &[Outline]) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for [lon, lat] in outlines
        .iter()
        .flat_map(|o| o.polygons.iter().flatten().flatten())
    {
        b = [
            b[0].min(*lon),
            b[1].min(*lat),
            b[2].max(*lon),
            b[3].max(*lat),
        ];
    }
    if b[0] > b[2] {
        // No outline: Cambodia's box all the same.
        return [102.3, 10.4, 107.7, 14.7];
    }
    let down = |v: f64| (v * 10.0).floor() / 10.0;
    let up = |v: f64| (v * 10.0).ceil() / 10.0;
    [down(b[0]), down(b[1]), up(b[2]), up(b[3])]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_cambodia() {
        let b = bbox(boundaries::provinces());
        assert!(b[0] > 102.0 && b[0] < 102.5, "{b:?}");
        assert!(b[1] > 9.0 && b[1] < 10.5, "{b:?}");
        assert!(b[2] > 107.5 && b[2] < 108.0, "{b:?}");
        assert!(b[3] > 14.5 && b[3] < 15.0, "{b:?}");
    }

    #[test]
    fn every_named_country_is_listed_once_cambodia_without_its_outline() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let named: BTreeSet<String> = ["KH", "MY", "JP", "ZZ"].map(String::from).into();
        let list = countries(&gazetteer, &named);
        let codes: Vec<&str> = list.iter().map(|c| c.iso_a2).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for code in ["KH", "MY", "JP", "ZZ", "TH", "LA", "VN"] {
            assert!(codes.contains(&code), "{code}");
        }
        let by = |code: &str| list.iter().find(|c| c.iso_a2 == code).expect("listed");
        assert!(by("KH").polygons.is_empty());
        assert!(!by("TH").polygons.is_empty());
        assert_eq!(by("JP").name, "Japan");
        assert_eq!(by("ZZ").name, "ZZ");
    }
}
