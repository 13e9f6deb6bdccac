//! `tonle gazetteer list` and `tonle gazetteer lookup`.

use super::{invalid_gazetteer, load_gazetteer, say, Outcome};
use crate::diagnostics::{DiagnosticFormat, Printer};
use crate::export::geojson::write_places;
use crate::gazetteer::{Gazetteer, Match, Place, PlaceIdx, PlaceKind, ResolveError};
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
    /// Only places of this kind (province, city, district, commune, village, sez,
    /// border_crossing, country ...).
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Only places in this country (ISO 3166-1 alpha-2, e.g. KH or TH).
    #[arg(long, value_name = "CODE")]
    country: Option<String>,
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

/// One place as `gazetteer list` prints it in CSV and JSON: the columns of `places.geojson`
/// and the national code and parent unit.
#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    name: &'a str,
    name_km: Option<&'a str>,
    kind: &'static str,
    aliases: Option<String>,
    province_id: Option<&'a str>,
    province: Option<&'a str>,
    /// The province's ISO 3166-2 code in Cambodia; abroad, the place's own division's.
    iso_3166_2: Option<&'a str>,
    pcode: Option<&'a str>,
    code: Option<&'a str>,
    parent_id: Option<&'a str>,
    country: &'a str,
    lat: f64,
    lon: f64,
    precision: &'static str,
    geo_precision: u8,
    source: Option<&'a str>,
    note: Option<&'a str>,
}

impl<'a> ListRow<'a> {
    fn new(place: &'a Place, gazetteer: &'a Gazetteer) -> Self {
        let province = place.province.map(|p| gazetteer.place(p));
        let non_empty = |s: &'a str| (!s.is_empty()).then_some(s);
        ListRow {
            id: &place.id,
            name: &place.name,
            name_km: non_empty(&place.name_km),
            kind: place.kind.as_str(),
            aliases: (!place.aliases.is_empty()).then(|| place.aliases.join("|")),
            province_id: province.map(|p| p.id.as_str()),
            province: province.map(|p| p.name.as_str()),
            iso_3166_2: province.map_or(non_empty(&place.iso_3166_2), |p| Some(&p.iso_3166_2)),
            pcode: province.and_then(|p| non_empty(&p.pcode)),
            code: non_empty(&place.code),
            parent_id: place.parent.map(|p| gazetteer.place(p).id.as_str()),
            country: &place.country,
            lat: crate::export::text::round6(place.lat),
            lon: crate::export::text::round6(place.lon),
            precision: place.precision.as_str(),
            geo_precision: place.geo_precision(),
            source: non_empty(&place.source),
            note: non_empty(&place.note),
        }
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
    let country = args.country.as_deref().map(str::to_ascii_uppercase);
    if let Some(code) = country
        .as_deref()
        .filter(|c| !crate::countries::is_alpha2(c))
    {
        anyhow::bail!("--country {code}: not an ISO 3166-1 alpha-2 code; e.g. KH or TH");
    }
    let places: Vec<_> = gazetteer
        .places()
        .map(|(_, p)| p)
        .filter(|p| kind.is_none_or(|k| p.kind == k))
        .filter(|p| country.as_deref().is_none_or(|c| p.country == c))
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ListFormat::Table => write_table(&mut out, &places, gazetteer)?,
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            for p in &places {
                writer.serialize(ListRow::new(p, gazetteer))?;
            }
            writer.flush()?;
        }
        ListFormat::Json => {
            let rows: Vec<_> = places.iter().map(|p| ListRow::new(p, gazetteer)).collect();
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

fn write_table(
    out: &mut impl Write,
    places: &[&Place],
    gazetteer: &Gazetteer,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<28} {:<16} {:<36} {:<18} {:>10} {:>11}  precision",
        "id", "kind", "name", "in", "lat", "lon"
    )?;
    for p in places {
        let within = p
            .province
            .or(p.parent)
            .map_or("", |i| gazetteer.place(i).id.as_str());
        writeln!(
            out,
            "{:<28} {:<16} {:<36} {:<18} {:>10} {:>11}  {}",
            p.id,
            p.kind.as_str(),
            p.name,
            within,
            crate::export::text::coordinate(p.lat),
            crate::export::text::coordinate(p.lon),
            p.precision.as_str()
        )?;
    }
    Ok(())
}

fn found<'a>(query: &'a str, m: Match, gazetteer: &'a Gazetteer) -> LookupResult<'a> {
    let place = gazetteer.place(m.place);
    LookupResult::Found {
        query,
        id: &place.id,
        name: &place.name,
        kind: place.kind.as_str(),
        code: (!place.code.is_empty()).then_some(place.code.as_str()),
        district: gazetteer
            .district_of(m.place)
            .filter(|d| d.id != place.id)
            .map(|d| {
                Box::new(UnitRef {
                    id: &d.id,
                    code: &d.code,
                    name: &d.name,
                })
            }),
        within: within_text(gazetteer, m.place),
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

fn failed<'a>(query: &'a str, e: &ResolveError, gazetteer: &'a Gazetteer) -> LookupResult<'a> {
    let (message, hint) = gazetteer.explain(query, e);
    let ids = match e {
        ResolveError::NotFound { suggestions } => suggestions.clone(),
        ResolveError::Ambiguous { candidates } | ResolveError::Outside { candidates, .. } => {
            candidates.clone()
        }
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

/// The units a place lies in, innermost first, for `lookup`: `in Sampov Pun, Kandal (KH-8)`.
fn within_text(gazetteer: &Gazetteer, idx: PlaceIdx) -> String {
    let names: Vec<&str> = gazetteer
        .ancestors(idx)
        .skip(1)
        .map(|a| gazetteer.place(a).name.as_str())
        .collect();
    if names.is_empty() {
        return String::new();
    }
    let iso = gazetteer
        .province_of(idx)
        .map(|p| format!(" ({})", p.iso_3166_2))
        .unwrap_or_default();
    format!(" in {}{iso}", names.join(", "))
}

#[derive(Serialize)]
struct ProvinceRef<'a> {
    id: &'a str,
    iso_3166_2: &'a str,
    pcode: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct UnitRef<'a> {
    id: &'a str,
    code: &'a str,
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
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        district: Option<Box<UnitRef<'a>>>,
        province: Option<ProvinceRef<'a>>,
        #[serde(skip)]
        within: String,
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
    let results: Vec<LookupResult> = args
        .names
        .iter()
        .map(|query| match gazetteer.resolve(query) {
            Ok(m) => found(query, m, gazetteer),
            Err(e) => failed(query, &e, gazetteer),
        })
        .collect();
    let outcome = if results
        .iter()
        .any(|r| matches!(r, LookupResult::Failed { .. }))
    {
        Outcome::Findings
    } else {
        Outcome::Clean
    };
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
                    within,
                    geo_precision,
                    matched,
                    ..
                } => {
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
