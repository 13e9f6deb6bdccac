//! `tonle export --only gpkg`: the GeoPackage holds each GeoJSON layer's features, is indexed
//! and styled, and is the same bytes on every run.

use super::{export_into, files};
use rusqlite::Connection;
use std::path::Path;

const SMALL: [&str; 2] = ["--events", "tests/fixtures/good/small.csv"];

fn features(path: &Path) -> i64 {
    let text = std::fs::read_to_string(path).expect("read GeoJSON");
    let value: serde_json::Value = serde_json::from_str(&text).expect("GeoJSON");
    value["features"]
        .as_array()
        .map(|f| i64::try_from(f.len()).expect("small"))
        .expect("features")
}

fn one<T: rusqlite::types::FromSql>(db: &Connection, sql: &str) -> T {
    db.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn the_geopackage_is_the_same_bytes_on_every_run() {
    let (a, b) = (
        tempfile::tempdir().expect("a"),
        tempfile::tempdir().expect("b"),
    );
    for dir in [&a, &b] {
        let run = export_into(dir.path(), &[SMALL[0], SMALL[1], "--only", "gpkg"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr.contains("tonle.gpkg: 8 layers"),
            "{}",
            run.stderr
        );
    }
    let (a, b) = (files(a.path()), files(b.path()));
    // A public export always accounts for what it withheld.
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        ["redactions.csv", "tonle.gpkg"]
    );
    assert!(a["tonle.gpkg"] == b["tonle.gpkg"], "two runs differ");
    assert_eq!(&a["tonle.gpkg"][..16], b"SQLite format 3\0");
}

#[test]
fn each_layer_holds_its_geojson_features_indexed_and_typed() {
    let dir = tempfile::tempdir().expect("dir");
    let run = export_into(dir.path(), &SMALL);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let db = Connection::open(dir.path().join("tonle.gpkg")).expect("open");
    assert_eq!(
        one::<i64>(&db, "PRAGMA application_id"),
        0x4750_4B47,
        "GPKG"
    );
    let layers = [
        "events",
        "movements",
        "journeys",
        "flows",
        "activity",
        "provinces",
        "places",
    ];
    for layer in layers {
        let expected = features(&dir.path().join(format!("{layer}.geojson")));
        let rows: i64 = one(&db, &format!("SELECT count(*) FROM \"{layer}\""));
        assert_eq!(rows, expected, "{layer}");
        let counted: i64 = one(
            &db,
            &format!("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = '{layer}'"),
        );
        assert_eq!(counted, expected, "{layer}");
        let located: i64 = one(
            &db,
            &format!("SELECT count(*) FROM \"{layer}\" WHERE geom IS NOT NULL"),
        );
        let indexed: i64 = one(&db, &format!("SELECT count(*) FROM \"rtree_{layer}_geom\""));
        assert_eq!(indexed, located, "{layer}: every geometry in the R-tree");
        let srs: i64 = one(
            &db,
            &format!("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = '{layer}'"),
        );
        assert_eq!(srs, 4326);
        // Dated from the data (the fixture's last day), not from the clock.
        let changed: String = one(
            &db,
            &format!("SELECT last_change FROM gpkg_contents WHERE table_name = '{layer}'"),
        );
        assert_eq!(changed, "2022-12-31T00:00:00.000Z", "{layer}");
    }
    // The events of events.geojson, in its order, with their dates typed.
    let ids: Vec<String> = db
        .prepare("SELECT id FROM events ORDER BY fid")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("ids");
    let geojson: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("events.geojson")).expect("events.geojson"),
    )
    .expect("JSON");
    let expected: Vec<&str> = geojson["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(expected.len() > 2);
    assert_eq!(ids, expected);
    let declared: String = one(&db, "SELECT sql FROM sqlite_master WHERE name = 'events'");
    for column in [
        "\"start\" DATE",
        "\"end\" DATE",
        "\"open_start\" BOOLEAN",
        "\"people\" INTEGER",
    ] {
        assert!(declared.contains(column), "{column} in {declared}");
    }
    let envelope: f64 = one(
        &db,
        "SELECT min_x FROM gpkg_contents WHERE table_name = 'provinces'",
    );
    assert!((102.0..103.0).contains(&envelope), "{envelope}");
    let styled: Vec<String> = db
        .prepare("SELECT f_table_name FROM layer_styles WHERE useAsDefault ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("styles");
    assert_eq!(
        styled,
        [
            "flows",
            "movements",
            "events",
            "activity",
            "provinces",
            "countries",
            "places"
        ]
    );
}

#[test]
fn the_geopackage_needs_every_event_so_cannot_stream() {
    let dir = tempfile::tempdir().expect("dir");
    let run = export_into(
        dir.path(),
        &[SMALL[0], SMALL[1], "--only", "gpkg", "--order", "input"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("tonle.gpkg"), "{}", run.stderr);
    assert!(files(dir.path()).is_empty());
}
