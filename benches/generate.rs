//! Writes N synthetic events in tonle's CSV schema, the same for the same seed, for the
//! benchmark in `benches/run.sh`:
//!
//!     cargo bench --bench generate -- N SEED EVENTS.csv LATLON.csv
//!
//! EVENTS.csv names places the way people write them (ids, English names, aliases, Khmer,
//! diacritics, odd case); LATLON.csv holds the same rows with `lat` and `lon` filled in from the
//! gazetteer, for GDAL's `ogr2ogr`, which reads coordinates but resolves no names.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{BufWriter, Write};
use tonle::events::EventType;
use tonle::gazetteer::{Gazetteer, Place, PlaceKind};
use tonle::schema::{Col, COLUMNS};

const WORDS: &[&str] = &[
    "police",
    "raided",
    "compound",
    "workers",
    "rescued",
    "foreign",
    "nationals",
    "scam",
    "online",
    "gambling",
    "province",
    "border",
    "trafficking",
    "victims",
    "officials",
    "said",
    "the",
    "a",
    "of",
    "in",
    "and",
    "to",
    "were",
    "from",
    "after",
    "building",
    "casino",
    "passports",
    "held",
    "forced",
    "labour",
    "deported",
    "arrested",
    "suspects",
    "company",
    "special",
    "zone",
    "economic",
    "reported",
    "ministry",
    "interior",
    "embassy",
    "families",
    "escape",
    "guards",
];
const SOURCES: &[&str] = &[
    "Khmer Times",
    "Phnom Penh Post",
    "CamboJA News",
    "VOD English",
    "Radio Free Asia",
    "Nikkei Asia",
    "The Diplomat",
    "Al Jazeera",
    "Reuters",
    "AFP",
];
const ACTORS: &[&str] = &[
    "National Police",
    "Preah Sihanouk Provincial Police",
    "NCCT",
    "Ministry of Interior",
    "Chinese Embassy",
    "IOM",
    "General Department of Immigration",
];
const NATIONALITIES: &[&str] = &[
    "CN", "VN", "TH", "ID", "MY", "TW", "KH", "LA", "MM", "PH", "IN",
];
const MOVEMENT_TYPES: [EventType; 4] = [
    EventType::Relocation,
    EventType::TraffickingRoute,
    EventType::Repatriation,
    EventType::Deportation,
];

/// Places in Cambodia whose every spelling names them alone: the national list's units share
/// many names (twelve Samraongs), which a sheet would have to qualify.
fn unambiguous_places(gazetteer: &Gazetteer) -> Vec<&Place> {
    gazetteer
        .places()
        .filter(|(_, p)| p.kind != PlaceKind::Country && p.country == "KH")
        .filter(|(idx, p)| {
            std::iter::once(&p.name)
                .chain(&p.aliases)
                .chain(Some(&p.name_km).filter(|k| !k.is_empty()))
                .all(|text| gazetteer.resolve(text).is_ok_and(|m| m.place == *idx))
        })
        .map(|(_, p)| p)
        .collect()
}

/// A way people write `place`'s name.
fn spelling(place: &Place, rng: &mut ChaCha8Rng) -> String {
    let roll = rng.random_range(0..100);
    match roll {
        0..=14 => place.id.clone(),
        15..=44 => place.name.clone(),
        45..=69 if !place.aliases.is_empty() => {
            place.aliases[rng.random_range(0..place.aliases.len())].clone()
        }
        70..=79 if !place.name_km.is_empty() => place.name_km.clone(),
        80..=89 => place.name.to_uppercase(),
        _ => format!("  {} ", place.name.to_lowercase()),
    }
}

fn words(rng: &mut ChaCha8Rng, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[rng.random_range(0..WORDS.len())]);
    }
    out
}

/// A date in one of the forms tonle reads, between 2016 and 2022.
fn date(rng: &mut ChaCha8Rng) -> String {
    let y = rng.random_range(2016..=2022);
    let m = rng.random_range(1..=12);
    let d = rng.random_range(1..=28);
    let m2 = rng.random_range(m..=12);
    match rng.random_range(0..10) {
        0 => format!("{y}"),
        1 => format!("{y}-{m:02}"),
        2..=4 => format!("{y}-{m:02}-{d:02}"),
        5 => format!("{y}-{m:02}/{y}-{m2:02}"),
        6 => format!("{y}-{m:02}-{d:02}/{y}-{m2:02}-28"),
        7 => format!("{y}-{m:02}~"),
        8 => format!("/{y}-{m:02}"),
        _ => format!("{y}-{m:02}-{d:02}?"),
    }
}

fn count(rng: &mut ChaCha8Rng) -> String {
    if rng.random_bool(0.6) {
        String::new()
    } else {
        rng.random_range(1..2000).to_string()
    }
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// One synthetic row, every column by its place in the schema (the header's order), and the
/// place whose point the lat/lon file gets.
type Row = [String; COLUMNS.len()];

/// Where places come from.
struct Places<'g> {
    cambodia: Vec<&'g Place>,
    abroad: Vec<&'g Place>,
}

