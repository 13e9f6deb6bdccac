//! The page's bytes: the template, the JSON as JavaScript writes it, the escapes.

use super::*;
use crate::export::tests::builtin_events;
use crate::export::{timeline::Group, Plan, SummaryBuilder};

#[test]
fn numbers_are_written_as_javascript_writes_them() {
    for (v, js) in [
        (0.0, "0"),
        (-0.0, "0"),
        (100.0, "100"),
        (104.50487, "104.50487"),
        (-0.954_404, "-0.954404"),
        (0.000_001, "0.000001"),
        (1e-7, "1e-7"),
        (-1.5e-7, "-1.5e-7"),
        (1e21, "1e+21"),
        (123_456_789_012_345_680_000.0, "123456789012345680000"),
        (0.1 + 0.2, "0.30000000000000004"),
    ] {
        assert_eq!(js_number(v), js, "{v}");
    }
}

#[test]
fn no_text_can_end_the_script_element() {
    let text = "a</script><!-- \u{2028}\u{2029} \"q\" \\ \n é";
    let json = String::from_utf8(script_json(&text).expect("json")).expect("utf8");
    assert_eq!(
        json,
        r#""a\u003c/script>\u003c!-- \u2028\u2029 \"q\" \\ \n é""#
    );
    let back: String = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(back, text);
}

/// Writes the page of the built-in events.
fn page(plan: &Plan) -> String {
    let gazetteer = Gazetteer::builtin().expect("gazetteer");
    let mut events = builtin_events();
    crate::export::sort(&mut events);
    let summary = SummaryBuilder::of(&events, &gazetteer);
    let mut out = Vec::new();
    let ctx = Context {
        gazetteer: &gazetteer,
        plan,
        summary: Some(&summary),
    };
    let mut sink = Story.start(ctx, &mut out).expect("start");
    for e in &events {
        sink.event(e).expect("event");
    }
    assert_eq!(sink.finish().expect("finish"), events.len());
    String::from_utf8(out).expect("utf8")
}

/// The data block of a page, parsed.
fn data(page: &str) -> serde_json::Value {
    let open = r#"<script type="application/json" id="tonle-data">"#;
    let at = page.find(open).expect("data block") + open.len();
    let end = at + page[at..].find("</script>").expect("end");
    serde_json::from_str(&page[at..end]).expect("the data is JSON")
}

#[test]
fn the_page_is_the_template_around_the_data() {
    let plan = Plan::new(&[], Group::default(), None).with_title(Some("Raids & <rescues>"));
    let page = page(&plan);
    assert!(page.starts_with(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Raids &amp; &lt;rescues&gt;</title><style>"
    ));
    assert!(page.contains(&format!("<style>{CSS}</style></head>\n<body>{BODY}\n<script type=\"application/json\" id=\"tonle-data\">{{\"version\":1,")));
    assert!(page.ends_with(&format!(
        "],\"flows\":[]}}</script>\n<script>{SCRIPT}</script></body></html>\n"
    )));
    let data = data(&page);
    assert_eq!(data["title"], "Raids & <rescues>");
    assert_eq!(data["profile"], "public");
    let keys: Vec<&str> = data
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = [
        "version",
        "title",
        "generator",
        "profile",
        "attribution",
        "period",
        "range",
        "types",
        "statuses",
        "map",
        "events",
        "flows",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
}

#[test]
fn every_event_arrives_with_its_place_movement_and_sources() {
    let page = page(&Plan::new(&[], Group::default(), None));
    let data = data(&page);
    let events = data["events"].as_array().expect("events");
    assert_eq!(events.len(), 66);
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e["id"].as_str().expect("id"))
        .collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
    let placed = events.iter().filter(|e| e["place"].is_object()).count();
    let moving = events.iter().filter(|e| e["movement"].is_object()).count();
    assert_eq!(
        (placed, moving),
        (49, 17),
        "as events.geojson and movements.geojson"
    );
    for e in events {
        assert!(!e["sources"].as_array().expect("sources").is_empty());
        assert!(e["date"]["start"].is_string(), "{e}");
        let kind = e["type"].as_str().expect("type");
        assert!(
            data["types"]
                .as_array()
                .expect("types")
                .iter()
                .any(|t| t["id"] == kind),
            "{kind} is listed"
        );
        if e["national"] == true {
            assert_eq!(e["place"]["precision"], "country");
        }
    }
    let provinces = data["map"]["provinces"].as_array().expect("provinces");
    assert_eq!(provinces.len(), 25);
    assert!(provinces.iter().all(|p| p["name_km"].is_string()));
    assert!(data["attribution"][0]
        .as_str()
        .is_some_and(|a| a.contains("OpenStreetMap")));
}

proptest::proptest! {
    /// Whatever the text, the JSON reads back as the same text and carries no character that
    /// could end the script element or a JavaScript string.
    #[test]
    fn any_text_is_script_safe_and_reads_back(text in "(?s).{0,80}") {
        let json = String::from_utf8(script_json(&text).expect("json")).expect("utf8");
        let unsafe_chars = ['<', '\u{2028}', '\u{2029}'];
        proptest::prop_assert!(!json.contains(unsafe_chars), "{}", json);
        let back: String = serde_json::from_str(&json).expect("valid JSON");
        proptest::prop_assert_eq!(back, text);
    }

    /// Finite numbers read back as themselves.
    #[test]
    fn numbers_read_back(v in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL) {
        let text = js_number(v);
        let back: f64 = text.parse().expect("a number");
        proptest::prop_assert_eq!(back.to_bits(), v.to_bits(), "{} from {}", text, v);
    }
}
