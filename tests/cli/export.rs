//! `tonle export`: the committed out/ is what the default run writes, outputs are exact,
//! deterministic, inert, and written all or nothing.

use super::story::story_data;
use super::{export_into, files, root, tonle, tonle_in};
use std::collections::BTreeMap;
use std::path::Path;

/// The fixture whose every text field carries a script payload, with the gazetteer that puts
/// one into a province name.
const HOSTILE: &[&str] = &[
    "--events",
    "tests/fixtures/good/hostile.csv",
    "--gazetteer",
    "tests/fixtures/good/hostile-gazetteer",
];

#[test]
fn committed_out_matches_a_fresh_default_export_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fresh = files(dir.path());
    let committed = files(&root().join("out"));
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &fresh {
        assert!(bytes == &committed[name], "out/{name} differs from a fresh export: run `cargo run --release -- export` and commit");
    }
}

#[test]
fn two_runs_are_byte_identical() {
    let (a, b) = (
        tempfile::tempdir().expect("a"),
        tempfile::tempdir().expect("b"),
    );
    for dir in [&a, &b] {
        assert_eq!(
            export_into(dir.path(), &["--events", "tests/fixtures/good/small.csv"]).code,
            0
        );
    }
    assert_eq!(files(a.path()), files(b.path()));
}

#[test]
fn the_summary_names_each_file_with_items_and_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &["--events", "tests/fixtures/good/small.csv"]);
    let out = dir.path().display().to_string();
    insta::assert_snapshot!(run.stderr.replace(&out, "OUT"));
}

/// The exact shape of every format on a small fixture.
#[test]
fn each_format_has_its_exact_shape() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &["--events", "tests/fixtures/good/small.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, bytes) in files(dir.path()) {
        if [
            "places.geojson",
            "countries.geojson",
            "tonle.gpkg",
            "events.parquet",
        ]
        .contains(&name.as_str())
        {
            // The gazetteer itself, pinned by the gazetteer tests; the shipped outlines as
            // shipped, pinned by `src/boundaries.rs` and `src/export/countries.rs`; the
            // GeoPackage and the GeoParquet, binary, pinned by their own tests.
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        if name == "story.html" {
            // The page's parts are files of their own; its data is what this export decides.
            insta::assert_snapshot!("small-story-data", story_data(&text));
            continue;
        }
        insta::assert_snapshot!(format!("small-{name}"), without_outlines(&text));
    }
}

