//! `tonle export`: validate, filter, sort, and write every output, all or nothing.

use super::{invalid_gazetteer, load_gazetteer, stream_events, Outcome, ReadEvents};
use crate::dates;
use crate::diagnostics::{escape, DiagnosticFormat, Printer, Report};
use crate::events::Event;
use crate::events::EventType;
use crate::export::{self, csv, geojson, provinces, timeline, Format, Plan};
use crate::gazetteer::{Gazetteer, PlaceIdx, PlaceKind};
use crate::io::OutputSet;
use anyhow::{bail, Context};
use chrono::NaiveDate;
use std::path::PathBuf;

/// Write maps and timelines.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Event CSV file (`-` for standard input); repeat for several. Default: the built-in
    /// dataset.
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
    /// Only these outputs (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FORMAT,...")]
    only: Vec<Format>,
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
    /// How timelines group events.
    #[arg(long, value_enum, default_value_t)]
    timeline_group: timeline::Group,
    /// The order events are written in: `start` sorts by date (then id) and holds every event
    /// in memory; `input` keeps the files' order and streams (read, check, write, forget), for
    /// inputs larger than memory. `input` writes only events, movements, csv and places: the
    /// other outputs need every event at once.
    #[arg(long, value_enum, default_value_t)]
    order: Order,
    /// A GeoJSON of province polygons (e.g. OCHA COD-AB admin 1) to write provinces.geojson as
    /// a choropleth layer.
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

/// Events handed from the reading thread to the writing one at a time.
const BATCH: usize = 1024;

/// What `--order input` can write: outputs that need no event but the current one.
const STREAMABLE: [Format; 4] = [
    Format::Events,
    Format::Movements,
    Format::Csv,
    Format::Places,
];

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
        .map_err(|e| anyhow::anyhow!("--{flag} {text}: {}; {}", e.message, e.hint))?;
    if date.interval {
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
            let place = gazetteer.place(m.place);
            match place.province {
                Some(p) => provinces.push(p),
                None if place.kind == PlaceKind::Country => bail!(
                    "--province {name}: {} is a country, not a province",
                    place.name
                ),
                None => bail!("--province {name}: {} lies in no province", place.name),
            }
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

    fn keep(&self, event: &crate::events::Event, gazetteer: &Gazetteer) -> bool {
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

/// Where export's findings and summary go: standard error, as they are found.
type Findings = Printer<std::io::Stderr>;

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

fn export(args: &Args, printer: &mut Findings) -> anyhow::Result<Outcome> {
    let Some(gazetteer) = load_gazetteer(args.gazetteer.as_deref(), printer)? else {
        let said = invalid_gazetteer(printer.tally());
        printer.line(&format!("{said}; nothing was written"));
        return Ok(Outcome::Findings);
    };
    let filters = Filters::new(args, &gazetteer)?;
    let boundaries = match (&args.boundaries, &args.boundary_key) {
        (Some(path), Some(key)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let b = provinces::read_boundaries(&text, &path.display().to_string(), key, &gazetteer)
                .map_err(anyhow::Error::msg)?;
            for warning in &b.warnings {
                printer.line(&format!("warning: {}", escape(warning)));
            }
            Some(b)
        }
        _ => None,
    };
    let mut formats = if args.only.is_empty() {
        Format::ALL.to_vec()
    } else {
        args.only.clone()
    };
    formats.sort();
    formats.dedup();
    let layers = [
        Format::Events,
        Format::Movements,
        Format::Provinces,
        Format::Places,
    ];
    if formats.contains(&Format::Qgis) && !layers.iter().any(|f| formats.contains(f)) {
        bail!(
            "--only qgis: tonle.qgs shows the GeoJSON layers written with it; add events, \
             movements, provinces or places (e.g. --only qgis,events,movements)"
        );
    }

    if args.order == Order::Input {
        let other: Vec<&str> = formats
            .iter()
            .filter(|f| !STREAMABLE.contains(f))
            .map(|f| f.file_name())
            .collect();
        if !other.is_empty() {
            bail!(
                "--order input streams events and cannot write {}: they need every event at once \
                 (sorted, aggregated or scaled); add --only events,movements,csv,places, or drop \
                 --order input",
                other.join(", ")
            );
        }
        return stream(args, &gazetteer, &filters, &formats, printer);
    }
    // Filtered as read: an event the filters drop is never held.
    let mut events = Vec::new();
    let read = stream_events(&args.events, &gazetteer, &args.read, printer, |e| {
        if filters.keep(&e, &gazetteer) {
            events.push(e);
        }
    })?;
    if let Some(outcome) = nothing_to_write(&read, events.len(), printer) {
        return Ok(outcome);
    }
    export::sort(&mut events);

    let plan = Plan {
        formats,
        group: args.timeline_group,
        boundaries: boundaries.as_ref(),
    };
    let mut outputs = OutputSet::new(&args.out)
        .with_context(|| format!("cannot prepare {}", args.out.display()))?;
    export::write_all(&plan, &events, &gazetteer, &mut outputs)
        .with_context(|| cannot_write(&args.out))?;
    commit(outputs, &args.out, printer)
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

/// Moves the outputs into place and says what was written.
fn commit(
    outputs: OutputSet,
    out: &std::path::Path,
    printer: &mut Findings,
) -> anyhow::Result<Outcome> {
    let written = outputs
        .commit()
        .with_context(|| format!("cannot move outputs into {}", out.display()))?;
    for w in written {
        printer.line(&format!(
            "{}: {} {}, {} bytes",
            escape(&w.path.display().to_string()),
            w.items.0,
            w.items.1,
            w.bytes
        ));
    }
    Ok(Outcome::Clean)
}

/// `--order input`: each event is read, checked, filtered and written to every output before
/// the next is read, so memory does not grow with the input. The outputs are temporary files
/// until the end: a finding anywhere in the input still means nothing is written.
fn stream(
    args: &Args,
    gazetteer: &Gazetteer,
    filters: &Filters,
    formats: &[Format],
    printer: &mut Findings,
) -> anyhow::Result<Outcome> {
    let mut outputs = OutputSet::new(&args.out)
        .with_context(|| format!("cannot prepare {}", args.out.display()))?;
    let names: Vec<(&str, &'static str)> =
        formats.iter().map(|f| (f.file_name(), f.items())).collect();
    let mut read = None;
    let mut kept = 0;
    let written = outputs.write_together(&names, |outs| {
        let mut sinks = Sinks::start(formats, outs, gazetteer)?;
        let mut failed = None;
        read = Some(read_in_batches(
            args,
            gazetteer,
            filters,
            &mut *printer,
            |batch| {
                kept += batch.len();
                match batch.iter().try_for_each(|event| sinks.write(event)) {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                }
            },
        ));
        if let Some(e) = failed {
            return Err(e);
        }
        sinks.finish()
    });
    // A read error (an unreadable file) comes before a write error.
    let read = read.transpose()?;
    written.with_context(|| cannot_write(&args.out))?;
    let Some(read) = read else {
        bail!("the events were not read")
    };
    if let Some(outcome) = nothing_to_write(&read, kept, printer) {
        return Ok(outcome);
    }
    commit(outputs, &args.out, printer)
}

/// Reads the events on a second thread, as the machine has a core to spare: this thread
/// writes one batch while the other reads, checks and resolves the next. Batches keep the
/// handover cheap, the bounded channel keeps memory flat, and order is kept. `on_batch`
/// returns `false` to stop taking batches (the rest is still read and checked).
fn read_in_batches(
    args: &Args,
    gazetteer: &Gazetteer,
    filters: &Filters,
    report: &mut (dyn Report + Send),
    mut on_batch: impl FnMut(Vec<Event>) -> bool,
) -> anyhow::Result<ReadEvents> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Event>>(4);
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let mut open = true;
            let result = stream_events(&args.events, gazetteer, &args.read, report, |event| {
                if open && filters.keep(&event, gazetteer) {
                    batch.push(event);
                    if batch.len() == BATCH {
                        // Sending fails only once the writer has stopped taking batches.
                        open = tx.send(std::mem::take(&mut batch)).is_ok();
                    }
                }
            });
            if open && !batch.is_empty() {
                let _ = tx.send(batch);
            }
            result
        });
        for batch in rx {
            if !on_batch(batch) {
                break; // drops the receiver: the reader stops sending
            }
        }
        reader
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the reading thread stopped unexpectedly")))
    })
}

