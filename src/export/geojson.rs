//! RFC 7946 GeoJSON, streamed one feature per line: the writer every GeoJSON layer uses, and
//! the gazetteer's places as a layer (`places.geojson`, `tonle gazetteer list --format
//! geojson`).
//!
//! WGS84 `[lon, lat]`, no `crs` member, at most 6 decimals, one geometry type per file, the
//! feature `id` is the event (or place) id, and the collection's `name` becomes the layer name
//! in GDAL and QGIS. One feature per line keeps `git diff` of `out/` readable.

use super::text::coordinate;
use crate::events::Point;
use crate::gazetteer::{Gazetteer, Place, PlaceKind};
use serde::Serialize;
use std::io::{self, Write};

/// What every GeoJSON layer's items are called.
pub const FEATURES: super::Noun = super::Noun {
    one: "feature",
    many: "features",
};

/// Writes a FeatureCollection feature by feature; [`FeatureWriter::finish`] closes it.
pub struct FeatureWriter<'w> {
    out: &'w mut dyn Write,
    /// One feature, built here and handed to `out` in one write: far fewer calls through
    /// `dyn Write` than one per token.
    buf: Vec<u8>,
    count: usize,
}

impl<'w> FeatureWriter<'w> {
    /// Starts a collection named `name` (the layer name in QGIS).
    pub fn start(out: &'w mut dyn Write, name: &str) -> io::Result<Self> {
        FeatureWriter::start_with(out, name, &[])
    }

    /// Starts a collection named `name` with more top-level members (text), such as the
    /// `attribution` and `license` a file carrying licensed data must have (RFC 7946 allows
    /// foreign members; GDAL and QGIS read past them).
    pub fn start_with(
        out: &'w mut dyn Write,
        name: &str,
        members: &[(&str, &str)],
    ) -> io::Result<Self> {
        write!(out, "{{\"type\":\"FeatureCollection\",\"name\":")?;
        serde_json::to_writer(&mut *out, name)?;
        for (key, value) in members {
            write!(out, ",")?;
            serde_json::to_writer(&mut *out, key)?;
            write!(out, ":")?;
            serde_json::to_writer(&mut *out, value)?;
        }
        write!(out, ",\"features\":[")?;
        Ok(FeatureWriter {
            out,
            buf: Vec::with_capacity(4096),
            count: 0,
        })
    }

    fn begin(&mut self, id: &str) -> io::Result<()> {
        self.buf.clear();
        self.buf
            .extend_from_slice(if self.count == 0 { b"\n" } else { b",\n" });
        self.count += 1;
        self.buf.extend_from_slice(b"{\"type\":\"Feature\",\"id\":");
        serde_json::to_writer(&mut self.buf, id)?;
        Ok(())
    }

    fn end(&mut self, properties: &impl Serialize) -> io::Result<()> {
        self.buf.extend_from_slice(b",\"properties\":");
        serde_json::to_writer(&mut self.buf, properties)?;
        self.buf.push(b'}');
        self.out.write_all(&self.buf)
    }

    /// Writes a Point feature.
    pub fn point(&mut self, id: &str, at: Point, properties: &impl Serialize) -> io::Result<()> {
        self.begin(id)?;
        write!(
            self.buf,
            ",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{},{}]}}",
            coordinate(at.lon),
            coordinate(at.lat)
        )?;
        self.end(properties)
    }

    /// Writes a feature with no geometry (`"geometry":null`, as RFC 7946 allows): a fact that
    /// belongs in the attribute table but on no point of the map.
    pub fn unlocated(&mut self, id: &str, properties: &impl Serialize) -> io::Result<()> {
        self.begin(id)?;
        self.buf.extend_from_slice(b",\"geometry\":null");
        self.end(properties)
    }

