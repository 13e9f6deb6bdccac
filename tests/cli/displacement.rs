//! Displacement over time: journeys and their legs, flows by period and level, province
//! activity by period, province polygons, and national facts without a point, with exact
//! numbers on small fixtures (`tests/fixtures/good/{journeys,flows}.csv`).

use super::{export_into, files};
use serde_json::{json, Value};
use std::path::Path;

fn json_of(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("JSON")
}

fn features(path: &Path) -> Vec<Value> {
    json_of(path)["features"]
        .as_array()
        .expect("features")
        .clone()
}

/// Exports `fixture` with `extra` flags into a fresh folder.
fn export(fixture: &str, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = format!("tests/fixtures/good/{fixture}");
    let mut args = vec!["--events", path.as_str()];
    args.extend_from_slice(extra);
    let run = export_into(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir
}

/// The given properties of every feature, as one JSON value per feature.
fn pick(features: &[Value], keys: &[&str]) -> Vec<Value> {
    features
        .iter()
        .map(|f| {
            let p = &f["properties"];
            Value::Object(
                keys.iter()
                    .map(|k| ((*k).to_owned(), p[*k].clone()))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn movements_are_one_line_per_leg_and_journeys_one_line_through_their_legs() {
    let dir = export("journeys.csv", &["--only", "movements,journeys"]);
    let legs = features(&dir.path().join("movements.geojson"));
    let ids: Vec<&str> = legs.iter().map(|f| f["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["j-1", "j-2", "j-3", "v-1#1", "v-1#2", "m-1"]);
    assert_eq!(
        pick(
            &legs,
            &[
                "id",
                "journey",
                "leg",
                "stage",
                "mode",
                "via",
                "origin_id",
                "destination_id"
            ]
        ),
        [
            json!({"id": "j-1", "journey": "xu", "leg": 1, "stage": "recruitment", "mode": "road", "via": null, "origin_id": "china", "destination_id": "vietnam"}),
            json!({"id": "j-2", "journey": "xu", "leg": 2, "stage": "transit", "mode": "on_foot", "via": null, "origin_id": "vietnam", "destination_id": "bavet"}),
            json!({"id": "j-3", "journey": "xu", "leg": 3, "stage": "exploitation", "mode": "road", "via": null, "origin_id": "bavet", "destination_id": "galaxy-world"}),
            json!({"id": "v-1", "journey": "v-1", "leg": 1, "stage": "transit", "mode": "road", "via": "Poipet", "origin_id": "sihanoukville", "destination_id": "poipet"}),
            json!({"id": "v-1", "journey": "v-1", "leg": 2, "stage": "transit", "mode": "road", "via": "Poipet", "origin_id": "poipet", "destination_id": "bangkok"}),
            json!({"id": "m-1", "journey": null, "leg": null, "stage": "return", "mode": null, "via": null, "origin_id": "bavet", "destination_id": "vietnam"}),
        ]
    );
    let journeys = features(&dir.path().join("journeys.geojson"));
    assert_eq!(
        pick(
            &journeys,
            &[
                "journey",
                "legs",
                "route",
                "stages",
                "modes",
                "start",
                "end",
                "events",
                "event_ids",
                "people"
            ]
        ),
        [
            json!({"journey": "xu", "legs": 3, "route": "China;Vietnam;Bavet;Galaxy World", "stages": "recruitment;transit;exploitation", "modes": "road;on_foot", "start": "2022-01-01", "end": "2022-05-31", "events": 3, "event_ids": "j-1;j-2;j-3", "people": 2}),
            json!({"journey": "v-1", "legs": 2, "route": "Sihanoukville;Poipet;Bangkok", "stages": "transit", "modes": "road", "start": "2022-10-01", "end": null, "events": 1, "event_ids": "v-1", "people": 30}),
        ]
    );
    // The journey's line goes through its legs' ends, in leg order (the rows were not).
    let line: Vec<Value> = legs[..3]
        .iter()
        .map(|f| f["geometry"]["coordinates"][0].clone())
        .chain(std::iter::once(
            legs[2]["geometry"]["coordinates"][1].clone(),
        ))
        .collect();
    assert_eq!(journeys[0]["geometry"]["coordinates"], Value::Array(line));
    assert_eq!(journeys[0]["id"], "xu");
}

/// A filter that leaves out a leg in the middle splits the journey rather than drawing a line
/// straight across the gap.
#[test]
fn a_journey_with_a_leg_filtered_out_is_drawn_in_parts() {
    let dir = export(
        "journeys.csv",
        &[
            "--only",
            "journeys",
            "--type",
            "trafficking_route",
            "--to",
            "2022-01",
        ],
    );
    let journeys = features(&dir.path().join("journeys.geojson"));
    assert_eq!(
        pick(&journeys, &["journey", "first_leg", "last_leg", "route"]),
        [json!({"journey": "xu", "first_leg": 1, "last_leg": 1, "route": "China;Vietnam"})]
    );
    assert_eq!(
        journeys[0]["id"], "xu",
        "one part: the journey as far as it is kept"
    );
    let csv = "id,date,type,title,origin,destination,journey,leg,source\n\
               a,2022-01,trafficking_route,T,China,Vietnam,xu,1,S\n\
               b,2022-02,raid,T,Vietnam,Bavet,xu,2,S\n\
               c,2022-03,trafficking_route,T,Bavet,Galaxy World,xu,3,S\n";
    let input = tempfile::tempdir().expect("dir");
    std::fs::write(input.path().join("gap.csv"), csv).expect("write");
    let out = tempfile::tempdir().expect("dir");
    let gap = input.path().join("gap.csv").display().to_string();
    let run = export_into(
        out.path(),
        &[
            "--events",
            &gap,
            "--only",
            "journeys",
            "--type",
            "trafficking_route",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parts = features(&out.path().join("journeys.geojson"));
    let ids: Vec<&str> = parts
        .iter()
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["xu#1", "xu#3"]);
}

#[test]
fn a_broken_journey_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = export_into(
        dir.path(),
        &["--events", "tests/fixtures/bad/broken-journeys.csv"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: journey `xu` does not connect: leg 2 (line 3) ends at Bavet (bavet), but leg 3 (line 4) starts at Poipet (poipet)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("6 events, 3 errors, 1 warning in 1 file; nothing was written\n"),
        "{}",
        run.stderr
    );
    assert!(files(dir.path()).is_empty());
    // Streamed too: the check runs at the end of the reading, before the commit.
    let run = export_into(
        dir.path(),
        &[
            "--events",
            "tests/fixtures/bad/broken-journeys.csv",
            "--order",
            "input",
            "--only",
            "movements,journeys",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(files(dir.path()).is_empty());
}

const FLOW_KEYS: &[&str] = &[
    "origin_id",
    "destination_id",
    "level",
    "period",
    "start",
    "end",
    "events",
    "people",
    "people_unknown",
    "first_event",
    "last_event",
];

/// By province (abroad: country) and quarter: legs within one province make no flow, a `via`
/// row counts in each flow its legs make, an open start counts in its end's period, people
/// are each event's largest count.
#[test]
fn flows_by_province_and_quarter_have_exact_numbers() {
    let dir = export("flows.csv", &["--only", "flows,flowscsv"]);
    let flows = features(&dir.path().join("flows.geojson"));
    assert_eq!(
        pick(&flows, FLOW_KEYS),
        [
            json!({"origin_id": "pursat", "destination_id": "preah-sihanouk", "level": "province", "period": "2022-Q3", "start": "2022-07-01", "end": "2022-09-30", "events": 1, "people": 12, "people_unknown": 0, "first_event": "f-3", "last_event": "f-3"}),
            json!({"origin_id": "preah-sihanouk", "destination_id": "pursat", "level": "province", "period": "2022-Q3", "start": "2022-07-01", "end": "2022-09-30", "events": 2, "people": 100, "people_unknown": 1, "first_event": "f-1", "last_event": "f-2"}),
            json!({"origin_id": "banteay-meanchey", "destination_id": "thailand", "level": "province", "period": "2022-Q4", "start": "2022-10-01", "end": "2022-12-31", "events": 1, "people": 7, "people_unknown": 0, "first_event": "f-5", "last_event": "f-5"}),
            json!({"origin_id": "preah-sihanouk", "destination_id": "banteay-meanchey", "level": "province", "period": "2022-Q4", "start": "2022-10-01", "end": "2022-12-31", "events": 2, "people": 47, "people_unknown": 0, "first_event": "f-4", "last_event": "f-5"}),
            json!({"origin_id": "svay-rieng", "destination_id": "vietnam", "level": "province", "period": "2022-Q4", "start": "2022-10-01", "end": "2022-12-31", "events": 1, "people": 2, "people_unknown": 0, "first_event": "f-7", "last_event": "f-7"}),
        ]
    );
    assert_eq!(flows[1]["id"], "preah-sihanouk->pursat/2022-Q3");
    assert_eq!(flows[1]["properties"]["origin_name"], "Preah Sihanouk");
    // Each arc runs from its origin's point to its destination's, and the two directions
    // between Pursat and Preah Sihanouk lie on either side of the straight line.
    let line = |f: &Value| -> Vec<(f64, f64)> {
        f["geometry"]["coordinates"]
            .as_array()
            .expect("line")
            .iter()
            .map(|p| (p[0].as_f64().expect("lon"), p[1].as_f64().expect("lat")))
            .collect()
    };
    let (back, there) = (line(&flows[0]), line(&flows[1]));
    assert_eq!(there.len(), 9);
    assert_eq!((there[0], there[8]), (back[8], back[0]));
    let side = |p: (f64, f64)| {
        let (a, b) = (there[0], there[8]);
        (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0)
    };
    assert!(side(there[4]) < 0.0 && side(back[4]) > 0.0);

    let csv = std::fs::read_to_string(dir.path().join("flows.csv")).expect("flows.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("origin_id,origin_name,origin_lat,origin_lng,destination_id,destination_name,dest_lat,dest_lng,level,period,start,end,start_time,events,people,people_unknown,people_alleged,suppressed,first_event,last_event")
    );
    assert_eq!(
        lines.nth(1),
        Some("preah-sihanouk,Preah Sihanouk,10.60932,103.52958,pursat,Pursat,12.53878,103.9192,province,2022-Q3,2022-07-01,2022-09-30,2022-07-01 00:00,2,100,1,0,false,f-1,f-2")
    );
    assert_eq!(csv.lines().count(), 1 + flows.len());
}

#[test]
fn flows_by_place_and_month_and_by_country_and_year() {
    let dir = export(
        "flows.csv",
        &[
            "--only",
            "flows",
            "--flow-level",
            "place",
            "--period",
            "month",
        ],
    );
    let flows = features(&dir.path().join("flows.geojson"));
    let keys = [
        "origin_id",
        "destination_id",
        "level",
        "period",
        "events",
        "people",
        "people_unknown",
    ];
    assert_eq!(
        pick(&flows, &keys),
        [
            json!({"origin_id": "sihanoukville", "destination_id": "thmor-da-sez", "level": "place", "period": "2022-07", "events": 1, "people": 100, "people_unknown": 0}),
            json!({"origin_id": "great-wall-park", "destination_id": "sihanoukville", "level": "place", "period": "2022-08", "events": 1, "people": 3, "people_unknown": 0}),
            json!({"origin_id": "sihanoukville", "destination_id": "veal-veng", "level": "place", "period": "2022-08", "events": 1, "people": 0, "people_unknown": 1}),
            json!({"origin_id": "pursat-city", "destination_id": "sihanoukville", "level": "place", "period": "2022-09", "events": 1, "people": 12, "people_unknown": 0}),
            json!({"origin_id": "sihanoukville", "destination_id": "poipet", "level": "place", "period": "2022-10", "events": 1, "people": 40, "people_unknown": 0}),
            json!({"origin_id": "poipet", "destination_id": "bangkok", "level": "place", "period": "2022-11", "events": 1, "people": 7, "people_unknown": 0}),
            json!({"origin_id": "sihanoukville", "destination_id": "poipet", "level": "place", "period": "2022-11", "events": 1, "people": 7, "people_unknown": 0}),
            json!({"origin_id": "bavet", "destination_id": "vietnam", "level": "place", "period": "2022-12", "events": 1, "people": 2, "people_unknown": 0}),
        ]
    );
    let dir = export(
        "flows.csv",
        &[
            "--only",
            "flows",
            "--flow-level",
            "country",
            "--period",
            "year",
        ],
    );
    let flows = features(&dir.path().join("flows.geojson"));
    assert_eq!(
        pick(
            &flows,
            &[
                "origin_id",
                "destination_id",
                "period",
                "start",
                "end",
                "events",
                "people"
            ]
        ),
        [
            json!({"origin_id": "cambodia", "destination_id": "thailand", "period": "2022", "start": "2022-01-01", "end": "2022-12-31", "events": 1, "people": 7}),
            json!({"origin_id": "cambodia", "destination_id": "vietnam", "period": "2022", "start": "2022-01-01", "end": "2022-12-31", "events": 1, "people": 2}),
        ]
    );
}

/// Arrivals and places count in a province's activity; departures, national facts and
/// movements out of the country do not. Shares of a period add up to 1; change is against
/// the period before, null in the first.
#[test]
fn activity_has_shares_and_changes_by_quarter() {
    let dir = export("flows.csv", &["--only", "activity"]);
    let path = dir.path().join("activity.geojson");
    let layer = json_of(&path);
    assert!(layer["license"]
        .as_str()
        .is_some_and(|l| l.contains("ODbL")));
    assert!(layer["attribution"]
        .as_str()
        .is_some_and(|a| a.contains("OpenStreetMap contributors")));
    let activity = features(&path);
    assert_eq!(
        pick(
            &activity,
            &[
                "province_id",
                "period",
                "start",
                "end",
                "events",
                "events_relocation",
                "events_trafficking_route",
                "events_raid",
                "people",
                "people_unknown",
                "share",
                "change"
            ]
        ),
        [
            json!({"province_id": "pursat", "period": "2022-Q3", "start": "2022-07-01", "end": "2022-09-30", "events": 2, "events_relocation": 2, "events_trafficking_route": 0, "events_raid": 0, "people": 100, "people_unknown": 1, "share": 0.5, "change": null}),
            json!({"province_id": "preah-sihanouk", "period": "2022-Q3", "start": "2022-07-01", "end": "2022-09-30", "events": 2, "events_relocation": 0, "events_trafficking_route": 2, "events_raid": 0, "people": 15, "people_unknown": 0, "share": 0.5, "change": null}),
            json!({"province_id": "banteay-meanchey", "period": "2022-Q4", "start": "2022-10-01", "end": "2022-12-31", "events": 2, "events_relocation": 1, "events_trafficking_route": 1, "events_raid": 0, "people": 47, "people_unknown": 0, "share": 0.6667, "change": 2}),
            json!({"province_id": "preah-sihanouk", "period": "2022-Q4", "start": "2022-10-01", "end": "2022-12-31", "events": 1, "events_relocation": 0, "events_trafficking_route": 0, "events_raid": 1, "people": 50, "people_unknown": 0, "share": 0.3333, "change": -1}),
        ]
    );
    assert_eq!(
        activity[0]["id"], "pursat/2022-Q3",
        "by period, then ISO number"
    );
    assert_eq!(activity[0]["geometry"]["type"], "MultiPolygon");
    assert_eq!(activity[1]["properties"]["iso_3166_2"], "KH-18");
}

/// Every province is a polygon, those without events with zeros; Cambodia as a whole is no
/// province and no point; a country abroad keeps its point with geo_precision 4.
#[test]
fn provinces_are_polygons_and_national_facts_have_no_point() {
    let dir = export("small.csv", &["--only", "provinces,events,csv"]);
    let path = dir.path().join("provinces.geojson");
    let provinces = features(&path);
    assert_eq!(provinces.len(), 25);
    assert!(provinces
        .iter()
        .all(|f| f["geometry"]["type"] == "MultiPolygon"));
    assert!(json_of(&path)["license"]
        .as_str()
        .is_some_and(|l| l.starts_with("Open Database License (ODbL) 1.0")));
    let kep = provinces
        .iter()
        .find(|f| f["id"] == "kep")
        .expect("Kep has no event and is there");
    assert_eq!(
        pick(
            std::slice::from_ref(kep),
            &[
                "events",
                "people_involved",
                "people_unknown",
                "first_event",
                "first_start",
                "event_ids"
            ]
        ),
        [
            json!({"events": 0, "people_involved": 0, "people_unknown": 0, "first_event": null, "first_start": null, "event_ids": ""})
        ]
    );
    let events = features(&dir.path().join("events.geojson"));
    let national: Vec<&str> = events
        .iter()
        .filter(|f| f["geometry"].is_null())
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    assert_eq!(national, ["t-001", "t-003"]);
    assert!(events
        .iter()
        .filter(|f| f["geometry"].is_null())
        .all(
            |f| f["properties"]["geo_precision"] == 4 && f["properties"]["place_id"] == "cambodia"
        ));
    let csv = std::fs::read_to_string(dir.path().join("events.csv")).expect("csv");
    let t003 = csv.lines().find(|l| l.starts_with("t-003,")).expect("row");
    assert!(
        t003.contains(",cambodia,Cambodia,country,,,,,4,,,"),
        "no lat/lon: {t003}"
    );

    let abroad = tempfile::tempdir().expect("dir");
    std::fs::write(
        abroad.path().join("abroad.csv"),
        "id,date,type,title,place,source\na,2022,report,Figures from Thailand,Thailand,S\n",
    )
    .expect("write");
    let out = tempfile::tempdir().expect("dir");
    let file = abroad.path().join("abroad.csv").display().to_string();
    assert_eq!(
        export_into(out.path(), &["--events", &file, "--only", "events"]).code,
        0
    );
    let thailand = &features(&out.path().join("events.geojson"))[0];
    assert_eq!(thailand["geometry"]["type"], "Point");
    assert_eq!(thailand["properties"]["geo_precision"], 4);
}

/// Flows, activity and journeys sum as they read: `--order input` writes them, in the same
/// bytes as the sorted path.
#[test]
fn the_new_layers_stream_with_the_same_bytes() {
    let only = ["--only", "movements,journeys,flows,activity,flowscsv"];
    let sorted = export("journeys.csv", &only);
    let mut args = only.to_vec();
    args.extend(["--order", "input"]);
    let streamed = export("journeys.csv", &args);
    assert_eq!(files(sorted.path()).len(), 6, "and redactions.csv");
    for (name, bytes) in files(sorted.path()) {
        if name == "movements.geojson" {
            continue; // in the file's row order when streamed
        }
        assert_eq!(bytes, files(streamed.path())[&name], "{name}");
    }
}

/// `--flow-level` and `--period` take only their values, listed when wrong.
#[test]
fn flow_flags_list_their_values() {
    let dir = tempfile::tempdir().expect("dir");
    let run = export_into(dir.path(), &["--period", "week"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[possible values: month, quarter, year]"),
        "{}",
        run.stderr
    );
    let run = export_into(dir.path(), &["--flow-level", "district"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("[possible values: place, province, country]"),
        "{}",
        run.stderr
    );
    assert!(files(dir.path()).is_empty());
}

/// A sum too large to hold stops the export, naming the rows, and writes nothing.
#[test]
fn an_overflowing_sum_names_its_rows_and_writes_nothing() {
    let input = tempfile::tempdir().expect("dir");
    let csv = format!(
        "id,date,type,title,origin,destination,people,source\n\
         a,2022,relocation,T,Bavet,Poipet,{max},S\n\
         b,2022,relocation,T,Bavet,Poipet,5,S\n",
        max = u64::MAX
    );
    std::fs::write(input.path().join("big.csv"), csv).expect("write");
    let big = input.path().join("big.csv").display().to_string();
    let out = tempfile::tempdir().expect("dir");
    let run = export_into(out.path(), &["--events", &big, "--only", "flows,activity"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.ends_with(&format!(
            "people of the flow Svay Rieng -> Banteay Meanchey in 2022-Q1: the counts from {big}:2 to {big}:3 add up to more than 18446744073709551615; check the counts of those rows\n"
        )),
        "{}",
        run.stderr
    );
    assert!(files(out.path()).is_empty());
}
