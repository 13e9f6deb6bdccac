//! GeoPackage geometry blobs (GeoPackage 1.2, §2.1.3): the `GP` header with the SRS id and
//! the envelope, then the geometry as little-endian ISO WKB. Geometries come from the GeoJSON
//! layers, so they are read here from their GeoJSON form.

use serde::Deserialize;

/// The SRS every layer is in: WGS84 longitude/latitude, as GeoJSON is (RFC 7946).
pub const SRS_ID: i32 = 4326;

/// A GeoJSON position: longitude, latitude.
type Position = [f64; 2];

/// A GeoJSON geometry, as the layers write them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", content = "coordinates")]
pub enum Geometry {
    /// One point.
    Point(Position),
    /// Several points.
    MultiPoint(Vec<Position>),
    /// A line through its positions.
    LineString(Vec<Position>),
    /// Several lines.
    MultiLineString(Vec<Vec<Position>>),
    /// An outer ring and its holes.
    Polygon(Vec<Vec<Position>>),
    /// Several polygons.
    MultiPolygon(Vec<Vec<Vec<Position>>>),
}

/// The smallest box around a geometry: `[min_x, max_x, min_y, max_y]`, the GeoPackage order.
pub type Envelope = [f64; 4];

impl Geometry {
    /// Its name in `gpkg_geometry_columns` and in the table's declared column type.
    pub fn type_name(&self) -> &'static str {
        match self {
            Geometry::Point(_) => "POINT",
            Geometry::MultiPoint(_) => "MULTIPOINT",
            Geometry::LineString(_) => "LINESTRING",
            Geometry::MultiLineString(_) => "MULTILINESTRING",
            Geometry::Polygon(_) => "POLYGON",
            Geometry::MultiPolygon(_) => "MULTIPOLYGON",
        }
    }

    /// The WKB geometry type code (ISO 13249-3, 2D).
    fn code(&self) -> u32 {
        match self {
            Geometry::Point(_) => 1,
            Geometry::LineString(_) => 2,
            Geometry::Polygon(_) => 3,
            Geometry::MultiPoint(_) => 4,
            Geometry::MultiLineString(_) => 5,
            Geometry::MultiPolygon(_) => 6,
        }
    }

    /// Every position, in order.
    fn positions(&self) -> Box<dyn Iterator<Item = &Position> + '_> {
        match self {
            Geometry::Point(p) => Box::new(std::iter::once(p)),
            Geometry::MultiPoint(ps) | Geometry::LineString(ps) => Box::new(ps.iter()),
            Geometry::MultiLineString(lines) | Geometry::Polygon(lines) => {
                Box::new(lines.iter().flatten())
            }
            Geometry::MultiPolygon(polygons) => Box::new(polygons.iter().flatten().flatten()),
        }
    }

    /// Its envelope; `None` for an empty geometry.
    pub fn envelope(&self) -> Option<Envelope> {
        self.positions().fold(None, |env, &[x, y]| {
            Some(match env {
                None => [x, x, y, y],
                Some([x0, x1, y0, y1]) => [x0.min(x), x1.max(x), y0.min(y), y1.max(y)],
            })
        })
    }

    /// The GeoPackage blob: header (little-endian, SRS 4326, the envelope unless the geometry
    /// is a point, whose envelope is itself, or empty), then WKB.
    pub fn blob(&self) -> Vec<u8> {
        let envelope = match self {
            Geometry::Point(_) => None,
            _ => self.envelope(),
        };
        let empty = self.positions().next().is_none();
        let mut out = Vec::with_capacity(8 + 32 + 5 + 16 * self.positions().count());
        out.extend_from_slice(b"GP");
        out.push(0); // version 1
        let envelope_code = u8::from(envelope.is_some());
        out.push(1 | (envelope_code << 1) | (u8::from(empty) << 4));
        out.extend_from_slice(&SRS_ID.to_le_bytes());
        for v in envelope.iter().flatten() {
            out.extend_from_slice(&v.to_le_bytes());
        }
        self.wkb(&mut out);
        out
    }

    /// Appends the geometry as little-endian WKB.
    fn wkb(&self, out: &mut Vec<u8>) {
        out.push(1);
        out.extend_from_slice(&self.code().to_le_bytes());
        match self {
            Geometry::Point(p) => position(out, *p),
            Geometry::LineString(ps) => positions(out, ps),
            Geometry::Polygon(rings) => {
                count(out, rings.len());
                for ring in rings {
                    positions(out, ring);
                }
            }
            Geometry::MultiPoint(ps) => {
                count(out, ps.len());
                for p in ps {
                    Geometry::Point(*p).wkb(out);
                }
            }
            Geometry::MultiLineString(lines) => {
                count(out, lines.len());
                for line in lines {
                    out.push(1);
                    out.extend_from_slice(&2u32.to_le_bytes());
                    positions(out, line);
                }
            }
            Geometry::MultiPolygon(polygons) => {
                count(out, polygons.len());
                for rings in polygons {
                    out.push(1);
                    out.extend_from_slice(&3u32.to_le_bytes());
                    count(out, rings.len());
                    for ring in rings {
                        positions(out, ring);
                    }
                }
            }
        }
    }
}

