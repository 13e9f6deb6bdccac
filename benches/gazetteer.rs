//! Gazetteer loading and lookups, timed:
//!
//!     cargo bench --bench gazetteer            # 100k override zones
//!     cargo bench --bench gazetteer -- 1000000 # another size
//!
//! Prints the median of several runs for: loading the built-in gazetteer (every command does
//! this once), loading it with a `--gazetteer` folder of N zones, resolving names that hit,
//! and resolving names that miss (each miss computes "did you mean" suggestions).

use std::hint::black_box;
use std::io::Write;
use std::time::{Duration, Instant};
use tonle::gazetteer::Gazetteer;

const PROVINCES: &[&str] = &[
    "banteay-meanchey",
    "battambang",
    "kampong-cham",
    "kandal",
    "koh-kong",
    "pursat",
    "siem-reap",
    "preah-sihanouk",
    "svay-rieng",
    "takeo",
];

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

/// A `zones.csv` of `n` distinct sites spread over ten provinces.
fn write_zones(dir: &std::path::Path, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("zones.csv"))?);
    writeln!(
        out,
        "id,kind,name,aliases,province,lat,lon,precision,source"
    )?;
    for i in 0..n {
        let province = PROVINCES[i % PROVINCES.len()];
        let lat = 10.5 + f64::from(u32::try_from(i % 400)?) / 100.0;
        let lon = 103.0 + f64::from(u32::try_from(i % 300)?) / 100.0;
        writeln!(
            out,
            "bench-site-{i},site,Bench Site {i},Site {i} Bench,{province},{lat:.4},{lon:.4},approximate,bench"
        )?;
    }
    out.flush()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or(Ok(100_000), |a| a.parse())?;
    let builtin = time(10, || Gazetteer::builtin().map(|g| g.places().count()));
    println!(
        "built-in gazetteer load: {:.1} ms (median of 10)",
        ms(builtin)
    );

    let dir = tempfile::tempdir()?;
    write_zones(dir.path(), n)?;
    let large = time(3, || {
        Gazetteer::load(Some(dir.path())).map(|g| g.places().count())
    });
    let loaded = Gazetteer::load(Some(dir.path())).map_err(|e| e.to_string())?;
    println!(
        "load with a {n}-zone override: {:.0} ms (median of 3; {} places)",
        ms(large),
        loaded.places().count()
    );

    let g = Gazetteer::builtin().map_err(|e| e.to_string())?;
    let hits = [
        "Sihanoukville",
        "Chrey Thum, Kandal",
        "Anlung Veaeng",
        "ភ្នំពេញ",
        "Memot",
        "Mae Sot",
    ];
    let misses = ["Sihanoukvlle", "Atlantis", "Kampong Chamm", "Thmor Daa"];
    let per = |queries: &[&str]| {
        let t = time(20, || {
            queries
                .iter()
                .map(|q| g.resolve(q).is_ok())
                .filter(|ok| *ok)
                .count()
        });
        ms(t) * 1000.0 / f64::from(u32::try_from(queries.len()).unwrap_or(1))
    };
    println!("resolve, a hit: {:.1} us", per(&hits));
    println!("resolve, a miss with suggestions: {:.1} us", per(&misses));
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
