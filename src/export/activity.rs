//! `activity.geojson`: one MultiPolygon feature per province per period with events in it, so
//! that QGIS's Temporal Controller shows where activity moves (Preah Sihanouk fading as Pursat
//! and Banteay Meanchey rise). Its polygons are the provinces layer's.
//!
//! An event counts in a province's activity when its place lies in the province, or when a
//! leg of its movement ends there (people or operations arriving); once per province, however
//! many of its legs end there. A leg's origin is not counted: a departure is the flow's, and
//! counting both ends would put every relocation in both provinces. National facts lie in no
//! province and count nowhere. Each event is counted in the period of its map start
//! ([`super::period`]), as the [`Tally`] counts it (reserved tags left out).
//!
//! Per feature: the events, by type (`events_raid`, ... every type, zeros included, so GDAL
//! types each column the same), the people, `share` (the province's part of the period's
//! province activity: the shares of a period add up to 1) and `change` (events minus the
//! province's in the period before; null in the layer's first period, when there is nothing
//! before to compare with). Events are summed as they come: the layer streams, and holds one
//! cell per province and period.

use super::period::Span;
use super::provinces::outlines;
use super::redact::Publish;
use super::tally::{shown, Overflow, Tally};
use super::{About, Context, Output, Sink};
use crate::events::{Event, EventType};
use crate::gazetteer::{Gazetteer, PlaceIdx};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The activity layer.
pub struct Activity;

impl Output for Activity {
    fn about(&self) -> &'static About {
        &About {
            name: "activity",
            file: "activity.geojson",
            items: super::geojson::FEATURES,
            doc: "a MultiPolygon per province per period with events in it: counts by type, people, share, change",
            needs_summary: false,
        }
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        let (cells, summed) = Cells::for_output(&ctx)?;
        Ok(Box::new(Layer {
            ctx,
            out,
            cells,
            summed,
        }))
    }
}

/// One province in one period.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Its events and people.
    pub tally: Tally,
    /// Its events by type, in [`EventType::ALL`]'s order.
    pub by_type: [u64; EventType::ALL.len()],
}

/// Every province's activity by period, keyed by (period, province).
#[derive(Debug, Default, Clone)]
pub struct Cells(BTreeMap<(Span, PlaceIdx), Cell>);

/// The activity of a run summed by one period: what the summary keeps, so that the layer and
/// the styles of the project and of the GeoPackage share one set instead of summing their own.
#[derive(Debug, Default, Clone)]
pub struct ActivitySums {
    /// The period the cells are summed by.
    pub period: super::period::Period,
    /// The cells.
    pub cells: Cells,
}

impl Cells {
    /// The cells an output shades: the summary's when the run has one summed by the plan's
    /// period (`true`: nothing to add), else its own, summed as the events come (`false`).
    pub fn for_output<'a>(ctx: &Context<'a>) -> io::Result<(Cow<'a, Cells>, bool)> {
        if ctx.summary.is_some() {
            if let Some(sums) = &ctx.summary()?.activity {
                if sums.period == ctx.plan.period {
                    return Ok((Cow::Borrowed(&sums.cells), true));
                }
            }
        }
        Ok((Cow::Owned(Cells::default()), false))
    }

    /// Adds an event to the provinces it counts in, in the period of its map start.
    pub fn add(
        &mut self,
        event: &Event,
        gazetteer: &Gazetteer,
        period: super::period::Period,
    ) -> Result<(), Overflow> {
        if !Tally::counts(event) {
            return Ok(());
        }
        let province = |p: PlaceIdx| gazetteer.place(p).province;
        let mut provinces: Vec<PlaceIdx> = event.place.and_then(province).into_iter().collect();
        provinces.extend(event.legs().filter_map(|leg| province(leg.to)));
        provinces.sort();
        provinces.dedup();
        let span = period.of(event.date.map_start());
        for p in provinces {
            let cell = self.0.entry((span, p)).or_default();
            cell.tally.add(event).map_err(|o| {
                let what = format!(
                    "{} in {}, {}",
                    o.what,
                    gazetteer.place(p).name,
                    span.label()
                );
                o.of(what)
            })?;
            if let Some(i) = EventType::ALL.iter().position(|t| *t == event.kind) {
                cell.by_type[i] += 1;
            }
        }
        Ok(())
    }

    /// Each cell with its share of its period's activity and its change from the period
    /// before, by period, then province.
    pub fn features(&self) -> Vec<Feature<'_>> {
        let mut totals: BTreeMap<Span, u64> = BTreeMap::new();
        for ((span, _), cell) in &self.0 {
            *totals.entry(*span).or_default() += cell.tally.events;
        }
        let first = self.0.keys().next().map(|(span, _)| *span);
        self.0
            .iter()
            .map(|(&(span, province), cell)| {
                let total = totals.get(&span).copied().unwrap_or(0);
                let before = self
                    .0
                    .get(&(span.previous(), province))
                    .map_or(0, |c| c.tally.events);
                Feature {
                    span,
                    province,
                    cell,
                    share: share(cell.tally.events, total),
                    change: (Some(span) != first)
                        .then(|| signed(cell.tally.events) - signed(before)),
                }
            })
            .collect()
    }
}

