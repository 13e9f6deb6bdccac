//! `tonle.qgs`: a QGIS project over the GeoJSON layers written beside it, a readable map of
//! Cambodia without internet tiles: the shipped outlines under the data, province activity as
//! a choropleth by period, flows as arrows, events spread where they stack, labels by place,
//! the Temporal Controller set to the data's periods, and print layouts ready to export.
//!
//! [`style`] decides what each layer looks like and [`print`] what the layouts and map themes
//! hold; [`model`] is what they decide in; [`xml`] writes the document. Layers are referenced
//! by relative path (`./events.geojson`), so the folder can be zipped.

mod model;
mod print;
mod style;
mod xml;

pub use xml::VIEW;

use super::activity::Cells;
use super::flows::Flows;
use super::period::{Period, Span};
use super::{About, Context, Noun, Output, Plan, Sink, Summary, OUTPUTS};
use crate::events::Event;
use crate::gazetteer::PlaceKind;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The country the map is of: flows to or from it as a whole are drawn apart.
const HOME: &str = "KH";

/// The QGIS project.
pub struct Qgis;

impl Output for Qgis {
    fn about(&self) -> &'static About {
        &About {
            name: "qgis",
            file: "tonle.qgs",
            items: Noun {
                one: "layer",
                many: "layers",
            },
            doc: "a QGIS project over the GeoJSON layers: outlines, activity by period, flows, events; Temporal Controller and print layouts set",
            needs_summary: true,
        }
    }

    /// The project shows the GeoJSON layers written with it: at least one must be.
    fn check(&self, plan: &Plan) -> Result<(), String> {
        if style::LAYERS.iter().any(|l| plan.has(*l)) {
            return Ok(());
        }
        let names: Vec<&str> = OUTPUTS
            .iter()
            .filter(|o| style::LAYERS.iter().any(|l| l.name() == o.name()))
            .map(|o| o.name())
            .collect();
        let (last, first) = names.split_last().map_or((&"", &[][..]), |(l, f)| (l, f));
        Err(format!(
            "--only {}: {} shows the GeoJSON layers written with it; add {} or {last} (e.g. --only {},{})",
            self.name(),
            self.file(),
            first.join(", "),
            self.name(),
            names.iter().take(2).copied().collect::<Vec<_>>().join(",")
        ))
    }

    fn start<'a>(
        &self,
        ctx: Context<'a>,
        out: &'a mut dyn Write,
    ) -> io::Result<Box<dyn Sink + 'a>> {
        Ok(Box::new(Project {
            out,
            ctx,
            summary: ctx.summary()?,
            sums: Styles::new(ctx)?,
        }))
    }
}

/// What the layers' styles depend on beyond the summary: activity and flows summed as the
/// events come (their classes and widths follow the largest sums). The project keeps one, and
/// so does the GeoPackage, which stores the same styles in its `layer_styles` table.
pub struct Styles<'a> {
    ctx: Context<'a>,
    summary: &'a Summary,
    cells: Cow<'a, Cells>,
    flows: Flows<'a>,
    /// The sums are the summary's, already summed.
    summed: bool,
}

impl<'a> Styles<'a> {
    /// Sums for the events of `ctx`'s plan, which must carry the summary: its own sums when
    /// they are the plan's (nearly always), else summed here as the events come.
    pub fn new(ctx: Context<'a>) -> io::Result<Self> {
        let (cells, cells_summed) = Cells::for_output(&ctx)?;
        let (flows, flows_summed) = Flows::for_output(&ctx)?;
        let (cells, flows) = if cells_summed && flows_summed {
            (cells, flows)
        } else {
            let flows = Flows::new(ctx.gazetteer, ctx.plan.flow_level, ctx.plan.period);
            (Cow::Owned(Cells::default()), flows)
        };
        Ok(Styles {
            ctx,
            summary: ctx.summary()?,
            cells,
            flows,
            summed: cells_summed && flows_summed,
        })
    }

    /// Adds an event to the sums.
    pub fn event(&mut self, event: &Event) -> io::Result<()> {
        if self.summed {
            return Ok(());
        }
        self.cells
            .to_mut()
            .add(event, self.ctx.gazetteer, self.ctx.plan.period)
            .map_err(|o| overflow(&o))?;
        self.flows.add(event).map_err(|o| overflow(&o))
    }

    /// Every layer the project can draw, styled as in `tonle.qgs`, as a QML document, by the
    /// `--only` name of the output whose file it shows (the first layer of a file, where two
    /// show one).
    pub fn qml(&self) -> io::Result<Vec<(&'static str, String)>> {
        let (measures, _) = measure(&self.cells, &self.flows);
        let layers = style::layers_where(self.summary, measures, home(self.ctx), |_| true);
        let mut styles: Vec<(&'static str, String)> = Vec::new();
        for layer in &layers {
            let Some(output) = OUTPUTS.iter().find(|o| o.file() == layer.file) else {
                continue;
            };
            if styles.iter().all(|(name, _)| *name != output.name()) {
                styles.push((output.name(), xml::qml(layer)?));
            }
        }
        Ok(styles)
    }
}

/// Writes the project when finished.
struct Project<'a> {
    out: &'a mut dyn Write,
    ctx: Context<'a>,
    summary: &'a Summary,
    sums: Styles<'a>,
}

