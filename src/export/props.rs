//! The flat properties every event carries into GeoJSON and CSV.
//!
//! GDAL (and so QGIS) types a property by looking at every feature, so each property keeps one
//! JSON type across all features: text or null, integer or null, a full `YYYY-MM-DD` date or
//! null. No nested objects.

use super::geojson::place_point;
use crate::events::{Event, Point};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use crate::schema::Col;
use chrono::NaiveDate;
use serde::Serialize;

/// Properties of one event, in output order.
#[derive(Debug, Serialize)]
pub struct EventProperties<'a> {
    /// Event id.
    pub id: &'a str,
    /// Headline.
    pub title: &'a str,
    /// Event type.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// EDTF as written.
    pub date: &'a str,
    /// Earliest day; for an open or unknown start, the first day of the end's period (see
    /// `open_start`), so that QGIS's temporal filter keeps the event.
    pub start: Option<NaiveDate>,
    /// Whether the start is open or unknown, so `start` is only where the value is placed.
    pub open_start: bool,
    /// Latest day; null when the end is open or unknown.
    pub end: Option<NaiveDate>,
    /// `day`, `month` or `year`.
    pub precision: &'static str,
    /// `uncertain`, `approximate`, `uncertain-approximate`, or null.
    pub qualifier: Option<&'static str>,
    /// The gazetteer place, if the event has one.
    pub place_id: Option<&'a str>,
    /// Its name.
    pub place_name: Option<&'a str>,
    /// Its kind.
    pub place_kind: Option<&'static str>,
    /// The province it lies in.
    pub province_id: Option<&'a str>,
    /// The province's name.
    pub province: Option<&'a str>,
    /// The province's ISO 3166-2 code.
    pub iso_3166_2: Option<&'a str>,
    /// The province's P-code.
    pub pcode: Option<&'a str>,
    /// 1 site, 2 town/district/commune, 3 province, 4 country; 1 for a row's own point.
    pub geo_precision: Option<u8>,
    /// People arrested.
    pub arrested: Option<u64>,
    /// People rescued.
    pub rescued: Option<u64>,
    /// People deported.
    pub deported: Option<u64>,
    /// Victims.
    pub victims: Option<u64>,
    /// People involved.
    pub people: Option<u64>,
    /// How to read the counts.
    pub count_note: Option<&'a str>,
    /// `CN:62;VN:9`.
    pub nationalities: Option<&'a str>,
    /// `;`-separated.
    pub actors: Option<&'a str>,
    /// The outlet or body.
    pub source: &'a str,
    /// `;`-separated http(s) URLs.
    pub source_url: Option<&'a str>,
    /// Publication date.
    pub source_date: Option<NaiveDate>,
    /// A few sentences.
    pub description: Option<&'a str>,
    /// `;`-separated.
    pub tags: Option<&'a str>,
}

/// A movement: the event's properties and where it went from and to.
#[derive(Debug, Serialize)]
pub struct MovementProperties<'a> {
    /// Everything an event has.
    #[serde(flatten)]
    pub event: EventProperties<'a>,
    /// Its two ends.
    #[serde(flatten)]
    pub ends: MovementEnds<'a>,
}

/// The origin and destination of a movement, named and placed.
#[derive(Debug, Serialize)]
pub struct MovementEnds<'a> {
    /// Origin place id.
    pub origin_id: &'a str,
    /// Origin name.
    pub origin_name: &'a str,
    /// Origin's province (or country, abroad).
    pub origin_province: &'a str,
    /// Destination place id.
    pub destination_id: &'a str,
    /// Destination name.
    pub destination_name: &'a str,
    /// Destination's province (or country, abroad).
    pub destination_province: &'a str,
    /// The origin's point (the geometry, not a property).
    #[serde(skip)]
    pub from: Point,
    /// The destination's point.
    #[serde(skip)]
    pub to: Point,
}

impl<'a> MovementEnds<'a> {
    /// The ends of a movement; `None` for an event that is not one.
    pub fn new(event: &Event, gazetteer: &'a Gazetteer) -> Option<Self> {
        let (origin, destination) = event.movement()?;
        let area = |p: PlaceIdx| {
            gazetteer
                .province_of(p)
                .map_or(gazetteer.place(p).name.as_str(), |prov| prov.name.as_str())
        };
        let (o, d) = (gazetteer.place(origin), gazetteer.place(destination));
        Some(MovementEnds {
            origin_id: &o.id,
            origin_name: &o.name,
            origin_province: area(origin),
            destination_id: &d.id,
            destination_name: &d.name,
            destination_province: area(destination),
            from: place_point(o),
            to: place_point(d),
        })
    }
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

impl<'a> EventProperties<'a> {
    /// The properties of an event, its place looked up in the gazetteer.
    pub fn new(event: &'a Event, gazetteer: &'a Gazetteer) -> Self {
        let place = event.place.map(|p| gazetteer.place(p));
        let province = event.place.and_then(|p| gazetteer.province_of(p));
        let geo_precision = match (event.point, place) {
            (Some(_), _) => Some(1),
            (None, Some(place)) => Some(place.geo_precision()),
            (None, None) => None,
        };
        EventProperties {
            id: event.id(),
            title: event.title(),
            kind: event.kind.as_str(),
            date: &event.date.text,
            start: event.date.map_start(),
            open_start: event.date.open_start(),
            end: event.date.end_day(),
            precision: event.date.precision().as_str(),
            qualifier: non_empty(event.date.qualifier().as_str()),
            place_id: place.map(|p| p.id.as_str()),
            place_name: place.map(|p| p.name.as_str()),
            place_kind: place.map(|p| p.kind.as_str()),
            province_id: province.map(|p| p.id.as_str()),
            province: province.map(|p| p.name.as_str()),
            iso_3166_2: province.map(|p| p.iso_3166_2.as_str()),
            pcode: province.and_then(|p| non_empty(&p.pcode)),
            geo_precision,
            arrested: event.counts.get(Col::Arrested),
            rescued: event.counts.get(Col::Rescued),
            deported: event.counts.get(Col::Deported),
            victims: event.counts.get(Col::Victims),
            people: event.counts.get(Col::People),
            count_note: non_empty(event.count_note()),
            nationalities: non_empty(event.nationalities()),
            actors: non_empty(event.actors()),
            source: event.source(),
            source_url: non_empty(event.source_urls_text()),
            source_date: event.source_date,
            description: non_empty(event.description()),
            tags: non_empty(event.tags()),
        }
    }
}
