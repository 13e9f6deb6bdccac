//! Flows: the legs of every movement summed by origin -> destination and by period, for maps
//! of where people and operations go over time. `flows.geojson` draws each as an arc
//! ([`arc`]) with the period's first and last days as typed dates, for QGIS's Temporal
//! Controller; `flows.csv` ([`csv`]) gives kepler.gl the two coordinate pairs it draws arcs
//! from.
//!
//! The ends are summed at a level (`--flow-level`): each place as it is, or its province
//! inside Cambodia and its country abroad (the default), or its country. A flow counts each
//! event once (a `via` row counts once in each flow its legs make); its `people` is the
//! [`Tally`]'s. A leg whose ends fall in one area at the level (Sihanoukville to a compound in
//! Sihanoukville, by province) makes no flow: it would be a line of no length. It stays in
//! `movements.geojson`. Events are summed as they come, so both outputs stream (their memory
//! grows with the number of flows, not of events) and are written at the end.

mod arc;
pub mod csv;

pub use arc::arc;

use super::geojson::{place_point, FeatureWriter};
use super::period::{Period, Span};
use super::redact::Publish;
use super::tally::{shown, Overflow, Tally};
use super::{About, Context, Output, Sink};
use crate::events::Event;
use crate::gazetteer::{Gazetteer, Place, PlaceIdx, PlaceKind};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Where a flow's ends are summed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FlowLevel {
    /// Each place as it is (Bavet, Thmor Da SEZ, Thailand).
    Place,
    /// A place in Cambodia by its province; a place abroad by its country.
    #[default]
    Province,
    /// Every place by its country.
    Country,
}

impl FlowLevel {
    /// Its name, as `--flow-level` takes it and the `level` property says it.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowLevel::Place => "place",
            FlowLevel::Province => "province",
            FlowLevel::Country => "country",
        }
    }
}

/// The places flows are summed at, for one run.
struct Areas<'g> {
    gazetteer: &'g Gazetteer,
    level: FlowLevel,
    /// Each country by its ISO 3166-1 code, for places in Cambodia (whose walk up the
    /// gazetteer ends at a province).
    countries: BTreeMap<&'g str, PlaceIdx>,
}

impl<'g> Areas<'g> {
    fn new(gazetteer: &'g Gazetteer, level: FlowLevel) -> Self {
        let countries = gazetteer
            .places()
            .filter(|(_, p)| p.kind == PlaceKind::Country)
            .map(|(idx, p)| (p.country.as_str(), idx))
            .collect();
        Areas {
            gazetteer,
            level,
            countries,
        }
    }

    /// The country a place lies in (itself for a country); the place itself if the gazetteer
    /// has no row for its country.
    fn country(&self, idx: PlaceIdx) -> PlaceIdx {
        let g = self.gazetteer;
        g.ancestors(idx)
            .find(|a| g.place(*a).kind == PlaceKind::Country)
            .or_else(|| self.countries.get(g.place(idx).country.as_str()).copied())
            .unwrap_or(idx)
    }

    /// The area a place is summed in at this level.
    fn of(&self, idx: PlaceIdx) -> PlaceIdx {
        match self.level {
            FlowLevel::Place => idx,
            FlowLevel::Province => self
                .gazetteer
                .place(idx)
                .province
                .unwrap_or_else(|| self.country(idx)),
            FlowLevel::Country => self.country(idx),
        }
    }
}

/// A flow's key: its period, then its ends (the order flows are written in).
type Key = (Span, PlaceIdx, PlaceIdx);

/// Every flow of a run, summed as events come, or shared from the run's summary.
pub struct Flows<'g> {
    areas: Areas<'g>,
    sums: Cow<'g, FlowSums>,
}

/// The sums of a run's flows at one level and period, without the gazetteer their keys point
/// into: what the summary keeps, so that every output that draws flows (the layer, the table,
/// the styles of the project and of the GeoPackage, the GeoPackage's layer) shares one set
/// instead of summing its own (at 1M rows, tens of megabytes each).
#[derive(Debug, Clone, Default)]
pub struct FlowSums {
    level: FlowLevel,
    period: Period,
    sums: BTreeMap<Key, Tally>,
}

/// One flow, ready to write.
pub struct Flow<'a> {
    /// Its period.
    pub span: Span,
    /// Where from (the area at the run's level).
    pub origin: &'a Place,
    /// Where to.
    pub destination: &'a Place,
    /// The level its ends are at.
    pub level: FlowLevel,
    /// What it adds up to.
    pub tally: &'a Tally,
}

impl<'g> Flows<'g> {
    /// No flow yet; ends summed at `level`, events counted by `period`.
    pub fn new(gazetteer: &'g Gazetteer, level: FlowLevel, period: Period) -> Self {
        Flows {
            areas: Areas::new(gazetteer, level),
            sums: Cow::Owned(FlowSums {
                level,
                period,
                sums: BTreeMap::new(),
            }),
        }
    }

