//! The flat properties every event carries: one table, read by the GeoJSON layers and the CSV
//! alike, so that the two can never disagree on a name, an order or a value.
//!
//! GDAL (and so QGIS) types a property by looking at every feature, so each property keeps one
//! JSON type across all features: text or null, integer or null, a full `YYYY-MM-DD` date or
//! null. No nested objects. Columns the schema marks as carried come from the schema: those
//! the lists here do not place are added after the ones they do, in schema order. The inputs'
//! extra columns ([`ExtraColumns`]) come last, as text or null, in the order the run met them.

use super::geojson::{drawn_point, place_point};
use super::text::{coordinate, formula_safe};
use crate::events::{Event, ExtraColumns, Leg, Mode, Point, Stage};
use crate::gazetteer::{Gazetteer, Place, PlaceIdx};
use crate::schema::{Carried, Col, Kind, Required, COLUMNS};
use chrono::NaiveDate;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::LazyLock;

/// One property's value, typed so that each output writes it its own way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// Always text.
    Text(&'a str),
    /// Text or nothing (null in JSON, an empty cell in CSV).
    Maybe(Option<&'a str>),
    /// A whole number or nothing.
    Whole(Option<u64>),
    /// True or false.
    Flag(bool),
    /// A calendar day or nothing.
    Day(Option<NaiveDate>),
    /// A day with a time of midnight, `YYYY-MM-DD 00:00` (kepler.gl's playback needs a time).
    Midnight(Option<NaiveDate>),
    /// A coordinate, rounded to 6 decimals.
    Coordinate(Option<f64>),
}

impl Value<'_> {
    /// The value as a CSV cell: text made formula-safe, numbers plain, nothing empty.
    pub fn cell(&self) -> Cow<'_, str> {
        match *self {
            Value::Text(text) | Value::Maybe(Some(text)) => formula_safe(text),
            Value::Maybe(None)
            | Value::Whole(None)
            | Value::Day(None)
            | Value::Midnight(None)
            | Value::Coordinate(None) => Cow::Borrowed(""),
            Value::Whole(Some(n)) => Cow::Owned(n.to_string()),
            Value::Flag(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            Value::Day(Some(day)) => Cow::Owned(IsoDay::new(day, false).as_str().to_owned()),
            Value::Midnight(Some(day)) => Cow::Owned(IsoDay::new(day, true).as_str().to_owned()),
            Value::Coordinate(Some(v)) => Cow::Owned(coordinate(v)),
        }
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Value::Text(text) => serializer.serialize_str(text),
            Value::Maybe(text) => text.serialize(serializer),
            Value::Whole(n) => n.serialize(serializer),
            Value::Flag(b) => serializer.serialize_bool(b),
            Value::Day(None) | Value::Midnight(None) => serializer.serialize_none(),
            Value::Day(Some(day)) => serializer.serialize_str(IsoDay::new(day, false).as_str()),
            Value::Midnight(Some(day)) => serializer.serialize_str(IsoDay::new(day, true).as_str()),
            Value::Coordinate(v) => v.map(super::text::round6).serialize(serializer),
        }
    }
}

/// A day as `YYYY-MM-DD` (with ` 00:00` for midnight), written into a buffer on the stack:
/// chrono's `Display` goes through its `Debug` and a `String`, a cost paid for every date of
/// every row. Years outside 0-9999 (which chrono writes with a sign) take chrono's way.
pub struct IsoDay {
    bytes: [u8; 16],
    len: usize,
    other: Option<String>,
}

impl IsoDay {
    /// The day, with a time of midnight when `midnight`.
    pub fn new(day: NaiveDate, midnight: bool) -> IsoDay {
        use chrono::Datelike;
        let mut out = IsoDay {
            bytes: *b"0000-00-00 00:00",
            len: if midnight { 16 } else { 10 },
            other: None,
        };
        let Ok(year @ 0..=9999) = u32::try_from(day.year()) else {
            let time = if midnight { " 00:00" } else { "" };
            out.other = Some(format!("{day}{time}"));
            return out;
        };
        let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
        for (at, n) in [(0, year / 1000), (1, year / 100), (2, year / 10), (3, year)] {
            out.bytes[at] = digit(n);
        }
        for (at, n) in [(5, day.month()), (8, day.day())] {
            out.bytes[at] = digit(n / 10);
            out.bytes[at + 1] = digit(n);
        }
        out
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.other {
            Some(text) => text,
            // Only ASCII digits and separators were written.
            None => std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default(),
        }
    }
}

