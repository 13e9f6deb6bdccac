//! `movements.geojson`: a LineString from origin to destination per movement.

use super::geojson::FeatureWriter;
use super::props::{Layout, Properties, Row};
use super::{About, Context, Output, Sink};
use crate::events::{Event, ExtraColumns};
use crate::gazetteer::Gazetteer;
use std::io::{self, Write};

/// The movements layer.
pub struct Movements;

impl Output for Movements {
    fn about(&self) -> &'static About {
        &About {
            name: "movements",
            file: "movements.geojson",
            items: super::geojson::FEATURES,
            doc: "a LineString from origin to destination per movement",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Lines {
            writer: FeatureWriter::start(out, "movements")?,
            gazetteer: ctx.gazetteer,
            extras: &ctx.plan.extras,
        }))
    }
}

struct Lines<'a> {
    writer: FeatureWriter<'a>,
    gazetteer: &'a Gazetteer,
    extras: &'a ExtraColumns,
}

impl Sink for Lines<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if event.movement().is_none() {
            return Ok(());
        }
        let row = Row::new(event, self.gazetteer);
        let Some(ends) = &row.ends else {
            return Ok(());
        };
        let (from, to) = (ends.from(), ends.to());
        let properties = Properties {
            row: &row,
            layout: Layout::Line,
            extras: self.extras,
        };
        self.writer.line(event.id(), from, to, &properties)
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        self.writer.finish()
    }
}
