//! Reading and validating the gazetteer's three CSV files, built-in and user-supplied.

use super::normalize::name_key;
use super::{Gazetteer, Place, PlaceIdx, PlaceKind, PointPrecision, Via};
use crate::diagnostics::{Code, Diagnostic};
use crate::table::{read_rows, utf8_field, Limits};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const PROVINCES: &str = include_str!("../../gazetteer/provinces.csv");
const ZONES: &str = include_str!("../../gazetteer/zones.csv");
const COUNTRIES: &str = include_str!("../../gazetteer/countries.csv");

const PROVINCE_COLUMNS: &[&str] = &[
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
];
const PROVINCE_REQUIRED: &[&str] = &["id", "iso_3166_2", "name", "lat", "lon"];
const ZONE_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "name",
    "name_km",
    "aliases",
    "province",
    "lat",
    "lon",
    "precision",
    "source",
    "note",
];
const ZONE_REQUIRED: &[&str] = &["id", "kind", "name", "province", "lat", "lon", "precision"];
const COUNTRY_COLUMNS: &[&str] = &[
    "id",
    "iso_3166_1",
    "name",
    "name_km",
    "aliases",
    "lat",
    "lon",
    "source",
];
const COUNTRY_REQUIRED: &[&str] = &["id", "iso_3166_1", "name", "lat", "lon"];

/// Cambodia's extent with a margin for its islands and border points (a bounding box: a point
/// outside it is certainly not in Cambodia; one inside may still be in a neighbour).
const CAMBODIA_LAT: (f64, f64) = (9.5, 14.8);
const CAMBODIA_LON: (f64, f64) = (102.2, 107.8);

/// Why a gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file in the override folder exists but could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The override folder does not exist or is not a folder.
    #[error("{} is not a folder; --gazetteer takes a folder holding provinces.csv, zones.csv and/or countries.csv", path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// Some rows are invalid.
    #[error("the gazetteer has {} error(s)", .0.len())]
    Invalid(Vec<Diagnostic>),
}

/// One CSV row: its fields by known-column index, their 1-based columns in the file (0 when
/// the file has no such column), and where it came from.
struct Row {
    file: String,
    line: u64,
    fields: Vec<String>,
    columns: Vec<u64>,
}

impl Row {
    fn get(&self, known: &[&str], name: &str) -> &str {
        known
            .iter()
            .position(|k| *k == name)
            .map_or("", |k| self.fields[k].as_str())
    }

    fn column(&self, known: &[&str], name: &str) -> u64 {
        known
            .iter()
            .position(|k| *k == name)
            .map_or(0, |k| self.columns[k])
    }
}

/// The rows of one table.
struct Table {
    rows: Vec<Row>,
}

fn read_table(
    file: &str,
    bytes: &[u8],
    known: &[&str],
    required: &[&str],
    table: &mut Table,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Reading from memory cannot fail with an I/O error.
    let _ = read_rows(
        bytes,
        file,
        known,
        required,
        Limits::default(),
        diagnostics,
        |header, line, record, diagnostics| {
            let mut fields = Vec::with_capacity(known.len());
            for (k, name) in known.iter().enumerate() {
                let value = header.position(k).and_then(|pos| {
                    utf8_field(file, line, &record[pos], pos as u64 + 1, name, diagnostics)
                });
                fields.push(value.unwrap_or("").trim().to_owned());
            }
            let columns = (0..known.len())
                .map(|k| header.position(k).map_or(0, |pos| pos as u64 + 1))
                .collect();
            table.rows.push(Row {
                file: file.to_owned(),
                line,
                fields,
                columns,
            });
        },
    );
}