/// Everything the properties of one event are computed from: the event and what it joins to.
pub struct Row<'a> {
    /// The event.
    pub event: &'a Event,
    /// Its place.
    pub place: Option<&'a Place>,
    /// Its place's province.
    pub province: Option<&'a Place>,
    /// Its point: its own, or its place's.
    pub point: Option<Point>,
    /// Its movement's two ends, for a movement (for one leg of it, the leg's).
    pub ends: Option<Ends<'a>>,
    /// The journey it is a leg of (see `Event::journey`).
    pub journey: Option<&'a str>,
    /// Its leg number: the row's `leg`, or the leg's for one leg of a `via` row.
    pub leg: Option<u32>,
}

impl<'a> Row<'a> {
    /// The row of an event, its places looked up in the gazetteer. Cambodia as a whole has no
    /// point (see [`drawn_point`]), unless the row gives its own.
    pub fn new(event: &'a Event, gazetteer: &'a Gazetteer) -> Self {
        let place = event.place.map(|p| gazetteer.place(p));
        Row {
            event,
            place,
            province: event.place.and_then(|p| gazetteer.province_of(p)),
            point: event.point.or_else(|| place.and_then(drawn_point)),
            ends: event
                .movement()
                .map(|(from, to)| Ends::between(from, to, gazetteer)),
            journey: event.journey(),
            leg: event.route.leg,
        }
    }

    /// The row of one leg of an event's movement: the leg's ends and number.
    pub fn leg(leg: &Leg<'a>, gazetteer: &'a Gazetteer) -> Self {
        Row {
            ends: Some(Ends::between(leg.from, leg.to, gazetteer)),
            leg: leg.number,
            ..Row::new(leg.event, gazetteer)
        }
    }
}

/// The origin and destination of a movement, named and placed.
pub struct Ends<'a> {
    /// The origin.
    pub origin: &'a Place,
    /// Its province (or, abroad, the country itself).
    pub origin_area: &'a Place,
    /// The destination.
    pub destination: &'a Place,
    /// Its province (or country).
    pub destination_area: &'a Place,
}

impl<'a> Ends<'a> {
    /// A movement from `origin` to `destination`.
    pub fn between(origin: PlaceIdx, destination: PlaceIdx, gazetteer: &'a Gazetteer) -> Self {
        let area = |p: PlaceIdx| {
            gazetteer
                .province_of(p)
                .unwrap_or_else(|| gazetteer.place(p))
        };
        Ends {
            origin: gazetteer.place(origin),
            origin_area: area(origin),
            destination: gazetteer.place(destination),
            destination_area: area(destination),
        }
    }

    /// The origin's point.
    pub fn from(&self) -> Point {
        place_point(self.origin)
    }

    /// The destination's point.
    pub fn to(&self) -> Point {
        place_point(self.destination)
    }
}

/// Which outputs a property is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    /// Every GeoJSON feature and the CSV.
    Everywhere,
    /// The CSV only (a point or time GeoJSON already has as geometry, or does not need).
    CsvOnly,
}

/// One property: its name, where it goes, and how it is computed.
pub struct Property {
    /// The property's name (a GeoJSON key, a CSV column).
    pub name: &'static str,
    /// Where it is written.
    pub only: Where,
    value: Source,
}

/// Where a property's value comes from.
enum Source {
    /// A schema column, as it is.
    Column(Col),
    /// Computed from the event and its places.
    Derived(for<'a> fn(&Row<'a>) -> Value<'a>),
    /// Computed from a movement's ends (empty for an event that is not one).
    End(for<'a> fn(&Ends<'a>) -> Value<'a>),
}

impl Property {
    const fn column(col: Col) -> Property {
        Property {
            name: "",
            only: Where::Everywhere,
            value: Source::Column(col),
        }
    }

