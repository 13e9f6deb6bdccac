//! `tonle export`: validate, filter, sort, and write every output, all or nothing.

mod filters;

use super::{invalid_gazetteer, load_gazetteer, Inputs, Outcome, ReadEvents};
use crate::diagnostics::{escape, DiagnosticFormat, Printer};
use crate::events::{Event, ExtraColumns};
use crate::export::flows::FlowLevel;
use crate::export::period::Period;
use crate::export::provinces::{self, Boundaries};
use crate::export::redact::{Profile, Publish, Redactor, DEFAULT_MIN_COUNT};
use crate::export::sort::Sorter;
use crate::export::{self, timeline, write, Plan, SummaryBuilder, OUTPUTS};
use crate::gazetteer::Gazetteer;
use crate::io::{OutputSet, WhenBusy};
use anyhow::{bail, Context};
use clap::builder::{PossibleValue, PossibleValuesParser};
use filters::Filters;
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
    /// Keep events whose dates overlap this date or later: any form a date cell may take
    /// (2022-09, Sept 2022, Q3 2022, 15/09/2022 ...), from the first day it can mean.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Keep events whose dates overlap this date or earlier, up to the last day it can mean
    /// (`--to Q3 2022` keeps September).
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Keep events in these provinces (any name the gazetteer knows, any case; a town stands
    /// for its province): comma-separated, or repeat the flag.
    #[arg(long, value_name = "P,...", value_delimiter = ',')]
    province: Vec<String>,
    /// Keep events in or at these countries, by place, origin, destination or stop: ISO codes
    /// or names, any case (`TH`, `Thailand`): comma-separated, or repeat the flag.
    #[arg(long, value_name = "C,...", value_delimiter = ',')]
    country: Vec<String>,
    /// Keep events of these types (type names or the synonyms a type cell may use, any case):
    /// comma-separated, or repeat the flag.
    #[arg(long = "type", value_name = "T,...", value_delimiter = ',')]
    types: Vec<String>,
    /// How timelines group events: `category` (enforcement, movement, official, other) fits a
    /// 600 px TimelineJS embed; `none` drops the groups.
    #[arg(long, value_enum, default_value_t)]
    timeline_group: timeline::Group,
    /// The title of the timelines' title slide, the story page, storymap.json and the QGIS
    /// project.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The order events are written in: `start` sorts by date (then id), in bounded memory
    /// (`--sort-memory`); `input` keeps the files' order and streams (read, check, write,
    /// forget) in one pass. `input` writes only the outputs that need no event but the current
    /// one, or sum events as they come (all but provinces, timelinejs and qgis).
    #[arg(long, value_enum, default_value_t)]
    order: Order,
    /// What the events held in memory while sorting may take (e.g. `64M`, `1G`, `500K`, or
    /// bytes); past it they are spilled, sorted, to temporary files in the output folder's
    /// staging area and merged. Any value gives the same outputs.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    sort_memory: usize,
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
    /// `public` (the default) leaves confidential rows out, publishes restricted ones at
    /// province level, withholds private columns and suppresses small cells; `internal` writes
    /// everything and says so in every output's title.
    #[arg(long, value_enum, default_value_t)]
    profile: Profile,
    /// In public aggregates, a cell that counts a restricted or confidential row and fewer
    /// events than this is published as null with `suppressed: true`.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_MIN_COUNT)]
    min_count: u64,
    /// Keep this column out of public outputs (a text column of tonle's, or a sheet's own
    /// column); repeat for several. `notes` always is.
    #[arg(long = "private", value_name = "COLUMN")]
    private: Vec<String>,
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

/// `--sort-memory`'s value: bytes, or a number with `K`, `M` or `G` (powers of 1024), an
/// optional `B` after it.
fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim().to_ascii_uppercase();
    let t = t.strip_suffix('B').unwrap_or(&t);
    let (digits, unit) = match t.char_indices().last() {
        Some((i, 'K')) => (&t[..i], 1 << 10),
        Some((i, 'M')) => (&t[..i], 1 << 20),
        Some((i, 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    digits
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| {
            format!("`{text}` is no size; give bytes or a number with K, M or G, e.g. 64M")
        })
}

/// `--only`'s values: the registry's names, each with its doc.
fn output_names() -> PossibleValuesParser {
    PossibleValuesParser::new(
        OUTPUTS
            .iter()
            .map(|o| PossibleValue::new(o.name()).help(o.doc())),
    )
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
    plan.publish = publish(args.profile, args.min_count, &args.private)?;
    // Every public export accounts for what it withheld, whatever `--only` says.
    if plan.publish.is_public() {
        if let Some(account) = export::by_name("redactions").filter(|o| !plan.has(*o)) {
            plan.outputs.push(account);
        }
    }
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

/// The default order: every event kept (filtered as read: a dropped one is never held) goes
/// to a sorter that spills sorted runs past `--sort-memory`, and to the summary the outputs
/// need; then the merged events are streamed to every output.
fn sorted(
    args: &Args,
    inputs: Inputs,
    gazetteer: &Gazetteer,
    filters: &Filters,
    plan: Plan,
    mut outputs: OutputSet,
    printer: &mut Findings,
) -> anyhow::Result<Outcome> {
    let staging = &outputs;
    let mut sorter = Sorter::new(args.sort_memory, Box::new(move || staging.scratch()));
    let mut summary = plan.needs_summary().then(|| {
        let sums = plan.sums_displacement();
        SummaryBuilder::summing(gazetteer, sums.then_some((plan.flow_level, plan.period)))
    });
    let mut kept = 0;
    let mut spill_failed = None;
    let threads = usize::from(args.read.threads);
    let mut redactor = Redactor::new(gazetteer, &plan.publish);
    let sort = |e: Event| {
        if spill_failed.is_some() {
            return;
        }
        kept += 1;
        if let Some(summary) = &mut summary {
            summary.add(&e);
        }
        if let Err(err) = sorter.push(e) {
            spill_failed = Some(err);
        }
    };
    let read = write::behind(threads, sort, |emit| {
        inputs.stream(printer, |e| {
            if filters.keep(&e, gazetteer) {
                if let Some(e) = redactor.apply(e) {
                    emit(e);
                }
            }
        })
    })?;
    plan.set_redactions(redactor.finish());
    if let Some(err) = spill_failed {
        return Err(err).with_context(|| cannot_write(&args.out));
    }
    if let Some(outcome) = nothing_to_write(&read, kept, printer) {
        return Ok(outcome);
    }
    let summary = summary.map(SummaryBuilder::finish);
    let events = sorter.finish().with_context(|| cannot_write(&args.out))?;
    let extras = private_extras(read.extras, &plan.publish, printer);
    let plan = plan.with_extras(extras);
    write::sorted(
        &plan,
        events,
        summary.as_ref(),
        gazetteer,
        &mut outputs,
        threads,
    )
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
    let scanned = inputs.scan_extras()?;
    let extras = private_extras(scanned, &plan.publish, printer);
    let plan = plan.with_extras(extras);
    let threads = usize::from(args.read.threads);
    let mut redactor = Redactor::new(gazetteer, &plan.publish);
    let (read, written) = write::streamed(&plan, gazetteer, &mut outputs, threads, |emit| {
        let read = inputs.stream(&mut *printer, |e| {
            if filters.keep(&e, gazetteer) {
                if let Some(e) = redactor.apply(e) {
                    emit(e);
                }
            }
        });
        plan.set_redactions(redactor.finish());
        read
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
    let account = if plan.publish.is_public() {
        format!(
            "public profile: {} (see redactions.csv)",
            plan.redactions().words()
        )
    } else {
        "internal profile: everything written, private columns and confidential rows included; not for publication".to_owned()
    };
    printer.line(&account);
    Ok(Outcome::Clean)
}

/// What `--profile`, `--min-count` and `--private` ask for; a `--private` naming a column of
/// tonle's that is no text column (or is the id) is refused.
pub(super) fn publish(
    profile: Profile,
    min_count: u64,
    private: &[String],
) -> anyhow::Result<Publish> {
    let mut publish = Publish {
        profile,
        min_count,
        ..Publish::default()
    };
    let spec = crate::schema::header_spec();
    for name in private {
        let known = spec.lookup(name).and_then(crate::schema::Col::from_index);
        match known {
            Some(col) if col.slot().is_some() && col != crate::schema::Col::Id => {
                publish.private.push(col);
            }
            Some(col) => bail!(
                "--private {name}: `{}` cannot be withheld (it is not a text column, or it is the id); withhold a text column such as `description`, `actors` or a column of your sheet",
                col.name()
            ),
            None => publish.private_extras.push(crate::input::extra_key(name)),
        }
    }
    Ok(publish)
}

/// The run's extra columns with the private ones hidden (a public export), and the private
/// known columns revealed after them (an internal one); a `--private` that names no column of
/// the inputs is a warning.
pub(super) fn private_extras(
    mut extras: ExtraColumns,
    publish: &Publish,
    printer: &mut Printer<impl std::io::Write>,
) -> ExtraColumns {
    for key in &publish.private_extras {
        match extras.index_of(key) {
            Some(i) if publish.is_public() => extras.hide(i),
            Some(_) => {}
            None => printer.line(&format!(
                "warning: --private {}: no input has such a column",
                escape(key)
            )),
        }
    }
    if !publish.is_public() {
        for col in publish.private_columns() {
            if col.column().access == crate::schema::Access::Private {
                extras.reveal(col);
            }
        }
    }
    extras
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them_and_the_default_is_the_sorters() {
        assert_eq!(parse_size("16M"), Ok(crate::export::sort::DEFAULT_MEMORY));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size(" 512 KB"), Ok(512 << 10));
        assert_eq!(parse_size("1"), Ok(1));
        assert!(parse_size("M").is_err());
        assert!(parse_size("-1M").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }
}