    /// The flows an output draws: the summary's when the run has one summed at the plan's
    /// level and period (`true`: nothing to add), else its own, summed as the events come
    /// (`false`).
    pub fn for_output(ctx: &Context<'g>) -> io::Result<(Self, bool)> {
        let (level, period) = (ctx.plan.flow_level, ctx.plan.period);
        if ctx.summary.is_some() {
            let shared = ctx.summary()?.flows.as_ref();
            if let Some(sums) = shared.filter(|s| s.level == level && s.period == period) {
                let areas = Areas::new(ctx.gazetteer, level);
                let sums = Cow::Borrowed(sums);
                return Ok((Flows { areas, sums }, true));
            }
        }
        Ok((Flows::new(ctx.gazetteer, level, period), false))
    }

    /// The sums, to keep without the gazetteer.
    pub fn into_sums(self) -> FlowSums {
        self.sums.into_owned()
    }

    /// Adds an event to each flow its legs make, once to each.
    pub fn add(&mut self, event: &Event) -> Result<(), Overflow> {
        let span = self.sums.period.of(event.date.map_start());
        let mut keys: Vec<Key> = event
            .legs()
            .map(|leg| (span, self.areas.of(leg.from), self.areas.of(leg.to)))
            .filter(|(_, from, to)| from != to)
            .collect();
        keys.sort();
        keys.dedup();
        let sums = &mut self.sums.to_mut().sums;
        for key in keys {
            sums.entry(key).or_default().add(event).map_err(|o| {
                let g = self.areas.gazetteer;
                let what = format!(
                    "{} of the flow {} -> {} in {}",
                    o.what,
                    g.place(key.1).name,
                    g.place(key.2).name,
                    key.0.label()
                );
                o.of(what)
            })?;
        }
        Ok(())
    }

    /// Every flow, by period, then origin and destination (in the gazetteer's order).
    pub fn iter(&self) -> impl Iterator<Item = Flow<'_>> {
        let g = self.areas.gazetteer;
        self.sums
            .sums
            .iter()
            .map(move |(&(span, from, to), tally)| Flow {
                span,
                origin: g.place(from),
                destination: g.place(to),
                level: self.areas.level,
                tally,
            })
    }
}

impl Flow<'_> {
    /// The feature id: `preah-sihanouk->pursat/2022-Q4`.
    pub fn id(&self) -> String {
        format!(
            "{}->{}/{}",
            self.origin.id,
            self.destination.id,
            self.span.label()
        )
    }
}

/// A flow's properties: the QGIS project and the story page read them by name.
#[derive(Serialize)]
struct FlowProperties<'a> {
    origin_id: &'a str,
    origin_name: &'a str,
    destination_id: &'a str,
    destination_name: &'a str,
    level: &'static str,
    period: String,
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
    events: Option<u64>,
    people: Option<u64>,
    people_unknown: Option<u64>,
    people_alleged: Option<u64>,
    suppressed: bool,
    first_event: Option<&'a str>,
    last_event: Option<&'a str>,
}

impl<'a> FlowProperties<'a> {
    fn of(flow: &Flow<'a>, publish: &Publish) -> Self {
        let hide = flow.tally.suppressed(publish);
        FlowProperties {
            origin_id: &flow.origin.id,
            origin_name: &flow.origin.name,
            destination_id: &flow.destination.id,
            destination_name: &flow.destination.name,
            level: flow.level.as_str(),
            period: flow.span.label(),
            start: flow.span.start,
            end: flow.span.end(),
            events: shown(hide, flow.tally.events),
            people: shown(hide, flow.tally.people),
            people_unknown: shown(hide, flow.tally.people_unknown),
            people_alleged: shown(hide, flow.tally.people_alleged),
            suppressed: hide,
            first_event: flow.tally.first_event().filter(|_| !hide),
            last_event: flow.tally.last_event().filter(|_| !hide),
        }
    }
}

/// The flows layer.
pub struct FlowsLayer;

impl Output for FlowsLayer {
    fn about(&self) -> &'static About {
        &About {
            name: "flows",
            file: "flows.geojson",
            items: super::geojson::FEATURES,
            doc: "movements summed by origin -> destination and period (--flow-level, --period), an arc each",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        let (flows, summed) = Flows::for_output(&ctx)?;
        Ok(Box::new(Summing {
            flows,
            summed,
            out,
            write: write_layer,
            publish: &ctx.plan.publish,
        }))
    }
}

/// Sums the flows as events come; writes them with `write` at the end.
pub(super) struct Summing<'a> {
    flows: Flows<'a>,
    /// The flows are the summary's, already summed.
    summed: bool,
    out: &'a mut dyn Write,
    write: fn(&mut dyn Write, &Flows, &Publish) -> io::Result<usize>,
    publish: &'a Publish,
}

impl Sink for Summing<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if self.summed {
            return Ok(());
        }
        self.flows
            .add(event)
            .map_err(|o| io::Error::new(io::ErrorKind::InvalidData, o.to_string()))
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        (self.write)(self.out, &self.flows, self.publish)
    }
}

fn write_layer(out: &mut dyn Write, flows: &Flows, publish: &Publish) -> io::Result<usize> {
    let mut writer = FeatureWriter::start(out, "flows")?;
    for flow in flows.iter() {
        let line = arc(place_point(flow.origin), place_point(flow.destination));
        let properties = FlowProperties::of(&flow, publish);
        writer.path(&flow.id(), &line, &properties)?;
    }
    writer.finish()
}
