//! `journeys.geojson`: one LineString per journey, through its legs in leg order, with the
//! journey's first and last dates and its events. A journey is a `journey` id shared by rows
//! (one leg each; `crate::journeys` has checked that they connect) or a row with `via` (its id
//! is the journey's). A plain movement is no journey: it is in `movements.geojson` alone.
//!
//! With filters (`--from`, `--type`, ...) some legs of a journey may be left out. The journey is
//! then drawn through the legs kept; where a left-out leg breaks the chain, the line is split
//! rather than drawn straight across the gap, and each part is a feature of its own, with the
//! leg numbers it covers in its id (`xu#1-2`, `xu#4`) and in `first_leg`/`last_leg`. Legs are
//! gathered as events come and written at the end, so the layer streams (its memory grows with
//! the legs of journeys, not with the events).

use super::geojson::{place_point, FeatureWriter};
use super::{About, Context, Output, Sink};
use crate::events::{Event, EventType, Mode, Stage};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The journeys layer.
pub struct Journeys;

impl Output for Journeys {
    fn about(&self) -> &'static About {
        &About {
            name: "journeys",
            file: "journeys.geojson",
            items: super::geojson::FEATURES,
            doc: "a LineString per journey (rows sharing a `journey`, or a row with `via`) through its legs in order",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Layer {
            gazetteer: ctx.gazetteer,
            out,
            journeys: BTreeMap::new(),
        }))
    }
}

/// What a journey's line needs of one leg.
#[derive(Debug, Clone)]
struct LegOf {
    number: u32,
    from: PlaceIdx,
    to: PlaceIdx,
    event: String,
    kind: EventType,
    stage: Option<Stage>,
    mode: Option<Mode>,
    start: NaiveDate,
    /// `None` for an open or unknown end.
    end: Option<NaiveDate>,
    people: Option<u64>,
}

struct Layer<'a> {
    gazetteer: &'a Gazetteer,
    out: &'a mut dyn Write,
    journeys: BTreeMap<String, Vec<LegOf>>,
}

impl Sink for Layer<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        for leg in event.legs() {
            let (Some(journey), Some(number)) = (leg.journey(), leg.number) else {
                continue;
            };
            self.journeys
                .entry(journey.to_owned())
                .or_default()
                .push(LegOf {
                    number,
                    from: leg.from,
                    to: leg.to,
                    event: event.id().to_owned(),
                    kind: event.kind,
                    stage: event.route.stage,
                    mode: event.route.mode,
                    start: event.date.map_start(),
                    end: event.date.end_day(),
                    people: event.counts.involved(),
                });
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<usize> {
        let mut parts = Vec::new();
        for (journey, legs) in &mut self.journeys {
            legs.sort_by_key(|l| l.number);
            let runs = runs(legs);
            let whole = runs.len() == 1;
            parts.extend(runs.into_iter().map(|run| (journey.as_str(), run, whole)));
        }
        // By first day, then id, as the other layers.
        parts.sort_by(|a, b| (start(a.1), a.0).cmp(&(start(b.1), b.0)));
        let mut writer = FeatureWriter::start(self.out, "journeys")?;
        for (journey, run, whole) in parts {
            let (first, last) = (run[0].number, run[run.len() - 1].number);
            let id = match (whole, first == last) {
                (true, _) => journey.to_owned(),
                (false, true) => format!("{journey}#{first}"),
                (false, false) => format!("{journey}#{first}-{last}"),
            };
            let stops: Vec<PlaceIdx> = std::iter::once(run[0].from)
                .chain(run.iter().map(|l| l.to))
                .collect();
            let line: Vec<_> = stops
                .iter()
                .map(|p| place_point(self.gazetteer.place(*p)))
                .collect();
            let properties = JourneyProperties::of(journey, run, &stops, self.gazetteer);
            writer.path(&id, &line, &properties)?;
        }
        writer.finish()
    }
}

/// The first day of a run of legs.
fn start(run: &[LegOf]) -> NaiveDate {
    run.iter().map(|l| l.start).min().unwrap_or(NaiveDate::MIN)
}

/// The legs split where one does not start where the one before ends (a leg left out by a
/// filter, or a duplicate a failed check has reported).
fn runs(legs: &[LegOf]) -> Vec<&[LegOf]> {
    let mut runs = Vec::new();
    let mut begin = 0;
    for i in 1..=legs.len() {
        if i == legs.len() || legs[i].from != legs[i - 1].to {
            runs.push(&legs[begin..i]);
            begin = i;
        }
    }
    runs
}

/// Distinct values in order of first appearance, `;`-separated; `None` when there are none.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    for v in values {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    (!seen.is_empty()).then(|| seen.join(";"))
}

/// A journey's properties.
#[derive(Serialize)]
struct JourneyProperties<'a> {
    journey: &'a str,
    legs: usize,
    first_leg: u32,
    last_leg: u32,
    origin_id: &'a str,
    origin_name: &'a str,
    destination_id: &'a str,
    destination_name: &'a str,
    /// Every stop's name, origin and destination included.
    route: String,
    stages: Option<String>,
    modes: Option<String>,
    types: Option<String>,
    start: NaiveDate,
    end: Option<NaiveDate>,
    events: usize,
    event_ids: String,
    /// The largest count any leg gives: legs of one journey carry mostly the same people.
    people: Option<u64>,
}

impl<'a> JourneyProperties<'a> {
    fn of(journey: &'a str, run: &'a [LegOf], stops: &[PlaceIdx], g: &'a Gazetteer) -> Self {
        let origin = g.place(stops[0]);
        let destination = g.place(stops[stops.len() - 1]);
        let names: Vec<&str> = stops.iter().map(|p| g.place(*p).name.as_str()).collect();
        let event_ids = distinct(run.iter().map(|l| l.event.as_str())).unwrap_or_default();
        JourneyProperties {
            journey,
            legs: run.len(),
            first_leg: run[0].number,
            last_leg: run[run.len() - 1].number,
            origin_id: &origin.id,
            origin_name: &origin.name,
            destination_id: &destination.id,
            destination_name: &destination.name,
            route: names.join(";"),
            stages: distinct(run.iter().filter_map(|l| l.stage.map(Stage::as_str))),
            modes: distinct(run.iter().filter_map(|l| l.mode.map(Mode::as_str))),
            types: distinct(run.iter().map(|l| l.kind.as_str())),
            start: start(run),
            end: run
                .iter()
                .map(|l| l.end)
                .collect::<Option<Vec<_>>>()
                .and_then(|ends| ends.into_iter().max()),
            events: event_ids.split(';').count(),
            event_ids,
            people: run.iter().filter_map(|l| l.people).max(),
        }
    }
}