fn overflow(o: &super::tally::Overflow) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, o.to_string())
}

/// The gazetteer's id of the country the map is of, as a whole.
fn home(ctx: Context<'_>) -> Option<&str> {
    ctx.gazetteer
        .places()
        .map(|(_, p)| p)
        .find(|p| p.kind == PlaceKind::Country && p.country == HOME)
        .map(|p| p.id.as_str())
}

impl Sink for Project<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        self.sums.event(event)
    }

    /// Returns how many layers the project holds, the basemap included.
    fn finish(self: Box<Self>) -> io::Result<usize> {
        let plan = self.ctx.plan;
        let (measures, busiest) = measure(&self.sums.cells, &self.sums.flows);
        let layers = style::layers(plan, self.summary, measures, home(self.ctx));
        // The plan refuses a project without a layer before anything is read; this is the
        // backstop for other callers. With a layer there is always the basemap beneath it.
        if layers.is_empty() {
            let why = Qgis.check(plan).err().unwrap_or_default();
            return Err(io::Error::new(io::ErrorKind::InvalidInput, why));
        }
        let range = time_range(self.summary, plan.period);
        let title = plan.title();
        let texts = print::Texts {
            title: &title,
            events: self.summary.events,
            range,
            sources: &self.summary.sources,
        };
        let themes = print::themes(&layers);
        let layouts = print::layouts(&layers, &texts, busiest);
        xml::document(
            self.out,
            &xml::Document {
                title: &title,
                abstract_text: &abstract_text(self.summary, range),
                layers: &layers,
                themes: &themes,
                layouts: &layouts,
                range,
                step: step(plan.period),
                background: print::SEA,
            },
        )?;
        Ok(layers.len() + 1)
    }
}

/// The largest activity and flow, and the period with the most province activity (the
/// earliest of equals), which the second layout shows.
fn measure(cells: &Cells, flows: &Flows) -> (style::Measures, Option<Span>) {
    let mut by_period: BTreeMap<Span, u64> = BTreeMap::new();
    let mut measures = style::Measures::default();
    for feature in cells.features() {
        let events = feature.cell.tally.events;
        measures.activity_max = measures.activity_max.max(events);
        *by_period.entry(feature.span).or_default() += events;
    }
    for flow in flows.iter() {
        measures.flow_people_max = measures.flow_people_max.max(flow.tally.people);
    }
    let busiest = by_period
        .iter()
        .fold(None, |best: Option<(Span, u64)>, (&span, &n)| match best {
            Some((_, most)) if most >= n => best,
            _ => Some((span, n)),
        })
        .map(|(span, _)| span);
    (measures, busiest)
}

/// The Temporal Controller's step: one period, in QGIS's units.
fn step(period: Period) -> (u32, &'static str) {
    match period {
        Period::Year => (1, "y"),
        other => (other.months(), "mon"),
    }
}

/// The project's temporal range: whole periods from the first start to the last day any
/// event covers, so that every frame is a period of flows and activity.
fn time_range(summary: &Summary, period: Period) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        period.of(summary.first_start?).start,
        period.of(summary.last_day?).next().start,
    ))
}

/// The project metadata's abstract: what the layers hold and where the events come from.
fn abstract_text(summary: &Summary, range: Option<(NaiveDate, NaiveDate)>) -> String {
    // Writing into a String cannot fail; the results are ignored for that reason.
    use std::fmt::Write as _;
    const LISTED: usize = 40;
    let sources = &summary.sources;
    let mut text = format!(
        "Human trafficking in Cambodia and its region: {} events",
        summary.events
    );
    if let Some((from, to)) = range {
        let _ = write!(text, " from {from} to {}", to.pred_opt().unwrap_or(to));
    }
    text.push_str(", exported by tonle. Sources: ");
    let listed: Vec<&str> = sources.iter().take(LISTED).map(String::as_str).collect();
    text.push_str(&listed.join("; "));
    if sources.len() > LISTED {
        let _ = write!(text, " and {} more", sources.len() - LISTED);
    }
    text.push_str(". Each event's source and source_url are in its attributes. ");
    text.push_str(crate::boundaries::ATTRIBUTION);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_whole_periods_and_the_step_one_period() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let summary = Summary {
            first_start: Some(d(2022, 8, 17)),
            last_day: Some(d(2022, 12, 31)),
            ..Summary::default()
        };
        assert_eq!(
            time_range(&summary, Period::Quarter),
            Some((d(2022, 7, 1), d(2023, 1, 1)))
        );
        assert_eq!(
            time_range(&summary, Period::Month),
            Some((d(2022, 8, 1), d(2023, 1, 1)))
        );
        assert_eq!(step(Period::Quarter), (3, "mon"));
        assert_eq!(step(Period::Month), (1, "mon"));
        assert_eq!(step(Period::Year), (1, "y"));
        assert_eq!(time_range(&Summary::default(), Period::Year), None);
    }
}