/// A polygon layer with each MultiPolygon replaced by the number of its positions: the
/// outlines are pinned by `src/boundaries.rs`'s tests and the golden `out/`; a snapshot of
/// them would be 140 KB of coordinates hiding the properties.
fn without_outlines(text: &str) -> String {
    const POLYGON: &str = ",\"geometry\":{\"type\":\"MultiPolygon\",";
    text.lines()
        .map(
            |line| match (line.find(POLYGON), line.find(",\"properties\":")) {
                (Some(a), Some(b)) if a < b => {
                    let geometry = &line[a..b];
                    let positions = geometry
                        .match_indices('[')
                        .filter(|(i, _)| {
                            geometry[i + 1..].starts_with(|c: char| c.is_ascii_digit() || c == '-')
                        })
                        .count();
                    format!(
                        "{},\"geometry\":\"MultiPolygon, {positions} positions\"{}",
                        &line[..a],
                        &line[b..]
                    )
                }
                _ => line.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

pub(crate) fn geojson_features(path: &Path) -> Vec<geojson::Feature> {
    let text = std::fs::read_to_string(path).expect("read");
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert!(value.get("crs").is_none(), "RFC 7946 has no crs member");
    let collection: geojson::FeatureCollection = text
        .parse::<geojson::GeoJson>()
        .expect("GeoJSON")
        .try_into()
        .expect("a FeatureCollection");
    collection.features
}

/// Every GeoJSON output parses with the geojson crate, has one geometry type (events may have
/// none: national facts), at most six decimals, one JSON type per property, and full dates in
/// `start` and `end`. The built-in dataset has no journey, so journeys come from a fixture.
#[test]
fn geojson_outputs_are_rfc7946_and_typed_for_gdal() {
    let out = root().join("out");
    let journeys = tempfile::tempdir().expect("temp dir");
    let run = export_into(
        journeys.path(),
        &[
            "--events",
            "tests/fixtures/good/journeys.csv",
            "--only",
            "journeys",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (dir, name, geometry) in [
        (out.as_path(), "events.geojson", "Point"),
        (&out, "movements.geojson", "LineString"),
        (journeys.path(), "journeys.geojson", "LineString"),
        (&out, "flows.geojson", "LineString"),
        (&out, "activity.geojson", "MultiPolygon"),
        (&out, "provinces.geojson", "MultiPolygon"),
        (&out, "places.geojson", "Point"),
    ] {
        let features = geojson_features(&dir.join(name));
        assert!(!features.is_empty(), "{name}");
        let mut types: BTreeMap<String, &'static str> = BTreeMap::new();
        for f in &features {
            match f.geometry.as_ref() {
                Some(g) => {
                    assert_eq!(g.value.type_name(), geometry, "{name}");
                    assert_at_most_six_decimals(name, &g.value);
                }
                None => assert_eq!(name, "events.geojson", "only national facts have no point"),
            }
            assert!(
                matches!(f.id, Some(geojson::feature::Id::String(_))),
                "{name}: string ids"
            );
            for (key, value) in f.properties.as_ref().expect("properties") {
                check_property(name, key, value, &mut types);
            }
        }
    }
}

fn assert_at_most_six_decimals(name: &str, geometry: &geojson::GeometryValue) {
    let coords = serde_json::to_string(geometry).expect("coords");
    for number in coords
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|s| s.contains('.'))
    {
        let decimals = number.split('.').nth(1).map_or(0, str::len);
        assert!(decimals <= 6, "{name}: {number} has {decimals} decimals");
    }
}

/// One JSON type per property across a file, nothing nested, and dates as full days.
fn check_property(
    name: &str,
    key: &str,
    value: &serde_json::Value,
    types: &mut BTreeMap<String, &'static str>,
) {
    let kind = match value {
        serde_json::Value::Null => return,
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        serde_json::Value::Number(_) => "real",
        serde_json::Value::String(_) => "string",
        _ => "nested",
    };
    assert_ne!(kind, "nested", "{name}: {key} is nested");
    let first = types.entry(key.to_owned()).or_insert(kind);
    assert_eq!(*first, kind, "{name}: {key} mixes types");
    if ["start", "end", "first_start", "last_end", "source_date"].contains(&key) {
        let day = value.as_str().expect("a date string");
        assert!(
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok() && day.len() == 10,
            "{name}: {key} = {day}"
        );
    }
}

#[test]
fn every_event_is_in_the_timelines_and_csv() {
    let out = root().join("out");
    let timeline: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline.json")).expect("read"))
            .expect("JSON");
    let vis: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("timeline-vis.json")).expect("read"))
            .expect("JSON");
    let events = timeline["events"].as_array().expect("events");
    assert_eq!(events.len(), 66);
    assert_eq!(vis["items"].as_array().map(Vec::len), Some(66));
    let mut csv = csv::Reader::from_path(out.join("events.csv")).expect("csv");
    assert_eq!(csv.records().count(), 66);
    let points = geojson_features(&out.join("events.geojson")).len();
    let lines = geojson_features(&out.join("movements.geojson")).len();
    assert_eq!(
        points + lines,
        66,
        "every event is a point, or a movement without a place"
    );
    for slide in events {
        let start = &slide["start_date"];
        assert!(start["year"].is_i64(), "{slide}");
        for part in ["month", "day"] {
            assert!(
                start.get(part).is_none_or(serde_json::Value::is_u64),
                "{slide}"
            );
        }
    }
}

#[test]
fn partial_dates_map_to_timelinejs_dates_at_their_precision() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        export_into(
            dir.path(),
            &[
                "--events",
                "tests/fixtures/good/small.csv",
                "--only",
                "timelinejs"
            ]
        )
        .code,
        0
    );
    let timeline: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("timeline.json")).expect("read"))
            .expect("JSON");
    let by_id = |id: &str| {
        timeline["events"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["unique_id"] == id)
            .cloned()
            .expect(id)
    };
    assert_eq!(
        by_id("t-001")["start_date"],
        serde_json::json!({"year": 2022})
    );
    assert!(
        by_id("t-001").get("end_date").is_none() && by_id("t-001").get("display_date").is_none()
    );
    assert_eq!(
        by_id("t-002")["start_date"],
        serde_json::json!({"year": 2022, "month": 8})
    );
    assert_eq!(
        by_id("t-003")["end_date"],
        serde_json::json!({"year": 2022, "month": 10, "day": 19})
    );
    assert_eq!(by_id("t-004")["display_date"], "c. October 2022 - ongoing");
    assert_eq!(
        by_id("t-005")["start_date"],
        serde_json::json!({"year": 2022, "month": 9})
    );
    assert_eq!(by_id("t-005")["display_date"], "? - September 2022");
}