    /// Writes a LineString feature through `points`, in order.
    pub fn path(
        &mut self,
        id: &str,
        points: &[Point],
        properties: &impl Serialize,
    ) -> io::Result<()> {
        self.begin(id)?;
        self.buf
            .extend_from_slice(b",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[");
        for (i, p) in points.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            write!(self.buf, "[{},{}]", coordinate(p.lon), coordinate(p.lat))?;
        }
        self.buf.extend_from_slice(b"]}");
        self.end(properties)
    }

    /// Writes a LineString feature from `from` to `to`.
    pub fn line(
        &mut self,
        id: &str,
        from: Point,
        to: Point,
        properties: &impl Serialize,
    ) -> io::Result<()> {
        self.begin(id)?;
        write!(
            self.buf,
            ",\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[[{},{}],[{},{}]]}}",
            coordinate(from.lon),
            coordinate(from.lat),
            coordinate(to.lon),
            coordinate(to.lat)
        )?;
        self.end(properties)
    }

    /// Writes a feature with a geometry already in GeoJSON form.
    pub fn geometry(
        &mut self,
        id: &str,
        geometry: &geojson::Geometry,
        properties: &impl Serialize,
    ) -> io::Result<()> {
        self.begin(id)?;
        self.buf.extend_from_slice(b",\"geometry\":");
        serde_json::to_writer(&mut self.buf, geometry)?;
        self.end(properties)
    }

    /// Closes the collection and returns the number of features written.
    pub fn finish(self) -> io::Result<usize> {
        self.out
            .write_all(if self.count == 0 { b"]}\n" } else { b"\n]}\n" })?;
        Ok(self.count)
    }
}

/// The point of a place.
pub fn place_point(place: &Place) -> Point {
    Point {
        lat: place.lat,
        lon: place.lon,
    }
}

/// Where an event at a place is drawn: the place's point, except for Cambodia as a whole. A
/// national fact has no place on a map of Cambodia: its country's label point lies in Kampong
/// Thom, where a reader would take it for an event there, so it is written with no geometry
/// (it stays in the attribute table, the CSV and the timelines). A country abroad keeps its
/// point, which lies in no province, with `geo_precision` 4 for the map to style it apart.
pub fn drawn_point(place: &Place) -> Option<Point> {
    let national = place.kind == PlaceKind::Country && place.country == HOME;
    (!national).then(|| place_point(place))
}

/// The country the maps are of.
const HOME: &str = "KH";

/// Properties of a gazetteer place.
#[derive(Debug, Serialize)]
pub struct PlaceProperties<'a> {
    id: &'a str,
    name: &'a str,
    name_km: Option<&'a str>,
    kind: &'static str,
    aliases: Option<String>,
    province_id: Option<&'a str>,
    province: Option<&'a str>,
    iso_3166_2: Option<&'a str>,
    pcode: Option<&'a str>,
    country: &'a str,
    lat: f64,
    lon: f64,
    precision: &'static str,
    geo_precision: u8,
    source: Option<&'a str>,
    note: Option<&'a str>,
}

impl<'a> PlaceProperties<'a> {
    /// The properties of a place.
    pub fn new(place: &'a Place, gazetteer: &'a Gazetteer) -> Self {
        let province = place.province.map(|p| gazetteer.place(p));
        let non_empty = |s: &'a str| (!s.is_empty()).then_some(s);
        PlaceProperties {
            id: &place.id,
            name: &place.name,
            name_km: non_empty(&place.name_km),
            kind: place.kind.as_str(),
            aliases: (!place.aliases.is_empty()).then(|| place.aliases.join("|")),
            province_id: province.map(|p| p.id.as_str()),
            province: province.map(|p| p.name.as_str()),
            iso_3166_2: province.map(|p| p.iso_3166_2.as_str()),
            pcode: province.and_then(|p| non_empty(&p.pcode)),
            country: &place.country,
            lat: super::text::round6(place.lat),
            lon: super::text::round6(place.lon),
            precision: place.precision.as_str(),
            geo_precision: place.geo_precision(),
            source: non_empty(&place.source),
            note: non_empty(&place.note),
        }
    }
}

/// A GeoJSON layer of gazetteer places; `places.geojson` holds Cambodia's (provinces and
/// zones), since country points would stretch the layer's extent to the whole world.
pub fn write_places<'g>(
    out: &mut dyn Write,
    name: &str,
    places: impl Iterator<Item = &'g Place>,
    gazetteer: &Gazetteer,
) -> io::Result<usize> {
    let mut writer = FeatureWriter::start(out, name)?;
    for place in places {
        writer.point(
            &place.id,
            place_point(place),
            &PlaceProperties::new(place, gazetteer),
        )?;
    }
    writer.finish()
}
