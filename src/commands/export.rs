//! `tonle export`: validate, filter, sort, and write every output, all or nothing.

use super::{invalid_gazetteer, load_gazetteer, Inputs, Outcome, ReadEvents};
use crate::dates;
use crate::diagnostics::{escape, DiagnosticFormat, Printer};
use crate::events::{Event, EventType};
use crate::export::flows::FlowLevel;
use crate::export::period::Period;
use crate::export::provinces::{self, Boundaries};
use crate::export::{self, timeline, write, Plan, OUTPUTS};
use crate::gazetteer::{Gazetteer, Place, PlaceIdx, PlaceKind};
use crate::io::{OutputSet, WhenBusy};
use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::builder::{PossibleValue, PossibleValuesParser};
use std::path::PathBuf;

/// Write maps and timelines.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Event files: CSV, TSV or `;`-separated text, .xlsx, .xls or .ods (`-` for standard
    /// input). Default: the built-in dataset.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,
    /// An event file, as if given by position (kept for scripts written before files were
    /// taken by position); repeat for several.
    #[arg(long = "events", value_name = "FILE")]
    events: Vec<PathBuf>,
    #[command(flatten)]
    read: super::ReadArgs,
    /// A folder with provinces.csv, zones.csv and/or countries.csv to add to the built-in
    /// gazetteer.
    #[arg(long, value_name = "DIR")]
    gazetteer: Option<PathBuf>,
    /// Where to write.
    #[arg(long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// When another export is writing into the same folder, wait for it to end instead of
    /// exiting with 2.
    #[arg(long)]
    wait: bool,
    /// Only these outputs (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "OUTPUT,...", value_parser = output_names())]
    only: Vec<String>,
    /// Keep events whose dates overlap this day or later (YYYY, YYYY-MM or YYYY-MM-DD: the
    /// first day it can mean).
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Keep events whose dates overlap this day or earlier (the last day it can mean).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Keep events in these provinces (any name the gazetteer knows; a town stands for its
    /// province). Repeat for several.
    #[arg(long, value_name = "P")]
    province: Vec<String>,
    /// Keep events of these types. Repeat for several.
    #[arg(long = "type", value_name = "T")]
    types: Vec<String>,
    /// How timelines group events: `category` (enforcement, movement, official, other) fits a
    /// 600 px TimelineJS embed; `none` drops the groups.
    #[arg(long, value_enum, default_value_t)]
    timeline_group: timeline::Group,
    /// The title of the timelines' title slide, the story page, storymap.json and the QGIS
    /// project.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The order events are written in: `start` sorts by date (then id) and holds every event
    /// in memory; `input` keeps the files' order and streams (read, check, write, forget), for
    /// inputs larger than memory. `input` writes only the outputs that need no event but the
    /// current one, or sum events as they come (all but provinces, timelinejs and qgis).
    #[arg(long, value_enum, default_value_t)]
    order: Order,
    /// The periods flows and province activity are summed by; an event counts in the period
    /// its (map) start falls in.
    #[arg(long, value_enum, default_value_t)]
    period: Period,
    /// Where flows' ends are summed: each `place` as it is, its `province` (abroad: its
    /// country), or its `country`.
    #[arg(long, value_enum, default_value_t)]
    flow_level: FlowLevel,
    /// A GeoJSON of province polygons (e.g. OCHA COD-AB admin 1) to draw provinces.geojson and
    /// activity.geojson with, instead of the shipped outlines.
    #[arg(long, value_name = "FILE.geojson", requires = "boundary_key")]
    boundaries: Option<PathBuf>,
    /// The property of --boundaries that holds a province's P-code, ISO code or name.
    #[arg(long, value_name = "PROPERTY", requires = "boundaries")]
    boundary_key: Option<String>,
}

/// The order of events in the outputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Order {
    /// By start day, then id: stable whatever order the rows were in.
    #[default]
    Start,
    /// As read: streamed, in constant memory.
    Input,
}

