//! `movements.geojson`: a LineString per leg of each movement, from the leg's origin to its
//! destination: one for a plain movement or a row of a journey, one per stretch for a row with
//! `via` (feature ids `kh-2022-018#1`, `#2`, ...; the `id` property stays the row's).

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
            doc: "a LineString per leg of each movement (a `via` row gives one per stretch), with journey, leg, stage, mode",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Lines {
            writer: FeatureWriter::start_with(out, "movements", ctx.plan.members())?,
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
        for leg in event.legs() {
            let row = Row::leg(&leg, self.gazetteer);
            let Some(ends) = &row.ends else {
                continue;
            };
            let (from, to) = (ends.from(), ends.to());
            let properties = Properties {
                row: &row,
                layout: Layout::Line,
                extras: self.extras,
            };
            self.writer.line(&leg.feature_id(), from, to, &properties)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        self.writer.finish()
    }
}