#[test]
fn hostile_text_comes_out_inert_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(
        dir.path(),
        &[HOSTILE, &["--timeline-group", "province"]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let timeline: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("timeline.json")).expect("read"))
            .expect("JSON");
    for slide in timeline["events"].as_array().expect("events") {
        for field in ["headline", "text"] {
            let html = slide["text"][field].as_str().expect("text");
            let without_our_tags = ["<p>", "</p>", "<b>", "</b>", "</a>"]
                .iter()
                .fold(html.to_owned(), |s, t| s.replace(t, ""));
            let without_links = without_our_tags
                .split("<a href=\"https://")
                .map(|s| s.split_once("\">").map_or(s, |x| x.1))
                .collect::<String>();
            assert!(
                !without_links.contains('<'),
                "{field} carries raw markup: {html}"
            );
        }
        for field in ["display_date", "group"] {
            if let Some(text) = slide[field].as_str() {
                assert!(!text.contains(['<', '>', '&']), "{field} = {text}");
            }
        }
    }
    let vis: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("timeline-vis.json")).expect("read"))
            .expect("JSON");
    for item in vis["items"]
        .as_array()
        .expect("items")
        .iter()
        .chain(vis["groups"].as_array().expect("groups"))
    {
        for field in ["content", "title"] {
            if let Some(text) = item[field].as_str() {
                assert!(!text.contains(['<', '>']), "{field} = {text}");
            }
        }
    }
    let mut reader = csv::Reader::from_path(dir.path().join("events.csv")).expect("csv");
    let headers = reader.headers().expect("header").clone();
    for record in reader.records() {
        let record = record.expect("row");
        for (name, cell) in headers.iter().zip(record.iter()) {
            let numeric = [
                "lat",
                "lon",
                "origin_lat",
                "origin_lng",
                "dest_lat",
                "dest_lng",
                "arrested",
                "rescued",
                "deported",
                "victims",
                "people",
                "geo_precision",
            ]
            .contains(&name);
            if !numeric {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name} = {cell}"
                );
            }
        }
    }
}

#[test]
fn an_invalid_row_writes_nothing_and_leaves_earlier_outputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        export_into(dir.path(), &["--events", "tests/fixtures/good/small.csv"]).code,
        0
    );
    let before = files(dir.path());
    let run = export_into(
        dir.path(),
        &["--events", "tests/fixtures/bad/bad-places.csv"],
    );
    assert_eq!(run.code, 1);
    let validate = tonle(&["validate", "tests/fixtures/bad/bad-places.csv"]);
    let diagnostics: String = validate
        .stdout
        .lines()
        .filter(|l| !l.contains(" errors in "))
        .fold(String::new(), |acc, l| {
            acc + l
                + "
"
        });
    assert!(
        run.stderr.starts_with(&diagnostics),
        "export prints validate's diagnostics:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("nothing was written\n"),
        "{}",
        run.stderr
    );
    assert_eq!(files(dir.path()), before);
}

