//! `events.parquet`: the events layer as GeoParquet 1.1, for engines that read Parquet (DuckDB,
//! Apache Sedona on Spark, BigQuery): a WKB `geometry` column, a `bbox` covering column, and
//! the `geo` metadata, then every property of `events.geojson` in its order and its type.
//!
//! The rows are the GeoJSON layer's: each event with a place, its point or a null geometry.
//! The columns come from [`props::properties`] and the run's extra columns, the list
//! `events.geojson` is written from; their Parquet types come from the values' kinds (text,
//! whole, flag, day). Rows are written in groups of [`ROW_GROUP`], each handed to the output
//! as soon as it is full, so memory stays bounded; the file is built with the `parquet` crate's
//! own writer (no Arrow arrays), which keeps the build small.

mod columns;

use super::props::{self, Layout, Row};
use super::{About, Context, Output, Sink};
use crate::events::{Event, ExtraColumns};
use crate::gazetteer::Gazetteer;
use columns::{Column, Points};
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::io::{self, Write};
use std::sync::Arc;

/// Rows per row group: big enough for engines to skip by statistics, small enough to hold.
const ROW_GROUP: usize = 8_192;

/// The GeoParquet events.
pub struct GeoParquet;

impl Output for GeoParquet {
    fn about(&self) -> &'static About {
        &About {
            name: "geoparquet",
            file: "events.parquet",
            items: ROWS,
            doc: "the events layer as GeoParquet 1.1 (WKB points, bbox covering), for DuckDB, Sedona, BigQuery",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Table {
            out,
            gazetteer: ctx.gazetteer,
            extras: &ctx.plan.extras,
            columns: Vec::new(),
            points: Points::default(),
            rows: 0,
            pending: 0,
            extent: None,
            writer: None,
        }))
    }
}

/// What the rows are called in the summary line.
const ROWS: super::Noun = super::Noun {
    one: "row",
    many: "rows",
};

fn parquet_error(e: &parquet::errors::ParquetError) -> io::Error {
    io::Error::other(format!("writing events.parquet: {e}"))
}

/// The file being written.
struct Table<'a> {
    out: &'a mut dyn Write,
    gazetteer: &'a Gazetteer,
    extras: &'a ExtraColumns,
    columns: Vec<Column>,
    points: Points,
    rows: usize,
    pending: usize,
    /// `[xmin, ymin, xmax, ymax]` of every point.
    extent: Option<[f64; 4]>,
    /// Made at the first row group, from the columns the first event gave.
    writer: Option<SerializedFileWriter<Vec<u8>>>,
}

impl Table<'_> {
    /// The columns for this event's values, made once from the first event.
    fn columns_for(&mut self, values: &[(&str, props::Value)]) {
        if self.columns.is_empty() {
            self.columns = values.iter().map(|(n, v)| Column::like(n, v)).collect();
        }
    }

    fn writer(&mut self) -> io::Result<&mut SerializedFileWriter<Vec<u8>>> {
        if self.writer.is_none() {
            let mut fields = Points::fields().map_err(|e| parquet_error(&e))?;
            for c in &self.columns {
                fields.push(Arc::new(c.field().map_err(|e| parquet_error(&e))?));
            }
            let schema = Type::group_type_builder("events")
                .with_fields(fields)
                .build()
                .map_err(|e| parquet_error(&e))?;
            let properties = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_max_row_group_size(ROW_GROUP)
                .set_created_by(format!("tonle {}", env!("CARGO_PKG_VERSION")))
                .build();
            let writer =
                SerializedFileWriter::new(Vec::new(), Arc::new(schema), Arc::new(properties))
                    .map_err(|e| parquet_error(&e))?;
            self.writer = Some(writer);
        }
        self.writer
            .as_mut()
            .ok_or_else(|| io::Error::other("events.parquet has no writer"))
    }

    /// Writes the gathered rows as one row group and hands the bytes to the output.
    fn flush_group(&mut self) -> io::Result<()> {
        self.writer()?;
        let Table {
            out,
            columns,
            points,
            writer,
            ..
        } = self;
        let writer = writer
            .as_mut()
            .ok_or_else(|| io::Error::other("events.parquet has no writer"))?;
        let mut group = writer.next_row_group().map_err(|e| parquet_error(&e))?;
        points.write(&mut group).map_err(|e| parquet_error(&e))?;
        for column in columns.iter_mut() {
            column.write(&mut group).map_err(|e| parquet_error(&e))?;
        }
        group.close().map_err(|e| parquet_error(&e))?;
        writer.flush()?;
        let bytes = writer.inner_mut();
        out.write_all(bytes)?;
        bytes.clear();
        self.pending = 0;
        Ok(())
    }

    /// The GeoParquet `geo` metadata (version 1.1.0): one WKB Point column in OGC:CRS84 (the
    /// default when `crs` is left out), its bbox, and the `bbox` column as its covering.
    fn geo(&self) -> String {
        let bbox = self.extent.map_or_else(String::new, |[a, b, c, d]| {
            format!(",\"bbox\":[{a},{b},{c},{d}]")
        });
        format!(
            "{{\"version\":\"1.1.0\",\"primary_column\":\"geometry\",\"columns\":{{\"geometry\":{{\
             \"encoding\":\"WKB\",\"geometry_types\":[\"Point\"]{bbox},\
             \"covering\":{{\"bbox\":{{\"xmin\":[\"bbox\",\"xmin\"],\"ymin\":[\"bbox\",\"ymin\"],\
             \"xmax\":[\"bbox\",\"xmax\"],\"ymax\":[\"bbox\",\"ymax\"]}}}}}}}}}}"
        )
    }
}

impl Sink for Table<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        // The rows of events.geojson: an event with a place (see `events`).
        if event.place.is_none() {
            return Ok(());
        }
        let row = Row::new(event, self.gazetteer);
        let values: Vec<(&str, props::Value)> = props::properties(Layout::Point)
            .iter()
            .map(|p| (p.name(), p.value(&row)))
            .chain(props::extra_values(event, self.extras))
            .collect();
        self.columns_for(&values);
        for (column, (_, value)) in self.columns.iter_mut().zip(&values) {
            column.push(value);
        }
        let point = row.point.map(|p| (p.lon, p.lat));
        if let Some((x, y)) = point {
            self.extent = Some(match self.extent {
                None => [x, y, x, y],
                Some([a, b, c, d]) => [a.min(x), b.min(y), c.max(x), d.max(y)],
            });
        }
        self.points.push(point);
        self.rows += 1;
        self.pending += 1;
        if self.pending == ROW_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<usize> {
        if self.columns.is_empty() {
            // No event: the columns are the layout's, as text (no value says their kind).
            self.columns = props::properties(Layout::Point)
                .iter()
                .map(|p| Column::like(p.name(), &props::Value::Maybe(None)))
                .collect();
        }
        if self.pending > 0 {
            self.flush_group()?;
        }
        let geo = self.geo();
        let writer = self.writer()?;
        writer.append_key_value_metadata(KeyValue::new("geo".to_owned(), geo));
        let writer = self
            .writer
            .take()
            .ok_or_else(|| io::Error::other("no writer"))?;
        let bytes = writer.into_inner().map_err(|e| parquet_error(&e))?;
        self.out.write_all(&bytes)?;
        Ok(self.rows)
    }
}
