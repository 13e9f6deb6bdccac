//! The columns of `events.parquet`, buffered for one row group: each property's values in the
//! Parquet type its [`Value`] has (a `Value` is typed even when it holds nothing, so the first
//! event's values give every column's type).

use crate::export::props::Value;
use parquet::basic::{LogicalType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::Result;
use parquet::file::writer::SerializedRowGroupWriter;
use parquet::schema::types::Type;
use std::io::Write;
use std::sync::Arc;

/// Days from 1970-01-01 to 0001-01-01 in chrono's count (Parquet's DATE counts from 1970).
const UNIX_EPOCH_DAYS: i32 = 719_163;

/// One column's values for the row group being gathered, with definition levels (1: a value,
/// 0: null).
pub enum Values {
    /// UTF-8 text.
    Text(Vec<ByteArray>),
    /// Whole numbers.
    Whole(Vec<i64>),
    /// True or false.
    Flag(Vec<bool>),
    /// Days since 1970-01-01.
    Day(Vec<i32>),
    /// Numbers with a fraction.
    Real(Vec<f64>),
}

/// A property column: its name, values and definition levels.
pub struct Column {
    /// The property's name.
    pub name: String,
    values: Values,
    levels: Vec<i16>,
}

impl Column {
    /// A column for values like `value`.
    pub fn like(name: &str, value: &Value) -> Column {
        let values = match value {
            Value::Whole(_) => Values::Whole(Vec::new()),
            Value::Flag(_) => Values::Flag(Vec::new()),
            Value::Day(_) => Values::Day(Vec::new()),
            Value::Coordinate(_) => Values::Real(Vec::new()),
            Value::Text(_) | Value::Maybe(_) | Value::Midnight(_) => Values::Text(Vec::new()),
        };
        Column {
            name: name.to_owned(),
            values,
            levels: Vec::new(),
        }
    }

    /// The column's Parquet field.
    pub fn field(&self) -> Result<Type> {
        let (physical, logical) = match self.values {
            Values::Text(_) => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            Values::Whole(_) => (Physical::INT64, None),
            Values::Flag(_) => (Physical::BOOLEAN, None),
            Values::Day(_) => (Physical::INT32, Some(LogicalType::Date)),
            Values::Real(_) => (Physical::DOUBLE, None),
        };
        Type::primitive_type_builder(&self.name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
    }

    /// Adds one row's value (a value of another kind than the column's is a bug upstream;
    /// it is written as null rather than failing the export).
    pub fn push(&mut self, value: &Value) {
        let present = match (&mut self.values, value) {
            (Values::Text(v), Value::Text(t) | Value::Maybe(Some(t))) => {
                v.push(ByteArray::from(t.as_bytes().to_vec()));
                true
            }
            (Values::Text(v), Value::Midnight(Some(d))) => {
                v.push(ByteArray::from(format!("{d} 00:00").into_bytes()));
                true
            }
            (Values::Whole(v), Value::Whole(Some(n))) => {
                // Counts past i64::MAX are refused when read; saturate rather than wrap.
                v.push(i64::try_from(*n).unwrap_or(i64::MAX));
                true
            }
            (Values::Flag(v), Value::Flag(b)) => {
                v.push(*b);
                true
            }
            (Values::Day(v), Value::Day(Some(d))) => {
                v.push(chrono::Datelike::num_days_from_ce(d) - UNIX_EPOCH_DAYS);
                true
            }
            (Values::Real(v), Value::Coordinate(Some(x))) => {
                v.push(crate::export::text::round6(*x));
                true
            }
            _ => false,
        };
        self.levels.push(i16::from(present));
    }

    /// Writes the gathered values as the row group's next column and empties the buffer.
    pub fn write<W: Write + Send>(
        &mut self,
        group: &mut SerializedRowGroupWriter<'_, W>,
    ) -> Result<()> {
        let Some(mut column) = group.next_column()? else {
            return Err(parquet::errors::ParquetError::General(format!(
                "events.parquet has no column for {}",
                self.name
            )));
        };
        let levels = Some(&self.levels[..]);
        match &mut self.values {
            Values::Text(v) => {
                column
                    .typed::<ByteArrayType>()
                    .write_batch(v, levels, None)?;
                v.clear();
            }
            Values::Whole(v) => {
                column.typed::<Int64Type>().write_batch(v, levels, None)?;
                v.clear();
            }
            Values::Flag(v) => {
                column.typed::<BoolType>().write_batch(v, levels, None)?;
                v.clear();
            }
            Values::Day(v) => {
                column.typed::<Int32Type>().write_batch(v, levels, None)?;
                v.clear();
            }
            Values::Real(v) => {
                column.typed::<DoubleType>().write_batch(v, levels, None)?;
                v.clear();
            }
        }
        self.levels.clear();
        column.close()
    }
}

/// The geometry (WKB points, or null) and its bbox covering columns (GeoParquet 1.1).
#[derive(Default)]
pub struct Points {
    wkb: Vec<ByteArray>,
    coordinates: [Vec<f64>; 2],
    levels: Vec<i16>,
}

impl Points {
    /// The `geometry` and `bbox` fields.
    pub fn fields() -> Result<Vec<Arc<Type>>> {
        let geometry = Type::primitive_type_builder("geometry", Physical::BYTE_ARRAY)
            .with_repetition(Repetition::OPTIONAL)
            .build()?;
        let corner = |name: &str| {
            Type::primitive_type_builder(name, Physical::DOUBLE)
                .with_repetition(Repetition::REQUIRED)
                .build()
                .map(Arc::new)
        };
        let bbox = Type::group_type_builder("bbox")
            .with_repetition(Repetition::OPTIONAL)
            .with_fields(vec![
                corner("xmin")?,
                corner("ymin")?,
                corner("xmax")?,
                corner("ymax")?,
            ])
            .build()?;
        Ok(vec![Arc::new(geometry), Arc::new(bbox)])
    }

    /// Adds a row's point, or null.
    pub fn push(&mut self, point: Option<(f64, f64)>) {
        if let Some((lon, lat)) = point {
            let mut wkb = Vec::with_capacity(21);
            wkb.push(1); // little-endian
            wkb.extend_from_slice(&1u32.to_le_bytes()); // Point
            wkb.extend_from_slice(&lon.to_le_bytes());
            wkb.extend_from_slice(&lat.to_le_bytes());
            self.wkb.push(ByteArray::from(wkb));
            self.coordinates[0].push(lon);
            self.coordinates[1].push(lat);
        }
        self.levels.push(i16::from(point.is_some()));
    }

    /// Writes the geometry column and the four bbox columns (a point's box is itself).
    pub fn write<W: Write + Send>(
        &mut self,
        group: &mut SerializedRowGroupWriter<'_, W>,
    ) -> Result<()> {
        let levels = Some(&self.levels[..]);
        let missing = || {
            parquet::errors::ParquetError::General(
                "events.parquet lacks a geometry column".to_owned(),
            )
        };
        let mut column = group.next_column()?.ok_or_else(missing)?;
        column
            .typed::<ByteArrayType>()
            .write_batch(&self.wkb, levels, None)?;
        column.close()?;
        for axis in [0, 1, 0, 1] {
            let mut column = group.next_column()?.ok_or_else(missing)?;
            column
                .typed::<DoubleType>()
                .write_batch(&self.coordinates[axis], levels, None)?;
            column.close()?;
        }
        self.wkb.clear();
        self.coordinates.iter_mut().for_each(Vec::clear);
        self.levels.clear();
        Ok(())
    }
}
