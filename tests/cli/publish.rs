//! Publishing safely: the public profile (the default) against the internal one, on a fixture
//! whose notes, private column and confidential row carry marker strings; restricted rows at
//! province level; small cells suppressed; claims out of the totals; every `tonle check`
//! finding.

use super::{export_into, files, tonle};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/good/publish.csv";

/// Exports the fixture with `extra` flags; every file as text (the binary ones, the GeoPackage
/// and the GeoParquet, read lossily: their text values are stored as UTF-8 within them).
fn export(dir: &Path, extra: &[&str]) -> BTreeMap<String, String> {
    let mut args = vec!["--events", FIXTURE, "--private", "Reporter"];
    args.extend_from_slice(extra);
    let run = export_into(dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    files(dir)
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// The features of a GeoJSON file.
fn features(text: &str) -> Vec<Value> {
    let json: Value = serde_json::from_str(text).expect("JSON");
    json["features"].as_array().expect("features").clone()
}

fn feature<'a>(features: &'a [Value], key: &str, value: &str) -> &'a Value {
    features
        .iter()
        .find(|f| f["properties"][key] == value)
        .unwrap_or_else(|| panic!("no feature with {key} = {value}"))
}

#[test]
fn no_marker_reaches_a_public_file_and_an_internal_export_has_them_all() {
    let public = tempfile::tempdir().expect("dir");
    let out = export(public.path(), &[]);
    for name in [
        "events.geojson",
        "events.csv",
        "timeline.json",
        "timeline-vis.json",
        "story.html",
        "storymap.json",
        "tonle.qgs",
        "provinces.geojson",
        "activity.geojson",
        "redactions.csv",
        "tonle.gpkg",
        "events.parquet",
    ] {
        assert!(out.contains_key(name), "{name} is written");
    }
    for (name, text) in &out {
        assert!(!text.contains("MARKER"), "{name} carries a marker");
        assert!(!text.contains("INTERNAL"), "{name} says it is internal");
    }
    let internal = tempfile::tempdir().expect("dir");
    let all = export(internal.path(), &["--profile", "internal"]);
    let csv = &all["events.csv"];
    for marker in [
        "MARKER-NOTES-PUBLIC",
        "MARKER-NOTES-CONFIDENTIAL",
        "MARKER-CONFIDENTIAL raid",
        "MARKER-REPORTER-C",
    ] {
        assert!(csv.contains(marker), "events.csv lacks {marker}");
    }
    assert!(all["timeline.json"].contains("MARKER-PLACETEXT"));
    // The package's tables hold what the GeoJSON layers hold: the internal one, the notes.
    assert!(all["tonle.gpkg"].contains("MARKER-NOTES-PUBLIC"));
    for name in ["timeline.json", "story.html", "storymap.json", "tonle.qgs"] {
        assert!(
            all[name].contains("(INTERNAL: not for publication)"),
            "{name}'s title does not say it is internal"
        );
    }
    assert!(all["events.geojson"].contains("\"profile\":\"internal\""));
    assert!(all["redactions.csv"].contains("internal profile: nothing withheld"));
}

