//! `events.csv`: one row per event with every GeoJSON property, its point, and for movements
//! the `origin_lat/origin_lng` and `dest_lat/dest_lng` pairs that kepler.gl draws arcs from;
//! `start_time` carries a time part because kepler.gl's playback needs one. The columns are
//! [`props::properties`]'s CSV layout, the same table the GeoJSON layers read.
//!
//! Text cells are formula-safe ([`super::text::formula_safe`]); numbers stay plain numbers.

use super::props::{self, Layout, Row};
use super::text::formula_safe;
use super::{About, Context, Noun, Output, Sink};
use crate::events::{Event, ExtraColumns};
use crate::gazetteer::Gazetteer;
use std::borrow::Cow;
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
        Ok(Box::new(Rows::start(out, ctx.gazetteer, &ctx.plan.extras)?))
    }
}

/// The header: the CSV layout's property names, then the extra columns' (formula-safe, as
/// they come from a sheet).
pub fn header(extras: &ExtraColumns) -> impl Iterator<Item = Cow<'_, str>> {
    let known = props::properties(Layout::Csv)
        .iter()
        .map(|p| Cow::Borrowed(p.name()));
    let revealed = extras
        .revealed()
        .iter()
        .map(|col| Cow::Borrowed(col.name()));
    known
        .chain(extras.visible().map(|(_, name)| formula_safe(name)))
        .chain(revealed)
}

/// The flat CSV, written row by row.
struct Rows<'a> {
    writer: csv::Writer<&'a mut dyn Write>,
    gazetteer: &'a Gazetteer,
    extras: &'a ExtraColumns,
    count: usize,
}

impl<'a> Rows<'a> {
    fn start(
        out: &'a mut dyn Write,
        gazetteer: &'a Gazetteer,
        extras: &'a ExtraColumns,
    ) -> io::Result<Self> {
        let mut writer = csv::Writer::from_writer(out);
        for name in header(extras) {
            writer.write_field(name.as_bytes())?;
        }
        writer.write_record(None::<&[u8]>)?;
        Ok(Rows {
            writer,
            gazetteer,
            extras,
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
        for (_, value) in props::extra_values(event, self.extras) {
            self.writer.write_field(value.cell().as_bytes())?;
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
