//! `provinces.geojson`: one feature per province with aggregates over the exported events,
//! at the province's seat or, with `--boundaries`, as the user's polygons (a choropleth).

use super::geojson::{place_point, FeatureWriter};
use crate::events::{count_columns, Event, EventType};
use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use crate::schema::COUNT_SLOTS;
use chrono::NaiveDate;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// What the exported events add up to in one province.
#[derive(Debug, Default, Clone)]
pub struct Aggregate {
    /// Events placed in the province.
    pub events: u64,
    /// Of which, per type.
    pub by_type: BTreeMap<EventType, u64>,
    /// Sums of the known counts, in the order of the schema's count columns.
    pub sums: [u64; COUNT_SLOTS],
    /// The earliest start.
    pub first_start: Option<NaiveDate>,
    /// The latest end.
    pub last_end: Option<NaiveDate>,
    /// Movements whose origin is in the province.
    pub movements_out: u64,
    /// Movements whose destination is in the province.
    pub movements_in: u64,
    /// Ids of the events placed in the province or moving from or to it.
    pub event_ids: Vec<String>,
}

/// Every province's aggregate, keyed by the province's index.
pub type Aggregates = BTreeMap<PlaceIdx, Aggregate>;

/// Adds up the events per province (keyed by the province's index).
pub fn aggregate(events: &[Event], gazetteer: &Gazetteer) -> Aggregates {
    let mut out: Aggregates = gazetteer
        .provinces()
        .map(|(idx, _)| (idx, Aggregate::default()))
        .collect();
    let province = |p: PlaceIdx| gazetteer.place(p).province;
    for event in events {
        let mut touched = Vec::new();
        let home = event.place.and_then(province);
        touched.extend(home);
        if let Some(agg) = home.and_then(|p| out.get_mut(&p)) {
            agg.events += 1;
            *agg.by_type.entry(event.kind).or_default() += 1;
            for (sum, value) in agg.sums.iter_mut().zip(event.counts.values()) {
                *sum += value.unwrap_or(0);
            }
            if let Some(start) = event.date.start_day() {
                agg.first_start = Some(agg.first_start.map_or(start, |f| f.min(start)));
            }
            if let Some(end) = event.date.end_day() {
                agg.last_end = Some(agg.last_end.map_or(end, |l| l.max(end)));
            }
        }
        if let Some((origin, destination)) = event.movement() {
            if let Some(p) = province(origin) {
                touched.push(p);
                if let Some(agg) = out.get_mut(&p) {
                    agg.movements_out += 1;
                }
            }
            if let Some(p) = province(destination) {
                touched.push(p);
                if let Some(agg) = out.get_mut(&p) {
                    agg.movements_in += 1;
                }
            }
        }
        touched.sort();
        touched.dedup();
        for p in touched {
            if let Some(agg) = out.get_mut(&p) {
                agg.event_ids.push(event.id().to_owned());
            }
        }
    }
    out
}

/// A province's properties: its codes and names, then its aggregate, each key always present
/// (zeros and nulls included) so that GDAL types every column the same way.
struct ProvinceProperties<'a> {
    gazetteer: &'a Gazetteer,
    idx: PlaceIdx,
    agg: &'a Aggregate,
}

impl Serialize for ProvinceProperties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.gazetteer.place(self.idx);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &p.id)?;
        map.serialize_entry("name", &p.name)?;
        map.serialize_entry("name_km", &p.name_km)?;
        map.serialize_entry("iso_3166_2", &p.iso_3166_2)?;
        map.serialize_entry("pcode", &p.pcode)?;
        map.serialize_entry("seat", &p.seat)?;
        map.serialize_entry("events", &self.agg.events)?;
        for kind in EventType::ALL {
            let key = format!("n_{}", kind.as_str());
            map.serialize_entry(&key, &self.agg.by_type.get(&kind).copied().unwrap_or(0))?;
        }
        for (col, sum) in count_columns().zip(self.agg.sums) {
            map.serialize_entry(col.name(), &sum)?;
        }
        map.serialize_entry("first_start", &self.agg.first_start)?;
        map.serialize_entry("last_end", &self.agg.last_end)?;
        map.serialize_entry("movements_out", &self.agg.movements_out)?;
        map.serialize_entry("movements_in", &self.agg.movements_in)?;
        map.serialize_entry("event_ids", &self.agg.event_ids.join(";"))?;
        map.end()
    }
}

