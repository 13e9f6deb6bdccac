//! Exporters, one module per output format, all reading the same validated, joined events.

pub mod csv;
pub mod geojson;
pub mod props;
pub mod provinces;
pub mod qgis;
pub mod text;
pub mod timeline;

use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::io::OutputSet;
use std::io;

/// An output `tonle export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// `events.geojson`: a point per event.
    Events,
    /// `movements.geojson`: a line per origin-to-destination event.
    Movements,
    /// `provinces.geojson`: per-province aggregates.
    Provinces,
    /// `places.geojson`: the gazetteer's places in Cambodia.
    Places,
    /// `timeline.json`: TimelineJS3.
    Timelinejs,
    /// `timeline-vis.json`: vis-timeline.
    Vis,
    /// `events.csv`: a flat table for spreadsheets and kepler.gl.
    Csv,
    /// `tonle.qgs`: a QGIS project over the GeoJSON layers, ready for the Temporal Controller.
    Qgis,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: [Format; 8] = [
        Format::Events,
        Format::Movements,
        Format::Provinces,
        Format::Places,
        Format::Timelinejs,
        Format::Vis,
        Format::Csv,
        Format::Qgis,
    ];

    /// The file it writes.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Events => "events.geojson",
            Format::Movements => "movements.geojson",
            Format::Provinces => "provinces.geojson",
            Format::Places => "places.geojson",
            Format::Timelinejs => "timeline.json",
            Format::Vis => "timeline-vis.json",
            Format::Csv => "events.csv",
            Format::Qgis => "tonle.qgs",
        }
    }

    /// What its items are called in the summary.
    pub fn items(self) -> &'static str {
        match self {
            Format::Events | Format::Movements | Format::Provinces | Format::Places => "features",
            Format::Timelinejs => "events",
            Format::Vis => "items",
            Format::Csv => "rows",
            Format::Qgis => "layers",
        }
    }
}

/// Everything an export run needs besides the events.
pub struct Plan<'a> {
    /// The formats to write.
    pub formats: Vec<Format>,
    /// How timelines group events.
    pub group: timeline::Group,
    /// A user's boundaries for the provinces layer.
    pub boundaries: Option<&'a provinces::Boundaries>,
}

/// Writes every planned output into the set (not yet committed). `events` are sorted by
/// (start, id).
pub fn write_all(
    plan: &Plan,
    events: &[Event],
    gazetteer: &Gazetteer,
    outputs: &mut OutputSet,
) -> io::Result<()> {
    for format in &plan.formats {
        let format = *format;
        outputs.write(format.file_name(), format.items(), |out| match format {
            Format::Events => geojson::write_events(out, events, gazetteer),
            Format::Movements => geojson::write_movements(out, events, gazetteer),
            Format::Provinces => match plan.boundaries {
                Some(b) => provinces::write_polygons(out, events, gazetteer, b),
                None => provinces::write_points(out, events, gazetteer),
            },
            Format::Places => geojson::write_places(
                out,
                "places",
                gazetteer
                    .places()
                    .map(|(_, p)| p)
                    .filter(|p| geojson::in_cambodia(p)),
                gazetteer,
            ),
            Format::Timelinejs => timeline::write_timelinejs(out, events, gazetteer, plan.group),
            Format::Vis => timeline::write_vis(out, events, gazetteer, plan.group),
            Format::Csv => csv::write(out, events, gazetteer),
            Format::Qgis => qgis::write(out, events, gazetteer, plan),
        })?;
    }
    Ok(())
}

/// Sorts events into output order: by the day maps place them from, then id.
pub fn sort(events: &mut [Event]) {
    events.sort_by(|a, b| (a.date.map_start(), &a.id).cmp(&(b.date.map_start(), &b.id)));
}