/// Reads the built-in table and, if the override folder has the same file, merges its rows
/// in: a row whose `id` is already there replaces it, a new `id` is added.
fn read_merged(
    name: &str,
    builtin: &str,
    dir: Option<&Path>,
    known: &[&str],
    required: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Table, LoadError> {
    let mut table = Table { rows: Vec::new() };
    read_table(
        &format!("<built-in>/gazetteer/{name}"),
        builtin.as_bytes(),
        known,
        required,
        &mut table,
        diagnostics,
    );
    let Some(dir) = dir else { return Ok(table) };
    let path = dir.join(name);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(table),
        Err(source) => return Err(LoadError::Io { path, source }),
    };
    let mut extra = Table { rows: Vec::new() };
    read_table(
        &path.display().to_string(),
        &bytes,
        known,
        required,
        &mut extra,
        diagnostics,
    );
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in extra.rows {
        let id = row.get(known, "id").to_owned();
        if let Some(first) = seen.insert(id.clone(), row.line) {
            diagnostics.push(
                Diagnostic::line(
                    &row.file,
                    row.line,
                    Code::DuplicateId,
                    format!("id `{id}` is already used on line {first} of this file"),
                )
                .with_hint("give each place its own id"),
            );
            continue;
        }
        match table.rows.iter_mut().find(|r| r.get(known, "id") == id) {
            Some(existing) => *existing = row,
            None => table.rows.push(row),
        }
    }
    Ok(table)
}

impl Gazetteer {
    /// The gazetteer embedded in the binary.
    pub fn builtin() -> Result<Gazetteer, LoadError> {
        Gazetteer::load(None)
    }

    /// The built-in gazetteer with the rows of `dir` (any of `provinces.csv`, `zones.csv`,
    /// `countries.csv`) added or replacing rows with the same id.
    pub fn load(dir: Option<&Path>) -> Result<Gazetteer, LoadError> {
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(LoadError::NotAFolder {
                    path: dir.to_owned(),
                });
            }
        }
        let mut diagnostics = Vec::new();
        let provinces = read_merged(
            "provinces.csv",
            PROVINCES,
            dir,
            PROVINCE_COLUMNS,
            PROVINCE_REQUIRED,
            &mut diagnostics,
        )?;
        let zones = read_merged(
            "zones.csv",
            ZONES,
            dir,
            ZONE_COLUMNS,
            ZONE_REQUIRED,
            &mut diagnostics,
        )?;
        let countries = read_merged(
            "countries.csv",
            COUNTRIES,
            dir,
            COUNTRY_COLUMNS,
            COUNTRY_REQUIRED,
            &mut diagnostics,
        )?;
        let mut builder = Builder::default();
        builder.provinces(&provinces, &mut diagnostics);
        builder.zones(&zones, &mut diagnostics);
        builder.countries(&countries, &mut diagnostics);
        let gazetteer = builder.finish(&mut diagnostics);
        if diagnostics.is_empty() {
            Ok(gazetteer)
        } else {
            Err(LoadError::Invalid(diagnostics))
        }
    }
}

#[derive(Default)]
struct Builder {
    places: Vec<Place>,
    by_id: HashMap<String, PlaceIdx>,
}

