//! The story page's data, shaped exactly as its contract says (`README.md` in this folder): the
//! head (title, range, types, statuses, the map's outlines) written before the first event, one
//! object per event, and the flows after them. Field order is the contract's order, so the
//! page's data reads the same as the contract.

use super::super::legend::{colour, Category};
use super::super::Summary;
use crate::countries;
use crate::events::{Event, EventType};
use crate::gazetteer::{Gazetteer, Place, PlaceIdx, PlaceKind};
use chrono::NaiveDate;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// Everything before the events.
#[derive(Debug, Serialize)]
pub struct Head<'a> {
    /// The contract's version.
    pub version: u32,
    /// The page's title.
    pub title: &'a str,
    /// What wrote the page.
    pub generator: String,
    /// `public`, or anything else for an internal export (the page then shows a banner).
    pub profile: &'a str,
    /// The credits for the outlines.
    pub attribution: Vec<&'a str>,
    /// The default play step.
    pub period: &'static str,
    /// The days the events cover.
    pub range: Range,
    /// The types present, with their colours and categories.
    pub types: Vec<TypeEntry>,
    /// The statuses an event may have.
    pub statuses: Vec<Status>,
    /// The outlines.
    pub map: super::map::MapData<'a>,
}

/// The first and last day of the events.
#[derive(Debug, Serialize)]
pub struct Range {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

/// One type, as the page's filter and colours take it.
#[derive(Debug, Serialize)]
pub struct TypeEntry {
    id: &'static str,
    label: &'static str,
    colour: String,
    group: &'static str,
}

/// One status.
#[derive(Debug, Serialize)]
pub struct Status {
    id: &'static str,
    label: &'static str,
}

/// The statuses of the publishing profile, in order of confidence.
const STATUSES: [(&str, &str); 4] = [
    ("confirmed", "Confirmed"),
    ("reported", "Reported"),
    ("alleged", "Alleged"),
    ("disputed", "Disputed"),
];

impl Range {
    /// The days of the summary: the earliest start, the last day covered.
    pub fn of(summary: &Summary) -> Range {
        Range {
            start: summary.first_start,
            end: summary.last_day,
        }
    }
}

/// The types present, grouped by category (so the page lists related types together).
pub fn types(summary: &Summary) -> Vec<TypeEntry> {
    let mut present: Vec<EventType> = summary.types.iter().copied().collect();
    present.sort_by_key(|&t| (Category::of(t), EventType::ALL.iter().position(|&a| a == t)));
    present
        .into_iter()
        .map(|t| TypeEntry {
            id: t.as_str(),
            label: t.label(),
            colour: colour(t).hex(),
            group: Category::of(t).as_str(),
        })
        .collect()
}

/// Every status.
pub fn statuses() -> Vec<Status> {
    STATUSES
        .iter()
        .map(|&(id, label)| Status { id, label })
        .collect()
}

/// The play step that suits the range: months for a year or less, years beyond twelve years.
pub fn period(range: &Range) -> &'static str {
    let days = match (range.start, range.end) {
        (Some(a), Some(b)) => (b - a).num_days(),
        _ => 0,
    };
    match days {
        ..=366 => "month",
        367..=4383 => "quarter",
        _ => "year",
    }
}

/// One event, as the page reads it.
#[derive(Debug, Serialize)]
pub struct StoryEvent<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    tags: Vec<&'a str>,
    date: StoryDate<'a>,
    place: Option<StoryPlace<'a>>,
    national: bool,
    place_text: Option<&'a str>,
    movement: Option<Movement<'a>>,
    counts: Counts<'a>,
    count_note: Option<&'a str>,
    nationalities: Vec<Nationality>,
    actors: Vec<&'a str>,
    description: Option<&'a str>,
    sources: Vec<Source<'a>>,
}

#[derive(Debug, Serialize)]
struct StoryDate<'a> {
    text: &'a str,
    label: String,
    start: NaiveDate,
    end: Option<NaiveDate>,
    open_start: bool,
    precision: &'static str,
    qualifier: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct StoryPlace<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    precision: &'static str,
    geo_precision: u8,
    lat: f64,
    lon: f64,
    province_id: Option<&'a str>,
    province: Option<&'a str>,
    country: &'a str,
}

/// A movement's end.
#[derive(Debug, Serialize)]
struct Endpoint<'a> {
    id: &'a str,
    name: &'a str,
    lat: f64,
    lon: f64,
    precision: &'static str,
    province_id: Option<&'a str>,
    province: Option<&'a str>,
    country: &'a str,
}

