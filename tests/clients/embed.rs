//! The README's TimelineJS and vis-timeline embed snippets, run exactly as written on a page
//! served from 127.0.0.1 with the widgets' files beside it (`embed_check.js` refuses and reports
//! any other request): they render every event, make no request beyond the page's folder (no
//! CDN, no web font), TimelineJS's category rows leave the slides room in a 600 px embed, and
//! `timeline-vis.css` colours and fades the vis-timeline items.

use super::{clients, export, json, keep, need_browser, root};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Runs both README snippets on an export folder; returns (timelinejs, vis) reports.
fn embed(out: &Path) -> (Value, Value) {
    let output = Command::new("node")
        .arg(clients().join("embed_check.js"))
        .arg(root().join("README.md"))
        .arg(out)
        .arg(out.join("shots"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    for name in ["timelinejs", "vis"] {
        let r = &report[name];
        for key in ["outside", "not_found", "js_errors", "console_errors"] {
            assert_eq!(r[key], serde_json::json!([]), "{name}: {key}: {r:#}");
        }
        assert_eq!(r["rendered"], true, "{name}: {r:#}");
    }
    (report["timelinejs"].clone(), report["vis"].clone())
}

fn count(v: &Value) -> u64 {
    v.as_array().map_or(0, |a| a.len() as u64)
}

#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn readme_embed_snippets_work_offline_and_fit_a_600px_embed() {
    need_browser();
    let out = export(&["--only", "timelinejs,vis,viscss"]);
    let (tl, vis) = embed(out.path());
    let events = count(&json(&out.path().join("timeline.json"))["events"]);
    assert_eq!(tl["slides"].as_u64(), Some(events + 1), "{tl:#}");
    assert_eq!(tl["markers"].as_u64(), Some(events), "{tl:#}");
    assert_eq!(
        tl["groups"].as_u64(),
        Some(4),
        "one row per category: {tl:#}"
    );
    assert_eq!(tl["height"].as_u64(), Some(600));
    // The time navigator takes at most a third of the embed; the slides keep the rest.
    assert!(tl["timenav_height"].as_u64() <= Some(200), "{tl:#}");
    assert!(tl["storyslider_height"].as_u64() >= Some(400), "{tl:#}");

    let data = json(&out.path().join("timeline-vis.json"));
    assert_eq!(
        vis["items"].as_u64(),
        Some(count(&data["items"])),
        "{vis:#}"
    );
    assert_eq!(
        vis["groups"].as_u64(),
        Some(count(&data["groups"])),
        "{vis:#}"
    );
    assert!(vis["ranges"].as_u64() > Some(0));
    assert_eq!(
        vis["ranges_in_default_colour"].as_u64(),
        Some(0),
        "timeline-vis.css gives every range its type's colour: {vis:#}"
    );
    assert!(vis["year_items"].as_u64() > Some(0));
    assert_eq!(
        vis["year_items_faded"], vis["year_items"],
        "year-only items are faded: {vis:#}"
    );
    keep(
        &out.path().join("shots/embed-timelinejs.png"),
        "timelinejs.png",
    );
    keep(&out.path().join("shots/embed-vis.png"), "vis-timeline.png");
}

/// A row per type (14 possible, 13 in the curated set) is what squeezed the slides: TimelineJS
/// grows its navigator to fit the rows. `--timeline-group none` drops the rows altogether.
#[test]
#[ignore = "needs the real clients: bash tests/clients/setup.sh, then cargo test -- --include-ignored"]
fn type_rows_squeeze_a_600px_embed_and_none_drops_the_groups() {
    need_browser();
    let by_type = export(&[
        "--only",
        "timelinejs,vis,viscss",
        "--timeline-group",
        "type",
    ]);
    let (tl, _) = embed(by_type.path());
    assert_eq!(tl["groups"].as_u64(), Some(13), "{tl:#}");
    assert!(tl["timenav_height"].as_u64() > Some(400), "{tl:#}");

    let none = export(&[
        "--only",
        "timelinejs,vis,viscss",
        "--timeline-group",
        "none",
    ]);
    let timeline = json(&none.path().join("timeline.json"));
    assert!(timeline["events"]
        .as_array()
        .expect("events")
        .iter()
        .all(|e| e.get("group").is_none()));
    let data = json(&none.path().join("timeline-vis.json"));
    assert_eq!(count(&data["groups"]), 0);
    assert!(data["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i.get("group").is_none()));
    let (tl, vis) = embed(none.path());
    assert_eq!(tl["groups"].as_u64(), Some(0), "{tl:#}");
    assert_eq!(
        vis["items"].as_u64(),
        Some(count(&data["items"])),
        "{vis:#}"
    );
}
