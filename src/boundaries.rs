//! The outlines shipped in the binary: Cambodia's 25 province-level units and the countries
//! around it (see `gazetteer/boundaries/README.md` for sources, simplification and checks).
//!
//! They make the offline map readable (the QGIS project, the story page) and turn
//! `provinces.geojson` into polygons without a `--boundaries` file. The province outlines come
//! from OpenStreetMap via geoBoundaries under the Open Database License: every output that
//! carries them must carry [`ATTRIBUTION`] and [`LICENSE`] too, which the constants here are for.

use std::sync::LazyLock;

/// The province outlines: one MultiPolygon feature per province, `id` the gazetteer's.
pub const PROVINCES: &str = include_str!("../gazetteer/boundaries/provinces.geojson");

/// The country outlines around Cambodia (92-110 E, 5-24 N), Cambodia first, `iso_a2` and the
/// gazetteer's `id` where it has the country.
pub const COUNTRIES: &str = include_str!("../gazetteer/boundaries/countries.geojson");

/// What the province outlines are called in messages.
pub const PROVINCES_FILE: &str = "<built-in>/gazetteer/boundaries/provinces.geojson";

/// The credit line for a map's footer or a print layout.
pub const CREDIT: &str =
    "Boundaries © OpenStreetMap contributors (ODbL), via geoBoundaries; countries: Natural Earth.";

/// The full attribution, for documents and data files.
pub const ATTRIBUTION: &str = "Province boundaries: geoBoundaries, gbOpen KHM ADM1 (Runfola, D. et al. 2020, geoBoundaries: A global database of political administrative boundaries, PLoS ONE 15(4): e0231866, https://doi.org/10.1371/journal.pone.0231866), from OpenStreetMap data, © OpenStreetMap contributors (https://www.openstreetmap.org/copyright), available under the Open Database License 1.0. Country outlines: Natural Earth (naturalearthdata.com), public domain.";

/// The notice a picture or printed map made from them carries.
pub const NOTICE: &str = "Contains information from geoBoundaries and OpenStreetMap, which is made available here under the Open Database License (ODbL).";

/// The licence of the outlines and of any file that carries them.
pub const LICENSE: &str =
    "Open Database License (ODbL) 1.0, https://opendatacommons.org/licenses/odbl/1-0/";

/// One outline: an id and its MultiPolygon coordinates (`[polygon][ring][point] = [lon, lat]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// The gazetteer's id (a province's, or a country's where the gazetteer has it).
    pub id: Option<String>,
    /// ISO 3166-2 for a province, ISO 3166-1 alpha-2 for a country.
    pub code: String,
    /// The name in the source.
    pub name: String,
    /// MultiPolygon coordinates.
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

/// The province outlines, parsed once.
pub fn provinces() -> &'static [Outline] {
    static PARSED: LazyLock<Vec<Outline>> = LazyLock::new(|| parse(PROVINCES, "iso_3166_2"));
    &PARSED
}

/// The country outlines, parsed once.
pub fn countries() -> &'static [Outline] {
    static PARSED: LazyLock<Vec<Outline>> = LazyLock::new(|| parse(COUNTRIES, "iso_a2"));
    &PARSED
}

/// Parses an embedded collection. The files are the project's own and checked by the tests
/// below, so a feature that does not fit (none does) is left out rather than reported.
fn parse(text: &str, code: &str) -> Vec<Outline> {
    let Ok(geojson::GeoJson::FeatureCollection(collection)) = text.parse() else {
        return Vec::new();
    };
    collection
        .features
        .iter()
        .filter_map(|feature| {
            let property = |name: &str| {
                feature
                    .property(name)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            let geometry = feature.geometry.as_ref()?;
            let geojson::GeometryValue::MultiPolygon {
                coordinates: polygons,
            } = &geometry.value
            else {
                return None;
            };
            Some(Outline {
                id: property("id"),
                code: property(code)?,
                name: property("name")?,
                polygons: polygons
                    .iter()
                    .map(|polygon| {
                        polygon
                            .iter()
                            .map(|ring| ring.iter().map(|p| [p[0], p[1]]).collect())
                            .collect()
                    })
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    #[test]
    fn every_province_has_one_outline_and_every_outline_a_province() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let mut ids: Vec<&str> = provinces().iter().filter_map(|o| o.id.as_deref()).collect();
        ids.sort_unstable();
        let mut expected: Vec<&str> = gazetteer.provinces().map(|(_, p)| p.id.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(ids, expected);
        for outline in provinces() {
            let idx = gazetteer
                .by_id(outline.id.as_deref().unwrap_or(""))
                .expect("known");
            assert_eq!(gazetteer.place(idx).iso_3166_2, outline.code);
            assert!(outline.polygons.iter().all(|p| p[0].len() >= 4));
        }
    }

    #[test]
    fn the_countries_start_with_cambodia_and_cover_its_neighbours() {
        let codes: Vec<&str> = countries().iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes.first(), Some(&"KH"));
        for neighbour in ["TH", "LA", "VN", "MM"] {
            assert!(codes.contains(&neighbour), "{neighbour} in {codes:?}");
        }
    }

    #[test]
    fn the_files_carry_their_licence() {
        for text in [PROVINCES, COUNTRIES] {
            assert!(text.contains("\"license\":\"Open Database License (ODbL) 1.0"));
            assert!(text.contains("OpenStreetMap contributors"));
        }
    }
}