#[test]
fn restricted_rows_are_published_at_their_province_only() {
    let dir = tempfile::tempdir().expect("dir");
    let out = export(dir.path(), &[]);
    let events = features(&out["events.geojson"]);
    let row = feature(&events, "id", "res-1");
    let p = &row["properties"];
    assert_eq!(p["place_id"], "svay-rieng");
    assert_eq!(p["place_kind"], "province");
    assert_eq!(p["geo_precision"], 3);
    assert_eq!(p["sensitivity"], "restricted");
    assert_eq!(
        row["geometry"]["coordinates"],
        serde_json::json!([105.79935, 11.08785]),
        "the province's point"
    );
    for (name, text) in &out {
        assert!(
            !text.contains("11.0712") && !text.contains("106.1401"),
            "{name}"
        );
        // The gazetteer's places name Bavet, and so does the GeoPackage, which holds them as a
        // layer; its other layers are the GeoJSON ones checked here (see tests/cli/gpkg.rs).
        if name != "places.geojson" && name != "tonle.gpkg" {
            assert!(
                !text.to_lowercase().contains("bavet"),
                "{name} names the place"
            );
        }
    }
    assert!(
        !out["events.geojson"].contains("\"con-1\""),
        "the confidential row is left out"
    );
    // The GeoPackage's tables but the gazetteer's places name no place below the province.
    let db = rusqlite::Connection::open(dir.path().join("tonle.gpkg")).expect("gpkg");
    for table in [
        "events",
        "movements",
        "journeys",
        "flows",
        "activity",
        "provinces",
    ] {
        let rows: Vec<String> = db
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .and_then(|mut st| {
                let n = st.column_count();
                st.query_map([], |r| {
                    let mut text = String::new();
                    for i in 0..n {
                        if let Ok(Some(v)) = r.get::<_, Option<String>>(i) {
                            text.push_str(&v);
                        }
                    }
                    Ok(text)
                })?
                .collect()
            })
            .expect("rows");
        if ["events", "provinces"].contains(&table) {
            assert!(!rows.is_empty(), "{table} has rows");
        }
        for row in rows {
            assert!(!row.to_lowercase().contains("bavet"), "{table}: {row}");
            assert!(
                !row.contains("11.0712") && !row.contains("106.1401"),
                "{table}"
            );
        }
    }
}

#[test]
fn small_cells_that_count_a_sensitive_row_are_suppressed() {
    let dir = tempfile::tempdir().expect("dir");
    let provinces = features(&export(dir.path(), &[])["provinces.geojson"]);
    let svay = &feature(&provinces, "id", "svay-rieng")["properties"];
    assert_eq!(svay["suppressed"], true);
    assert_eq!(svay["events"], Value::Null);
    assert_eq!(svay["people_involved"], Value::Null);
    assert_eq!(svay["event_ids"], Value::Null);
    let sihanouk = &feature(&provinces, "id", "preah-sihanouk")["properties"];
    assert_eq!(
        sihanouk["suppressed"], false,
        "public rows only: as they are"
    );
    assert_eq!(sihanouk["events"], 3);
    let kampot = &feature(&provinces, "id", "kampot")["properties"];
    assert_eq!(kampot["events"], 0, "the confidential row is not counted");

    let one = tempfile::tempdir().expect("dir");
    let provinces = features(&export(one.path(), &["--min-count", "1"])["provinces.geojson"]);
    let svay = &feature(&provinces, "id", "svay-rieng")["properties"];
    assert_eq!(
        (&svay["suppressed"], &svay["events"]),
        (&Value::Bool(false), &Value::from(1))
    );

    let internal = tempfile::tempdir().expect("dir");
    let provinces =
        features(&export(internal.path(), &["--profile", "internal"])["provinces.geojson"]);
    let kampot = &feature(&provinces, "id", "kampot")["properties"];
    assert_eq!(
        (&kampot["suppressed"], &kampot["events"]),
        (&Value::Bool(false), &Value::from(1))
    );
}

#[test]
fn totals_sum_confirmed_and_reported_counts_and_show_claims_apart() {
    let dir = tempfile::tempdir().expect("dir");
    let out = export(dir.path(), &[]);
    let provinces = features(&out["provinces.geojson"]);
    let p = &feature(&provinces, "id", "preah-sihanouk")["properties"];
    // pub-1 (40, confirmed) and pub-2 (25, reported); dis-1's 500 are disputed.
    assert_eq!(p["people_involved"], 65);
    assert_eq!(p["people_alleged"], 500);
    let activity = features(&out["activity.geojson"]);
    let october = activity
        .iter()
        .find(|f| f["properties"]["period"] == "2022-Q4")
        .expect("the disputed statement's quarter");
    assert_eq!(october["properties"]["people"], 0);
    assert_eq!(october["properties"]["people_alleged"], 500);
    let timeline: Value = serde_json::from_str(&out["timeline.json"]).expect("JSON");
    let slides = timeline["events"].as_array().expect("slides");
    let claim = slides
        .iter()
        .find(|s| s["unique_id"] == "all-1")
        .expect("the alleged event");
    assert_eq!(
        claim["text"]["headline"],
        "Alleged: Up to 100000 people held in compounds"
    );
    assert!(claim["background"]["color"].is_string());
    let vis = &out["timeline-vis.json"];
    assert!(vis.contains("tonle-alleged") && vis.contains("tonle-disputed"));
}

