//! `provinces.geojson`: one feature per province with aggregates over the exported events,
//! at the province's seat or, with `--boundaries`, as the user's polygons (a choropleth). The
//! aggregates are the summary's ([`aggregate`]): the QGIS project classes its symbols by them.

mod aggregate;
mod boundaries;

pub use aggregate::{Aggregate, Aggregates, Aggregator};
pub use boundaries::{match_boundaries, read_boundaries, Boundaries, BoundaryError};

use super::geojson::{place_point, FeatureWriter};
use super::{About, Context, Output, Sink};
use crate::events::{count_columns, Event, EventType};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::io::{self, Write};

/// The provinces layer.
pub struct Provinces;

impl Output for Provinces {
    fn about(&self) -> &'static About {
        &About {
            name: "provinces",
            file: "provinces.geojson",
            items: super::geojson::FEATURES,
            doc: "a Point per province at its seat (or the --boundaries polygons) with aggregates",
            needs_summary: true,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Layer {
            out,
            ctx,
            aggregates: &ctx.summary()?.provinces,
        }))
    }
}

/// Writes the layer when finished, from the summary's aggregates.
struct Layer<'a> {
    out: &'a mut dyn Write,
    ctx: Context<'a>,
    aggregates: &'a Aggregates,
}

impl Sink for Layer<'_> {
    fn event(&mut self, _event: &Event) -> io::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        let gazetteer = self.ctx.gazetteer;
        match self.ctx.plan.boundaries {
            Some(b) => write_polygons(self.out, self.aggregates, gazetteer, b),
            None => write_points(self.out, self.aggregates, gazetteer),
        }
    }
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
fn write_points(
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

/// Writes the polygon layer from a user's boundaries.
fn write_polygons(
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