/// A count as a signed number (counts of events never come near `i64::MAX`).
fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// `part / whole`, rounded to 4 decimals; 0 for an empty whole.
fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    // Counts of events are far below 2^52, where f64 stops holding every integer.
    #[allow(clippy::cast_precision_loss)]
    let ratio = part as f64 / whole as f64;
    (ratio * 10_000.0).round() / 10_000.0
}

/// One feature of the layer.
pub struct Feature<'a> {
    /// Its period.
    pub span: Span,
    /// Its province.
    pub province: PlaceIdx,
    /// What the period adds up to there.
    pub cell: &'a Cell,
    /// Its part of the period's province activity, 0..1.
    pub share: f64,
    /// Events minus the period before's; `None` in the layer's first period.
    pub change: Option<i64>,
}

/// A feature's properties, every key always present.
struct Properties<'a> {
    feature: &'a Feature<'a>,
    gazetteer: &'a Gazetteer,
    publish: &'a Publish,
}

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let f = self.feature;
        let p = self.gazetteer.place(f.province);
        let tally = &f.cell.tally;
        let hide = tally.suppressed(self.publish);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("province_id", &p.id)?;
        map.serialize_entry("province", &p.name)?;
        map.serialize_entry("iso_3166_2", &p.iso_3166_2)?;
        map.serialize_entry("period", &f.span.label())?;
        map.serialize_entry("start", &f.span.start)?;
        map.serialize_entry("end", &f.span.end())?;
        map.serialize_entry("events", &shown(hide, tally.events))?;
        for (kind, n) in EventType::ALL.iter().zip(f.cell.by_type) {
            map.serialize_entry(&format!("events_{}", kind.as_str()), &shown(hide, n))?;
        }
        map.serialize_entry("people", &shown(hide, tally.people))?;
        map.serialize_entry("people_unknown", &shown(hide, tally.people_unknown))?;
        map.serialize_entry("people_alleged", &shown(hide, tally.people_alleged))?;
        map.serialize_entry("suppressed", &hide)?;
        map.serialize_entry("share", &shown(hide, f.share))?;
        map.serialize_entry("change", &f.change.filter(|_| !hide))?;
        map.serialize_entry("first_event", &tally.first_event().filter(|_| !hide))?;
        map.serialize_entry("last_event", &tally.last_event().filter(|_| !hide))?;
        map.end()
    }
}

/// Sums the cells as events come; writes the layer at the end.
struct Layer<'a> {
    ctx: Context<'a>,
    out: &'a mut dyn Write,
    cells: Cow<'a, Cells>,
    /// The cells are the summary's, already summed.
    summed: bool,
}

impl Sink for Layer<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if self.summed {
            return Ok(());
        }
        self.cells
            .to_mut()
            .add(event, self.ctx.gazetteer, self.ctx.plan.period)
            .map_err(|o| io::Error::new(io::ErrorKind::InvalidData, o.to_string()))
    }

    fn finish(self: Box<Self>) -> io::Result<usize> {
        let boundaries = outlines(&self.ctx);
        let members = boundaries.terms.map(|t| t.members());
        let members = members.as_ref().map_or(&[][..], |m| &m[..]);
        let mut writer = super::geojson::FeatureWriter::start_with(self.out, "activity", members)?;
        for feature in self.cells.features() {
            // A province without an outline (a user's boundary file that lacks it, reported
            // as a warning) has no polygon to shade.
            let Some(geometry) = boundaries.matched.get(&feature.province) else {
                continue;
            };
            let id = format!(
                "{}/{}",
                self.ctx.gazetteer.place(feature.province).id,
                feature.span.label()
            );
            let properties = Properties {
                feature: &feature,
                gazetteer: self.ctx.gazetteer,
                publish: &self.ctx.plan.publish,
            };
            writer.geometry(&id, geometry, &properties)?;
        }
        writer.finish()
    }
}