/// `--only`'s values: the registry's names, each with its doc.
fn output_names() -> PossibleValuesParser {
    PossibleValuesParser::new(
        OUTPUTS
            .iter()
            .map(|o| PossibleValue::new(o.name()).help(o.doc())),
    )
}

/// The filters, resolved before any event is read.
struct Filters {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    provinces: Vec<PlaceIdx>,
    types: Vec<EventType>,
}

fn bound(text: Option<&str>, flag: &str, last: bool) -> anyhow::Result<Option<NaiveDate>> {
    let Some(text) = text else { return Ok(None) };
    let date = dates::parse(text)
        .and_then(|date| dates::check_years(text, &date).map(|()| date))
        .map_err(|e| anyhow::anyhow!("--{flag} {text}: {}; {}", e.message, e.hint))?;
    if date.is_interval() {
        bail!("--{flag} {text}: give one date, not an interval");
    }
    Ok(if last {
        date.end_day()
    } else {
        date.start_day()
    })
}

impl Filters {
    fn new(args: &Args, gazetteer: &Gazetteer) -> anyhow::Result<Filters> {
        let from = bound(args.from.as_deref(), "from", false)?;
        let to = bound(args.to.as_deref(), "to", true)?;
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                bail!("--to {t} is before --from {f}");
            }
        }
        let mut provinces = Vec::new();
        for name in &args.province {
            let m = gazetteer.resolve(name).map_err(|e| {
                let (message, hint) = gazetteer.explain(name, &e);
                anyhow::anyhow!(
                    "--province {name}: {message}{}",
                    hint.map(|h| format!("; {h}")).unwrap_or_default()
                )
            })?;
            provinces
                .push(province_of(name, gazetteer.place(m.place)).map_err(anyhow::Error::msg)?);
        }
        let mut types = Vec::new();
        for name in &args.types {
            let Some(kind) = EventType::parse(name) else {
                let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
                let hint = crate::suggest::did_you_mean(name, names.iter().copied())
                    .map(|b| format!("did you mean `{b}`? "))
                    .unwrap_or_default();
                bail!(
                    "--type {name}: unknown event type; {hint}the types are: {}",
                    names.join(", ")
                );
            };
            types.push(kind);
        }
        Ok(Filters {
            from,
            to,
            provinces,
            types,
        })
    }

    fn keep(&self, event: &Event, gazetteer: &Gazetteer) -> bool {
        let in_province = || {
            [event.place, event.origin, event.destination]
                .into_iter()
                .flatten()
                .filter_map(|p| gazetteer.place(p).province)
                .any(|p| self.provinces.contains(&p))
        };
        event.date.overlaps(self.from, self.to)
            && (self.types.is_empty() || self.types.contains(&event.kind))
            && (self.provinces.is_empty() || in_province())
    }
}

/// The province `--province NAME` stands for: the place's own (a town stands for its
/// province), or why there is none.
fn province_of(name: &str, place: &Place) -> Result<PlaceIdx, String> {
    match place.province {
        Some(p) => Ok(p),
        None if place.kind == PlaceKind::Country => Err(format!(
            "--province {name}: {} is a country, not a province",
            place.name
        )),
        None => Err(format!(
            "--province {name}: {} lies in no province",
            place.name
        )),
    }
}

/// Where export's findings and summary go: standard error, as they are found.
type Findings = Printer<std::io::Stderr>;

impl Args {
    /// The event files: those given by position, then those given with `--events`.
    fn files(&self) -> Vec<PathBuf> {
        self.files.iter().chain(&self.events).cloned().collect()
    }
}

/// Runs `tonle export`. Findings and the summary of what was written go to standard error;
/// if that cannot be written (a full device) the run exits 2, after the commit if there was
/// one.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let mut printer = Printer::new(std::io::stderr(), DiagnosticFormat::Text);
    let result = export(args, &mut printer);
    let finished = printer.finish();
    let outcome = result?;
    finished?;
    Ok(outcome)
}

