//! One layer of the GeoPackage as its GeoJSON output streams in: each feature line is read
//! back (the GeoJSON writer puts one feature on a line) and its properties stored, in their
//! order, in a scratch table of the package's connection. The columns are therefore exactly
//! the GeoJSON layer's properties, never a second list; their types are learnt from the
//! values, as GDAL types a GeoJSON file: all whole numbers INTEGER, all `YYYY-MM-DD` texts
//! DATE, and so on. The real table is made once every feature has been seen ([`super::package`]).

use super::geometry::{Envelope, Geometry};
use chrono::NaiveDate;
use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::fmt;
use std::io;

/// What a column's values have been so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Only nulls.
    Unknown,
    /// `true` or `false`.
    Flag,
    /// Whole numbers.
    Whole,
    /// Numbers, some with a fraction.
    Real,
    /// Calendar days, `YYYY-MM-DD`.
    Day,
    /// Anything else.
    Text,
}

impl Kind {
    /// The column's declared type (GeoPackage 1.2, §1.1.1.1.3); a column of nulls is text.
    pub fn declared(self) -> &'static str {
        match self {
            Kind::Flag => "BOOLEAN",
            Kind::Whole => "INTEGER",
            Kind::Real => "REAL",
            Kind::Day => "DATE",
            Kind::Unknown | Kind::Text => "TEXT",
        }
    }

    fn of(value: &Json) -> Kind {
        match value {
            Json::Null => Kind::Unknown,
            Json::Bool(_) => Kind::Flag,
            Json::Number(n) if n.is_i64() => Kind::Whole,
            Json::Number(_) => Kind::Real,
            Json::String(s) if is_day(s) => Kind::Day,
            _ => Kind::Text,
        }
    }

    /// The kind of a column holding values of both kinds.
    fn and(self, other: Kind) -> Kind {
        match (self, other) {
            (a, b) if a == b => a,
            (Kind::Unknown, k) | (k, Kind::Unknown) => k,
            (Kind::Whole | Kind::Flag, Kind::Whole | Kind::Flag) => Kind::Whole,
            (Kind::Whole | Kind::Real, Kind::Whole | Kind::Real) => Kind::Real,
            _ => Kind::Text,
        }
    }
}

/// Whether `s` is a calendar day as GeoJSON layers write one.
fn is_day(s: &str) -> bool {
    s.len() == 10 && NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// One column: the property's name and what its values have been.
#[derive(Debug, Clone)]
pub struct Column {
    /// The property's name.
    pub name: String,
    /// Its values' kind.
    pub kind: Kind,
}

impl Column {
    /// The declared type: its values' kind; for a column of nulls only, the kind of the schema
    /// column of that name (a count none of the events gave is still a whole number), else
    /// text.
    pub fn declared(&self) -> &'static str {
        use crate::schema::{Kind as Schema, COLUMNS};
        if self.kind != Kind::Unknown {
            return self.kind.declared();
        }
        let schema = COLUMNS.iter().find(|c| c.name == self.name);
        match schema.map(|c| c.kind) {
            Some(Schema::Count | Schema::Leg) => Kind::Whole.declared(),
            Some(Schema::Day) => Kind::Day.declared(),
            _ => Kind::Text.declared(),
        }
    }
}

/// The names the package gives its own columns: a property of that name is renamed.
const RESERVED: [&str; 2] = ["fid", "geom"];

/// A layer being gathered.
pub struct Layer {
    /// The table name: the GeoJSON collection's name.
    pub name: &'static str,
    /// The collection's attribution and licence, for `gpkg_contents.description`.
    pub description: String,
    /// The properties met, in order.
    pub columns: Vec<Column>,
    by_name: HashMap<String, usize>,
    /// How many features.
    pub count: u64,
    /// The geometry types met, in order of first appearance.
    pub geometry_types: Vec<&'static str>,
    /// The envelope of every geometry.
    pub extent: Option<Envelope>,
    /// The scratch table's name.
    pub scratch: String,
    insert: String,
    line: Vec<u8>,
}