#[test]
fn an_output_path_that_is_a_folder_fails_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(
        export_into(dir.path(), &["--events", "tests/fixtures/good/small.csv"]).code,
        0
    );
    std::fs::remove_file(dir.path().join("timeline.json")).expect("rm");
    std::fs::create_dir(dir.path().join("timeline.json")).expect("mkdir");
    let before = files(dir.path());
    let run = export_into(dir.path(), HOSTILE);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("timeline.json is a folder"),
        "{}",
        run.stderr
    );
    assert_eq!(
        files(dir.path()),
        before,
        "earlier outputs untouched, no temporary file left"
    );
}

#[test]
fn a_leftover_temporary_file_is_removed_by_the_next_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(".tonle-abc123.tmp"), "half a file").expect("write");
    assert_eq!(
        export_into(dir.path(), &["--events", "tests/fixtures/good/small.csv"]).code,
        0
    );
    assert!(!dir.path().join(".tonle-abc123.tmp").exists());
}

#[test]
fn filters_keep_overlapping_dates_provinces_and_types() {
    let ids = |extra: &[&str]| -> Vec<String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut args = vec!["--events", "tests/fixtures/good/small.csv", "--only", "csv"];
        args.extend_from_slice(extra);
        let run = export_into(dir.path(), &args);
        if run.code != 0 {
            return vec![format!("exit {}: {}", run.code, run.stderr.trim())];
        }
        let mut reader = csv::Reader::from_path(dir.path().join("events.csv")).expect("csv");
        reader
            .records()
            .map(|r| r.expect("row")[0].to_owned())
            .collect()
    };
    assert_eq!(ids(&[]), ["t-001", "t-002", "t-003", "t-005", "t-004"]);
    assert_eq!(
        ids(&["--from", "2022-09-01", "--to", "2022-09-30"]),
        ["t-001", "t-003", "t-005"]
    );
    assert_eq!(ids(&["--from", "2022-10"]), ["t-001", "t-003", "t-004"]);
    assert_eq!(
        ids(&["--province", "Kampong Som"]),
        ["t-002", "t-005", "t-004"]
    );
    assert_eq!(ids(&["--province", "Pursat"]), ["t-004"]);
    assert_eq!(
        ids(&["--type", "arrest", "--type", "policy"]),
        ["t-001", "t-002"]
    );
    assert_eq!(ids(&["--type", "arest"]), ["exit 2: tonle: error: --type arest: unknown event type `arest`; did you mean `arrest`? The types are: raid, arrest, rescue, repatriation, deportation, relocation, trafficking_route, closure, report, policy, statement, protest, trial, incident"]);
    // Lists, any case, the synonyms a type cell may use, and every form a date cell may take.
    assert_eq!(ids(&["--type", "ARREST,Policy"]), ["t-001", "t-002"]);
    assert_eq!(ids(&["--type", "Police raid,Rescued"]), ["t-005"]);
    assert_eq!(
        ids(&["--province", "pursat,KAMPONG SOM"]),
        ["t-002", "t-005", "t-004"]
    );
    assert_eq!(ids(&["--from", "Oct 2022"]), ids(&["--from", "2022-10"]));
    assert_eq!(
        ids(&["--from", "Sept 2022", "--to", "Q3 2022"]),
        ["t-001", "t-003", "t-005"]
    );
    // --country keeps events in or at a country, by code or name.
    assert_eq!(ids(&["--country", "kh"]), ids(&[]));
    assert_eq!(
        ids(&["--country", "Thailand,la"]),
        ["exit 1: no event matches the filters; nothing was written"]
    );
    assert_eq!(
        ids(&["--country", "Korean"]),
        ["exit 2: tonle: error: --country Korean: `Korean` could be KP (North Korea) or KR (South Korea); write the code of the country the source means: KP or KR"]
    );
    assert_eq!(
        ids(&["--province", "Lao PDR"]),
        ["exit 2: tonle: error: --province Lao PDR: Laos is a country, not a province"]
    );
    assert_eq!(
        ids(&["--from", "2030"]),
        ["t-004"],
        "an open end overlaps every later day"
    );
    assert_eq!(
        ids(&["--to", "2015", "--type", "policy"]),
        ["exit 1: no event matches the filters; nothing was written"]
    );
}

