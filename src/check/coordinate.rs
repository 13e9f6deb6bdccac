//! Coordinates: decimal degrees, finite, in range, with a hint when lat and lon look swapped.

use super::Problem;
use crate::diagnostics::Code;
use crate::events::Point;
use crate::schema::Col;

/// Reads one coordinate (non-empty).
pub fn coordinate(text: &str) -> Result<f64, Problem> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(Problem::new(Code::BadNumber, format!("`{text}` is not a coordinate")).hint(
            "write decimal degrees with a dot, e.g. 10.609 (not NaN, infinity or degrees-minutes-seconds)",
        )),
    }
}

/// The point of a latitude and a longitude, each given as (text, value); the column at fault
/// when one is out of range (latitude first).
pub fn point(lat: (&str, f64), lon: (&str, f64)) -> Result<Point, (Col, Problem)> {
    if lat.1.abs() > 90.0 {
        let hint = if lon.1.abs() <= 90.0 {
            "lat and lon look swapped: latitude comes first and Cambodia's is about 10 to 15"
        } else {
            "latitude is between -90 and 90"
        };
        let problem = Problem::new(
            Code::OutOfRange,
            format!("latitude {} is out of range", lat.0),
        )
        .hint(hint);
        return Err((Col::Lat, problem));
    }
    if lon.1.abs() > 180.0 {
        let problem = Problem::new(
            Code::OutOfRange,
            format!("longitude {} is out of range", lon.0),
        )
        .hint("longitude is between -180 and 180");
        return Err((Col::Lon, problem));
    }
    Ok(Point {
        lat: lat.1,
        lon: lon.1,
    })
}