/// Writes the seat-point layer.
pub fn write_points(
    out: &mut dyn Write,
    aggregates: &Aggregates,
    gazetteer: &Gazetteer,
) -> io::Result<usize> {
    let mut writer = FeatureWriter::start(out, "provinces")?;
    for (idx, agg) in aggregates {
        let place = gazetteer.place(*idx);
        writer.point(
            &place.id,
            place_point(place),
            &ProvinceProperties {
                gazetteer,
                idx: *idx,
                agg,
            },
        )?;
    }
    writer.finish()
}

/// A user's boundary file joined to the provinces.
pub struct Boundaries {
    /// Each matched province with its geometry (Polygons made MultiPolygons, so that the file
    /// has one geometry type).
    pub matched: BTreeMap<PlaceIdx, geojson::Geometry>,
    /// What could not be joined, one line each, for the user.
    pub warnings: Vec<String>,
}

/// Reads a boundary GeoJSON and matches each feature's `key` property to a province by ISO
/// 3166-2 code, P-code, id, or any name the resolver knows.
pub fn read_boundaries(
    text: &str,
    file: &str,
    key: &str,
    gazetteer: &Gazetteer,
) -> Result<Boundaries, String> {
    let collection: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .map_err(|e| format!("{file}: not GeoJSON: {e}"))?
        .try_into()
        .map_err(|e| format!("{file}: not a FeatureCollection: {e}"))?;
    let mut matched = BTreeMap::new();
    let mut warnings = Vec::new();
    for (n, feature) in collection.features.iter().enumerate() {
        let value = feature.property(key).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let Some(value) = value else {
            warnings.push(format!("{file}: feature {} has no `{key}` property", n + 1));
            continue;
        };
        let province = gazetteer
            .provinces()
            .find(|(_, p)| p.iso_3166_2 == value || p.pcode == value || p.id == value)
            .map(|(idx, _)| idx)
            .or_else(|| {
                let m = gazetteer.resolve(&value).ok()?;
                let place = gazetteer.place(m.place);
                // A seat town's name stands for its province here: the boundary is the province's.
                match place.kind {
                    PlaceKind::Province => Some(m.place),
                    PlaceKind::Country => None,
                    _ => place.province,
                }
            });
        let Some(province) = province else {
            warnings.push(format!(
                "{file}: feature {} (`{key}` = {value}) matches no province",
                n + 1
            ));
            continue;
        };
        let Some(geometry) = &feature.geometry else {
            warnings.push(format!(
                "{file}: feature {} (`{key}` = {value}) has no geometry",
                n + 1
            ));
            continue;
        };
        let geometry = match &geometry.value {
            geojson::GeometryValue::Polygon { coordinates } => {
                geojson::Geometry::new(geojson::GeometryValue::MultiPolygon {
                    coordinates: vec![coordinates.clone()],
                })
            }
            geojson::GeometryValue::MultiPolygon { .. } => geometry.clone(),
            _ => {
                warnings.push(format!(
                    "{file}: feature {} (`{key}` = {value}) is not a polygon",
                    n + 1
                ));
                continue;
            }
        };
        if matched.insert(province, geometry).is_some() {
            warnings.push(format!(
                "{file}: two features match {}; the later one is used",
                gazetteer.place(province).id
            ));
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
    Ok(Boundaries { matched, warnings })
}

/// Writes the polygon layer from a user's boundaries.
pub fn write_polygons(
    out: &mut dyn Write,
    aggregates: &Aggregates,
    gazetteer: &Gazetteer,
    boundaries: &Boundaries,
) -> io::Result<usize> {
    let mut writer = FeatureWriter::start(out, "provinces")?;
    for (idx, geometry) in &boundaries.matched {
        let Some(agg) = aggregates.get(idx) else {
            continue;
        };
        let id = &gazetteer.place(*idx).id;
        writer.geometry(
            id,
            geometry,
            &ProvinceProperties {
                gazetteer,
                idx: *idx,
                agg,
            },
        )?;
    }
    writer.finish()
}
