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

const HEADER: &str = "id,date,type,title,place,origin,destination,place_text,lat,lon,arrested,rescued,deported,victims,people,count_note,nationalities,actors,description,source,source_url,source_date,tags";

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
    let cambodia = unambiguous_places(&gazetteer);
    let abroad: Vec<&Place> = gazetteer
        .places()
        .map(|(_, p)| p)
        .filter(|p| p.kind == PlaceKind::Country && p.id != "cambodia")
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut events = BufWriter::with_capacity(1 << 20, std::fs::File::create(events_path)?);
    let mut latlon = BufWriter::with_capacity(1 << 20, std::fs::File::create(latlon_path)?);
    writeln!(events, "{HEADER}")?;
    writeln!(latlon, "{HEADER}")?;
    for i in 0..n {
        let movement = rng.random_bool(0.2);
        let kind = if movement {
            MOVEMENT_TYPES[rng.random_range(0..MOVEMENT_TYPES.len())]
        } else {
            EventType::ALL[rng.random_range(0..EventType::ALL.len())]
        };
        let (mut place, mut origin, mut destination) =
            (String::new(), String::new(), String::new());
        let at: &Place;
        if movement {
            let from = cambodia[rng.random_range(0..cambodia.len())];
            let to = if rng.random_bool(0.5) {
                abroad[rng.random_range(0..abroad.len())]
            } else {
                cambodia[rng.random_range(0..cambodia.len())]
            };
            origin = spelling(from, &mut rng);
            destination = spelling(to, &mut rng);
            at = from;
        } else {
            at = cambodia[rng.random_range(0..cambodia.len())];
            place = spelling(at, &mut rng);
        }
        let (title_words, description_words) = (rng.random_range(6..14), rng.random_range(25..60));
        let title = words(&mut rng, title_words);
        let description = words(&mut rng, description_words);
        let nationalities = if rng.random_bool(0.3) {
            let a = NATIONALITIES[rng.random_range(0..NATIONALITIES.len())];
            let b = NATIONALITIES[rng.random_range(0..NATIONALITIES.len())];
            if a == b {
                format!("{a}:{}", rng.random_range(1..300))
            } else {
                format!("{a}:{};{b}", rng.random_range(1..300))
            }
        } else {
            String::new()
        };
        let source = SOURCES[rng.random_range(0..SOURCES.len())];
        let actor = ACTORS[rng.random_range(0..ACTORS.len())];
        let year = rng.random_range(2016..=2022);
        let rest_before = format!(
            "syn-{i:08},{},{},{},{},{},{},",
            date(&mut rng),
            kind.as_str(),
            quoted(&title),
            quoted(&place),
            quoted(&origin),
            quoted(&destination),
        );
        let rest_after = format!(
            "{},{},{},{},{},,{},{},{},{},https://example.org/{year}/{i},{year}-{:02}-{:02},synthetic;{}",
            count(&mut rng),
            count(&mut rng),
            count(&mut rng),
            count(&mut rng),
            count(&mut rng),
            nationalities,
            actor,
            quoted(&description),
            source,
            rng.random_range(1..=12),
            rng.random_range(1..=28),
            kind.as_str(),
        );
        writeln!(events, "{rest_before},,,{rest_after}")?;
        writeln!(latlon, "{rest_before},{},{},{rest_after}", at.lat, at.lon)?;
    }
    events.flush()?;
    latlon.flush()
}
