//! `events.geojson`: a Point per event that has a place, at its own point or its place's; a
//! national fact (place Cambodia, no point of its own) with no geometry, so that it stays in
//! the attribute table without being drawn inside a province (see `geojson::drawn_point`).

use super::geojson::FeatureWriter;
use super::props::{Layout, Properties, Row};
use super::{About, Context, Output, Sink};
use crate::events::{Event, ExtraColumns};
use crate::gazetteer::Gazetteer;
use std::io::{self, Write};

/// The events layer.
pub struct Events;

impl Output for Events {
    fn about(&self) -> &'static About {
        &About {
            name: "events",
            file: "events.geojson",
            items: super::geojson::FEATURES,
            doc: "a Point per event with a `place`, at its own point or its place's; national facts (place Cambodia) with a null geometry",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Points {
            writer: FeatureWriter::start_with(out, "events", ctx.plan.members())?,
            gazetteer: ctx.gazetteer,
            extras: &ctx.plan.extras,
        }))
    }
}

struct Points<'a> {
    writer: FeatureWriter<'a>,
    gazetteer: &'a Gazetteer,
    extras: &'a ExtraColumns,
}

impl Sink for Points<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if event.place.is_none() {
            return Ok(());
        }
        let row = Row::new(event, self.gazetteer);
        let properties = Properties {
            row: &row,
            layout: Layout::Point,
            extras: self.extras,
        };
        match row.point {
            Some(at) => self.writer.point(event.id(), at, &properties),
            None => self.writer.unlocated(event.id(), &properties),
        }
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        self.writer.finish()
    }
}