#[derive(Debug, Serialize)]
struct Movement<'a> {
    from: Endpoint<'a>,
    to: Endpoint<'a>,
    journey: Option<&'a str>,
    leg: Option<u32>,
    stage: Option<&'a str>,
    mode: Option<&'a str>,
}

/// The counts by column name, in schema order; unknown is null.
#[derive(Debug)]
struct Counts<'a>(&'a Event);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (col, value) in self.0.counts.iter() {
            map.serialize_entry(col.name(), &value)?;
        }
        map.end()
    }
}

#[derive(Debug, Serialize)]
struct Nationality {
    code: String,
    name: String,
    count: Option<u64>,
}

#[derive(Debug, Serialize)]
struct Source<'a> {
    name: &'a str,
    url: Option<&'a str>,
    date: Option<NaiveDate>,
}

fn maybe(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

fn list(text: &str) -> Vec<&str> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

impl<'a> StoryEvent<'a> {
    /// The page's view of an event.
    pub fn new(event: &'a Event, gazetteer: &'a Gazetteer) -> Self {
        let date = &event.date;
        let qualifier = date.qualifier().as_str();
        let place = event.place.map(|p| place(event, p, gazetteer));
        let movement = event.movement().map(|(from, to)| Movement {
            from: endpoint(from, gazetteer),
            to: endpoint(to, gazetteer),
            journey: None,
            leg: None,
            stage: None,
            mode: None,
        });
        StoryEvent {
            id: event.id(),
            title: event.title(),
            kind: event.kind.as_str(),
            status: event.status().as_str(),
            tags: list(event.tags()),
            date: StoryDate {
                text: date.text(),
                label: date.label(),
                start: date.map_start(),
                end: date.end_day(),
                open_start: date.open_start(),
                precision: date.precision().as_str(),
                qualifier: maybe(qualifier),
            },
            national: event
                .place
                .is_some_and(|p| gazetteer.place(p).kind == PlaceKind::Country),
            place,
            place_text: maybe(event.place_text()),
            movement,
            counts: Counts(event),
            count_note: maybe(event.count_note()),
            nationalities: nationalities(event.nationalities()),
            actors: list(event.actors()),
            description: maybe(event.description()),
            sources: sources(event),
        }
    }
}

fn place<'a>(event: &'a Event, idx: PlaceIdx, gazetteer: &'a Gazetteer) -> StoryPlace<'a> {
    let p = gazetteer.place(idx);
    let province = gazetteer.province_of(idx);
    let (precision, geo_precision, lat, lon) = match event.point {
        Some(point) => ("exact", 1, point.lat, point.lon),
        None => (p.precision.as_str(), p.geo_precision(), p.lat, p.lon),
    };
    StoryPlace {
        id: &p.id,
        name: &p.name,
        kind: p.kind.as_str(),
        precision,
        geo_precision,
        lat: round(lat),
        lon: round(lon),
        province_id: province.map(|p| p.id.as_str()),
        province: province.map(|p| p.name.as_str()),
        country: &p.country,
    }
}

fn endpoint(idx: PlaceIdx, gazetteer: &Gazetteer) -> Endpoint<'_> {
    let p: &Place = gazetteer.place(idx);
    let province = gazetteer.province_of(idx);
    Endpoint {
        id: &p.id,
        name: &p.name,
        lat: round(p.lat),
        lon: round(p.lon),
        precision: p.precision.as_str(),
        province_id: province.map(|p| p.id.as_str()),
        province: province.map(|p| p.name.as_str()),
        country: &p.country,
    }
}

/// A coordinate to 6 decimals, as every output writes them.
fn round(v: f64) -> f64 {
    super::super::text::round6(v)
}

/// `CN:62;VN` as a list with ISO's names (or the code, for a code ISO lacks).
fn nationalities(text: &str) -> Vec<Nationality> {
    list(text)
        .into_iter()
        .map(|item| {
            let (code, count) = match item.split_once(':') {
                Some((code, count)) => (code.trim(), count.trim().parse().ok()),
                None => (item, None),
            };
            let name = countries::by_alpha2(code).map_or(code, |c| c.label());
            Nationality {
                code: code.to_owned(),
                name: name.to_owned(),
                count,
            }
        })
        .collect()
}

/// Every source, each outlet with its own link (see `Event::sources`) and the row's date.
fn sources(event: &Event) -> Vec<Source<'_>> {
    event
        .sources()
        .into_iter()
        .map(|(name, url)| Source {
            name,
            url,
            date: event.source_date,
        })
        .collect()
}