/// The collection's opening line (its `features` array opened, or empty and closed).
#[derive(Deserialize)]
struct Header {
    attribution: Option<String>,
    license: Option<String>,
}

/// One feature line.
#[derive(Deserialize)]
struct Feature {
    id: Option<Json>,
    geometry: Option<Geometry>,
    properties: Option<Properties>,
}

/// A feature's properties in their written order.
struct Properties(Vec<(String, Json)>);

impl<'de> Deserialize<'de> for Properties {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Properties;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object of properties")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Properties, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(48));
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Properties(out))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

fn sql_error(e: &rusqlite::Error) -> io::Error {
    io::Error::other(format!("writing the GeoPackage: {e}"))
}

fn bad_line(name: &str, e: &serde_json::Error) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "the GeoPackage's {name} layer could not read a feature of {name}.geojson back: {e}"
        ),
    )
}

impl Layer {
    /// A layer gathered into scratch table number `slot`.
    pub fn new(db: &Connection, name: &'static str, slot: usize) -> io::Result<Layer> {
        let scratch = format!("temp.rows_{slot}");
        db.execute_batch(&format!(
            "CREATE TABLE {scratch} (geom BLOB, minx REAL, maxx REAL, miny REAL, maxy REAL);"
        ))
        .map_err(|e| sql_error(&e))?;
        let mut layer = Layer {
            name,
            description: String::new(),
            columns: Vec::new(),
            by_name: HashMap::new(),
            count: 0,
            geometry_types: Vec::new(),
            extent: None,
            scratch,
            insert: String::new(),
            line: Vec::new(),
        };
        layer.insert = layer.insert_sql();
        Ok(layer)
    }

    fn insert_sql(&self) -> String {
        let mut names = String::from("geom, minx, maxx, miny, maxy");
        let mut marks = String::from("?, ?, ?, ?, ?");
        for i in 0..self.columns.len() {
            names.push_str(", c");
            names.push_str(&i.to_string());
            marks.push_str(", ?");
        }
        format!("INSERT INTO {} ({names}) VALUES ({marks})", self.scratch)
    }

