//! `events.csv`: one row per event with every GeoJSON property, its point, and for movements
//! the `origin_lat/origin_lng` and `dest_lat/dest_lng` pairs that kepler.gl draws arcs from;
//! `start_time` carries a time part because kepler.gl's playback needs one.
//!
//! Text cells are formula-safe ([`text::formula_safe`]); numbers stay plain numbers.

use super::geojson::place_point;
use super::props::{EventProperties, MovementEnds};
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
    let mut rows = Rows::start(out)?;
    for event in events {
        rows.write(event, gazetteer)?;
    }
    rows.finish()
}

/// The flat CSV, written row by row (for the streaming export too).
pub struct Rows<'w> {
    writer: csv::Writer<&'w mut dyn Write>,
    count: usize,
}

impl<'w> Rows<'w> {
    /// Writes the header.
    pub fn start(out: &'w mut dyn Write) -> io::Result<Self> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(HEADER)?;
        Ok(Rows { writer, count: 0 })
    }

    /// Writes one event's row.
    pub fn write(&mut self, event: &Event, gazetteer: &Gazetteer) -> io::Result<()> {
        let cells = cells(event, gazetteer);
        debug_assert!(
            cells
                .iter()
                .map(|(name, _)| *name)
                .eq(HEADER.iter().copied()),
            "cells in HEADER's order"
        );
        self.writer
            .write_record(cells.iter().map(|(_, value)| value))?;
        self.count += 1;
        Ok(())
    }

    /// Flushes and returns the number of rows.
    pub fn finish(mut self) -> io::Result<usize> {
        self.writer.flush()?;
        Ok(self.count)
    }
}

/// One row, each cell named by its column.
fn cells(event: &Event, gazetteer: &Gazetteer) -> Vec<(&'static str, String)> {
    let p = EventProperties::new(event, gazetteer);
    let m = MovementEnds::new(event, gazetteer);
    let text = |s: Option<&str>| formula_safe(s.unwrap_or("")).into_owned();
    let int = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let point = event
        .point
        .or_else(|| event.place.map(|pl| place_point(gazetteer.place(pl))));
    let end = |f: fn(&MovementEnds) -> String| m.as_ref().map(f).unwrap_or_default();
    vec![
        ("id", text(Some(p.id))),
        ("title", text(Some(p.title))),
        ("type", p.kind.to_owned()),
        ("date", text(Some(p.date))),
        ("start", day(p.start)),
        ("open_start", p.open_start.to_string()),
        ("end", day(p.end)),
        (
            "start_time",
            p.start.map(|d| format!("{d} 00:00")).unwrap_or_default(),
        ),
        ("precision", p.precision.to_owned()),
        ("qualifier", p.qualifier.unwrap_or("").to_owned()),
        ("place_id", text(p.place_id)),
        ("place_name", text(p.place_name)),
        ("place_kind", p.place_kind.unwrap_or("").to_owned()),
        ("province_id", text(p.province_id)),
        ("province", text(p.province)),
        ("iso_3166_2", text(p.iso_3166_2)),
        ("pcode", text(p.pcode)),
        (
            "geo_precision",
            p.geo_precision.map(|g| g.to_string()).unwrap_or_default(),
        ),
        (
            "lat",
            point.map(|pt| coordinate(pt.lat)).unwrap_or_default(),
        ),
        (
            "lon",
            point.map(|pt| coordinate(pt.lon)).unwrap_or_default(),
        ),
        ("origin_id", end(|m| formula_safe(m.origin_id).into_owned())),
        (
            "origin_name",
            end(|m| formula_safe(m.origin_name).into_owned()),
        ),
        (
            "origin_province",
            end(|m| formula_safe(m.origin_province).into_owned()),
        ),
        ("origin_lat", end(|m| coordinate(m.from.lat))),
        ("origin_lng", end(|m| coordinate(m.from.lon))),
        (
            "destination_id",
            end(|m| formula_safe(m.destination_id).into_owned()),
        ),
        (
            "destination_name",
            end(|m| formula_safe(m.destination_name).into_owned()),
        ),
        (
            "destination_province",
            end(|m| formula_safe(m.destination_province).into_owned()),
        ),
        ("dest_lat", end(|m| coordinate(m.to.lat))),
        ("dest_lng", end(|m| coordinate(m.to.lon))),
        ("arrested", int(p.arrested)),
        ("rescued", int(p.rescued)),
        ("deported", int(p.deported)),
        ("victims", int(p.victims)),
        ("people", int(p.people)),
        ("count_note", text(p.count_note)),
        ("nationalities", text(p.nationalities)),
        ("actors", text(p.actors)),
        ("source", text(Some(p.source))),
        ("source_url", text(p.source_url)),
        ("source_date", day(p.source_date)),
        ("description", text(p.description)),
        ("tags", text(p.tags)),
    ]
}
