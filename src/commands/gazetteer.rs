//! `tonle gazetteer list` and `tonle gazetteer lookup`.

use super::{invalid_gazetteer, load_gazetteer, say, Outcome};
use crate::diagnostics::{DiagnosticFormat, Printer};
use crate::export::geojson::{write_places, PlaceProperties};
use crate::gazetteer::{Gazetteer, PlaceKind, ResolveError};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// List the gazetteer or look names up in it.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print every place (provinces, then zones, then countries).
    List(ListArgs),
    /// Resolve names as the event reader would, and say why.
    Lookup(LookupArgs),
}

/// Output formats of `gazetteer list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// CSV with every field.
    Csv,
    /// A JSON array of objects.
    Json,
    /// A GeoJSON FeatureCollection of points.
    Geojson,
}

/// Arguments of `gazetteer list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only places of this kind (province, city, sez, border_crossing, country ...).
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// How to print.
    #[arg(long, value_enum, default_value_t)]
    format: ListFormat,
    /// A folder with gazetteer CSVs to add to the built-in one.
    #[arg(long, value_name = "DIR")]
    gazetteer: Option<PathBuf>,
}

/// Arguments of `gazetteer lookup`.
#[derive(Debug, clap::Args)]
pub struct LookupArgs {
    /// Place names, as people write them.
    #[arg(required = true)]
    names: Vec<String>,
    /// Print a JSON array, one object per name.
    #[arg(long)]
    json: bool,
    /// A folder with gazetteer CSVs to add to the built-in one.
    #[arg(long, value_name = "DIR")]
    gazetteer: Option<PathBuf>,
}

/// Runs a `gazetteer` subcommand.
pub fn run(command: &Command) -> anyhow::Result<Outcome> {
    let dir = match command {
        Command::List(a) => a.gazetteer.as_deref(),
        Command::Lookup(a) => a.gazetteer.as_deref(),
    };
    let mut printer = Printer::new(std::io::stderr(), DiagnosticFormat::Text);
    let Some(gazetteer) = load_gazetteer(dir, &mut printer)? else {
        let tally = printer.finish()?;
        say(&invalid_gazetteer(&tally))?;
        return Ok(Outcome::Findings);
    };
    match command {
        Command::List(args) => list(args, &gazetteer),
        Command::Lookup(args) => lookup(args, &gazetteer),
    }
}

fn list(args: &ListArgs, gazetteer: &Gazetteer) -> anyhow::Result<Outcome> {
    let kind = match &args.kind {
        None => None,
        Some(text) => Some(PlaceKind::parse(text).ok_or_else(|| {
            let kinds: Vec<&str> = PlaceKind::ALL.iter().map(|k| k.as_str()).collect();
            anyhow::anyhow!("--kind {text}: unknown kind; one of: {}", kinds.join(", "))
        })?),
    };
    let places: Vec<_> = gazetteer
        .places()
        .map(|(_, p)| p)
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ListFormat::Table => {
            writeln!(
                out,
                "{:<26} {:<16} {:<36} {:<18} {:>10} {:>11}  precision",
                "id", "kind", "name", "province", "lat", "lon"
            )?;
            for p in &places {
                let province = p.province.map_or("", |i| gazetteer.place(i).id.as_str());
                writeln!(
                    out,
                    "{:<26} {:<16} {:<36} {:<18} {:>10} {:>11}  {}",
                    p.id,
                    p.kind.as_str(),
                    p.name,
                    province,
                    crate::export::text::coordinate(p.lat),
                    crate::export::text::coordinate(p.lon),
                    p.precision.as_str()
                )?;
            }
        }
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            for p in &places {
                writer.serialize(PlaceProperties::new(p, gazetteer))?;
            }
            writer.flush()?;
        }
        ListFormat::Json => {
            let rows: Vec<_> = places
                .iter()
                .map(|p| PlaceProperties::new(p, gazetteer))
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        ListFormat::Geojson => {
            write_places(&mut out, "gazetteer", places.into_iter(), gazetteer)?;
        }
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

#[derive(Serialize)]
struct ProvinceRef<'a> {
    id: &'a str,
    iso_3166_2: &'a str,
    pcode: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum LookupResult<'a> {
    Found {
        query: &'a str,
        id: &'a str,
        name: &'a str,
        kind: &'static str,
        province: Option<ProvinceRef<'a>>,
        country: &'a str,
        lat: f64,
        lon: f64,
        geo_precision: u8,
        matched: String,
    },
    Failed {
        query: &'a str,
        error: String,
        suggestions: Vec<&'a str>,
    },
}

fn lookup(args: &LookupArgs, gazetteer: &Gazetteer) -> anyhow::Result<Outcome> {
    let mut results = Vec::with_capacity(args.names.len());
    let mut outcome = Outcome::Clean;
    for query in &args.names {
        let result = match gazetteer.resolve(query) {
            Ok(m) => {
                let place = gazetteer.place(m.place);
                LookupResult::Found {
                    query,
                    id: &place.id,
                    name: &place.name,
                    kind: place.kind.as_str(),
                    province: gazetteer.province_of(m.place).map(|p| ProvinceRef {
                        id: &p.id,
                        iso_3166_2: &p.iso_3166_2,
                        pcode: &p.pcode,
                        name: &p.name,
                    }),
                    country: &place.country,
                    lat: crate::export::text::round6(place.lat),
                    lon: crate::export::text::round6(place.lon),
                    geo_precision: place.geo_precision(),
                    matched: gazetteer.matched_name(&m),
                }
            }
            Err(e) => {
                outcome = Outcome::Findings;
                let (message, hint) = gazetteer.explain(query, &e);
                let ids = match &e {
                    ResolveError::NotFound { suggestions } => suggestions.clone(),
                    ResolveError::Ambiguous { candidates } => candidates.clone(),
                    ResolveError::Empty => Vec::new(),
                };
                LookupResult::Failed {
                    query,
                    error: match hint {
                        Some(h) => format!("{message}; {h}"),
                        None => message,
                    },
                    suggestions: ids
                        .iter()
                        .map(|p| gazetteer.place(*p).id.as_str())
                        .collect(),
                }
            }
        };
        results.push(result);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        for r in &results {
            match r {
                LookupResult::Found {
                    query,
                    id,
                    name,
                    kind,
                    province,
                    geo_precision,
                    matched,
                    ..
                } => {
                    let within = province
                        .as_ref()
                        .filter(|p| p.id != *id)
                        .map(|p| format!(" in {} ({})", p.name, p.iso_3166_2))
                        .unwrap_or_default();
                    writeln!(out, "{query}: {id}: {name}, {kind}{within}, geo precision {geo_precision}; matched {matched}")?;
                }
                LookupResult::Failed { query, error, .. } => {
                    writeln!(out, "{query}: error: {error}")?;
                }
            }
        }
    }
    Ok(outcome)
}