#[test]
fn only_writes_the_chosen_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &["--only", "events,vis"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        files(dir.path()).into_keys().collect::<Vec<_>>(),
        ["events.geojson", "redactions.csv", "timeline-vis.json"],
        "a public export always accounts for what it withheld"
    );
}

#[test]
fn boundaries_make_a_choropleth_layer_and_report_what_does_not_join() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("adm1.geojson"),
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ADM1_PCODE":"KH18"},"geometry":{"type":"Polygon","coordinates":[[[103.4,10.5],[103.8,10.5],[103.8,10.9],[103.4,10.9],[103.4,10.5]]]}},
{"type":"Feature","properties":{"ADM1_PCODE":"KH15"},"geometry":{"type":"MultiPolygon","coordinates":[[[[102.9,12.2],[104.2,12.2],[104.2,12.9],[102.9,12.9],[102.9,12.2]]]]}},
{"type":"Feature","properties":{"ADM1_PCODE":"XX99"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}"#,
    )
    .expect("write");
    let events = root()
        .join("tests/fixtures/good/small.csv")
        .display()
        .to_string();
    let run = tonle_in(
        dir.path(),
        &[
            "export",
            "--events",
            &events,
            "--only",
            "provinces",
            "--boundaries",
            "adm1.geojson",
            "--boundary-key",
            "ADM1_PCODE",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: adm1.geojson: feature 3 (`ADM1_PCODE` = XX99) matches no province"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr
            .matches("warning: adm1.geojson: no boundary for")
            .count(),
        23
    );
    let features = geojson_features(&dir.path().join("out/provinces.geojson"));
    assert_eq!(features.len(), 2);
    assert!(features
        .iter()
        .all(|f| f.geometry.as_ref().expect("geometry").value.type_name() == "MultiPolygon"));
    let sihanouk = features
        .iter()
        .find(|f| f.property("id") == Some(&serde_json::json!("preah-sihanouk")))
        .expect("KH-18");
    assert_eq!(sihanouk.property("events"), Some(&serde_json::json!(2)));
    assert_eq!(
        sihanouk.property("movements_out"),
        Some(&serde_json::json!(1))
    );
    assert_eq!(sihanouk.property("arrested"), Some(&serde_json::json!(84)));
}

#[test]
fn a_qgis_project_needs_a_layer_written_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &["--only", "qgis"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--only qgis: tonle.qgs shows the GeoJSON layers written with it"),
        "{}",
        run.stderr
    );
    assert!(files(dir.path()).is_empty(), "nothing written");

    let run = export_into(dir.path(), &["--only", "qgis,events"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let project = String::from_utf8(files(dir.path()).remove("tonle.qgs").expect("tonle.qgs"))
        .expect("UTF-8");
    assert!(project.contains("<datasource>./events.geojson</datasource>"));
    assert!(
        !project.contains("movements.geojson"),
        "only layers that were written"
    );
}

/// Lines of a one-feature-per-line GeoJSON (or CSV rows), sorted: the same set of features
/// whatever order they were written in.
fn sorted_lines(bytes: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| l.trim_end_matches(',').to_owned())
        .collect();
    lines.sort();
    lines
}