    const fn derived(name: &'static str, value: for<'a> fn(&Row<'a>) -> Value<'a>) -> Property {
        Property {
            name,
            only: Where::Everywhere,
            value: Source::Derived(value),
        }
    }

    const fn end(name: &'static str, value: for<'a> fn(&Ends<'a>) -> Value<'a>) -> Property {
        Property {
            name,
            only: Where::Everywhere,
            value: Source::End(value),
        }
    }

    const fn csv_only(mut self) -> Property {
        self.only = Where::CsvOnly;
        self
    }

    /// The property's name.
    pub fn name(&self) -> &'static str {
        match self.value {
            Source::Column(col) => col.name(),
            _ => self.name,
        }
    }

    /// Its value for one row.
    pub fn value<'a>(&self, row: &Row<'a>) -> Value<'a> {
        match &self.value {
            Source::Column(col) => column_value(row.event, *col),
            Source::Derived(f) => f(row),
            Source::End(f) => row
                .ends
                .as_ref()
                .map_or(Value::Maybe(None), |ends| match f(ends) {
                    Value::Text(text) => Value::Maybe(Some(text)),
                    other => other,
                }),
        }
    }
}

/// A carried column's value: required text is always text, other text is text or nothing.
fn column_value(event: &Event, col: Col) -> Value<'_> {
    let column = col.column();
    match column.kind {
        Kind::Id
        | Kind::Text
        | Kind::List
        | Kind::Nationalities
        | Kind::Urls
        | Kind::Journey
        | Kind::Via => {
            let text = event.text(col);
            if column.required == Required::Yes {
                Value::Text(text)
            } else {
                Value::Maybe(Some(text).filter(|t| !t.is_empty()))
            }
        }
        Kind::EventType => Value::Text(event.kind.as_str()),
        Kind::Status => Value::Text(event.status().as_str()),
        Kind::Sensitivity => Value::Text(event.sensitivity().as_str()),
        Kind::Date => Value::Text(event.date.text()),
        Kind::Count => Value::Whole(event.counts.get(col)),
        // `source_date` is the schema's one column of days.
        Kind::Day => Value::Day(event.source_date),
        Kind::Leg => Value::Whole(event.route.leg.map(u64::from)),
        Kind::Stage => Value::Maybe(event.route.stage.map(Stage::as_str)),
        Kind::Mode => Value::Maybe(event.route.mode.map(Mode::as_str)),
        // Places and coordinates are carried as what they resolve to (see below), not as
        // written; a test keeps them from being marked carried.
        Kind::Place | Kind::Coordinate => Value::Maybe(None),
    }
}

fn maybe(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// The properties before a movement's ends: the event, its dates, its place.
const HEAD: &[Property] = &[
    Property::column(Col::Id),
    Property::column(Col::Title),
    Property::column(Col::Type),
    Property::column(Col::Date),
    Property::derived("start", |r| Value::Day(Some(r.event.date.map_start()))),
    Property::derived("open_start", |r| Value::Flag(r.event.date.open_start())),
    Property::derived("end", |r| Value::Day(r.event.date.end_day())),
    Property::derived("start_time", |r| {
        Value::Midnight(Some(r.event.date.map_start()))
    })
    .csv_only(),
    Property::derived("precision", |r| {
        Value::Text(r.event.date.precision().as_str())
    }),
    Property::derived("qualifier", |r| {
        Value::Maybe(maybe(r.event.date.qualifier().as_str()))
    }),
    Property::derived("place_id", |r| Value::Maybe(r.place.map(|p| p.id.as_str()))),
    Property::derived("place_name", |r| {
        Value::Maybe(r.place.map(|p| p.name.as_str()))
    }),
    Property::derived("place_kind", |r| {
        Value::Maybe(r.place.map(|p| p.kind.as_str()))
    }),
    Property::derived("province_id", |r| {
        Value::Maybe(r.province.map(|p| p.id.as_str()))
    }),
    Property::derived("province", |r| {
        Value::Maybe(r.province.map(|p| p.name.as_str()))
    }),
    Property::derived("iso_3166_2", |r| {
        Value::Maybe(r.province.map(|p| p.iso_3166_2.as_str()))
    }),
    Property::derived("pcode", |r| {
        Value::Maybe(r.province.and_then(|p| maybe(&p.pcode)))
    }),
    Property::derived("geo_precision", geo_precision),
    Property::derived("lat", |r| Value::Coordinate(r.point.map(|p| p.lat))).csv_only(),
    Property::derived("lon", |r| Value::Coordinate(r.point.map(|p| p.lon))).csv_only(),
];

/// 1 for a row's own point, else its place's (1 site, 2 town, 3 province, 4 country).
fn geo_precision<'a>(row: &Row<'a>) -> Value<'a> {
    let level = match (row.event.point, row.place) {
        (Some(_), _) => Some(1),
        (None, place) => place.map(Place::geo_precision),
    };
    Value::Whole(level.map(u64::from))
}

