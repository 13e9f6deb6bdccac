//! The shape of a flow: a gentle arc from origin to destination that bulges to the right of
//! the direction of travel, so that A -> B and B -> A lie apart, each on its own side, and each
//! still runs from its origin to its destination (QGIS puts an arrowhead on the last vertex).

use crate::events::Point;

/// Straight stretches an arc is drawn with: enough to look round at the scale of a country.
pub const SEGMENTS: u32 = 8;

/// How far the arc's control point lies from the chord, as a share of the chord's length; the
/// arc's widest point lies half as far (a tenth of the chord).
const BULGE: f64 = 0.2;

/// The vertices of the arc from `from` to `to`, both included: a quadratic Bézier curve whose
/// control point lies off the chord's middle, to its right. Computed on a plane scaled by the
/// cosine of the middle latitude, so the bulge is square to the chord on a map; the ends are
/// the given points exactly. A flow from a point to itself is just those two points.
pub fn arc(from: Point, to: Point) -> Vec<Point> {
    let scale = f64::midpoint(from.lat, to.lat).to_radians().cos().max(0.01);
    let (x0, y0) = (from.lon * scale, from.lat);
    let (x2, y2) = (to.lon * scale, to.lat);
    let (dx, dy) = (x2 - x0, y2 - y0);
    if dx == 0.0 && dy == 0.0 {
        return vec![from, to];
    }
    // Right of the direction (dx, dy), with x east and y north: (dy, -dx).
    let control = (
        f64::midpoint(x0, x2) + BULGE * dy,
        f64::midpoint(y0, y2) - BULGE * dx,
    );
    let mut points = Vec::with_capacity(SEGMENTS as usize + 1);
    points.push(from);
    for i in 1..SEGMENTS {
        let along = f64::from(i) / f64::from(SEGMENTS);
        // The Bernstein weights of the start, the control point and the end.
        let weights = (
            (1.0 - along) * (1.0 - along),
            2.0 * (1.0 - along) * along,
            along * along,
        );
        points.push(Point {
            lon: (weights.0 * x0 + weights.1 * control.0 + weights.2 * x2) / scale,
            lat: weights.0 * y0 + weights.1 * control.1 + weights.2 * y2,
        });
    }
    points.push(to);
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which side of the line from `a` to `b` a point lies on: positive to the left.
    fn side(a: Point, b: Point, p: Point) -> f64 {
        (b.lon - a.lon) * (p.lat - a.lat) - (b.lat - a.lat) * (p.lon - a.lon)
    }

    #[test]
    fn an_arc_runs_from_origin_to_destination_bulging_right() {
        let bavet = Point {
            lat: 11.06,
            lon: 106.14,
        };
        let poipet = Point {
            lat: 13.65,
            lon: 102.56,
        };
        let there = arc(bavet, poipet);
        let back = arc(poipet, bavet);
        assert_eq!(there.len(), SEGMENTS as usize + 1);
        assert_eq!((there[0], there[there.len() - 1]), (bavet, poipet));
        assert_eq!((back[0], back[back.len() - 1]), (poipet, bavet));
        for p in &there[1..there.len() - 1] {
            assert!(
                side(bavet, poipet, *p) < 0.0,
                "right of the way there: {p:?}"
            );
        }
        for p in &back[1..back.len() - 1] {
            assert!(
                side(bavet, poipet, *p) > 0.0,
                "the way back on the other side: {p:?}"
            );
        }
        // Gentle: the middle vertex lies a tenth of the chord off it (on the scaled plane).
        let k = 12.355_f64.to_radians().cos();
        let (dx, dy) = ((poipet.lon - bavet.lon) * k, poipet.lat - bavet.lat);
        let chord = dx.hypot(dy);
        let mid = there[SEGMENTS as usize / 2];
        let offset = ((mid.lon - f64::midpoint(bavet.lon, poipet.lon)) * k)
            .hypot(mid.lat - f64::midpoint(bavet.lat, poipet.lat))
            / chord;
        assert!((offset - 0.1).abs() < 1e-9, "{offset}");
    }

    #[test]
    fn a_flow_to_the_same_point_is_two_points() {
        let p = Point {
            lat: 11.0,
            lon: 104.0,
        };
        assert_eq!(arc(p, p), vec![p, p]);
    }
}
