//! `provinces.geojson`: one MultiPolygon feature per province with aggregates over the
//! exported events: the shipped outlines (`crate::boundaries`, under the ODbL, whose
//! `attribution` and `license` the file carries), or with `--boundaries` the user's polygons.
//! Every province is there, those without events with zeros and nulls. The aggregates are the
//! summary's ([`aggregate`]): the QGIS project classes its symbols by them.

mod aggregate;
mod boundaries;
mod ids;

pub use aggregate::{provinces_of, Aggregate, Aggregates, Aggregator};
pub use boundaries::{match_boundaries, read_boundaries, Boundaries, BoundaryError, Terms};
pub use ids::{IdList, ProvinceIds};

use super::geojson::FeatureWriter;
use super::redact::Publish;
use super::tally::shown;
use super::{About, Context, Output, Sink};
use crate::events::{count_columns, Event, EventType};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

/// The provinces layer.
pub struct Provinces;

impl Output for Provinces {
    fn about(&self) -> &'static About {
        &About {
            name: "provinces",
            file: "provinces.geojson",
            items: super::geojson::FEATURES,
            doc: "a MultiPolygon per province (the shipped outlines, or --boundaries) with aggregates",
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

/// The outlines an export draws provinces with: the plan's (a user's `--boundaries`, or the
/// shipped ones the export command puts there), else the shipped ones.
pub fn outlines<'a>(ctx: &Context<'a>) -> Cow<'a, Boundaries> {
    match ctx.plan.boundaries {
        Some(b) => Cow::Borrowed(b),
        None => Cow::Owned(Boundaries::builtin(ctx.gazetteer)),
    }
}

/// Writes the layer when finished, from the summary's aggregates and the event ids gathered
/// as the events went to the outputs.
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
        let boundaries = outlines(&self.ctx);
        // Set before any output is finished, by whatever fed the outputs the events.
        let ids = self.ctx.summary()?.province_ids.get().ok_or_else(|| {
            io::Error::other("the provinces' event ids were not gathered as the events went by")
        })?;
        write_polygons(
            self.out,
            self.aggregates,
            ids,
            self.ctx.gazetteer,
            &boundaries,
            &self.ctx.plan.publish,
        )
    }
}

/// A province's properties: its codes and names, then its aggregate, each key always present
/// (zeros and nulls included) so that GDAL types every column the same way.
struct ProvinceProperties<'a> {
    gazetteer: &'a Gazetteer,
    publish: &'a Publish,
    idx: PlaceIdx,
    agg: &'a Aggregate,
    /// Its event ids.
    ids: &'a IdList,
}

impl Serialize for ProvinceProperties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let p = self.gazetteer.place(self.idx);
        let agg = self.agg;
        let hide = agg.tally.suppressed(self.publish);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &p.id)?;
        map.serialize_entry("name", &p.name)?;
        map.serialize_entry("name_km", &p.name_km)?;
        map.serialize_entry("iso_3166_2", &p.iso_3166_2)?;
        map.serialize_entry("pcode", &p.pcode)?;
        map.serialize_entry("seat", &p.seat)?;
        map.serialize_entry("events", &shown(hide, agg.tally.events))?;
        for kind in EventType::ALL {
            let key = format!("n_{}", kind.as_str());
            let n = agg.by_type.get(&kind).copied().unwrap_or(0);
            map.serialize_entry(&key, &shown(hide, n))?;
        }
        for (col, sum) in count_columns().zip(agg.sums) {
            map.serialize_entry(col.name(), &shown(hide, sum))?;
        }
        map.serialize_entry("people_involved", &shown(hide, agg.tally.people))?;
        map.serialize_entry("people_unknown", &shown(hide, agg.tally.people_unknown))?;
        map.serialize_entry("people_alleged", &shown(hide, agg.tally.people_alleged))?;
        map.serialize_entry("suppressed", &hide)?;
        let first = agg.tally.first_event().filter(|_| !hide);
        map.serialize_entry("first_event", &first)?;
        map.serialize_entry("last_event", &agg.tally.last_event().filter(|_| !hide))?;
        map.serialize_entry("first_start", &agg.first_start.filter(|_| !hide))?;
        map.serialize_entry("last_end", &agg.last_end.filter(|_| !hide))?;
        map.serialize_entry("movements_out", &agg.movements_out)?;
        map.serialize_entry("movements_in", &agg.movements_in)?;
        let ids = shown(hide, self.ids);
        map.serialize_entry("event_ids", &ids)?;
        map.end()
    }
}

/// Writes the polygon layer: each province with an outline, in the gazetteer's order.
fn write_polygons(
    out: &mut dyn Write,
    aggregates: &Aggregates,
    ids: &ProvinceIds,
    gazetteer: &Gazetteer,
    boundaries: &Boundaries,
    publish: &Publish,
) -> io::Result<usize> {
    let members = boundaries.terms.map(|t| t.members());
    let mut writer =
        FeatureWriter::start_with(out, "provinces", members.as_ref().map_or(&[], |m| &m[..]))?;
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
                publish,
                idx: *idx,
                agg,
                ids: ids.of(*idx),
            },
        )?;
    }
    writer.finish()
}