/// A movement's ends; the coordinate pairs are the CSV's (kepler.gl draws arcs from them).
const ENDS: &[Property] = &[
    Property::end("origin_id", |e| Value::Text(&e.origin.id)),
    Property::end("origin_name", |e| Value::Text(&e.origin.name)),
    Property::end("origin_province", |e| Value::Text(&e.origin_area.name)),
    Property::end("origin_lat", |e| Value::Coordinate(Some(e.from().lat))).csv_only(),
    Property::end("origin_lng", |e| Value::Coordinate(Some(e.from().lon))).csv_only(),
    Property::end("destination_id", |e| Value::Text(&e.destination.id)),
    Property::end("destination_name", |e| Value::Text(&e.destination.name)),
    Property::end("destination_province", |e| {
        Value::Text(&e.destination_area.name)
    }),
    Property::end("dest_lat", |e| Value::Coordinate(Some(e.to().lat))).csv_only(),
    Property::end("dest_lng", |e| Value::Coordinate(Some(e.to().lon))).csv_only(),
];

/// A movement's route: its journey and leg (for one leg of a `via` row, the leg's number),
/// what it was for, how it was travelled, and the stops as written.
const ROUTE: &[Property] = &[
    Property::derived("journey", |r| Value::Maybe(r.journey)),
    Property::derived("leg", |r| Value::Whole(r.leg.map(u64::from))),
    Property::derived("stage", |r| {
        Value::Maybe(r.event.route.stage.map(Stage::as_str))
    }),
    Property::derived("mode", |r| {
        Value::Maybe(r.event.route.mode.map(Mode::as_str))
    }),
    Property::derived("via", |r| Value::Maybe(maybe(r.event.text(Col::Via)))),
];

/// The carried columns after the ends, in the order outputs have always had them; any other
/// carried column follows, in schema order.
const TAIL: &[Property] = &[
    Property::column(Col::Arrested),
    Property::column(Col::Rescued),
    Property::column(Col::Deported),
    Property::column(Col::Victims),
    Property::column(Col::People),
    Property::column(Col::CountNote),
    Property::column(Col::Nationalities),
    Property::column(Col::Actors),
    Property::column(Col::Source),
    Property::derived("outlets", |r| {
        Value::Whole(Some(r.event.outlets().len() as u64))
    }),
    Property::column(Col::SourceUrl),
    Property::column(Col::SourceDate),
    Property::column(Col::Description),
    Property::column(Col::Tags),
];

/// Which set of properties an output writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A point feature: the head and the tail.
    Point,
    /// A line feature: the head, the tail, then the movement's ends and route.
    Line,
    /// A CSV row: the head, the ends, the route, the tail, CSV-only properties included.
    Csv,
}

/// The properties of a layout, in order.
pub fn properties(layout: Layout) -> &'static [&'static Property] {
    static POINT: LazyLock<Vec<&Property>> = LazyLock::new(|| layout_of(&[HEAD, TAIL], false));
    static LINE: LazyLock<Vec<&Property>> =
        LazyLock::new(|| layout_of(&[HEAD, TAIL, ENDS, ROUTE], false));
    static CSV: LazyLock<Vec<&Property>> =
        LazyLock::new(|| layout_of(&[HEAD, ENDS, ROUTE, TAIL], true));
    match layout {
        Layout::Point => &POINT,
        Layout::Line => &LINE,
        Layout::Csv => &CSV,
    }
}