/// Everything is resolved (gazetteer, filters, boundaries, the plan) before any event is read.
fn export(args: &Args, printer: &mut Findings) -> anyhow::Result<Outcome> {
    // Before any input is read: one export per folder, and what a killed one left put right
    // (even when this run then fails on its input).
    let outputs = output_set(args)?;
    if let Some(recovery) = outputs.recovered() {
        printer.line(&format!(
            "note: {}: {recovery}",
            escape(&args.out.display().to_string())
        ));
    }
    let Some(gazetteer) = load_gazetteer(args.gazetteer.as_deref(), printer)? else {
        let said = invalid_gazetteer(printer.tally());
        printer.line(&format!("{said}; nothing was written"));
        return Ok(Outcome::Findings);
    };
    if args.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        bail!("--title: the title is blank; give the text the timelines, the story page and the QGIS project are to be called by, or leave --title out for the default");
    }
    if let Some(Err(problem)) = args.title.as_deref().map(crate::check::xml_text) {
        bail!(
            "--title: {}; {}",
            problem.message.replacen("the field", "the title", 1),
            problem.hint.unwrap_or_default()
        );
    }
    let filters = Filters::new(args, &gazetteer)?;
    let boundaries =
        boundaries(args, &gazetteer, printer)?.unwrap_or_else(|| Boundaries::builtin(&gazetteer));
    let mut plan = Plan::new(&args.only, args.timeline_group, Some(&boundaries))
        .with_title(args.title.as_deref());
    plan.period = args.period;
    plan.flow_level = args.flow_level;
    plan.check().map_err(anyhow::Error::msg)?;
    if args.order == Order::Input {
        plan.check_streamable().map_err(anyhow::Error::msg)?;
    }
    let Some(inputs) = Inputs::new(&args.files(), &gazetteer, &args.read, printer)? else {
        let summary = ReadEvents::nothing().summary(printer.tally());
        printer.line(&format!("{summary}; nothing was written"));
        return Ok(Outcome::Findings);
    };
    match args.order {
        Order::Start => sorted(args, inputs, &gazetteer, &filters, plan, outputs, printer),
        Order::Input => streamed(args, inputs, &gazetteer, &filters, plan, outputs, printer),
    }
}

/// The user's boundaries, read and joined; what does not join is a warning.
fn boundaries(
    args: &Args,
    gazetteer: &Gazetteer,
    printer: &mut Findings,
) -> anyhow::Result<Option<Boundaries>> {
    let (Some(path), Some(key)) = (&args.boundaries, &args.boundary_key) else {
        return Ok(None);
    };
    let b = provinces::read_boundaries(path, key, gazetteer)?;
    for warning in &b.warnings {
        printer.line(&format!("warning: {}", escape(warning)));
    }
    Ok(Some(b))
}

/// The default order: every event kept (filtered as read: a dropped one is never held),
/// sorted, then written.
fn sorted(
    args: &Args,
    inputs: Inputs,
    gazetteer: &Gazetteer,
    filters: &Filters,
    plan: Plan,
    mut outputs: OutputSet,
    printer: &mut Findings,
) -> anyhow::Result<Outcome> {
    let mut events = Vec::new();
    let read = inputs.stream(printer, |e| {
        if filters.keep(&e, gazetteer) {
            events.push(e);
        }
    })?;
    if let Some(outcome) = nothing_to_write(&read, events.len(), printer) {
        return Ok(outcome);
    }
    export::sort(&mut events);
    let plan = plan.with_extras(read.extras);
    write::sorted(&plan, &events, gazetteer, &mut outputs)
        .with_context(|| cannot_write(&args.out))?;
    commit(outputs, &args.out, &plan, printer)
}

