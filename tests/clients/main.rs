//! Real clients read our outputs the way users do: GDAL's `ogrinfo` and headless QGIS open the
//! GeoJSON, TimelineJS3 and vis-timeline render the timelines in Debian's Chromium.
//!
//! The clients are installed by `tests/clients/setup.sh`. Without them these tests say
//! `skipped` and pass, so that `cargo test` works on a bare machine; with
//! `TONLE_CLIENT_TESTS=1` (as `.ci/run` sets) a missing client fails the test instead.

// Tests fail by panicking; that is their contract, not something to document.
#![allow(clippy::missing_panics_doc)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn clients() -> PathBuf {
    root().join("tests/clients")
}

/// Whether a client is there; if not, fail when clients are required, else say it is skipped.
fn client(name: &str, available: bool) -> bool {
    if available {
        return true;
    }
    let hint = "install the clients with `sudo bash tests/clients/setup.sh`";
    assert!(
        std::env::var("TONLE_CLIENT_TESTS").as_deref() != Ok("1"),
        "TONLE_CLIENT_TESTS=1 but {name} is missing: {hint}"
    );
    eprintln!("skipped: {name} is not installed; {hint}");
    false
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn have_gdal() -> bool {
    client("GDAL (ogrinfo)", runs("ogrinfo", &["--version"]))
}

fn have_qgis() -> bool {
    client(
        "QGIS (python3-qgis)",
        runs("/usr/bin/python3", &["-c", "import qgis.core"]),
    )
}

fn have_browser() -> bool {
    let widgets = ["@knight-lab/timelinejs", "vis-timeline", "playwright-core"]
        .iter()
        .all(|p| {
            clients()
                .join("node_modules")
                .join(p)
                .join("package.json")
                .is_file()
        });
    client("node", runs("node", &["--version"]))
        && client(
            "Chromium (/usr/bin/chromium)",
            Path::new("/usr/bin/chromium").exists(),
        )
        && client(
            "the npm timeline widgets (tests/clients/node_modules)",
            widgets,
        )
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

#[test]
fn gdal_opens_every_layer_with_the_expected_type_count_and_dates() {
    if !have_gdal() {
        return;
    }
    let out = export(&[]);
    for (name, geometry) in [
        ("events", "Point"),
        ("movements", "Line String"),
        ("provinces", "Point"),
        ("places", "Point"),
    ] {
        let path = out.path().join(format!("{name}.geojson"));
        let expected = json(&path)["features"]
            .as_array()
            .map(Vec::len)
            .expect("features");
        let output = Command::new("ogrinfo")
            .args(["-ro", "-al", "-so"])
            .arg(&path)
            .output()
            .expect("ogrinfo runs");
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let info = String::from_utf8_lossy(&output.stdout);
        assert!(
            info.contains(&format!("Geometry: {geometry}\n")),
            "{name}:\n{info}"
        );
        assert!(
            info.contains(&format!("Feature Count: {expected}\n")),
            "{name}: {expected} features:\n{info}"
        );
        if name == "events" || name == "movements" {
            for field in ["start", "end", "source_date"] {
                assert!(
                    info.contains(&format!("\n{field}: Date ")),
                    "{name}: {field} is not Date:\n{info}"
                );
            }
        }
        if name == "provinces" {
            assert!(
                info.contains("\nfirst_start: Date ") && info.contains("\nlast_end: Date "),
                "{info}"
            );
        }
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
fn qgis_loads_the_layers_filters_by_time_and_renders() {
    if !have_qgis() {
        return;
    }
    let out = export(&[]);
    let png = qgis_check(&out);
    keep(&png, "qgis-events-movements.png");
}

/// The small fixture has an open end (a movement) and an unknown start (an event).
#[test]
fn qgis_keeps_open_and_unknown_ends_in_the_temporal_filter() {
    if !have_qgis() {
        return;
    }
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
fn timelinejs_renders_every_slide_with_partial_dates_as_written() {
    if !have_browser() {
        return;
    }
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
    keep(&out.path().join("timeline.png"), "timelinejs.png");
}

#[test]
fn vis_timeline_renders_every_item() {
    if !have_browser() {
        return;
    }
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
    keep(&out.path().join("vis.png"), "vis-timeline.png");
}

/// The hostile fixture puts payloads in the title, description, place text, source, a
/// province name (the group, entity-encoded) and a `javascript:` link; none may run.
#[test]
fn hostile_text_runs_nothing_in_either_widget() {
    if !have_browser() {
        return;
    }
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
