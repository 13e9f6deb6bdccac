//! `flows.csv`: one row per flow for kepler.gl, beside `events.csv`. kepler.gl draws an arc
//! layer from the `origin_lat`/`origin_lng` and `dest_lat`/`dest_lng` pairs, and plays time
//! from `start_time`, which has a time part (`2022-07-01 00:00`) because a bare date does not
//! play. Text cells are formula-safe, as in `events.csv`.

use super::{FlowLevel, Flows, Summing};
use crate::export::geojson::place_point;
use crate::export::props::Value;
use crate::export::redact::Publish;
use crate::export::tally::shown;
use crate::export::{About, Context, Noun, Output, Sink};
use std::io::{self, Write};

/// The flows table.
pub struct FlowsCsv;

impl Output for FlowsCsv {
    fn about(&self) -> &'static About {
        &About {
            name: "flowscsv",
            file: "flows.csv",
            items: Noun {
                one: "row",
                many: "rows",
            },
            doc: "one row per flow with origin and destination coordinates, for kepler.gl's arcs by period",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        let (flows, summed) = Flows::for_output(&ctx)?;
        Ok(Box::new(Summing {
            flows,
            summed,
            out,
            write: write_table,
            publish: &ctx.plan.publish,
        }))
    }
}

/// The columns, in order.
pub const HEADER: [&str; 20] = [
    "origin_id",
    "origin_name",
    "origin_lat",
    "origin_lng",
    "destination_id",
    "destination_name",
    "dest_lat",
    "dest_lng",
    "level",
    "period",
    "start",
    "end",
    "start_time",
    "events",
    "people",
    "people_unknown",
    "people_alleged",
    "suppressed",
    "first_event",
    "last_event",
];

fn write_table(out: &mut dyn Write, flows: &Flows, publish: &Publish) -> io::Result<usize> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    let mut rows = 0;
    for flow in flows.iter() {
        let (from, to) = (place_point(flow.origin), place_point(flow.destination));
        let label = flow.span.label();
        let level: FlowLevel = flow.level;
        let hide = flow.tally.suppressed(publish);
        let whole = |n: u64| Value::Whole(shown(hide, n));
        let cells = [
            Value::Text(&flow.origin.id),
            Value::Text(&flow.origin.name),
            Value::Coordinate(Some(from.lat)),
            Value::Coordinate(Some(from.lon)),
            Value::Text(&flow.destination.id),
            Value::Text(&flow.destination.name),
            Value::Coordinate(Some(to.lat)),
            Value::Coordinate(Some(to.lon)),
            Value::Text(level.as_str()),
            Value::Text(&label),
            Value::Day(Some(flow.span.start)),
            Value::Day(Some(flow.span.end())),
            Value::Midnight(Some(flow.span.start)),
            whole(flow.tally.events),
            whole(flow.tally.people),
            whole(flow.tally.people_unknown),
            whole(flow.tally.people_alleged),
            Value::Flag(hide),
            Value::Maybe(flow.tally.first_event().filter(|_| !hide)),
            Value::Maybe(flow.tally.last_event().filter(|_| !hide)),
        ];
        for cell in &cells {
            writer.write_field(cell.cell().as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)?;
        rows += 1;
    }
    writer.flush()?;
    Ok(rows)
}