/// Fills the place columns (a place, or an origin and a destination); returns the place
/// whose point stands for the row.
fn places<'g>(
    row: &mut Row,
    places: &Places<'g>,
    movement: bool,
    rng: &mut ChaCha8Rng,
) -> &'g Place {
    let pick = |list: &[&'g Place], rng: &mut ChaCha8Rng| list[rng.random_range(0..list.len())];
    if movement {
        let from = pick(&places.cambodia, rng);
        let to = if rng.random_bool(0.5) {
            pick(&places.abroad, rng)
        } else {
            pick(&places.cambodia, rng)
        };
        row[Col::Origin as usize] = spelling(from, rng);
        row[Col::Destination as usize] = spelling(to, rng);
        from
    } else {
        let at = pick(&places.cambodia, rng);
        row[Col::Place as usize] = spelling(at, rng);
        at
    }
}

fn nationalities(rng: &mut ChaCha8Rng) -> String {
    if !rng.random_bool(0.3) {
        return String::new();
    }
    let a = NATIONALITIES[rng.random_range(0..NATIONALITIES.len())];
    let b = NATIONALITIES[rng.random_range(0..NATIONALITIES.len())];
    if a == b {
        format!("{a}:{}", rng.random_range(1..300))
    } else {
        format!("{a}:{};{b}", rng.random_range(1..300))
    }
}

/// Row `i` (the random draws in a fixed order, so a seed always gives the same rows).
fn row<'g>(i: u64, places_from: &Places<'g>, rng: &mut ChaCha8Rng) -> (Row, &'g Place) {
    let mut row: Row = std::array::from_fn(|_| String::new());
    let movement = rng.random_bool(0.2);
    let kind = if movement {
        MOVEMENT_TYPES[rng.random_range(0..MOVEMENT_TYPES.len())]
    } else {
        EventType::ALL[rng.random_range(0..EventType::ALL.len())]
    };
    let at = places(&mut row, places_from, movement, rng);
    let (title_words, description_words) = (rng.random_range(6..14), rng.random_range(25..60));
    row[Col::Title as usize] = words(rng, title_words);
    row[Col::Description as usize] = words(rng, description_words);
    row[Col::Nationalities as usize] = nationalities(rng);
    let source = SOURCES[rng.random_range(0..SOURCES.len())];
    source.clone_into(&mut row[Col::Source as usize]);
    let actor = ACTORS[rng.random_range(0..ACTORS.len())];
    actor.clone_into(&mut row[Col::Actors as usize]);
    let year = rng.random_range(2016..=2022);
    row[Col::Id as usize] = format!("syn-{i:08}");
    row[Col::Date as usize] = date(rng);
    kind.as_str().clone_into(&mut row[Col::Type as usize]);
    for col in [
        Col::Arrested,
        Col::Rescued,
        Col::Deported,
        Col::Victims,
        Col::People,
    ] {
        row[col as usize] = count(rng);
    }
    row[Col::SourceUrl as usize] = format!("https://example.org/{year}/{i}");
    let (month, day) = (rng.random_range(1..=12), rng.random_range(1..=28));
    row[Col::SourceDate as usize] = format!("{year}-{month:02}-{day:02}");
    row[Col::Tags as usize] = format!("synthetic;{}", kind.as_str());
    (row, at)
}

/// Writes a row as CSV; free-text and place columns are always quoted, as a spreadsheet does.
fn write_row(out: &mut impl Write, row: &Row) -> std::io::Result<()> {
    let always_quoted = [
        Col::Title,
        Col::Place,
        Col::Origin,
        Col::Destination,
        Col::Description,
    ];
    for (k, (value, column)) in row.iter().zip(&COLUMNS).enumerate() {
        if k > 0 {
            out.write_all(b",")?;
        }
        if always_quoted.contains(&column.col) {
            out.write_all(quoted(value).as_bytes())?;
        } else {
            out.write_all(value.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

fn main() -> std::io::Result<()> {
    // `cargo bench` passes `--bench`; the four arguments are the others.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [n, seed, events_path, latlon_path] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench generate -- N SEED EVENTS.csv LATLON.csv");
        std::process::exit(2);
    };
    let (Ok(n), Ok(seed)) = (n.parse::<u64>(), seed.parse::<u64>()) else {
        eprintln!("N and SEED are whole numbers");
        std::process::exit(2);
    };
    let gazetteer = Gazetteer::builtin().map_err(|e| std::io::Error::other(e.to_string()))?;
    let all = || gazetteer.places().map(|(_, p)| p);
    let places = Places {
        cambodia: unambiguous_places(&gazetteer),
        abroad: all()
            .filter(|p| p.kind == PlaceKind::Country && p.id != "cambodia")
            .collect(),
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut events = BufWriter::with_capacity(1 << 20, std::fs::File::create(events_path)?);
    let mut latlon = BufWriter::with_capacity(1 << 20, std::fs::File::create(latlon_path)?);
    // The header is the schema's, in its order.
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
    writeln!(events, "{}", header.join(","))?;
    writeln!(latlon, "{}", header.join(","))?;
    for i in 0..n {
        let (mut row, at) = row(i, &places, &mut rng);
        write_row(&mut events, &row)?;
        row[Col::Lat as usize] = at.lat.to_string();
        row[Col::Lon as usize] = at.lon.to_string();
        write_row(&mut latlon, &row)?;
    }
    events.flush()?;
    latlon.flush()
}