/// A WKB count. Counts above `u32::MAX` cannot come from a GeoJSON layer tonle writes (a
/// ring of four billion points); they are saturated rather than wrapped.
fn count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn position(out: &mut Vec<u8>, [x, y]: Position) {
    out.extend_from_slice(&x.to_le_bytes());
    out.extend_from_slice(&y.to_le_bytes());
}

fn positions(out: &mut Vec<u8>, ps: &[Position]) {
    count(out, ps.len());
    for p in ps {
        position(out, *p);
    }
}

#[cfg(test)]
// The values written are read back bit for bit: exact comparison is the point.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;

    fn f64_at(blob: &[u8], at: usize) -> f64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&blob[at..at + 8]);
        f64::from_le_bytes(b)
    }

    fn u32_at(blob: &[u8], at: usize) -> u32 {
        let mut b = [0u8; 4];
        b.copy_from_slice(&blob[at..at + 4]);
        u32::from_le_bytes(b)
    }

    #[test]
    fn a_point_has_a_header_without_envelope_then_wkb() {
        let blob = Geometry::Point([104.9, 11.55]).blob();
        assert_eq!(&blob[..4], b"GP\x00\x01");
        assert_eq!(&blob[4..8], &4326i32.to_le_bytes());
        assert_eq!(blob[8], 1, "little-endian WKB");
        assert_eq!(u32_at(&blob, 9), 1, "Point");
        assert_eq!(f64_at(&blob, 13), 104.9);
        assert_eq!(f64_at(&blob, 21), 11.55);
        assert_eq!(blob.len(), 8 + 21);
    }

    #[test]
    fn a_line_carries_its_envelope_in_gpkg_order() {
        let line = Geometry::LineString(vec![[105.0, 12.0], [103.5, 13.5], [104.0, 11.0]]);
        let blob = line.blob();
        assert_eq!(
            blob[3], 0b0000_0011,
            "little-endian, envelope [minx, maxx, miny, maxy]"
        );
        let envelope: Vec<f64> = (0..4).map(|i| f64_at(&blob, 8 + 8 * i)).collect();
        assert_eq!(envelope, [103.5, 105.0, 11.0, 13.5]);
        assert_eq!(blob[40], 1);
        assert_eq!(u32_at(&blob, 41), 2, "LineString");
        assert_eq!(u32_at(&blob, 45), 3, "three points");
        assert_eq!(f64_at(&blob, 49 + 16), 103.5);
        assert_eq!(blob.len(), 40 + 9 + 3 * 16);
    }

    #[test]
    fn a_multipolygon_nests_polygons_and_rings() {
        let ring = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
        let far = vec![[5.0, 5.0], [6.0, 5.0], [6.0, 7.0], [5.0, 5.0]];
        let shape = Geometry::MultiPolygon(vec![vec![ring], vec![far]]);
        assert_eq!(shape.envelope(), Some([0.0, 6.0, 0.0, 7.0]));
        let blob = shape.blob();
        assert_eq!(u32_at(&blob, 41), 6, "MultiPolygon");
        assert_eq!(u32_at(&blob, 45), 2, "two polygons");
        assert_eq!((blob[49], u32_at(&blob, 50)), (1, 3), "a Polygon inside");
        assert_eq!(u32_at(&blob, 54), 1, "one ring");
        assert_eq!(u32_at(&blob, 58), 4, "four points");
        assert_eq!(blob.len(), 40 + 9 + 2 * (9 + 4 + 4 * 16));
    }

    #[test]
    fn an_empty_line_is_flagged_empty_without_envelope() {
        let blob = Geometry::LineString(vec![]).blob();
        assert_eq!(blob[3], 0b0001_0001);
        assert_eq!(blob.len(), 8 + 9);
    }

    #[test]
    fn geometries_read_from_geojson() {
        let g: Geometry =
            serde_json::from_str(r#"{"type":"LineString","coordinates":[[1,2],[3,4.5]]}"#)
                .expect("valid");
        assert_eq!(g, Geometry::LineString(vec![[1.0, 2.0], [3.0, 4.5]]));
        assert_eq!(g.type_name(), "LINESTRING");
    }
}