/// The streaming outputs, each written event by event.
struct Sinks<'w, 'g> {
    gazetteer: &'g Gazetteer,
    /// In the order of the formats asked for.
    formats: Vec<Format>,
    events: Option<geojson::FeatureWriter<'w>>,
    movements: Option<geojson::FeatureWriter<'w>>,
    csv: Option<csv::Rows<'w>>,
    places: Option<&'w mut dyn std::io::Write>,
}

impl<'w, 'g> Sinks<'w, 'g> {
    fn start(
        formats: &[Format],
        outs: &'w mut [&mut (dyn std::io::Write + Send)],
        gazetteer: &'g Gazetteer,
    ) -> std::io::Result<Self> {
        let mut sinks = Sinks {
            gazetteer,
            formats: formats.to_vec(),
            events: None,
            movements: None,
            csv: None,
            places: None,
        };
        for (format, out) in formats.iter().zip(outs.iter_mut()) {
            let out: &'w mut dyn std::io::Write = &mut **out;
            match format {
                Format::Events => {
                    sinks.events = Some(geojson::FeatureWriter::start(out, "events")?);
                }
                Format::Movements => {
                    sinks.movements = Some(geojson::FeatureWriter::start(out, "movements")?);
                }
                Format::Csv => sinks.csv = Some(csv::Rows::start(out)?),
                _ => sinks.places = Some(out),
            }
        }
        Ok(sinks)
    }

    fn write(&mut self, event: &Event) -> std::io::Result<()> {
        if let Some(w) = self.events.as_mut() {
            geojson::write_event(w, event, self.gazetteer)?;
        }
        if let Some(w) = self.movements.as_mut() {
            geojson::write_movement(w, event, self.gazetteer)?;
        }
        if let Some(w) = self.csv.as_mut() {
            w.write(event, self.gazetteer)?;
        }
        Ok(())
    }

    /// Closes every output; returns their item counts in the order of the formats.
    fn finish(mut self) -> std::io::Result<Vec<usize>> {
        let mut items = Vec::with_capacity(self.formats.len());
        for format in &self.formats {
            items.push(match format {
                Format::Events => self
                    .events
                    .take()
                    .map_or(Ok(0), geojson::FeatureWriter::finish)?,
                Format::Movements => self
                    .movements
                    .take()
                    .map_or(Ok(0), geojson::FeatureWriter::finish)?,
                Format::Csv => self.csv.take().map_or(Ok(0), csv::Rows::finish)?,
                _ => self.places.take().map_or(Ok(0), |out| {
                    geojson::write_cambodia_places(out, self.gazetteer)
                })?,
            });
        }
        Ok(items)
    }
}
