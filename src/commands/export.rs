//! `tonle export`: validate, filter, sort, and write every output, all or nothing.

use super::{load_gazetteer, read_events, report};
use crate::cli::Outcome;
use crate::dates;
use crate::diagnostics::DiagnosticFormat;
use crate::events::EventType;
use crate::export::{self, provinces, timeline, Format, Plan};
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
    /// A GeoJSON of province polygons (e.g. OCHA COD-AB admin 1) to write provinces.geojson as
    /// a choropleth layer.
    #[arg(long, value_name = "FILE.geojson", requires = "boundary_key")]
    boundaries: Option<PathBuf>,
    /// The property of --boundaries that holds a province's P-code, ISO code or name.
    #[arg(long, value_name = "PROPERTY", requires = "boundaries")]
    boundary_key: Option<String>,
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
                let hint = crate::table::did_you_mean(name, names.iter().copied())
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

/// Runs `tonle export`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let gazetteer = match load_gazetteer(args.gazetteer.as_deref())? {
        Ok(g) => g,
        Err(found) => {
            report(&found, DiagnosticFormat::Text)?;
            eprintln!(
                "the gazetteer has {} error(s); nothing was written",
                found.len()
            );
            return Ok(Outcome::Findings);
        }
    };
    let filters = Filters::new(args, &gazetteer)?;
    let boundaries = match (&args.boundaries, &args.boundary_key) {
        (Some(path), Some(key)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let b = provinces::read_boundaries(&text, &path.display().to_string(), key, &gazetteer)
                .map_err(anyhow::Error::msg)?;
            for warning in &b.warnings {
                eprintln!("warning: {warning}");
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

    let read = read_events(&args.events, &gazetteer, &args.read)?;
    if !read.diagnostics.is_empty() {
        report(&read.diagnostics, DiagnosticFormat::Text)?;
        eprintln!("{}; nothing was written", read.summary());
        return Ok(Outcome::Findings);
    }
    let mut events: Vec<_> = read
        .events
        .into_iter()
        .filter(|e| filters.keep(e, &gazetteer))
        .collect();
    if events.is_empty() {
        eprintln!("no event matches the filters; nothing was written");
        return Ok(Outcome::Findings);
    }
    export::sort(&mut events);

    let plan = Plan {
        formats,
        group: args.timeline_group,
        boundaries: boundaries.as_ref(),
    };
    let mut outputs = OutputSet::new(&args.out)
        .with_context(|| format!("cannot prepare {}", args.out.display()))?;
    export::write_all(&plan, &events, &gazetteer, &mut outputs).with_context(|| {
        format!(
            "cannot write into {}; earlier outputs are untouched",
            args.out.display()
        )
    })?;
    let written = outputs
        .commit()
        .with_context(|| format!("cannot move outputs into {}", args.out.display()))?;
    for w in written {
        eprintln!(
            "{}: {} {}, {} bytes",
            w.path.display(),
            w.items.0,
            w.items.1,
            w.bytes
        );
    }
    Ok(Outcome::Clean)
}
