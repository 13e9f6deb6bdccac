//! `events.csv`: one row per event with every GeoJSON property, its point, and for movements
//! the `origin_lat/origin_lng` and `dest_lat/dest_lng` pairs that kepler.gl draws arcs from;
//! `start_time` carries a time part because kepler.gl's playback needs one. The columns are
//! [`props::properties`]'s CSV layout, the same table the GeoJSON layers read.
//!
//! Text cells are formula-safe ([`super::text::formula_safe`]); numbers stay plain numbers.

use super::props::{self, Layout, Row};
use super::{About, Context, Noun, Output, Sink};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use std::io::{self, Write};

/// The flat table.
pub struct Csv;

impl Output for Csv {
    fn about(&self) -> &'static About {
        &About {
            name: "csv",
            file: "events.csv",
            items: Noun {
                one: "row",
                many: "rows",
            },
            doc: "one row per event, every property, plus points: for spreadsheets and kepler.gl",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Rows::start(out, ctx.gazetteer)?))
    }
}

/// The header: the CSV layout's property names.
pub fn header() -> impl Iterator<Item = &'static str> {
    props::properties(Layout::Csv).iter().map(|p| p.name())
}

/// The flat CSV, written row by row.
struct Rows<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
    gazetteer: &'a Gazetteer,
    count: usize,
}

impl<'a> Rows<'a> {
    fn start(out: &'a mut dyn Write, gazetteer: &'a Gazetteer) -> io::Result<Self> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(header())?;
        Ok(Rows {
            writer,
            gazetteer,
            count: 0,
        })
    }
}

impl Sink for Rows<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        let row = Row::new(event, self.gazetteer);
        for property in props::properties(Layout::Csv) {
            self.writer
                .write_field(property.value(&row).cell().as_bytes())?;
        }
        self.writer.write_record(None::<&[u8]>)?;
        self.count += 1;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<usize> {
        self.writer.flush()?;
        Ok(self.count)
    }
}
