//! `tonle export --only geoparquet`: events.parquet is a Parquet file with GeoParquet's `geo`
//! metadata, one row per feature of events.geojson, written in input order as well as sorted.

use super::{export_into, files};

const SMALL: [&str; 2] = ["--events", "tests/fixtures/good/small.csv"];

fn features(geojson: &[u8]) -> usize {
    let value: serde_json::Value = serde_json::from_slice(geojson).expect("GeoJSON");
    value["features"].as_array().map_or(0, Vec::len)
}

#[test]
fn events_parquet_has_a_row_per_geojson_feature_and_the_geo_metadata() {
    for order in ["start", "input"] {
        let dir = tempfile::tempdir().expect("dir");
        let run = export_into(
            dir.path(),
            &[
                SMALL[0],
                SMALL[1],
                "--only",
                "events,geoparquet",
                "--order",
                order,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let written = files(dir.path());
        let parquet = &written["events.parquet"];
        let rows = features(&written["events.geojson"]);
        assert!(rows > 2);
        assert!(
            run.stderr.contains(&format!("events.parquet: {rows} rows")),
            "{}",
            run.stderr
        );
        assert_eq!(&parquet[..4], b"PAR1");
        assert_eq!(&parquet[parquet.len() - 4..], b"PAR1");
        let text = String::from_utf8_lossy(parquet);
        for needle in [
            "\"version\":\"1.1.0\"",
            "\"encoding\":\"WKB\"",
            "\"covering\":{\"bbox\"",
            "geometry",
            "source_date",
        ] {
            assert!(text.contains(needle), "{needle} in the footer ({order})");
        }
    }
}
