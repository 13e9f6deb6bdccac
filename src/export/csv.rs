//! `events.csv`: one row per event with every GeoJSON property, its point, and for movements
//! the `origin_lat/origin_lng` and `dest_lat/dest_lng` pairs that kepler.gl draws arcs from;
//! `start_time` carries a time part because kepler.gl's playback needs one.
//!
//! Text cells are formula-safe ([`text::formula_safe`]); numbers stay plain numbers.

use super::props::{EventProperties, MovementProperties};
use super::text::{coordinate, formula_safe};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use std::io::{self, Write};

const HEADER: &[&str] = &[
    "id",
    "title",
    "type",
    "date",
    "start",
    "open_start",
    "end",
    "start_time",
    "precision",
    "qualifier",
    "place_id",
    "place_name",
    "place_kind",
    "province_id",
    "province",
    "iso_3166_2",
    "pcode",
    "geo_precision",
    "lat",
    "lon",
    "origin_id",
    "origin_name",
    "origin_province",
    "origin_lat",
    "origin_lng",
    "destination_id",
    "destination_name",
    "destination_province",
    "dest_lat",
    "dest_lng",
    "arrested",
    "rescued",
    "deported",
    "victims",
    "people",
    "count_note",
    "nationalities",
    "actors",
    "source",
    "source_url",
    "source_date",
    "description",
    "tags",
];

/// Writes the flat CSV.
pub fn write(out: &mut dyn Write, events: &[Event], gazetteer: &Gazetteer) -> io::Result<usize> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    let mut row: Vec<String> = Vec::with_capacity(HEADER.len());
    for event in events {
        let p = EventProperties::new(event, gazetteer);
        let m = MovementProperties::new(event, gazetteer);
        let text = |s: Option<&str>| formula_safe(s.unwrap_or("")).into_owned();
        let int = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let point = event.point.or_else(|| {
            event
                .place
                .map(|pl| super::geojson::place_point(gazetteer.place(pl)))
        });
        let ends = event.movement().map(|(o, d)| {
            (
                super::geojson::place_point(gazetteer.place(o)),
                super::geojson::place_point(gazetteer.place(d)),
            )
        });
        row.clear();
        row.extend([
            text(Some(p.id)),
            text(Some(p.title)),
            p.kind.to_owned(),
            text(Some(p.date)),
            day(p.start),
            if p.open_start { "true" } else { "false" }.to_owned(),
            day(p.end),
            p.start.map(|d| format!("{d} 00:00")).unwrap_or_default(),
            p.precision.to_owned(),
            p.qualifier.unwrap_or("").to_owned(),
            text(p.place_id),
            text(p.place_name),
            p.place_kind.unwrap_or("").to_owned(),
            text(p.province_id),
            text(p.province),
            text(p.iso_3166_2),
            text(p.pcode),
            p.geo_precision.map(|g| g.to_string()).unwrap_or_default(),
            point.map(|pt| coordinate(pt.lat)).unwrap_or_default(),
            point.map(|pt| coordinate(pt.lon)).unwrap_or_default(),
            text(m.as_ref().map(|m| m.origin_id)),
            text(m.as_ref().map(|m| m.origin_name)),
            text(m.as_ref().map(|m| m.origin_province)),
            ends.map(|e| coordinate(e.0.lat)).unwrap_or_default(),
            ends.map(|e| coordinate(e.0.lon)).unwrap_or_default(),
            text(m.as_ref().map(|m| m.destination_id)),
            text(m.as_ref().map(|m| m.destination_name)),
            text(m.as_ref().map(|m| m.destination_province)),
            ends.map(|e| coordinate(e.1.lat)).unwrap_or_default(),
            ends.map(|e| coordinate(e.1.lon)).unwrap_or_default(),
            int(p.arrested),
            int(p.rescued),
            int(p.deported),
            int(p.victims),
            int(p.people),
            text(p.count_note),
            text(p.nationalities.as_deref()),
            text(p.actors.as_deref()),
            text(Some(p.source)),
            text(p.source_url.as_deref()),
            day(p.source_date),
            text(p.description),
            text(p.tags.as_deref()),
        ]);
        debug_assert_eq!(row.len(), HEADER.len(), "one cell per column");
        writer.write_record(&row)?;
    }
    writer.flush()?;
    Ok(events.len())
}