/// The listed parts in order, each carried column the parts do not place right after the tail.
fn layout_of(parts: &[&'static [Property]], csv: bool) -> Vec<&'static Property> {
    static REST: LazyLock<Vec<Property>> = LazyLock::new(|| {
        let placed = |col: Col| {
            HEAD.iter()
                .chain(TAIL)
                .any(|p| matches!(p.value, Source::Column(c) if c == col))
        };
        COLUMNS
            .iter()
            .filter(|c| c.carried == Carried::AsProperty && !placed(c.col))
            .map(|c| Property::column(c.col))
            .collect()
    });
    let mut out = Vec::new();
    for part in parts {
        out.extend(part.iter().filter(|p| csv || p.only == Where::Everywhere));
        // By names: a `const` slice has no one address to compare.
        if part
            .iter()
            .map(Property::name)
            .eq(TAIL.iter().map(Property::name))
        {
            out.extend(REST.iter());
        }
    }
    out
}

/// Whether a property of some layout already has this name, compared as GDAL compares field
/// names (in any case): an extra column of that name is carried under another
/// ([`extra_name`]).
pub fn is_taken(name: &str) -> bool {
    [Layout::Point, Layout::Line, Layout::Csv]
        .into_iter()
        .any(|layout| {
            properties(layout)
                .iter()
                .any(|p| p.name().eq_ignore_ascii_case(name))
        })
}

/// What an extra column is called in the outputs: its own name, unless a property tonle
/// writes, or an extra column already met, has it (`Province` beside tonle's `province`):
/// then `Province (sheet)`.
pub fn extra_name(name: &str, extras: &ExtraColumns) -> String {
    let mut out = name.to_owned();
    while is_taken(&out) || extras.has_name(&out) {
        out.push_str(" (sheet)");
    }
    out
}

/// Each extra column the outputs write, with its value for one event: text, or nothing.
pub fn extra_values<'a>(
    event: &'a Event,
    extras: &'a ExtraColumns,
) -> impl Iterator<Item = (&'a str, Value<'a>)> {
    let revealed = extras
        .revealed()
        .iter()
        .map(|col| (col.name(), Value::Maybe(maybe(event.text(*col)))));
    extras
        .visible()
        .map(|(i, name)| (name, Value::Maybe(event.extra(i))))
        .chain(revealed)
}

/// One event's properties as a JSON object, in the layout's order, the extra columns last.
pub struct Properties<'r, 'a> {
    /// The row.
    pub row: &'r Row<'a>,
    /// Which properties.
    pub layout: Layout,
    /// The run's extra columns.
    pub extras: &'r ExtraColumns,
}

impl Serialize for Properties<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let properties = properties(self.layout);
        let mut map = serializer.serialize_map(Some(
            properties.len() + self.extras.visible().count() + self.extras.revealed().len(),
        ))?;
        for p in properties {
            map.serialize_entry(p.name(), &p.value(self.row))?;
        }
        for (name, value) in extra_values(self.row.event, self.extras) {
            map.serialize_entry(name, &value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Access;

    proptest::proptest! {
        /// Any day chrono can hold is written as chrono writes it.
        #[test]
        fn iso_days_are_chronos(n in -400_000i32..4_000_000) {
            let Some(day) = NaiveDate::from_num_days_from_ce_opt(n) else { return Ok(()) };
            let (plain, midnight) = (IsoDay::new(day, false), IsoDay::new(day, true));
            proptest::prop_assert_eq!(plain.as_str(), day.to_string());
            proptest::prop_assert_eq!(midnight.as_str(), format!("{day} 00:00"));
        }
    }

    #[test]
    fn names_are_unique_in_every_layout() {
        for layout in [Layout::Point, Layout::Line, Layout::Csv] {
            let mut names: Vec<&str> = properties(layout).iter().map(|p| p.name()).collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n, "{layout:?}");
        }
    }

    /// Every carried column is a property of every layout, and no private column is.
    #[test]
    fn carried_columns_come_from_the_schema_and_private_ones_never() {
        for layout in [Layout::Point, Layout::Line, Layout::Csv] {
            let names: Vec<&str> = properties(layout).iter().map(|p| p.name()).collect();
            for c in &COLUMNS {
                if c.carried == Carried::AsProperty {
                    assert!(names.contains(&c.name), "{} in {layout:?}", c.name);
                    assert!(
                        !matches!(c.kind, Kind::Place | Kind::Coordinate),
                        "{} is carried as written",
                        c.name
                    );
                }
                if c.access == Access::Private {
                    assert!(!names.contains(&c.name), "{} is private", c.name);
                }
            }
        }
    }
}