/// Checks one row's fields and reports each problem against its column.
struct RowCheck<'a> {
    row: &'a Row,
    known: &'a [&'a str],
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl RowCheck<'_> {
    fn get(&self, name: &str) -> &str {
        self.row.get(self.known, name)
    }

    fn report(&mut self, name: &str, code: Code, message: String, hint: &str) {
        let column = self.row.column(self.known, name);
        self.diagnostics.push(
            Diagnostic::field(&self.row.file, self.row.line, column, name, code, message)
                .with_hint(hint.to_owned()),
        );
    }

    fn non_empty(&mut self, name: &str) -> String {
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

    fn id(&mut self) -> String {
        let id = self.non_empty("id");
        let ok = id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !id.is_empty() && !ok {
            self.report(
                "id",
                Code::BadId,
                format!("id `{id}` is not a slug"),
                "use lower-case ASCII letters, digits and hyphens, e.g. `thmor-da-sez`",
            );
        }
        id
    }

    fn coordinate(&mut self, name: &str, range: (f64, f64), what: &str) -> f64 {
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

    fn point(&mut self, in_cambodia: bool) -> (f64, f64) {
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

    fn aliases(&self) -> Vec<String> {
        self.get("aliases")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

impl Builder {
    fn check<'a>(
        row: &'a Row,
        known: &'a [&'a str],
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> RowCheck<'a> {
        RowCheck {
            row,
            known,
            diagnostics,
        }
    }

    /// Adds a place and returns its index, unless its id is empty or taken (reported).
    fn push(&mut self, place: Place, diagnostics: &mut Vec<Diagnostic>) -> Option<PlaceIdx> {
        if place.id.is_empty() {
            return None;
        }
        if let Some(existing) = self.by_id.get(&place.id) {
            let first = &self.places[existing.get()].origin;
            diagnostics.push(
                Diagnostic::line(
                    &place.origin.0,
                    place.origin.1,
                    Code::DuplicateId,
                    format!(
                        "id `{}` is already used at {}:{}",
                        place.id, first.0, first.1
                    ),
                )
                .with_hint(
                    "ids are shared by provinces, zones and countries: give this place another id",
                ),
            );
            return None;
        }
        let idx = PlaceIdx(u32::try_from(self.places.len()).unwrap_or(u32::MAX));
        self.by_id.insert(place.id.clone(), idx);
        self.places.push(place);
        Some(idx)
    }

    fn provinces(&mut self, table: &Table, diagnostics: &mut Vec<Diagnostic>) {
        let mut rows: Vec<&Row> = table.rows.iter().collect();
        rows.sort_by_key(|r| iso_number(r.get(PROVINCE_COLUMNS, "iso_3166_2")).unwrap_or(u32::MAX));
        for row in rows {
            let mut c = Builder::check(row, PROVINCE_COLUMNS, diagnostics);
            let id = c.id();
            let name = c.non_empty("name");
            let iso = c.get("iso_3166_2").to_owned();
            if iso_number(&iso).is_none() {
                c.report(
                    "iso_3166_2",
                    Code::BadCode,
                    format!("`{iso}` is not an ISO 3166-2:KH code"),
                    "write KH- and the province number, e.g. KH-18",
                );
            }
            let pcode = c.get("pcode").to_owned();
            let pcode_ok = pcode.is_empty()
                || (pcode.len() == 4
                    && pcode.starts_with("KH")
                    && pcode[2..].bytes().all(|b| b.is_ascii_digit()));
            if !pcode_ok {
                c.report(
                    "pcode",
                    Code::BadCode,
                    format!("`{pcode}` is not an admin-1 P-code"),
                    "write KH and two digits, e.g. KH18",
                );
            }
            let (lat, lon) = c.point(true);
            let place = Place {
                id,
                kind: PlaceKind::Province,
                name,
                name_km: c.get("name_km").to_owned(),
                aliases: c.aliases(),
                province: None,
                country: "KH".to_owned(),
                iso_3166_2: iso,
                pcode,
                seat: c.get("seat").to_owned(),
                lat,
                lon,
                precision: PointPrecision::Province,
                source: c.get("source").to_owned(),
                note: String::new(),
                origin: (row.file.clone(), row.line),
            };
            if let Some(idx) = self.push(place, diagnostics) {
                self.places[idx.get()].province = Some(idx);
            }
        }
        let mut seen: HashMap<String, &Place> = HashMap::new();
        for place in &self.places {
            if let Some(other) = seen.insert(place.iso_3166_2.clone(), place) {
                diagnostics.push(
                    Diagnostic::line(
                        &place.origin.0,
                        place.origin.1,
                        Code::DuplicateCode,
                        format!("{} is also the code of `{}`", place.iso_3166_2, other.id),
                    )
                    .with_hint("each province has its own ISO 3166-2 code"),
                );
            }
        }
    }

    fn zones(&mut self, table: &Table, diagnostics: &mut Vec<Diagnostic>) {
        let mut rows: Vec<&Row> = table.rows.iter().collect();
        rows.sort_by(|a, b| a.get(ZONE_COLUMNS, "id").cmp(b.get(ZONE_COLUMNS, "id")));
        for row in rows {
            let mut c = Builder::check(row, ZONE_COLUMNS, diagnostics);
            let id = c.id();
            let name = c.non_empty("name");
            let kind_text = c.get("kind").to_owned();
            let kind = PlaceKind::parse(&kind_text).filter(|k| *k > PlaceKind::Province);
            if kind.is_none() {
                let valid: Vec<&str> = PlaceKind::ALL[2..].iter().map(|k| k.as_str()).collect();
                c.report(
                    "kind",
                    Code::UnknownKind,
                    format!("unknown zone kind `{kind_text}`"),
                    &format!("one of: {}", valid.join(", ")),
                );
            }
            let precision_text = c.get("precision").to_owned();
            let precision = PointPrecision::parse(&precision_text);
            if precision.is_none() {
                c.report(
                    "precision",
                    Code::UnknownPrecision,
                    format!("unknown precision `{precision_text}`"),
                    "one of: exact, approximate, town, district, province (how good the point is)",
                );
            }
            let province_id = c.get("province").to_owned();
            let province = self
                .by_id
                .get(&province_id)
                .copied()
                .filter(|p| self.places[p.get()].kind == PlaceKind::Province);
            if province.is_none() {
                let ids: Vec<&str> = self
                    .places
                    .iter()
                    .filter(|p| p.kind == PlaceKind::Province)
                    .map(|p| p.id.as_str())
                    .collect();
                let hint = crate::table::did_you_mean(&province_id, ids.iter().copied())
                    .map_or_else(
                        || "the id of a row in provinces.csv, e.g. `pursat`".to_owned(),
                        |s| format!("did you mean `{s}`?"),
                    );
                c.report(
                    "province",
                    Code::UnknownProvince,
                    format!("province `{province_id}` is not a province id"),
                    &hint,
                );
            }
            let (lat, lon) = c.point(true);
            let place = Place {
                id,
                kind: kind.unwrap_or(PlaceKind::Site),
                name,
                name_km: c.get("name_km").to_owned(),
                aliases: c.aliases(),
                province,
                country: "KH".to_owned(),
                iso_3166_2: String::new(),
                pcode: String::new(),
                seat: String::new(),
                lat,
                lon,
                precision: precision.unwrap_or(PointPrecision::Approximate),
                source: c.get("source").to_owned(),
                note: c.get("note").to_owned(),
                origin: (row.file.clone(), row.line),
            };
            self.push(place, diagnostics);
        }
    }

    fn countries(&mut self, table: &Table, diagnostics: &mut Vec<Diagnostic>) {
        let mut rows: Vec<&Row> = table.rows.iter().collect();
        rows.sort_by(|a, b| {
            a.get(COUNTRY_COLUMNS, "id")
                .cmp(b.get(COUNTRY_COLUMNS, "id"))
        });
        for row in rows {
            let mut c = Builder::check(row, COUNTRY_COLUMNS, diagnostics);
            let id = c.id();
            let name = c.non_empty("name");
            let code = c.get("iso_3166_1").to_owned();
            if !crate::countries::is_alpha2(&code) {
                c.report(
                    "iso_3166_1",
                    Code::BadCode,
                    format!("`{code}` is not an ISO 3166-1 alpha-2 code"),
                    "two capital letters, e.g. TH",
                );
            }
            let (lat, lon) = c.point(false);
            let place = Place {
                id,
                kind: PlaceKind::Country,
                name,
                name_km: c.get("name_km").to_owned(),
                aliases: c.aliases(),
                province: None,
                country: code,
                iso_3166_2: String::new(),
                pcode: String::new(),
                seat: String::new(),
                lat,
                lon,
                precision: PointPrecision::Country,
                source: c.get("source").to_owned(),
                note: String::new(),
                origin: (row.file.clone(), row.line),
            };
            self.push(place, diagnostics);
        }
    }

    fn finish(self, diagnostics: &mut Vec<Diagnostic>) -> Gazetteer {
        let mut gazetteer = Gazetteer {
            places: self.places,
            by_id: self.by_id,
            primary: HashMap::new(),
            secondary: HashMap::new(),
            seat_zone: HashMap::new(),
        };
        let (mut primary, mut secondary) = (HashMap::new(), HashMap::new());
        for (idx, place) in gazetteer.places() {
            // Names before the id, so that a lookup reports the name a person would recognise.
            let names = [
                (Via::Name, place.name.as_str()),
                (Via::NameKm, place.name_km.as_str()),
            ]
            .into_iter()
            .chain(
                place
                    .aliases
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (Via::Alias(i), a.as_str())),
            )
            .chain(std::iter::once((Via::Id, place.id.as_str())));
            for (via, text) in names {
                let key = name_key(text);
                if key.full.is_empty() {
                    continue;
                }
                insert_once(&mut primary, key.full, idx, via);
                if let Some(core) = key.core {
                    insert_once(&mut secondary, core, idx, via);
                }
            }
        }
        secondary.retain(|key, _| !primary.contains_key(key));
        gazetteer.primary = primary;
        gazetteer.secondary = secondary;
        gazetteer.seat_zone = gazetteer.find_seats();
        gazetteer.check_collisions(diagnostics);
        gazetteer
    }
}

fn insert_once(
    index: &mut HashMap<String, Vec<(PlaceIdx, Via)>>,
    key: String,
    idx: PlaceIdx,
    via: Via,
) {
    let entries = index.entry(key).or_default();
    if !entries.iter().any(|(p, _)| *p == idx) {
        entries.push((idx, via));
    }
}

/// The number in `KH-18`, if the text is an ISO 3166-2:KH code.
fn iso_number(code: &str) -> Option<u32> {
    code.strip_prefix("KH-")
        .filter(|n| !n.starts_with('0'))
        .and_then(|n| n.parse().ok())
        .filter(|n| (1..=99).contains(n))
}

impl Gazetteer {
    /// A province's seat zone is a capital, city or town in it whose name or alias is the
    /// province's `seat`.
    fn find_seats(&self) -> HashMap<PlaceIdx, PlaceIdx> {
        let mut seats = HashMap::new();
        for (province_idx, province) in self.provinces() {
            let seat = name_key(&province.seat).full;
            if seat.is_empty() {
                continue;
            }
            let zone = self.places().find(|(_, z)| {
                z.province == Some(province_idx)
                    && matches!(
                        z.kind,
                        PlaceKind::Capital | PlaceKind::City | PlaceKind::Town
                    )
                    && std::iter::once(&z.name)
                        .chain(&z.aliases)
                        .any(|n| name_key(n).full == seat)
            });
            if let Some((zone_idx, _)) = zone {
                seats.insert(province_idx, zone_idx);
            }
        }
        seats
    }

    /// Two places may share a name only where the resolver's rules decide between them.
    fn check_collisions(&self, diagnostics: &mut Vec<Diagnostic>) {
        let mut clashes: Vec<(&String, &Vec<(PlaceIdx, Via)>)> = self
            .primary
            .iter()
            .chain(&self.secondary)
            .filter(|(_, entries)| entries.len() > 1)
            .collect();
        clashes.sort();
        for (key, entries) in clashes {
            let candidates: Vec<PlaceIdx> = entries.iter().map(|(p, _)| *p).collect();
            if self.decide(candidates.clone(), None).is_ok() {
                continue;
            }
            let Some(last) = candidates.iter().max_by_key(|p| &self.place(**p).origin) else {
                continue;
            };
            let place = self.place(*last);
            let names: Vec<String> = candidates.iter().map(|p| self.describe(*p)).collect();
            diagnostics.push(
                Diagnostic::line(
                    &place.origin.0,
                    place.origin.1,
                    Code::AmbiguousName,
                    format!(
                        "the name `{key}` (normalised) belongs to {}",
                        names.join(" and ")
                    ),
                )
                .with_hint("remove the alias from one of them, or give it a more specific name"),
            );
        }
    }
}
