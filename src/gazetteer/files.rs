//! The gazetteer's files: which there are, their columns, a row as read from one, and the
//! checks of a row's fields. Apart from reading the files (`load.rs`) and building places from
//! their rows (`build.rs`, `admin.rs`), which all need these and so would otherwise need each
//! other.

use super::PointPrecision;
use crate::diagnostics::{Code, Diagnostic};

/// Cambodia's extent with a margin for its islands and border points (a bounding box: a point
/// outside it is certainly not in Cambodia; one inside may still be in a neighbour).
const CAMBODIA_LAT: (f64, f64) = (9.5, 14.8);
const CAMBODIA_LON: (f64, f64) = (102.2, 107.8);

/// One of the gazetteer's files: its name, its built-in rows and its columns.
pub(super) struct Spec {
    /// The file name, the same in `gazetteer/` and in an override folder.
    pub name: &'static str,
    /// The built-in file's text.
    pub builtin: &'static str,
    /// Every column the file may have.
    pub columns: &'static [&'static str],
    /// The columns it must have.
    pub required: &'static [&'static str],
}

pub(super) const PROVINCES: Spec = Spec {
    name: "provinces.csv",
    builtin: include_str!("../../gazetteer/provinces.csv"),
    columns: &[
        "id",
        "iso_3166_2",
        "pcode",
        "name",
        "name_km",
        "aliases",
        "seat",
        "lat",
        "lon",
        "source",
    ],
    required: &["id", "iso_3166_2", "name", "lat", "lon"],
};

pub(super) const ZONES: Spec = Spec {
    name: "zones.csv",
    builtin: include_str!("../../gazetteer/zones.csv"),
    columns: &[
        "id",
        "kind",
        "name",
        "name_km",
        "aliases",
        "province",
        "within",
        "code",
        "iso_3166_2",
        "lat",
        "lon",
        "precision",
        "source",
        "note",
    ],
    required: &["id", "kind", "name", "province", "lat", "lon", "precision"],
};

pub(super) const ADMIN: Spec = Spec {
    name: "admin.csv",
    builtin: include_str!("../../gazetteer/admin.csv"),
    columns: &[
        "id",
        "code",
        "kind",
        "name",
        "name_km",
        "parent",
        "lat",
        "lon",
        "precision",
        "geonameid",
    ],
    required: &["id", "code", "kind", "name", "parent"],
};

pub(super) const COUNTRIES: Spec = Spec {
    name: "countries.csv",
    builtin: include_str!("../../gazetteer/countries.csv"),
    columns: &[
        "id",
        "iso_3166_1",
        "name",
        "name_km",
        "aliases",
        "lat",
        "lon",
        "source",
    ],
    required: &["id", "iso_3166_1", "name", "lat", "lon"],
};

/// One CSV row: its fields by known-column index (NFC), their 1-based columns in the file (0
/// when the file has no such column), and where it came from.
pub(super) struct Row {
    pub file: String,
    pub line: u64,
    pub fields: Vec<String>,
    pub columns: Vec<u64>,
}

impl Row {
    pub fn get(&self, known: &[&str], name: &str) -> &str {
        known
            .iter()
            .position(|k| *k == name)
            .map_or("", |k| self.fields[k].as_str())
    }

    pub fn column(&self, known: &[&str], name: &str) -> u64 {
        known
            .iter()
            .position(|k| *k == name)
            .map_or(0, |k| self.columns[k])
    }
}

/// Checks one row's fields and reports each problem against its column.
pub(super) struct RowCheck<'a> {
    pub row: &'a Row,
    pub known: &'a [&'a str],
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl RowCheck<'_> {
    pub fn get(&self, name: &str) -> &str {
        self.row.get(self.known, name)
    }

    pub fn report(&mut self, name: &str, code: Code, message: String, hint: &str) {
        let column = self.row.column(self.known, name);
        self.diagnostics.push(
            Diagnostic::field(&self.row.file, self.row.line, column, name, code, message)
                .with_hint(hint.to_owned()),
        );
    }

    pub(super) fn non_empty(&mut self, name: &str) -> String {
        let value = self.get(name).to_owned();
        if value.is_empty() {
            self.report(
                name,
                Code::MissingValue,
                format!("`{name}` is empty"),
                "every place needs one",
            );
        }
        value
    }

    pub(super) fn id(&mut self) -> String {
        let id = self.non_empty("id");
        let ok = id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id.is_empty() && !ok {
            self.report(
                "id",
                Code::BadId,
                format!("id `{}` is not a slug", id.escape_debug()),
                "use lower-case ASCII letters, digits and hyphens, e.g. `thmor-da-sez`",
            );
        }
        id
    }

    pub(super) fn coordinate(&mut self, name: &str, range: (f64, f64), what: &str) -> f64 {
        let text = self.get(name).to_owned();
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= range.0 && v <= range.1 => v,
            Ok(v) if v.is_finite() => {
                self.report(
                    name,
                    Code::OutOfRange,
                    format!("{name} {text} is outside {what}"),
                    &format!(
                        "{name} must be between {} and {}; check that lat and lon are not swapped",
                        range.0, range.1
                    ),
                );
                v
            }
            _ => {
                self.report(
                    name,
                    Code::BadNumber,
                    format!("{name} `{text}` is not a number"),
                    "write decimal degrees with a dot, e.g. 10.60932",
                );
                0.0
            }
        }
    }

    pub(super) fn point(&mut self, in_cambodia: bool) -> (f64, f64) {
        if in_cambodia {
            (
                self.coordinate("lat", CAMBODIA_LAT, "Cambodia"),
                self.coordinate("lon", CAMBODIA_LON, "Cambodia"),
            )
        } else {
            (
                self.coordinate("lat", (-90.0, 90.0), "the range of latitudes"),
                self.coordinate("lon", (-180.0, 180.0), "the range of longitudes"),
            )
        }
    }

    pub fn point_in_cambodia(&mut self) -> (f64, f64) {
        self.point(true)
    }

    pub fn precision(&mut self) -> PointPrecision {
        let text = self.get("precision").to_owned();
        PointPrecision::parse(&text).unwrap_or_else(|| {
            self.report(
                "precision",
                Code::UnknownPrecision,
                format!("unknown precision `{text}`"),
                "one of: exact, approximate, town, district, province (how good the point is)",
            );
            PointPrecision::Approximate
        })
    }

    pub(super) fn aliases(&self) -> Vec<String> {
        self.get("aliases")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect()
    }
}
