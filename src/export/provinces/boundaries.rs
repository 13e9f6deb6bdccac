//! A user's boundary file (e.g. OCHA COD-AB admin 1) joined to the provinces, for the
//! choropleth form of `provinces.geojson`.

use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use std::collections::BTreeMap;
use std::path::Path;

/// Province outlines joined to the provinces: the shipped ones (`crate::boundaries`) or a
/// user's boundary file.
#[derive(Debug, Clone)]
pub struct Boundaries {
    /// Each matched province with its geometry (Polygons made MultiPolygons, so that the file
    /// has one geometry type).
    pub matched: BTreeMap<PlaceIdx, geojson::Geometry>,
    /// What could not be joined, one line each, for the user.
    pub warnings: Vec<String>,
    /// The `attribution` and `license` every file carrying the outlines must carry too (the
    /// shipped outlines' ODbL terms); none for a user's file, whose terms are the user's.
    pub terms: Option<Terms>,
}

/// A data licence's terms, as top-level members of a GeoJSON file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    /// Who made the data, as its licence asks to credit them.
    pub attribution: &'static str,
    /// The licence.
    pub license: &'static str,
}

impl Terms {
    /// The members, in the order they are written.
    pub fn members(&self) -> [(&'static str, &'static str); 2] {
        [("attribution", self.attribution), ("license", self.license)]
    }
}

impl Boundaries {
    /// The shipped province outlines, under the ODbL (see `crate::boundaries`). Every province
    /// has one (a test in `crate::boundaries` checks it); one the gazetteer does not have, if
    /// a user's gazetteer folder ever removed one, is left out.
    pub fn builtin(gazetteer: &Gazetteer) -> Boundaries {
        let matched = crate::boundaries::provinces()
            .iter()
            .filter_map(|outline| {
                let idx = gazetteer.by_id(outline.id.as_deref()?)?;
                let polygons = outline
                    .polygons
                    .iter()
                    .map(|polygon| {
                        polygon
                            .iter()
                            .map(|ring| ring.iter().map(|p| geojson::Position::from(*p)).collect())
                            .collect()
                    })
                    .collect();
                let geometry = geojson::Geometry::new(geojson::GeometryValue::MultiPolygon {
                    coordinates: polygons,
                });
                Some((idx, geometry))
            })
            .collect();
        Boundaries {
            matched,
            warnings: Vec::new(),
            terms: Some(Terms {
                attribution: crate::boundaries::ATTRIBUTION,
                license: crate::boundaries::LICENSE,
            }),
        }
    }
}

/// Why a boundary file could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum BoundaryError {
    /// The file could not be read.
    #[error("cannot read {file}")]
    Read {
        /// The file as the user named it.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// It is not GeoJSON.
    #[error("{file}: not GeoJSON: {error}")]
    NotGeoJson {
        /// The file.
        file: String,
        /// What the GeoJSON parser said.
        error: geojson::Error,
    },
    /// It is GeoJSON, but not a FeatureCollection.
    #[error("{file}: not a FeatureCollection: {error}")]
    NotCollection {
        /// The file.
        file: String,
        /// What the GeoJSON parser said.
        error: geojson::Error,
    },
}

/// Reads a boundary GeoJSON file and matches each feature's `key` property to a province (see
/// [`match_boundaries`]).
pub fn read_boundaries(
    path: &Path,
    key: &str,
    gazetteer: &Gazetteer,
) -> Result<Boundaries, BoundaryError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| BoundaryError::Read {
        file: file.clone(),
        source,
    })?;
    match_boundaries(&text, &file, key, gazetteer)
}

/// Matches each feature's `key` property to a province by ISO 3166-2 code, P-code, id, or any
/// name the resolver knows. What does not join is a warning.
pub fn match_boundaries(
    text: &str,
    file: &str,
    key: &str,
    gazetteer: &Gazetteer,
) -> Result<Boundaries, BoundaryError> {
    let collection: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .map_err(|error| BoundaryError::NotGeoJson {
            file: file.to_owned(),
            error,
        })?
        .try_into()
        .map_err(|error| BoundaryError::NotCollection {
            file: file.to_owned(),
            error,
        })?;
    let mut matched = BTreeMap::new();
    let mut warnings = Vec::new();
    for (n, feature) in collection.features.iter().enumerate() {
        match join(feature, key, gazetteer) {
            Ok((province, geometry)) => {
                if matched.insert(province, geometry).is_some() {
                    warnings.push(format!(
                        "{file}: two features match {}; the later one is used",
                        gazetteer.place(province).id
                    ));
                }
            }
            Err(why) => warnings.push(format!("{file}: feature {}{why}", n + 1)),
        }
    }
    for (idx, p) in gazetteer.provinces() {
        if !matched.contains_key(&idx) {
            warnings.push(format!(
                "{file}: no boundary for {} ({})",
                p.name, p.iso_3166_2
            ));
        }
    }
    Ok(Boundaries {
        matched,
        warnings,
        terms: None,
    })
}

/// A feature's province and its geometry as a MultiPolygon (so that the layer has one geometry
/// type), or why it does not join (completing "feature N").
fn join(
    feature: &geojson::Feature,
    key: &str,
    gazetteer: &Gazetteer,
) -> Result<(PlaceIdx, geojson::Geometry), String> {
    let value = match feature.property(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => return Err(format!(" has no `{key}` property")),
    };
    let province = province_named(&value, gazetteer)
        .ok_or_else(|| format!(" (`{key}` = {value}) matches no province"))?;
    let Some(geometry) = &feature.geometry else {
        return Err(format!(" (`{key}` = {value}) has no geometry"));
    };
    let geometry = match &geometry.value {
        geojson::GeometryValue::Polygon { coordinates } => {
            geojson::Geometry::new(geojson::GeometryValue::MultiPolygon {
                coordinates: vec![coordinates.clone()],
            })
        }
        geojson::GeometryValue::MultiPolygon { .. } => geometry.clone(),
        _ => return Err(format!(" (`{key}` = {value}) is not a polygon")),
    };
    Ok((province, geometry))
}

/// The province a boundary's key names: by ISO 3166-2 code, P-code or id, else by any name
/// the resolver knows (a seat town's name stands for its province here).
fn province_named(value: &str, gazetteer: &Gazetteer) -> Option<PlaceIdx> {
    gazetteer
        .provinces()
        .find(|(_, p)| p.iso_3166_2 == value || p.pcode == value || p.id == value)
        .map(|(idx, _)| idx)
        .or_else(|| {
            let m = gazetteer.resolve(value).ok()?;
            let place = gazetteer.place(m.place);
            match place.kind {
                PlaceKind::Province => Some(m.place),
                PlaceKind::Country => None,
                _ => place.province,
            }
        })
}
