//! Real clients read our outputs the way users do: GDAL's `ogrinfo` and headless QGIS open the
//! GeoJSON, TimelineJS3 and vis-timeline render the timelines in Debian's Chromium.
//!
//! The clients are installed by `tests/clients/setup.sh`. Every test here is `#[ignore]`d, so
//! that plain `cargo test` reports them as ignored on a bare machine rather than passing
//! without doing their work; `cargo test -- --include-ignored` (as `.ci/run` does) runs them,
//! and a missing client then fails the test, naming the client and how to install it.

// Tests fail by panicking; that is their contract, not something to document.
#![allow(clippy::missing_panics_doc)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

mod embed;
#[cfg(feature = "geoparquet")]
mod geoparquet;
mod gpkg;
mod story;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn clients() -> PathBuf {
    root().join("tests/clients")
}

/// Fails the test, naming the client and how to install it, unless it is there.
fn client(name: &str, available: bool) {
    assert!(
        available,
        "{name} is missing: install the clients with `sudo bash tests/clients/setup.sh`"
    );
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn need_gdal() {
    client("GDAL (ogrinfo)", runs("ogrinfo", &["--version"]));
}

fn need_qgis() {
    client(
        "QGIS (python3-qgis)",
        runs("/usr/bin/python3", &["-c", "import qgis.core"]),
    );
}

fn need_browser() {
    let widgets = ["@knight-lab/timelinejs", "vis-timeline", "playwright-core"]
        .iter()
        .all(|p| {
            clients()
                .join("node_modules")
                .join(p)
                .join("package.json")
                .is_file()
        });
    client("node", runs("node", &["--version"]));
    client(
        "Chromium (/usr/bin/chromium)",
        Path::new("/usr/bin/chromium").exists(),
    );
    client(
        "the npm timeline widgets (tests/clients/node_modules)",
        widgets,
    );
}

/// Exports into a fresh temporary folder and returns it.
fn export(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().display().to_string();
    let mut all = vec!["export", "--out", out.as_str()];
    all.extend_from_slice(args);
    let output = Command::new(env!("CARGO_BIN_EXE_tonle"))
        .args(&all)
        .current_dir(root())
        .output()
        .expect("tonle runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("JSON")
}

/// Where the README's pictures go, when `TONLE_SAVE_RENDERS` names a folder.
fn keep(png: &Path, name: &str) {
    if let Ok(dir) = std::env::var("TONLE_SAVE_RENDERS") {
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::copy(png, Path::new(&dir).join(name)).expect("copy render");
    }
}

/// `ogrinfo -ro -al -so` of a file: its layer's summary, as GDAL (and so QGIS) reads it.
fn ogrinfo(path: &Path) -> String {
    let output = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(path)
        .output()
        .expect("ogrinfo runs");
    assert!(
        output.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// GDAL reads the layer with one geometry type (a file with two opens as `Unknown (any)`),
/// every feature, and each of `dates` typed Date.
fn assert_layer(path: &Path, geometry: &str, dates: &[&str]) {
    let expected = json(path)["features"]
        .as_array()
        .map(Vec::len)
        .expect("features");
    assert!(expected > 0, "{}: no feature to type", path.display());
    let info = ogrinfo(path);
    let name = path.display();
    assert!(
        info.contains(&format!("Geometry: {geometry}\n")),
        "{name}:\n{info}"
    );
    assert!(
        info.contains(&format!("Feature Count: {expected}\n")),
        "{name}: {expected} features:\n{info}"
    );
    for field in dates {
        assert!(
            info.contains(&format!("\n{field}: Date ")),
            "{name}: {field} is not Date:\n{info}"
        );
    }
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn gdal_opens_every_layer_with_the_expected_type_count_and_dates() {
    need_gdal();
    let out = export(&[]);
    let layer = |name: &str| out.path().join(format!("{name}.geojson"));
    // National facts have a null geometry: the layer stays one of points.
    assert_layer(&layer("events"), "Point", &["start", "end", "source_date"]);
    assert_layer(
        &layer("movements"),
        "Line String",
        &["start", "end", "source_date"],
    );
    assert_layer(
        &layer("provinces"),
        "Multi Polygon",
        &["first_start", "last_end"],
    );
    assert_layer(&layer("places"), "Point", &[]);
    assert_layer(&layer("countries"), "Multi Polygon", &[]);
    assert_layer(&layer("flows"), "Line String", &["start", "end"]);
    assert_layer(&layer("activity"), "Multi Polygon", &["start", "end"]);
    let info = ogrinfo(&layer("activity"));
    for (field, kind) in [
        ("share", "Real"),
        ("change", "Integer"),
        ("events_raid", "Integer"),
    ] {
        assert!(
            info.contains(&format!("\n{field}: {kind} ")),
            "{field}:\n{info}"
        );
    }
    // The built-in dataset tells no journey; the fixture tells two (rows, and a `via` row),
    // one with an open end.
    let journeys = export(&[
        "--events",
        "tests/fixtures/good/journeys.csv",
        "--only",
        "journeys,flows,activity",
    ]);
    for name in ["journeys", "flows"] {
        assert_layer(
            &journeys.path().join(format!("{name}.geojson")),
            "Line String",
            &["start", "end"],
        );
    }
}

/// The ids of the features whose [start, end] overlaps [from, to]; a null end is open.
fn overlapping(path: &Path, from: &str, to: &str) -> Vec<String> {
    let mut ids: Vec<String> = json(path)["features"]
        .as_array()
        .expect("features")
        .iter()
        .filter(|f| {
            let p = &f["properties"];
            p["start"].as_str().is_none_or(|s| s <= to)
                && p["end"].as_str().is_none_or(|e| e >= from)
        })
        .map(|f| f["id"].as_str().expect("id").to_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn qgis_loads_the_layers_filters_by_time_and_renders() {
    need_qgis();
    let out = export(&[]);
    let png = qgis_check(&out);
    keep(&png, "qgis-events-movements.png");
}

/// The small fixture has an open end (a movement) and an unknown start (an event).
#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn qgis_keeps_open_and_unknown_ends_in_the_temporal_filter() {
    need_qgis();
    qgis_check(&export(&["--events", "tests/fixtures/good/small.csv"]));
}

/// Loads an export in QGIS and checks every layer, the temporal filter and the render.
fn qgis_check(out: &tempfile::TempDir) -> PathBuf {
    let png = out.path().join("map.png");
    let output = Command::new("/usr/bin/python3")
        .arg(clients().join("qgis_check.py"))
        .arg(out.path())
        .arg(&png)
        .args(["2022-08-01", "2022-10-31"])
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    for name in ["events", "movements", "provinces", "places"] {
        let layer = &report["layers"][name];
        assert_eq!(layer["valid"], true, "{name}");
        let expected = json(&out.path().join(format!("{name}.geojson")))["features"]
            .as_array()
            .map(Vec::len);
        assert_eq!(
            layer["count"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok()),
            expected,
            "{name}"
        );
    }
    // The national facts' null geometries leave the events a layer of points, each in it.
    assert_eq!(report["layers"]["events"]["geometry"], "Point");
    assert_eq!(report["layers"]["provinces"]["geometry"], "MultiPolygon");
    for name in ["events", "movements"] {
        let layer = &report["layers"][name];
        let features = json(&out.path().join(format!("{name}.geojson")));
        for field in ["start", "end"] {
            // GDAL types a column from its values: one that is null everywhere is a String.
            let any_value = features["features"]
                .as_array()
                .expect("features")
                .iter()
                .any(|f| !f["properties"][field].is_null());
            if any_value {
                assert_eq!(
                    layer["fields"][field], "Date",
                    "{name}: {field} arrives as QDate"
                );
                assert_eq!(
                    layer["qvariant"][field], 14,
                    "{name}: {field} is QVariant::Date"
                );
            }
        }
        let temporal = &layer["temporal"];
        assert_eq!(temporal["active"], true);
        assert_eq!(
            (&temporal["start_field"], &temporal["end_field"]),
            (&Value::from("start"), &Value::from("end"))
        );
        let kept: Vec<String> = temporal["in_range"]
            .as_array()
            .expect("ids")
            .iter()
            .map(|v| v.as_str().expect("id").to_owned())
            .collect();
        let path = out.path().join(format!("{name}.geojson"));
        assert_eq!(
            kept,
            overlapping(&path, "2022-08-01", "2022-10-31"),
            "{name}: QGIS keeps exactly the overlapping events"
        );
        assert!(!kept.is_empty(), "{name}");
    }
    assert!(
        report["png"]["drawn_samples"].as_u64().expect("samples") > 20,
        "the map is not blank: {}",
        report["png"]
    );
    png
}

/// Runs the widget harness on a timeline file and returns its report.
fn render(widget: &str, file: &Path, png: &Path) -> Value {
    let output = Command::new("node")
        .arg(clients().join("timeline_check.js"))
        .arg(widget)
        .arg(file)
        .arg(png)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)))
}

fn assert_clean(report: &Value, what: &str) {
    assert_eq!(report["phase"], "ready", "{what}: {report}");
    for key in ["js_errors", "console_errors", "blocked", "not_found", "xss"] {
        assert_eq!(
            report[key].as_array().map(Vec::len),
            Some(0),
            "{what}: {key}: {}",
            report[key]
        );
    }
    assert_eq!(
        report["live"]["on_attributes"], 0,
        "{what}: an on* attribute reached the page"
    );
    assert_eq!(
        report["live"]["scripts"], 0,
        "{what}: a script element reached the page"
    );
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn timelinejs_renders_every_slide_with_partial_dates_as_written() {
    need_browser();
    let out = export(&["--only", "timelinejs"]);
    let file = out.path().join("timeline.json");
    let report = render("timelinejs", &file, &out.path().join("timeline.png"));
    assert_clean(&report, "timeline.json");
    let events = json(&file)["events"].as_array().expect("events").clone();
    assert_eq!(
        report["slides"].as_u64(),
        Some(events.len() as u64 + 1),
        "a slide per event plus the title"
    );
    assert_eq!(report["markers"].as_u64(), Some(events.len() as u64));
    let precision = |n: usize| {
        events
            .iter()
            .find(|e| {
                e["start_date"].as_object().map(serde_json::Map::len) == Some(n)
                    && e.get("end_date").is_none()
                    && e.get("display_date").is_none()
            })
            .expect("an event of that precision")
    };
    let year = precision(1);
    let label = &report["dates"][year["unique_id"].as_str().expect("id")];
    assert_eq!(
        label,
        &Value::from(year["start_date"]["year"].to_string()),
        "a year-only date shows the year"
    );
    let month = precision(2);
    let expected = format!(
        "{} {}",
        chrono::Month::try_from(
            u8::try_from(month["start_date"]["month"].as_u64().expect("month")).expect("small")
        )
        .expect("a month")
        .name(),
        month["start_date"]["year"]
    );
    assert_eq!(
        report["dates"][month["unique_id"].as_str().expect("id")],
        Value::from(expected),
        "a month-only date shows the month"
    );
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn vis_timeline_renders_every_item() {
    need_browser();
    let out = export(&["--only", "vis"]);
    let file = out.path().join("timeline-vis.json");
    let report = render("vis", &file, &out.path().join("vis.png"));
    assert_clean(&report, "timeline-vis.json");
    let data = json(&file);
    assert_eq!(
        report["items"].as_u64(),
        data["items"].as_array().map(|a| a.len() as u64)
    );
    assert_eq!(
        report["groups"].as_u64(),
        data["groups"].as_array().map(|a| a.len() as u64)
    );
}

/// The hostile fixture puts payloads in the title, description, place text, source, a
/// province name (the group, entity-encoded) and a `javascript:` link; none may run.
#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn hostile_text_runs_nothing_in_either_widget() {
    need_browser();
    for group in ["type", "province"] {
        let out = export(&[
            "--events",
            "tests/fixtures/good/hostile.csv",
            "--gazetteer",
            "tests/fixtures/good/hostile-gazetteer",
            "--timeline-group",
            group,
            "--only",
            "timelinejs,vis",
        ]);
        let tl = render(
            "timelinejs",
            &out.path().join("timeline.json"),
            &out.path().join("tl.png"),
        );
        assert_clean(&tl, &format!("hostile timeline.json grouped by {group}"));
        assert_eq!(tl["slides"], 4);
        let vis = render(
            "vis",
            &out.path().join("timeline-vis.json"),
            &out.path().join("vis.png"),
        );
        assert_clean(
            &vis,
            &format!("hostile timeline-vis.json grouped by {group}"),
        );
        assert_eq!(vis["items"], 3);
    }
}

/// Opens `tonle.qgs` in headless QGIS with `qgis_project.py` and returns its report.
fn qgis_project(project: &Path, prefix: &Path, frames: &[&str]) -> Value {
    let output = Command::new("/usr/bin/python3")
        .arg(clients().join("qgis_project.py"))
        .arg(project)
        .arg(prefix)
        .args(frames)
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string").to_owned())
        .collect()
}

/// The first day of the quarter of `day` (YYYY-MM-DD), and the first day of the next one.
fn quarter_bounds(day: &str) -> (String, String) {
    let (y, m): (i32, u32) = (
        day[..4].parse().expect("year"),
        day[5..7].parse().expect("month"),
    );
    let first = m - (m - 1) % 3;
    let (ny, nm) = if first == 10 {
        (y + 1, 1)
    } else {
        (y, first + 3)
    };
    (
        format!("{y:04}-{first:02}-01"),
        format!("{ny:04}-{nm:02}-01"),
    )
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn qgis_opens_the_project_ready_to_play_from_a_moved_folder() {
    need_qgis();
    let exported = export(&[]);
    // The project must not remember where it was written: move the folder, as a zip would.
    let moved = tempfile::tempdir().expect("temp dir");
    let shared = moved.path().join("shared copy");
    std::fs::rename(exported.path(), &shared).expect("move the export");
    let frames = [
        "2022-08-01/2022-11-01",
        "2015-01-01/2015-02-01",
        "2022-06-01/2022-08-01",
    ];
    let report = qgis_project(
        &shared.join("tonle.qgs"),
        &moved.path().join("frame"),
        &frames,
    );
    assert_eq!(report["read"], true, "{report}");
    check_project_settings(&report, &shared);
    check_project_layers(&report, &shared);
    check_project_layouts(&report);
    check_project_frames(&report, &shared, &frames);
    // Both print layouts export offline, and draw more than a blank page.
    let pictures = [
        moved.path().join("map.png"),
        moved.path().join("activity.png"),
    ];
    let output = Command::new("/usr/bin/python3")
        .arg(clients().join("qgis_layouts.py"))
        .arg(shared.join("tonle.qgs"))
        .arg("40")
        .arg(format!("1={}", pictures[0].display()))
        .arg(format!("2={}", pictures[1].display()))
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let layouts: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    for (export, png) in layouts["exports"]
        .as_array()
        .expect("exports")
        .iter()
        .zip(&pictures)
    {
        assert_eq!(export["result"], 0, "{export}");
        assert!(png.is_file(), "{}", png.display());
        // A4 landscape at 40 dpi: 297 x 210 mm, 467 x 330 pixels as QGIS rounds them.
        assert_eq!(
            (&export["width"], &export["height"]),
            (&Value::from(467), &Value::from(330))
        );
        // The sea, the neighbours' land, Cambodia, and provinces shaded by their events.
        let common = &export["common"];
        for colour in ["#d6e6f0", "#e8e5de", "#ffffff"] {
            assert!(common[colour].as_u64() > Some(100), "{colour}: {export}");
        }
        // Provinces shaded by their events: the shades at 85 % over white (#fecc5c, #fd8d3c,
        // #f03b20, #bd0026), the lightest and at least one darker (which classes a frame
        // holds depends on the data).
        assert!(common["#fed475"].as_u64() > Some(20), "#fed475: {export}");
        let near = |a: &str, b: &str| {
            let rgb = |h: &str| -> Vec<i64> {
                (1..7)
                    .step_by(2)
                    .map(|i| i64::from_str_radix(&h[i..i + 2], 16).unwrap_or(-99))
                    .collect()
            };
            rgb(a).iter().zip(rgb(b)).all(|(x, y)| (x - y).abs() <= 2)
        };
        let seen = common.as_object().expect("colours");
        let darker = ["#fd9e5a", "#f25841", "#c72647"]
            .iter()
            .filter(|c| {
                seen.iter()
                    .any(|(k, n)| near(k, c) && n.as_u64() >= Some(5))
            })
            .count();
        assert!(darker >= 1, "no darker shade: {export}");
    }
}

/// The project's CRS, paths, metadata, Temporal Controller and view.
fn check_project_settings(report: &Value, shared: &Path) {
    let project = &report["project"];
    assert_eq!(project["crs"], "EPSG:3857");
    assert_eq!(project["absolute_paths"], false);
    assert!(project["title"]
        .as_str()
        .is_some_and(|t| t.contains("Cambodia")));
    let csv = std::fs::read_to_string(shared.join("events.csv")).expect("events.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let column = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "source")
        .expect("source column");
    let abstract_text = project["abstract"].as_str().expect("abstract");
    // An event's outlets are a `;` list: each is named.
    for row in reader.records() {
        let row = row.expect("row");
        for source in row[column].split(';') {
            assert!(
                abstract_text.contains(source),
                "{source} not in the metadata"
            );
        }
    }
    // Temporal Controller: animated, steps of one quarter (--period's default), over the
    // data's whole quarters; the sea behind the countries.
    assert_eq!(project["navigation_mode"], 1, "animated mode");
    assert_eq!(project["step"], 3.0);
    assert_eq!(project["step_unit"], 6, "QgsUnitTypes::TemporalMonths");
    assert_eq!(report["background"], serde_json::json!([214, 230, 240]));
    let mut starts = Vec::new();
    let mut ends = Vec::new();
    for name in ["events", "movements"] {
        for f in json(&shared.join(format!("{name}.geojson")))["features"]
            .as_array()
            .expect("features")
        {
            let p = &f["properties"];
            let start = p["start"].as_str().expect("start").to_owned();
            ends.push(p["end"].as_str().map_or(start.clone(), str::to_owned));
            starts.push(start);
        }
    }
    let first = quarter_bounds(starts.iter().min().expect("events")).0;
    let last = quarter_bounds(ends.iter().max().expect("events")).1;
    assert_eq!(
        strings(&project["range"]),
        [format!("{first}T00:00:00Z"), format!("{last}T00:00:00Z")]
    );
    // The view holds Cambodia (102.3..107.7 E, 10.4..14.7 N), its neighbours' borders and
    // Bangkok.
    let view: Vec<f64> = project["view_wgs84"]
        .as_array()
        .expect("view")
        .iter()
        .map(|v| v.as_f64().expect("number"))
        .collect();
    assert!(
        view[0] < 100.5 && view[1] < 10.0 && view[2] > 108.0 && view[3] > 15.0,
        "{view:?}"
    );
}

/// The layer tree, top to bottom (by id without `tonle_`, and whether ticked): the data over
/// the shipped outlines, the detail layers and the online basemap unticked.
const TREE: [(&str, bool); 9] = [
    ("flows", true),
    ("movements", false),
    ("events", true),
    ("activity", true),
    ("provinces", false),
    ("borders", true),
    ("countries", true),
    ("places", false),
    ("basemap", false),
];

/// The layer tree, each layer's source, count, styling and temporal settings.
fn check_project_layers(report: &Value, shared: &Path) {
    let tree: Vec<(String, bool)> = report["tree"]
        .as_array()
        .expect("tree")
        .iter()
        .map(|n| {
            let id = n["id"].as_str().expect("id");
            (id.replace("tonle_", ""), n["visible"] == true)
        })
        .collect();
    assert_eq!(tree, TREE.map(|(n, v)| (n.to_owned(), v)));
    assert_eq!(
        report["rasters"]["OpenStreetMap (online only)"]["valid"],
        true
    );
    for (key, file) in [
        ("flows", "flows"),
        ("movements", "movements"),
        ("events", "events"),
        ("activity", "activity"),
        ("provinces", "provinces"),
        ("borders", "provinces"),
        ("countries", "countries"),
        ("places", "places"),
    ] {
        let layer = &report["layers"][key];
        let path = shared.join(format!("{file}.geojson"));
        let features = json(&path)["features"].as_array().expect("features").len();
        assert_eq!(layer["valid"], true, "{key}");
        assert_eq!(
            layer["source"].as_str().map(Path::new),
            Some(path.as_path()),
            "{key} is found beside the project"
        );
        assert_eq!(layer["count"].as_u64(), Some(features as u64), "{key}");
        let moving = ["flows", "movements", "events", "activity"].contains(&key);
        let temporal = &layer["temporal"];
        assert_eq!(temporal["active"], moving, "{key}");
        if moving {
            assert_eq!(
                (&temporal["start_field"], &temporal["end_field"]),
                (&Value::from("start"), &Value::from("end"))
            );
            assert_eq!(
                temporal["limit_mode"], 1,
                "{key}: a frame includes the last day"
            );
        }
    }
    check_event_and_movement_styles(report, shared);
    check_area_and_flow_styles(report);
}

/// Events: spread where they stack, a category per type present, sized by people, a country
/// abroad square; labelled by place at province scales. Movements: an arrow per type.
fn check_event_and_movement_styles(report: &Value, shared: &Path) {
    for key in ["events", "movements"] {
        let layer = &report["layers"][key];
        assert_eq!(layer["renderer"], "categorizedSymbol", "{key}");
        assert_eq!(layer["attr"], "type");
        let mut types: Vec<String> = json(&shared.join(format!("{key}.geojson")))["features"]
            .as_array()
            .expect("features")
            .iter()
            .filter(|f| !f["geometry"].is_null())
            .map(|f| f["properties"]["type"].as_str().expect("type").to_owned())
            .collect();
        types.sort();
        types.dedup();
        let mut categories = strings(&layer["categories"]);
        categories.sort();
        assert_eq!(categories, types, "{key}: a category per type drawn");
        assert!(
            layer["data_defined"]
                .as_array()
                .expect("data defined")
                .iter()
                .any(|e| e.as_str().is_some_and(|e| e.contains("\"people\""))),
            "{key}: sized by the people involved: {}",
            layer["data_defined"]
        );
    }
    let events = &report["layers"]["events"];
    assert_eq!(events["outer_renderer"], "pointDisplacement");
    assert!(strings(&events["data_defined"])
        .iter()
        .any(|e| e.contains("'country'") && e.contains("'square'")));
    assert_eq!(events["label_expression"], "\"place_name\"");
    assert_eq!(events["label_scale_visibility"], true);
    assert_eq!(
        strings(&report["layers"]["movements"]["symbol_layers"]),
        ["SimpleLine", "MarkerLine"],
        "a line with an arrowhead"
    );
}

/// Activity and provinces shaded by events (0 in no class), borders and countries drawn
/// without classes and labelled by name, flows as arrows by people, apart when national.
fn check_area_and_flow_styles(report: &Value) {
    let layers = &report["layers"];
    for key in ["activity", "provinces"] {
        assert_eq!(layers[key]["renderer"], "graduatedSymbol", "{key}");
        assert_eq!(layers[key]["attr"], "events");
        let ranges = layers[key]["ranges"].as_array().expect("ranges");
        assert_eq!(
            ranges[0][0], 1.0,
            "{key}: a province without events is not shaded"
        );
    }
    for (key, expression) in [("borders", "\"name\""), ("countries", "upper(\"name\")")] {
        assert_eq!(layers[key]["renderer"], "singleSymbol", "{key}");
        assert!(
            layers[key]["label_expression"]
                .as_str()
                .is_some_and(|e| e.contains(expression)),
            "{key}: {}",
            layers[key]["label_expression"]
        );
    }
    // Labels of places show closer in than those of provinces, and those of countries
    // farther out.
    let scale = |key: &str| layers[key]["label_min_scale"].as_f64().expect("scale");
    assert!(scale("events") < scale("borders") && scale("borders") < scale("countries"));
    let flows = &layers["flows"];
    assert_eq!(flows["renderer"], "categorizedSymbol");
    assert_eq!(strings(&flows["categories"]), ["places", "national"]);
    assert_eq!(
        strings(&flows["symbol_layers"]),
        ["SimpleLine", "MarkerLine"]
    );
    assert!(strings(&flows["data_defined"])
        .iter()
        .any(|e| e.contains("scale_exp(\"people\"")));
}

/// The map themes and the print layouts: the whole map, and one period's activity.
fn check_project_layouts(report: &Value) {
    let themes = &report["themes"];
    let prefixed =
        |ids: &[&str]| -> Vec<String> { ids.iter().map(|i| format!("tonle_{i}")).collect() };
    assert_eq!(
        strings(&themes["All time"]),
        prefixed(&["borders", "countries", "events", "flows", "provinces"])
    );
    assert_eq!(
        strings(&themes["By period"]),
        prefixed(&["activity", "borders", "countries", "events", "flows"])
    );
    let layouts = report["layouts"].as_array().expect("layouts");
    assert_eq!(layouts.len(), 2, "{layouts:?}");
    for (layout, theme) in layouts.iter().zip(["All time", "By period"]) {
        let items = layout["items"].as_array().expect("items");
        let item = |id: &str| {
            items
                .iter()
                .find(|i| i["id"] == id)
                .unwrap_or_else(|| panic!("{id} in {layout}"))
        };
        assert_eq!(item("map")["theme"], theme);
        assert_eq!(item("legend")["linked"], "map");
        assert!(item("title")["text"]
            .as_str()
            .is_some_and(|t| t.contains("Cambodia")));
        let credits = item("credits")["text"].as_str().expect("credits");
        for credit in ["ODbL", "geoBoundaries", "Natural Earth", "Khmer Times"] {
            assert!(credits.contains(credit), "{credit} in {credits}");
        }
        item("scalebar");
        let scale = item("map")["scale"].as_f64().expect("scale");
        assert!(
            (2e6..8e6).contains(&scale),
            "{scale}: Cambodia fills the page"
        );
    }
    // The second shows the quarter with the most activity: 2022-Q4 in the built-in data.
    let period = &layouts[1]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == "map")
        .expect("map");
    assert_eq!(period["temporal"], true);
    assert_eq!(strings(&period["range"]), ["2022-10-01", "2023-01-01"]);
}

/// Each frame keeps exactly the events and movements whose days overlap it, and draws them.
fn check_project_frames(report: &Value, shared: &Path, frames: &[&str]) {
    // Each frame keeps exactly the events and movements whose days overlap it, and draws them.
    for (frame, got) in frames
        .iter()
        .zip(report["frames"].as_array().expect("frames"))
    {
        let (begin, end) = frame.split_once('/').expect("frame");
        let last_day = match end {
            "2022-11-01" => "2022-10-31",
            "2015-02-01" => "2015-01-31",
            "2022-08-01" => "2022-07-31",
            other => panic!("no last day for {other}"),
        };
        let mut drawn = 0;
        for name in ["events", "movements"] {
            let expected = overlapping(&shared.join(format!("{name}.geojson")), begin, last_day);
            assert_eq!(strings(&got["kept"][name]), expected, "{name} in {frame}");
            drawn += expected.len();
        }
        let changed = got["changed_samples"].as_u64().expect("samples");
        assert_eq!(
            changed > 0,
            drawn > 0,
            "{frame}: {drawn} features, {changed} changed samples"
        );
    }
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn qgis_project_shades_boundaries_when_given() {
    need_qgis();
    let dir = tempfile::tempdir().expect("temp dir");
    let adm1 = dir.path().join("adm1.geojson");
    std::fs::write(
        &adm1,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"P":"KH18"},"geometry":{"type":"Polygon","coordinates":[[[103.4,10.5],[103.8,10.5],[103.8,10.9],[103.4,10.9],[103.4,10.5]]]}},
{"type":"Feature","properties":{"P":"KH15"},"geometry":{"type":"Polygon","coordinates":[[[102.9,12.2],[104.2,12.2],[104.2,12.9],[102.9,12.9],[102.9,12.2]]]}}]}"#,
    )
    .expect("write");
    let adm1 = adm1.display().to_string();
    let out = export(&["--boundaries", &adm1, "--boundary-key", "P"]);
    let report = qgis_project(
        &out.path().join("tonle.qgs"),
        &dir.path().join("frame"),
        &["2022-08-01/2022-11-01"],
    );
    let provinces = &report["layers"]["provinces"];
    assert_eq!(provinces["valid"], true, "{report}");
    assert_eq!(provinces["geometry"], 2, "polygons");
    assert_eq!(provinces["count"], 2);
    assert_eq!(provinces["renderer"], "graduatedSymbol");
    assert_eq!(provinces["attr"], "events");
}

/// With `--period year` the Temporal Controller steps a year; a project over some layers
/// only still opens, every layer valid, and its layouts show what there is, a title that
/// looks like a QGIS expression as written.
#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn qgis_project_steps_by_the_period_and_stands_on_a_few_layers() {
    need_qgis();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = export(&[
        "--period",
        "year",
        "--only",
        "qgis,events,activity,flows",
        "--title",
        "Scams [% 'in' || 'jected' %]",
    ]);
    let report = qgis_project(
        &out.path().join("tonle.qgs"),
        &dir.path().join("frame"),
        &["2022-01-01/2023-01-01"],
    );
    assert_eq!(report["read"], true, "{report}");
    assert_eq!(report["project"]["step"], 1.0);
    assert_eq!(
        report["project"]["step_unit"], 7,
        "QgsUnitTypes::TemporalYears"
    );
    let range = strings(&report["project"]["range"]);
    assert!(range[0].ends_with("-01-01T00:00:00Z") && range[1].ends_with("-01-01T00:00:00Z"));
    let ids: Vec<&str> = report["tree"]
        .as_array()
        .expect("tree")
        .iter()
        .map(|n| n["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "tonle_flows",
            "tonle_events",
            "tonle_activity",
            "tonle_basemap"
        ]
    );
    for key in ["flows", "events", "activity"] {
        assert_eq!(report["layers"][key]["valid"], true, "{key}");
    }
    let layouts = report["layouts"].as_array().expect("layouts");
    assert_eq!(layouts.len(), 2);
    assert!(layouts[1]["name"]
        .as_str()
        .is_some_and(|n| n == "Activity: 2022"));
    let title = layouts[0]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == "title")
        .expect("title");
    let shown = title["shown"].as_str().expect("shown");
    assert!(
        shown.contains("'in' || 'jected'") && !shown.contains("injected"),
        "{shown}"
    );
}
