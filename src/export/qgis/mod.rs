//! `tonle.qgs`: a QGIS project over the GeoJSON layers written beside it, styled and with the
//! Temporal Controller set up, so that opening it and pressing play animates the events.
//!
//! [`style`] decides what each layer looks like; [`xml`] writes the document. Layers are
//! referenced by relative path (`./events.geojson`), so the folder can be zipped.

mod style;
mod xml;

pub use xml::VIEW;

use super::{About, Context, Noun, Output, Plan, Sink, Summary, OUTPUTS};
use crate::events::Event;
use chrono::{Datelike, NaiveDate};
use std::io::{self, Write};

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
            doc: "a QGIS project over the GeoJSON layers, styled, Temporal Controller set",
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
            plan: ctx.plan,
            summary: ctx.summary()?,
        }))
    }
}

/// Writes the project when finished: it needs the summary, not the events one by one.
struct Project<'a> {
    out: &'a mut dyn Write,
    plan: &'a Plan<'a>,
    summary: &'a Summary,
}

impl Sink for Project<'_> {
    fn event(&mut self, _event: &Event) -> io::Result<()> {
        Ok(())
    }

    /// Returns how many layers the project holds, the basemap included.
    fn finish(self: Box<Self>) -> io::Result<usize> {
        let layers = style::layers(self.plan, self.summary);
        // The plan refuses a project without a layer before anything is read; this is the
        // backstop for other callers. With a layer there is always the basemap beneath it.
        if layers.is_empty() {
            let why = Qgis.check(self.plan).err().unwrap_or_default();
            return Err(io::Error::new(io::ErrorKind::InvalidInput, why));
        }
        let range = time_range(self.summary);
        xml::document(
            self.out,
            &layers,
            range,
            &abstract_text(self.summary, range),
        )?;
        Ok(layers.len() + 1)
    }
}

/// Each layer the project styles, as a QML style document (what QGIS keeps in a GeoPackage's
/// `layer_styles` table), by the `--only` name of the output whose features it draws: the same
/// renderer, labels and Temporal Controller settings as in `tonle.qgs`, whatever the plan.
pub fn layer_styles(plan: &Plan, summary: &Summary) -> io::Result<Vec<(&'static str, String)>> {
    style::layers_where(summary, plan.boundaries.is_some(), |_| true)
        .iter()
        .map(|layer| {
            let mut qml = Vec::new();
            let mut w = quick_xml::Writer::new(&mut qml);
            w.get_mut()
                .write_all(b"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")?;
            w.create_element("qgis")
                .with_attributes([
                    ("version", "3.22.0"),
                    ("styleCategories", "AllStyleCategories"),
                    (
                        "labelsEnabled",
                        if layer.label.is_some() { "1" } else { "0" },
                    ),
                ])
                .write_inner_content(|w| {
                    xml::temporal(w, layer.temporal)?;
                    xml::renderer(w, &layer.renderer, layer.geometry)?;
                    if let Some(expression) = &layer.label {
                        xml::labeling(w, expression)?;
                    }
                    Ok(())
                })?;
            let qml = String::from_utf8(qml).map_err(io::Error::other)?;
            Ok((layer.name, qml))
        })
        .collect()
}

/// The first day of `day`'s month.
fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The first day of the month after `day`'s.
fn next_month(day: NaiveDate) -> NaiveDate {
    month_start(day)
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(day)
}

/// The project's temporal range: whole months from the first start to the last day any event
/// covers, so that every frame is a calendar month.
fn time_range(summary: &Summary) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        month_start(summary.first_start?),
        next_month(summary.last_day?),
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
    text.push_str(". Each event's source and source_url are in its attributes.");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_wrap_at_year_end() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(next_month(d(2022, 12, 31)), d(2023, 1, 1));
        assert_eq!(next_month(d(2022, 8, 1)), d(2022, 9, 1));
        assert_eq!(month_start(d(2022, 8, 17)), d(2022, 8, 1));
    }
}