#[test]
fn order_input_streams_the_same_features_in_the_files_order() {
    let sorted = tempfile::tempdir().expect("temp dir");
    let streamed = tempfile::tempdir().expect("temp dir");
    let only = ["--only", "events,movements,csv,places,vis"];
    let run = export_into(sorted.path(), &only);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut args = only.to_vec();
    args.extend(["--order", "input", "--from", "2016"]);
    let run = export_into(streamed.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (a, b) = (files(sorted.path()), files(streamed.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert_eq!(sorted_lines(bytes), sorted_lines(&b[name]), "{name}");
    }
    assert_eq!(a["places.geojson"], b["places.geojson"]);
    // The streamed events follow the built-in file's row order.
    let ids: Vec<String> = geojson_features(&streamed.path().join("events.geojson"))
        .iter()
        .map(|f| {
            f.property("id")
                .and_then(|v| v.as_str())
                .expect("id")
                .to_owned()
        })
        .collect();
    let csv = include_str!("../../events/cambodia-2016-2022.csv");
    let order: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .filter(|id| ids.iter().any(|i| i == id))
        .collect();
    assert_eq!(ids, order);
}

#[test]
fn order_input_refuses_outputs_that_need_every_event_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &["--order", "input"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "--order input streams events and cannot write provinces.geojson, timeline.json, tonle.qgs, tonle.gpkg, story.html, storymap.json: they need every event at once (sorted, aggregated or scaled); add --only events,movements,journeys,flows,activity,places,countries,vis,viscss,csv,flowscsv,geoparquet,redactions, or drop --order input"
        ),
        "{}",
        run.stderr
    );
    assert!(files(dir.path()).is_empty());
}

#[test]
fn order_input_writes_nothing_when_a_row_is_bad() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("earlier.geojson"), "kept").expect("write");
    let run = export_into(
        dir.path(),
        &[
            "--order",
            "input",
            "--only",
            "events,csv",
            "--events",
            "tests/fixtures/bad/bad-places.csv",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(
        files(dir.path()).into_keys().collect::<Vec<_>>(),
        ["earlier.geojson"],
        "no output and no temporary file"
    );
}

/// Flag values that cannot work are hard errors (exit 2) that say why, before anything is
/// read or written.
#[test]
fn flag_errors_say_what_is_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(dir.path(), &["--from", "2022-10", "--to", "2022-08"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "tonle: error: --to 2022-08-31 is before --from 2022-10-01\n"
    );
    let run = export_into(dir.path(), &["--only", "timeline"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("invalid value 'timeline' for '--only <OUTPUT,...>'")
            && run.stderr.contains("[possible values: events, movements, journeys, flows, activity, provinces, places, countries, timelinejs, vis, viscss, csv, flowscsv, geoparquet, qgis, gpkg, story, storymap, redactions]"),
        "the values come from the registry: {}",
        run.stderr
    );
    assert!(files(dir.path()).is_empty());
}

#[test]
fn boundary_file_errors_name_the_file_and_what_is_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).expect("write");
    };
    write("not-json.geojson", "ADM1_PCODE,geometry\nKH18,POLYGON\n");
    write(
        "point.geojson",
        r#"{"type":"Point","coordinates":[103.5,10.6]}"#,
    );
    let run = |file: &str| {
        tonle_in(
            dir.path(),
            &[
                "export",
                "--only",
                "provinces",
                "--boundaries",
                file,
                "--boundary-key",
                "ADM1_PCODE",
            ],
        )
    };
    let missing = run("adm1.geojson");
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "tonle: error: cannot read adm1.geojson: No such file or directory (os error 2)\n"
    );
    let not_json = run("not-json.geojson");
    assert_eq!(not_json.code, 2);
    assert!(
        not_json
            .stderr
            .starts_with("tonle: error: not-json.geojson: not GeoJSON: "),
        "{}",
        not_json.stderr
    );
    let point = run("point.geojson");
    assert_eq!(point.code, 2);
    assert!(
        point
            .stderr
            .starts_with("tonle: error: point.geojson: not a FeatureCollection: "),
        "{}",
        point.stderr
    );
    // The folder and its lock are made before any input is read; no output is written.
    assert!(files(&dir.path().join("out")).is_empty(), "nothing written");
}

#[test]
fn an_invalid_gazetteer_stops_an_export_with_its_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(
        dir.path(),
        &["--gazetteer", "tests/fixtures/gazetteers/broken"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "tests/fixtures/gazetteers/broken/zones.csv:2:2: error: unknown zone kind `compund`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("\nthe gazetteer has 3 errors; nothing was written\n"),
        "{}",
        run.stderr
    );
    assert!(files(dir.path()).is_empty());
}