#[test]
fn every_source_is_listed_with_its_own_link() {
    let dir = tempfile::tempdir().expect("dir");
    let out = export(dir.path(), &[]);
    let events = features(&out["events.geojson"]);
    let p = &feature(&events, "id", "pub-1")["properties"];
    assert_eq!(p["source"], "Khmer Times;CamboJA News");
    assert_eq!(p["outlets"], 2);
    let timeline = &out["timeline.json"];
    assert!(timeline.contains("Sources (2 outlets)"));
    assert!(timeline.contains(r#"<a href=\"https://cambojanews.com/2\" target=\"_blank\" rel=\"noopener noreferrer\">CamboJA News</a>"#));
    assert!(out["story.html"].contains("https://cambojanews.com/2"));
    assert!(out["storymap.json"].contains("Khmer Times; CamboJA News"));
}

#[test]
fn redactions_csv_and_the_summary_line_account_for_what_was_withheld() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().display().to_string();
    let run = export_into(dir.path(), &["--events", FIXTURE, "--private", "Reporter"]);
    assert_eq!(run.code, 0);
    let last = run
        .stderr
        .lines()
        .last()
        .unwrap_or_default()
        .replace(&out, "OUT");
    let redactions = std::fs::read_to_string(dir.path().join("redactions.csv")).expect("read");
    insta::assert_snapshot!(format!("{last}\n--- redactions.csv\n{redactions}"));
}

#[test]
fn sources_named_by_id_come_from_the_sources_file() {
    let dir = tempfile::tempdir().expect("dir");
    let run = tonle(&[
        "export",
        "--out",
        &dir.path().display().to_string(),
        "--only",
        "csv",
        "--sources",
        "tests/fixtures/good/publish-sources.csv",
        "tests/fixtures/good/publish-by-id.csv",
    ]);
    assert_eq!(run.code, 1, "sid-3 names a source the file lacks");
    assert!(run
        .stderr
        .contains("publish-by-id.csv:4:8: error: no source `kt-9`"));
    assert!(
        !dir.path().join("events.csv").exists(),
        "nothing was written"
    );
}

#[test]
fn check_finds_every_problem_and_exits_1() {
    let run = tonle(&["check", "tests/fixtures/good/publish-check.csv"]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_of_a_bad_sources_file_locates_each_cell() {
    let run = tonle(&[
        "check",
        "--sources",
        "tests/fixtures/bad/sources/publish-sources.csv",
        "tests/fixtures/good/publish-by-id.csv",
    ]);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn check_refuses_links_that_are_not_http() {
    let run = tonle(&["check", "tests/fixtures/bad/bad-sources.csv"]);
    assert_eq!(run.code, 1);
    assert!(run
        .stdout
        .contains("`javascript:alert(1)` is not an http(s) URL"));
}

#[test]
fn check_of_a_sheet_the_public_profile_protects_is_clean() {
    let run = tonle(&["check", "--private", "Reporter", FIXTURE]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains(": error:"), "{}", run.stdout);
}

#[test]
fn a_streamed_public_export_withholds_the_same_and_accounts_the_same() {
    let only = ["--only", "events,movements,csv,vis"];
    let sorted = tempfile::tempdir().expect("dir");
    let a = export(sorted.path(), &only);
    let streamed = tempfile::tempdir().expect("dir");
    let mut args = only.to_vec();
    args.extend(["--order", "input"]);
    let b = export(streamed.path(), &args);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(b.contains_key("redactions.csv"));
    for (name, text) in &b {
        assert!(!text.contains("MARKER"), "{name} carries a marker");
    }
    assert_eq!(a["redactions.csv"], b["redactions.csv"]);
}

#[test]
fn private_names_a_text_column_or_a_sheet_column() {
    let dir = tempfile::tempdir().expect("dir");
    let run = export_into(dir.path(), &["--events", FIXTURE, "--private", "lat"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "tonle: error: --private lat: `lat` cannot be withheld (it is not a text column, or it is the id); withhold a text column such as `description`, `actors` or a column of your sheet\n"
    );
    let run = export_into(dir.path(), &["--events", FIXTURE, "--private", "Reporterr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run
        .stderr
        .contains("warning: --private reporterr: no input has such a column"));
    let events = features(&export(dir.path(), &[])["events.geojson"]);
    assert_eq!(
        feature(&events, "id", "pub-2")["properties"]["tags"],
        "karaoke-bar"
    );
    let out = export(dir.path(), &["--private", "tags"]);
    let events = features(&out["events.geojson"]);
    assert_eq!(
        feature(&events, "id", "pub-2")["properties"]["tags"],
        Value::Null
    );
    assert!(out["redactions.csv"].contains("pub-2,tags,withheld (private column)"));
}

/// A sources workbook: a notes sheet first, then `Sources` with a publication date as a date
/// cell and a bad link, which is named at its cell.
#[test]
fn a_sources_workbook_is_read_like_an_event_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("sources.xlsx");
    let write = |bad_link: bool| -> Result<(), rust_xlsxwriter::XlsxError> {
        let mut wb = Workbook::new();
        wb.add_worksheet()
            .set_name("About")?
            .write_string(0, 0, "Sources of the 2022 sheet")?;
        let ws = wb.add_worksheet().set_name("Sources")?;
        for (c, name) in ["Source ID", "Outlet", "URL", "Published"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, u16::try_from(c).expect("small"), *name)?;
        }
        let day = Format::new().set_num_format("yyyy-mm-dd");
        for (r, (id, outlet, url)) in [
            ("kt-1", "Khmer Times", "https://www.khmertimeskh.com/501"),
            ("cj-1", "CamboJA News", "https://cambojanews.com/7"),
        ]
        .iter()
        .enumerate()
        {
            let r = u32::try_from(r + 1).expect("small");
            ws.write_string(r, 0, *id)?;
            ws.write_string(r, 1, *outlet)?;
            ws.write_string(
                r,
                2,
                if bad_link && r == 2 {
                    "cambojanews.com/7"
                } else {
                    url
                },
            )?;
            ws.write_datetime_with_format(r, 3, ExcelDateTime::from_ymd(2022, 8, 30)?, &day)?;
        }
        wb.save(&path)
    };
    write(false).expect("workbook");
    let events =
        std::fs::read_to_string(super::root().join("tests/fixtures/good/publish-by-id.csv"))
            .expect("fixture");
    let events_path = dir.path().join("events.csv");
    std::fs::write(
        &events_path,
        events.lines().take(3).collect::<Vec<_>>().join("\n"),
    )
    .expect("write");
    let out = dir.path().join("out");
    let args = |out: &Path| {
        vec![
            "export".to_owned(),
            "--out".to_owned(),
            out.display().to_string(),
            "--only".to_owned(),
            "csv".to_owned(),
            "--sources".to_owned(),
            "sources.xlsx".to_owned(),
            "events.csv".to_owned(),
        ]
    };
    let argv = args(&out);
    let run = super::tonle_in(
        dir.path(),
        &argv.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(out.join("events.csv")).expect("events.csv");
    assert!(
        csv.contains("Khmer Times;CamboJA News,2,https://www.khmertimeskh.com/501;https://cambojanews.com/7,2022-08-30"),
        "{csv}"
    );
    write(true).expect("workbook");
    let run = super::tonle_in(
        dir.path(),
        &argv.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "\nsources.xlsx:Sources!C3: error: `cambojanews.com/7` is not an http(s) URL"
        ),
        "{}",
        run.stderr
    );
}