/// `--order input`: each event is read, checked, filtered and written to every output before
/// the next is read, so memory does not grow with the input. The outputs are temporary files
/// until the end: a finding anywhere in the input still means nothing is written. The headers
/// are read first, as the outputs start with the run's extra columns.
fn streamed(
    args: &Args,
    mut inputs: Inputs,
    gazetteer: &Gazetteer,
    filters: &Filters,
    plan: Plan,
    mut outputs: OutputSet,
    printer: &mut Findings,
) -> anyhow::Result<Outcome> {
    let plan = plan.with_extras(inputs.scan_extras()?);
    let (read, written) = write::streamed(&plan, gazetteer, &mut outputs, |emit| {
        inputs.stream(&mut *printer, |e| {
            if filters.keep(&e, gazetteer) {
                emit(e);
            }
        })
    });
    // A read error (an unreadable file) comes before a write error.
    let read = read.transpose()?;
    let kept = written.with_context(|| cannot_write(&args.out))?;
    let Some(read) = read else {
        bail!("the events were not read")
    };
    if let Some(outcome) = nothing_to_write(&read, kept, printer) {
        return Ok(outcome);
    }
    commit(outputs, &args.out, &plan, printer)
}

/// The output folder, locked for this run (or waited for, with `--wait`) and put right if a
/// killed run left it mid-commit.
fn output_set(args: &Args) -> anyhow::Result<OutputSet> {
    let when_busy = if args.wait {
        WhenBusy::Wait
    } else {
        WhenBusy::Fail
    };
    OutputSet::open(&args.out, when_busy)
        .with_context(|| format!("cannot prepare {}", args.out.display()))
}

fn cannot_write(out: &std::path::Path) -> String {
    format!(
        "cannot write into {}; earlier outputs are untouched",
        out.display()
    )
}

/// When the input has findings, or the filters left no event, says so and gives the outcome:
/// nothing is written then.
fn nothing_to_write(read: &ReadEvents, kept: usize, printer: &mut Findings) -> Option<Outcome> {
    if printer.tally().errors() > 0 {
        let summary = read.summary(printer.tally());
        printer.line(&format!("{summary}; nothing was written"));
        return Some(Outcome::Findings);
    }
    if kept == 0 {
        printer.line("no event matches the filters; nothing was written");
        return Some(Outcome::Findings);
    }
    None
}

/// Moves the outputs into place and says what was written: `OUT/events.geojson: 43 features,
/// 31502 bytes`, one line each, in the plan's order.
fn commit(
    outputs: OutputSet,
    out: &std::path::Path,
    plan: &Plan,
    printer: &mut Findings,
) -> anyhow::Result<Outcome> {
    let written = outputs
        .commit()
        .with_context(|| format!("cannot move outputs into {}", out.display()))?;
    for (w, output) in written.iter().zip(&plan.outputs) {
        printer.line(&format!(
            "{}: {}, {} bytes",
            escape(&w.path.display().to_string()),
            output.items().count(w.items.0),
            w.bytes
        ));
    }
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No built-in place lies outside every province and is no country, but a place of the
    /// gazetteer that does (a cross-border one) gets a message rather than a panic.
    #[test]
    fn a_place_in_no_province_is_no_province_filter() {
        let gazetteer = Gazetteer::builtin().expect("gazetteer");
        let town = gazetteer.place(gazetteer.by_id("sihanoukville").expect("known"));
        assert_eq!(
            province_of("Kampong Som", town),
            Ok(gazetteer.by_id("preah-sihanouk").expect("known"))
        );
        let laos = gazetteer.place(gazetteer.by_id("laos").expect("known"));
        assert_eq!(
            province_of("Lao PDR", laos),
            Err("--province Lao PDR: Laos is a country, not a province".to_owned())
        );
        let border = Place {
            id: "border-market".to_owned(),
            kind: PlaceKind::Site,
            name: "Border market".to_owned(),
            province: None,
            ..laos.clone()
        };
        assert_eq!(
            province_of("the market", &border),
            Err("--province the market: Border market lies in no province".to_owned())
        );
    }
}
