//! `events.parquet` as DuckDB reads it: GeoParquet's geometry as DuckDB's GEOMETRY in
//! OGC:CRS84, every row and point of `events.geojson`, dates as DATE, the bbox covering usable
//! in a filter, and the `geo` metadata of GeoParquet 1.1.

use super::{client, clients, export, json};
use serde_json::Value;
use std::process::Command;

/// The venv setup.sh makes with DuckDB's Python package.
fn duckdb_python() -> std::path::PathBuf {
    let python = clients().join(".venv/bin/python");
    client(
        "DuckDB (tests/clients/.venv, from tests/clients/requirements-duckdb.txt)",
        Command::new(&python)
            .args(["-c", "import duckdb"])
            .output()
            .is_ok_and(|o| o.status.success()),
    );
    python
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn duckdb_reads_every_event_point_and_date_of_the_geoparquet() {
    let python = duckdb_python();
    let out = export(&["--only", "geoparquet,events"]);
    let output = Command::new(python)
        .arg(clients().join("duckdb_parquet.py"))
        .arg(out.path().join("events.parquet"))
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let types = &report["types"];
    assert_eq!(types["geometry"], "GEOMETRY('OGC:CRS84')");
    for (column, kind) in [
        ("start", "DATE"),
        ("end", "DATE"),
        ("source_date", "DATE"),
        ("open_start", "BOOLEAN"),
        ("people", "BIGINT"),
        ("title", "VARCHAR"),
    ] {
        assert_eq!(types[column], kind, "{column}");
    }
    let geojson = json(&out.path().join("events.geojson"));
    let features = geojson["features"].as_array().expect("features");
    let rows = report["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), features.len());
    let mut located = 0;
    for (row, feature) in rows.iter().zip(features) {
        assert_eq!(row["id"], feature["id"]);
        assert_eq!(row["start"], feature["properties"]["start"]);
        assert_eq!(row["end"], feature["properties"]["end"]);
        match feature["geometry"]["coordinates"].as_array() {
            Some(c) => {
                located += 1;
                let (lon, lat) = (c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat"));
                assert_eq!(row["wkt"], format!("POINT ({lon} {lat})"), "{}", row["id"]);
                assert_eq!(row["bbox"], serde_json::json!([lon, lat, lon, lat]));
            }
            None => assert_eq!(row["wkt"], Value::Null, "{}", row["id"]),
        }
    }
    assert!(located > 10);
    let east = features
        .iter()
        .filter(|f| {
            f["geometry"]["coordinates"][0]
                .as_f64()
                .is_some_and(|x| x > 104.0)
        })
        .count();
    assert_eq!(report["east_of_104"], east);
    let geo = &report["geo"];
    assert_eq!(geo["version"], "1.1.0");
    assert_eq!(geo["primary_column"], "geometry");
    let column = &geo["columns"]["geometry"];
    assert_eq!(column["encoding"], "WKB");
    assert_eq!(column["geometry_types"], serde_json::json!(["Point"]));
    assert_eq!(
        column["covering"]["bbox"]["xmin"],
        serde_json::json!(["bbox", "xmin"])
    );
    assert_eq!(column["bbox"].as_array().map(Vec::len), Some(4));
}