    /// Takes bytes of the GeoJSON layer; each complete line is stored.
    pub fn take(&mut self, db: &Connection, bytes: &[u8]) -> io::Result<()> {
        // Only the new bytes are searched: a long line (a province listing a million event
        // ids) arrives in many writes, and searching all of it each time was quadratic.
        let held = self.line.len();
        self.line.extend_from_slice(bytes);
        let Some(end) = memchr::memrchr(b'\n', bytes) else {
            return Ok(());
        };
        let last = held + end;
        let lines: Vec<u8> = self.line.drain(..=last).collect();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &lines) {
            self.line_read(db, &lines[start..end])?;
            start = end + 1;
        }
        Ok(())
    }

    /// Whether bytes remain that no line end closed (the GeoJSON layer did not finish).
    pub fn unfinished(&self) -> bool {
        self.line.iter().any(|b| !b.is_ascii_whitespace())
    }

    fn line_read(&mut self, db: &Connection, line: &[u8]) -> io::Result<()> {
        let line = line.trim_ascii();
        let line = line.strip_suffix(b",").unwrap_or(line);
        if line.is_empty() || line == b"]}" {
            return Ok(());
        }
        if line.starts_with(b"{\"type\":\"FeatureCollection\"") {
            let mut whole = line.to_vec();
            if whole.ends_with(b"[") {
                whole.extend_from_slice(b"]}");
            }
            let header: Header =
                serde_json::from_slice(&whole).map_err(|e| bad_line(self.name, &e))?;
            let parts: Vec<String> = [header.attribution, header.license]
                .into_iter()
                .flatten()
                .collect();
            self.description = parts.join(" ");
            return Ok(());
        }
        let feature: Feature = serde_json::from_slice(line).map_err(|e| bad_line(self.name, &e))?;
        self.store(db, feature)
    }

    /// The column of property `name`, made on first sight.
    fn column(&mut self, db: &Connection, name: &str) -> io::Result<usize> {
        if let Some(&i) = self.by_name.get(name) {
            return Ok(i);
        }
        let mut column = name.to_owned();
        while RESERVED.iter().any(|r| r.eq_ignore_ascii_case(&column)) {
            column.push_str(" (sheet)");
        }
        let i = self.columns.len();
        db.execute_batch(&format!("ALTER TABLE {} ADD COLUMN c{i};", self.scratch))
            .map_err(|e| sql_error(&e))?;
        self.columns.push(Column {
            name: column,
            kind: Kind::Unknown,
        });
        self.by_name.insert(name.to_owned(), i);
        self.insert = self.insert_sql();
        Ok(i)
    }

    fn store(&mut self, db: &Connection, feature: Feature) -> io::Result<()> {
        let mut properties = feature.properties.map(|p| p.0).unwrap_or_default();
        // A feature id the properties do not repeat (flows, activity) becomes an `id` column,
        // as GDAL shows it from the GeoJSON.
        if let Some(id) = feature.id {
            if !properties.iter().any(|(k, _)| k == "id") {
                properties.insert(0, ("id".to_owned(), id));
            }
        }
        let mut values = vec![Sql::Null; 5 + self.columns.len()];
        if let Some(geometry) = &feature.geometry {
            values[0] = Sql::Blob(geometry.blob());
            let type_name = geometry.type_name();
            if !self.geometry_types.contains(&type_name) {
                self.geometry_types.push(type_name);
            }
            if let Some(env) = geometry.envelope() {
                for (slot, v) in values[1..5].iter_mut().zip(env) {
                    *slot = Sql::Real(v);
                }
                self.extent = Some(match self.extent {
                    None => env,
                    Some(e) => [
                        e[0].min(env[0]),
                        e[1].max(env[1]),
                        e[2].min(env[2]),
                        e[3].max(env[3]),
                    ],
                });
            }
        }
        for (name, value) in properties {
            let i = self.column(db, &name)?;
            if values.len() < 5 + self.columns.len() {
                values.resize(5 + self.columns.len(), Sql::Null);
            }
            let column = &mut self.columns[i];
            column.kind = column.kind.and(Kind::of(&value));
            values[5 + i] = match value {
                Json::Null => Sql::Null,
                Json::Bool(b) => Sql::Integer(i64::from(b)),
                Json::Number(n) => n
                    .as_i64()
                    .map_or_else(|| Sql::Real(n.as_f64().unwrap_or(f64::NAN)), Sql::Integer),
                Json::String(s) => Sql::Text(s),
                other => Sql::Text(other.to_string()),
            };
        }
        let mut insert = db.prepare_cached(&self.insert).map_err(|e| sql_error(&e))?;
        insert
            .execute(rusqlite::params_from_iter(values))
            .map_err(|e| sql_error(&e))?;
        self.count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_widen_as_gdal_types_a_geojson_field() {
        let k = |values: &[Json]| values.iter().fold(Kind::Unknown, |k, v| k.and(Kind::of(v)));
        assert_eq!(k(&[Json::Null, 3.into()]), Kind::Whole);
        assert_eq!(k(&[3.into(), 2.5.into()]), Kind::Real);
        assert_eq!(k(&["2024-02-29".into(), Json::Null]), Kind::Day);
        assert_eq!(k(&["2024-02-29".into(), "2024-02".into()]), Kind::Text);
        assert_eq!(k(&["2023-02-29".into()]), Kind::Text, "not a day");
        assert_eq!(k(&[true.into(), false.into()]), Kind::Flag);
        assert_eq!(k(&[Json::Null]).declared(), "TEXT");
        assert_eq!(k(&[1.into(), "1".into()]), Kind::Text);
    }

    #[test]
    fn a_column_of_nulls_takes_its_schema_type() {
        let nulls = |name: &str| Column {
            name: name.to_owned(),
            kind: Kind::Unknown,
        };
        assert_eq!(nulls("deported").declared(), "INTEGER");
        assert_eq!(nulls("source_date").declared(), "DATE");
        assert_eq!(nulls("count_note").declared(), "TEXT");
        assert_eq!(nulls("from a sheet").declared(), "TEXT");
    }
}
